"""Every broken fixture is refused with its exact file:line and a message that says what to fix."""

from pathlib import Path

import pytest

from ims_training.bank import load_bank

BROKEN = Path(__file__).parents[2] / "fixtures" / "bank_broken"

CASES = [
    ("single_choice_two_correct.yaml", "", 7, "exactly one option with 'correct: true', found 2"),
    ("single_choice_none_correct.yaml", "", 7, "found 0"),
    ("multiple_response_none_correct.yaml", "", 7, "at least one correct option"),
    ("duplicate_option_id.yaml", "", 9, "option id 'a' is used twice"),
    ("matching_duplicate_match.yaml", "", 8, "the match 'Deltoid' is offered twice"),
    ("matching_duplicate_pair_id.yaml", "", 10, "id 'p1' is used twice"),
    ("matching_single_pair.yaml", "", 7, "at least 2 items"),
    ("ordering_duplicate_item.yaml", "", 8, "item id 'x' is used twice"),
    ("numeric_negative_tolerance.yaml", "", 6, "tolerance must not be negative"),
    ("numeric_min_greater_than_max.yaml", "", 7, "min (5) is greater than max (3)"),
    ("numeric_both_forms.yaml", "", 6, "either value/tolerance or min/max"),
    ("short_text_duplicate_accepted.yaml", "", 6, "accepted answer 'l5' is listed twice"),
    ("unknown_type.yaml", "", 4, "unknown question type 'essay'"),
    ("unknown_key.yaml", "", 7, "unknown key 'hint'"),
    ("missing_english.yaml", "", 5, "stem.en: missing required key 'en'"),
    ("bad_question_id.yaml", "", 3, "lowercase letters a-z, digits and single hyphens"),
    ("bad_module.yaml", "", 1, "'module' must be one of"),
    ("module_mismatch.yaml", "", 4, "module 'safety' differs from the file's module"),
    ("quiz_pass_mark_out_of_range.yaml", "", 6, "percentage from 0 to 100, got 120"),
    (
        "quiz_questions_and_blueprint.yaml",
        "",
        2,
        "either a fixed 'questions' list or a 'blueprint'",
    ),
    ("quiz_module_kind_without_module.yaml", "", 2, "kind 'module' needs 'module'"),
    ("quiz_unlocked_by_itself.yaml", "", 8, "cannot be unlocked by passing itself"),
    ("quiz_unlocked_by_unknown_key.yaml", "", 9, "unknown key 'certificate_window'"),
    ("non_utf8.yaml", "", 4, "not valid UTF-8 (byte 0xe9 on line 4)"),
    ("tabs.yaml", "", 4, "tab used for indentation on line 4"),
    ("empty.yaml", "", 1, "file is empty"),
    ("billion_laughs.yaml", "", 1, "anchors (&a) and aliases are not allowed"),
    ("python_tag.yaml", "", 3, "tag '!!python/object/apply:os.system' is not allowed"),
    ("duplicate_keys.yaml", "", 7, "duplicate key 'answer' (first given on line 6)"),
    ("syntax_error.yaml", "", 7, "YAML syntax error"),
    ("not_a_bank.yaml", "", 1, "expected a bank file"),
    ("cross_duplicate_id", "b.yaml", 7, "duplicate question id 'broken-question'; also defined at"),
    ("quiz_unknown_question", "quiz.yaml", 7, "unknown question id 'no-such-question'"),
    ("blueprint_too_many", "quiz.yaml", 7, "asks for 3 questions but only 1 match"),
    # Moodle files (issue 14): a broken grade, partial credit a single answer cannot hold, two
    # names giving one id, an unsupported type.
    (
        "moodle_invalid_grades.xml",
        "",
        4,
        "grade(s) '33', '33', '34' (%) are not Moodle grade options",
    ),
    (
        "moodle_single_partial_credit.xml",
        "",
        4,
        "single-answer multiple choice with partial credit",
    ),
    (
        "moodle_colliding_names",
        "moodle.xml",
        4,
        "duplicate question id 'needle-depth'; also defined at",
    ),
    ("moodle_unsupported_type.xml", "", 4, "not supported: essay question 'Describe a session'"),
    ("moodle_broken_grade.gift", "", 3, "grade(s) '45', '55' (%) are not Moodle grade options"),
]


@pytest.mark.parametrize(("name", "inner", "line", "message"), CASES, ids=[c[0] for c in CASES])
def test_broken_file_is_refused_at_its_line(name: str, inner: str, line: int, message: str) -> None:
    result = load_bank([BROKEN / name])
    path = BROKEN / name / inner if inner else BROKEN / name
    where = f"{path}:{line}:"
    cited = [str(p) for p in result.errors if str(p).startswith(where)]
    assert any(message in text for text in cited), [str(p) for p in result.errors]
    assert not result.questions or inner


def test_every_broken_fixture_has_a_case() -> None:
    assert {p.name for p in BROKEN.iterdir()} == {c[0] for c in CASES}


def test_cross_file_duplicate_names_the_first_place() -> None:
    result = load_bank([BROKEN / "cross_duplicate_id"])
    assert any(f"{BROKEN / 'cross_duplicate_id' / 'a.yaml'}:3" in str(p) for p in result.errors)


def test_all_files_are_checked_in_one_run() -> None:
    result = load_bank([BROKEN])
    files_with_errors = {Path(p.path).name for p in result.errors}
    assert {"tabs.yaml", "empty.yaml", "unknown_key.yaml", "quiz.yaml"} <= files_with_errors
    assert len(result.errors) >= len(CASES)
