"""Formatter, cycle finder, modules.yaml checks and the safe YAML loader."""

from pathlib import Path

from ims_training.course_source import Problem, format_problems, load_course, summary_line
from ims_training.course_source.graph import find_cycles
from ims_training.course_source.lesson_file import read_lesson_file
from ims_training.course_source.modules_file import read_modules


def test_problem_str_is_path_line_message():
    assert str(Problem("course/a.md", 7, "bad thing")) == "course/a.md:7: bad thing"
    assert str(Problem("course/a.md", 1, "odd", "warning")) == "course/a.md:1: warning: odd"


def test_summary_counts_errors_and_files():
    problems = [Problem("a.md", 1, "x"), Problem("a.md", 2, "y"), Problem("b.md", 1, "z")]
    assert summary_line(problems) == "3 errors in 2 files"
    assert summary_line([]) == "no problems"
    assert summary_line([Problem("a.md", 1, "w", "warning")]) == "1 warning in 1 file"


def test_format_problems_sorts_by_file_and_line():
    problems = [Problem("b.md", 1, "z"), Problem("a.md", 9, "y"), Problem("a.md", 2, "x")]
    assert format_problems(problems) == "a.md:2: x\na.md:9: y\nb.md:1: z\n3 errors in 2 files"


def test_find_cycles_names_each_cycle_once():
    edges = {"a": ["b"], "b": ["c"], "c": ["a"], "d": ["d"], "e": ["a"]}
    assert find_cycles(edges) == [["a", "b", "c", "a"], ["d", "d"]]
    assert find_cycles({"a": ["b"], "b": []}) == []


def test_modules_yaml_reports_field_problems_at_their_lines():
    text = (
        "- slug: foundations\n"
        "  order: 1\n"
        "  title: {en: Foundations}\n"
        "  summary: {en: S, nb: S}\n"
        "  objectives: {en: [O], nb: [O]}\n"
        "- slug: Bad Slug\n"
        "  order: 0\n"
        "  title: Just text\n"
        "  summary: {en: S, de: S}\n"
        "  objectives: {en: [O]}\n"
        "  colour: red\n"
    )
    modules, problems = read_modules(text, "m.yaml")
    assert [m.slug for m in modules] == ["foundations"]
    assert [str(p) for p in problems] == [
        "m.yaml:3: warning: module 'foundations' title: missing 'nb' (falls back to en)",
        "m.yaml:6: module 'Bad Slug': unknown field 'colour'",
        "m.yaml:6: module 'Bad Slug': 'slug' must be lower-case letters, digits and '-'",
        "m.yaml:7: module 'Bad Slug': 'order' must be a whole number >= 1",
        "m.yaml:8: module 'Bad Slug' title must be a mapping of language to text, got text",
        "m.yaml:9: module 'Bad Slug' summary: unknown language 'de' (expected one of en, nb)",
        "m.yaml:9: warning: module 'Bad Slug' summary: missing 'nb' (falls back to en)",
        "m.yaml:10: warning: module 'Bad Slug' objectives: missing 'nb' (falls back to en)",
    ]


def test_unsafe_yaml_tags_are_refused():
    raw = b"---\nid: !!python/object/apply:os.system ['echo hi']\n---\nBody\n"
    lesson, problems = read_lesson_file(raw, "x/01-a.en.md", "01-a.en.md")
    assert lesson is None
    assert len(problems) == 1
    assert problems[0].line == 2
    assert "tag '!!python/object/apply:os.system' is not allowed" in problems[0].message


def test_bad_file_name_is_reported(tmp_path: Path):
    good = Path(__file__).parents[2] / "fixtures" / "course_good"
    course = tmp_path / "course"
    (course / "foundations").mkdir(parents=True)
    (course / "modules.yaml").write_bytes((good / "modules.yaml").read_bytes())
    (course / "foundations" / "origins.md").write_text("---\n---\n", encoding="utf-8")
    messages = [str(p) for p in load_course(course).errors]
    assert messages[0] == (
        "course/foundations/origins.md:1: file name must look like NN-short-name.<lang>.md"
    )
