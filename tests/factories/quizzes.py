"""A small test bank with every question type, whose secrets carry unique marker strings.

`import_marker_bank(tmp_path, **quiz_fields)` writes it as YAML, validates and imports it through
the real services and returns the Quiz. Markers: the correct options have the id right-answer
(shown texts are not secret), explanations SECRETEXPLAIN, accepted answers SECRETACCEPTED; bank
ids are meaningful words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from ims_training.bank import load_bank
from ims_training.extensions import db
from ims_training.models import AttemptAnswer, Quiz
from ims_training.services.bank.bank_import import import_bank

QUIZ_KEY = "quiz-markers"
MARKERS = (
    "SECRETEXPLAIN",
    "SECRETACCEPTED",
    "right-answer",
    "wrong-answer",
    "pair-alpha",
    "pair-beta",
    "decoy-id",
    "item-first",
    "item-second",
    "item-third",
    "7.2512345",
    "0.3535353",
    "tolerance",
)  # 7 decimals: never inside a timestamp


def _t(text: str) -> dict[str, str]:
    return {"en": text, "nb": text + " (nb)"}


def questions() -> list[dict[str, Any]]:
    def explain_() -> dict[str, str]:
        return _t("Because SECRETEXPLAIN says so")

    return [
        {
            "id": "mk-single",
            "type": "single_choice",
            "stem": _t("Pick the fjord"),
            "explanation": explain_(),
            "options": [
                {"id": "right-answer", "text": _t("Geiranger"), "correct": True},
                {"id": "wrong-answer", "text": _t("Mjøsa")},
            ],
        },
        {
            "id": "mk-multi",
            "type": "multiple_response",
            "stem": _t("Pick the mountains"),
            "explanation": explain_(),
            "options": [
                {"id": "right-answer", "text": _t("Galdhøpiggen"), "correct": True},
                {"id": "wrong-answer", "text": _t("Oslo")},
                {"id": "also-right", "text": _t("Snøhetta")},
            ],
        },
        {
            "id": "mk-tf",
            "type": "true_false",
            "stem": _t("Bergen is rainy"),
            "answer": True,
            "explanation": explain_(),
        },
        {
            "id": "mk-match",
            "type": "matching",
            "stem": _t("Match the levels"),
            "explanation": explain_(),
            "pairs": [
                {"id": "pair-alpha", "prompt": _t("Deltoid"), "match": _t("C5")},
                {"id": "pair-beta", "prompt": _t("Biceps"), "match": _t("C6")},
            ],
            "distractors": [{"id": "decoy-id", "text": _t("L5")}],
        },
        {
            "id": "mk-order",
            "type": "ordering",
            "stem": _t("Order the steps"),
            "explanation": explain_(),
            "items": [
                {"id": "item-first", "text": _t("Consent")},
                {"id": "item-second", "text": _t("Examine")},
                {"id": "item-third", "text": _t("Needle")},
            ],
        },
        {
            "id": "mk-numeric",
            "type": "numeric",
            "stem": _t("How many centimetres?"),
            "explanation": explain_(),
            "answer": {"value": 7.2512345, "tolerance": 0.3535353},
            "unit": _t("cm"),
        },
        {
            "id": "mk-text",
            "type": "short_text",
            "stem": _t("Name the root"),
            "explanation": explain_(),
            "accepted": ["SECRETACCEPTED", "L5"],
        },
    ]


def quiz(**fields: Any) -> dict[str, Any]:
    base = {
        "id": QUIZ_KEY,
        "kind": "module",
        "module": "foundations",
        "title": _t("Marker quiz"),
        "questions": [q["id"] for q in questions()],
        "pass_mark": 50,
        "attempts_allowed": 3,
        "grading_method": "highest",
        "shuffle_questions": False,
        "shuffle_options": True,
    }
    base.update(fields)
    return base


def write_bank(
    folder: Path,
    quiz_fields: dict[str, Any] | None = None,
    question_list: list[dict[str, Any]] | None = None,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "foundations.yaml").write_text(
        yaml.safe_dump(
            {"module": "foundations", "questions": question_list or questions()}, allow_unicode=True
        ),
        encoding="utf-8",
    )
    (folder / "quizzes").mkdir(exist_ok=True)
    (folder / "quizzes" / "markers.yaml").write_text(
        yaml.safe_dump({"quizzes": [quiz(**(quiz_fields or {}))]}, allow_unicode=True),
        encoding="utf-8",
    )
    return folder


def import_marker_bank(
    tmp_path: Path, question_list: list[dict[str, Any]] | None = None, **quiz_fields: Any
) -> Quiz:
    folder = write_bank(tmp_path / "bank", quiz_fields, question_list)
    result = load_bank([folder])
    assert not result.errors, result.errors
    import_bank(result, retire_missing=False)
    found = db.session.scalar(select(Quiz).where(Quiz.key == QUIZ_KEY))
    assert found is not None
    return found


def import_real_bank() -> None:
    """The project's own question_bank/ (222 questions, 8 quizzes)."""
    root = Path(__file__).resolve().parents[2] / "question_bank"
    result = load_bank([root])
    assert not result.errors
    import_bank(result, retire_missing=False)


def stored_definition(key: str, title: str, kind: str = "module") -> dict[str, Any]:
    """A quiz definition as the bank import stores it (validated by the real schema), for tests
    that need Quiz rows without importing a bank."""
    from ims_training.bank.quiz_schema import Quiz as QuizModel

    fields: dict[str, Any] = {
        "id": key,
        "kind": kind,
        "title": {"en": title, "nb": title},
        "questions": ["placeholder-question"],
        "pass_mark": 70,
    }
    if kind == "module":
        fields["module"] = "foundations"
    return QuizModel.model_validate(fields).model_dump(mode="json", exclude_none=True)


def stored_answers(attempt_id: int) -> list[AttemptAnswer]:
    """An attempt's answers as stored now, in slot order (`Attempt.answers` never loads lazily)."""
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(AttemptAnswer)
            .where(AttemptAnswer.attempt_id == attempt_id)
            .order_by(AttemptAnswer.slot)
        )
    )
