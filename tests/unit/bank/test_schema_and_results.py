"""Schema defaults, warnings, canonical content and the located results the UI cites."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from ims_training.bank import QUESTION_ADAPTER, canonical_content, content_hash, load_bank
from ims_training.bank.quiz_schema import QUIZ_ADAPTER
from ims_training.bank.schema import normalise_text_answer

BANK = """module: foundations
questions:
  - id: foundations-one
    type: true_false
    difficulty: easy
    tags: [history]
    stem: {en: "IMS was developed by Gunn.", nb: "IMS ble utviklet av Gunn."}
    answer: true
  - id: foundations-two
    type: short_text
    stem: {en: "Which root?"}
    accepted: [L5]
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _quiz(**extra: object) -> dict[str, object]:
    return {"id": "quiz-a", "title": {"en": "A"}, "pass_mark": 70, "questions": ["x"], **extra}


def test_final_quiz_defaults_to_score_only_review() -> None:
    quiz = QUIZ_ADAPTER.validate_python(_quiz(kind="final"))
    assert quiz.review.after_submit is not None and quiz.review.after_close is not None
    assert quiz.review.after_submit.score and not quiz.review.after_submit.correct_answers
    assert not quiz.review.after_close.explanations


def test_module_quiz_defaults_to_full_review() -> None:
    quiz = QUIZ_ADAPTER.validate_python(_quiz(kind="module", module="safety"))
    assert quiz.review.after_submit is not None and quiz.review.after_submit.explanations


def test_grading_method_rejects_unknown_value() -> None:
    with pytest.raises(ValidationError):
        QUIZ_ADAPTER.validate_python(_quiz(kind="final", grading_method="average"))


def test_missing_norwegian_is_a_warning_not_an_error(tmp_path: Path) -> None:
    result = load_bank([_write(tmp_path, "foundations.yaml", BANK)])
    assert result.errors == []
    assert [str(w) for w in result.warnings] == [
        f"{tmp_path / 'foundations.yaml'}:9:1: question 'foundations-two': "
        "no Norwegian (nb) text for stem"
    ]
    assert result.warnings[0].severity == "warning"


def test_questions_know_their_file_line_and_module(tmp_path: Path) -> None:
    path = _write(tmp_path, "foundations.yaml", BANK)
    first, second = load_bank([path]).questions
    assert (first.source_file, first.line, first.module) == (str(path), 3, "foundations")
    assert second.line == 9


def test_canonical_content_has_no_source_location_and_a_stable_hash(tmp_path: Path) -> None:
    question = load_bank([_write(tmp_path, "foundations.yaml", BANK)]).questions[0]
    content = canonical_content(question)
    assert "source_file" not in content and "line" not in content
    assert content["module"] == "foundations" and "explanation" not in content
    same = QUESTION_ADAPTER.validate_python(dict(content))
    assert content_hash(canonical_content(same)) == content_hash(content)
    changed = dict(content, answer=False)
    assert content_hash(changed) != content_hash(content)


def test_blueprint_filters_combine_module_tags_difficulty_and_types(tmp_path: Path) -> None:
    _write(tmp_path, "foundations.yaml", BANK)
    _write(
        tmp_path,
        "quiz.yaml",
        """quizzes:
  - id: quiz-history
    kind: module
    module: foundations
    title: {en: History, nb: Historie}
    blueprint:
      - {count: 1, module: foundations, tags: [history], difficulty: [easy], types: [true_false]}
    pass_mark: 50
""",
    )
    result = load_bank([tmp_path])
    assert result.errors == [] and result.quizzes[0].id == "quiz-history"


def test_blueprint_counts_overlapping_entries_once(tmp_path: Path) -> None:
    _write(tmp_path, "foundations.yaml", BANK)
    _write(
        tmp_path,
        "quiz.yaml",
        """quizzes:
  - id: quiz-overlap
    kind: final
    title: {en: O, nb: O}
    blueprint:
      - {count: 1, tags: [history]}
      - {count: 1, difficulty: [easy]}
    pass_mark: 50
""",
    )
    errors = [str(p) for p in load_bank([tmp_path]).errors]
    assert any("match only 1 distinct questions" in e for e in errors)


def test_short_text_normalisation_folds_case_and_spacing() -> None:
    assert normalise_text_answer("  Fifth   LUMBAR ") == "fifth lumbar"
    assert normalise_text_answer("L5", case_sensitive=True) == "L5"


def test_numbers_are_accepted_as_option_text() -> None:
    question = QUESTION_ADAPTER.validate_python(
        {
            "id": "q",
            "type": "single_choice",
            "stem": {"en": "Year?"},
            "options": [
                {"id": "a", "text": {"en": 1952}, "correct": True},
                {"id": "b", "text": {"en": 1973}},
            ],
        }
    )
    assert question.options[0].text.en == "1952"  # type: ignore[union-attr]


def test_missing_path_is_reported(tmp_path: Path) -> None:
    result = load_bank([tmp_path / "nope.yaml"])
    assert str(result.errors[0]).endswith("no such file or directory")
