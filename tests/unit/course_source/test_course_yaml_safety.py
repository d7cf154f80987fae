"""The course reads YAML with the bank's reader: the same faults are refused, at file:line."""

import shutil
from pathlib import Path

import pytest

from ims_training.bank import load_bank
from ims_training.course_source import load_course

GOOD = Path(__file__).parents[2] / "fixtures" / "course_good"
LESSON = "foundations/01-origins.en.md"
SHOWN = f"course/{LESSON}"
FRONT_MATTER = [
    "id: foundations-origins",  # line 2 (line 1 is the opening ---)
    "module: foundations",
    "order: 1",
    "language: en",
    "title: Where IMS comes from",  # line 6
    "objectives:",
    "  - Learn something",
    "estimated_minutes: 10",
    "prerequisites: []",  # line 10
]


def _course(tmp_path: Path) -> Path:
    course = tmp_path / "course"
    shutil.copytree(GOOD, course)
    return course


def _lesson_errors(tmp_path: Path, replace: dict[int, str]) -> list[str]:
    """Errors of the course whose English origins lesson has front-matter line N replaced."""
    course = _course(tmp_path)
    lesson = course / LESSON
    body = lesson.read_text("utf-8").split("---\n", 2)[2]
    lines = [replace.get(number, line) for number, line in enumerate(FRONT_MATTER, start=2)]
    lesson.write_text("---\n" + "\n".join(lines) + "\n---\n" + body, "utf-8")
    return [str(p) for p in load_course(course).errors if p.path == SHOWN]


def test_lesson_file_itself_is_valid(tmp_path: Path) -> None:
    assert _lesson_errors(tmp_path, {}) == []


def test_duplicate_key_in_front_matter_is_refused_at_its_line(tmp_path: Path) -> None:
    errors = _lesson_errors(tmp_path, {7: "title: Where IMS really comes from\nobjectives:"})
    assert errors == [f"{SHOWN}:7: duplicate key 'title' (first given on line 6)"]


def test_anchor_and_alias_in_front_matter_are_refused(tmp_path: Path) -> None:
    errors = _lesson_errors(tmp_path, {6: "title: &name Where IMS comes from", 8: "  - *name"})
    assert errors == [f"{SHOWN}:6: anchors (&name) and aliases are not allowed"]


def test_tag_in_front_matter_is_refused(tmp_path: Path) -> None:
    errors = _lesson_errors(tmp_path, {3: "module: !shout foundations"})
    assert errors == [f"{SHOWN}:3: tag '!shout' is not allowed; only plain YAML data is"]


def test_merge_key_in_front_matter_is_refused(tmp_path: Path) -> None:
    # PyYAML's safe_load would quietly make the lesson a draft here
    errors = _lesson_errors(tmp_path, {10: "prerequisites: []\n<<: {status: draft}"})
    assert errors == [f"{SHOWN}:11: merge keys (<<) are not allowed; write the keys out"]


def test_too_deep_nesting_in_front_matter_is_refused(tmp_path: Path) -> None:
    errors = _lesson_errors(tmp_path, {7: "objectives: " + "[" * 60 + "]" * 60, 8: ""})
    assert errors == [f"{SHOWN}:7: nested more than 50 levels deep"]


def test_tab_indentation_in_front_matter_names_the_file_line(tmp_path: Path) -> None:
    errors = _lesson_errors(tmp_path, {8: "\t- Learn something"})
    assert errors == [f"{SHOWN}:8: tab used for indentation on line 8; YAML needs spaces"]


def test_modules_file_nested_hundreds_deep_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    # 500 levels exhausted the recursion limit of PyYAML's composer, which the course used to call
    course = _course(tmp_path)
    (course / "modules.yaml").write_text("[" * 500 + "]" * 500 + "\n", "utf-8")
    errors = [str(p) for p in load_course(course).errors if p.path == "course/modules.yaml"]
    assert errors == ["course/modules.yaml:1: nested more than 50 levels deep"]


def test_front_matter_schema_is_strict_and_names_the_field_line(tmp_path: Path) -> None:
    errors = _lesson_errors(tmp_path, {4: "order: true", 9: "estimated_minutes: 12.5"})
    assert errors == [
        f"{SHOWN}:4: 'order' must be a whole number >= 1 (got a boolean True)",
        f"{SHOWN}:9: 'estimated_minutes' must be a whole number of minutes >= 1 (got a number 12.5)",
    ]


def test_one_blank_objective_is_reported_once_at_the_objectives_line(tmp_path: Path) -> None:
    errors = _lesson_errors(tmp_path, {8: "  - Learn something\n  - ''\n  - ' '"})
    assert errors == [
        f"{SHOWN}:7: 'objectives' must be a non-empty list of text "
        "(got a list ['Learn something', '', ' '])"
    ]


# The same YAML text as a bank file and as the course's modules.yaml: one reader, one message.
FAULTS = {
    "duplicate key": ("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a' (first given on line 1)"),
    "anchor": ("a: &x 1\nb: *x\n", 1, "anchors (&x) and aliases are not allowed"),
    "alias": ("a: 1\nb: *x\n", 2, "aliases (*x) are not allowed"),
    "tag": (
        "a: 1\nb: !!python/object/apply:os.system [ls]\n",
        2,
        "tag '!!python/object/apply:os.system' is not allowed; only plain YAML data is",
    ),
    "merge key": (
        "a: {x: 1}\nb:\n  <<: {x: 2}\n",
        3,
        "merge keys (<<) are not allowed; write the keys out",
    ),
    "depth": ("a:\n  b: " + "[" * 55 + "]" * 55 + "\n", 2, "nested more than 50 levels deep"),
    "tab": ("a:\n\tb: 1\n", 2, "tab used for indentation on line 2; YAML needs spaces"),
    "second document": ("a: 1\n---\nb: 2\n", 2, "only one YAML document per file is allowed"),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_same_fault_gets_the_same_message_in_bank_and_course(tmp_path: Path, fault: str) -> None:
    text, line, message = FAULTS[fault]
    bank_file = tmp_path / "bank" / "foundations.yaml"
    bank_file.parent.mkdir()
    bank_file.write_text(text, "utf-8")
    course = _course(tmp_path)
    (course / "modules.yaml").write_text(text, "utf-8")

    (in_bank,) = load_bank([bank_file]).errors
    (in_course,) = [p for p in load_course(course).errors if p.path == "course/modules.yaml"]

    assert in_course.message == in_bank.message == message
    assert in_course.line == in_bank.line == line
    # each keeps its command's output: the bank with the column, the course `file:line: message`
    assert str(in_bank) == f"{bank_file}:{line}:{in_bank.column}: {message}"
    assert str(in_course) == f"course/modules.yaml:{line}: {message}"
