"""The one YAML reader: positions of keys and values, file lines for embedded YAML, its bounds."""

import pytest

from ims_training.file_checks import MAX_DEPTH, Problem, UnreadableFile, parse_yaml


def _refusal(text: str, **options: object) -> Problem:
    with pytest.raises(UnreadableFile) as caught:
        parse_yaml(text, "f.yaml", **options)  # type: ignore[arg-type]
    return caught.value.problem


def test_a_field_has_a_key_position_and_a_value_position() -> None:
    doc = parse_yaml("title: T\nobjectives:\n  - one\n  - two\n", "f.yaml")
    assert doc.key_position(("objectives",)) == (2, 1)
    assert doc.position(("objectives",)) == (3, 3)
    assert doc.position(("objectives", 1)) == doc.key_position(("objectives", 1)) == (4, 5)
    # a missing key falls back to where its parent's value is
    assert doc.key_position(("nothing",)) == doc.position(("nothing",)) == (1, 1)


def test_embedded_yaml_reports_file_lines() -> None:
    doc = parse_yaml("id: a\nid2: b\n", "lesson.md", first_line=2)
    assert doc.key_position(("id2",)) == (3, 1)
    problem = _refusal("id: a\nid: b\n", first_line=2)
    assert str(problem) == "f.yaml:3:1: duplicate key 'id' (first given on line 2)"


def test_nesting_up_to_the_limit_is_read_and_one_more_level_refused() -> None:
    deepest = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert parse_yaml(f"a: {deepest}\n", "f.yaml").data["a"] is not None
    assert _refusal(f"a: [{deepest}]\n").message == f"nested more than {MAX_DEPTH} levels deep"


def test_text_over_the_size_bound_is_refused_before_parsing() -> None:
    problem = _refusal("a: 1\n" + "#" * 100 + "\n", max_chars=50, first_line=2)
    assert (problem.line, problem.column) == (2, 1)
    assert problem.message == "YAML text is 106 characters, over the 50-character limit; split it"


def test_empty_text_is_no_data_and_the_caller_decides() -> None:
    assert parse_yaml("# only a comment\n", "f.yaml").data is None


def test_spans_cover_the_text_values_of_the_asked_keys_only() -> None:
    text = (
        "stem: {en: Hi, nb: Hei}\n"
        "nb:\n"
        "  - one\n"
        "  - {en: inside a list item of nb, not taken}\n"
        "explanation:\n"
        "  nb: >-\n"
        "    two\n"
        "    lines\n"
        "source: {de: not asked for}\n"
    )
    doc = parse_yaml(text, "f.yaml", span_keys={"en", "nb"})
    assert doc.spans == [
        ("en", (1, 12), (1, 14)),
        ("nb", (1, 20), (1, 23)),
        ("nb", (3, 5), (3, 8)),
        ("nb", (6, 7), (9, 1)),  # a folded block ends where the next line starts
    ]


def test_problem_keeps_the_bank_and_course_outputs() -> None:
    assert str(Problem("q.yaml", 3, "bad", column=5)) == "q.yaml:3:5: bad"
    assert str(Problem("q.yaml", 3, "note", "warning", column=5)) == "q.yaml:3:5: note"
    assert str(Problem("a.md", 3, "note", "warning")) == "a.md:3: warning: note"
