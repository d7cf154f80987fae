"""A clean course tree loads into plain dataclasses with no problems."""

import shutil
from pathlib import Path

from ims_training.course_source import load_course

GOOD = Path(__file__).parents[2] / "fixtures" / "course_good"


def test_good_course_has_no_problems():
    assert load_course(GOOD).problems == []


def test_modules_are_loaded_in_order_with_prerequisites():
    modules = load_course(GOOD).modules
    assert [m.slug for m in modules] == ["foundations", "safety"]
    assert modules[1].prerequisites == ["foundations"]
    assert modules[0].title == {"en": "Foundations", "nb": "Grunnlaget"}
    assert modules[1].objectives["nb"] == ["Kjenne faresonene"]


def test_lessons_carry_both_translations_and_shared_fields():
    lessons = load_course(GOOD).lessons
    assert [x.id for x in lessons] == ["foundations-origins", "foundations-model", "safety-consent"]
    origins = lessons[0]
    assert set(origins.translations) == {"en", "nb"}
    assert origins.translations["nb"].title == "Hvor IMS kommer fra"
    assert origins.translations["en"].body_markdown.startswith("Gunn developed IMS")
    assert origins.translations["en"].path == "course_good/foundations/01-origins.en.md"
    assert origins.estimated_minutes == 10
    assert lessons[1].prerequisites == ["foundations-origins"]


def test_draft_status_is_kept_for_the_importer():
    lessons = {x.id: x for x in load_course(GOOD).lessons}
    assert lessons["safety-consent"].status == "draft"
    assert not lessons["safety-consent"].is_published
    assert lessons["foundations-origins"].is_published


def test_figures_are_loaded_with_alt_and_caption():
    figure = load_course(GOOD).figures["root-exit"]
    assert figure.alt["nb"] == "Nerverøtter som går ut av ryggraden"
    assert figure.caption["en"] == "Root exit levels"
    assert figure.path.name == "root-exit.svg"


def test_content_hash_changes_only_when_the_file_changes(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(GOOD, course)
    before = {x.id: x for x in load_course(course).lessons}
    lesson_file = course / "foundations" / "01-origins.nb.md"
    lesson_file.write_text(
        lesson_file.read_text(encoding="utf-8") + "\nNy setning.\n", encoding="utf-8"
    )
    after = {x.id: x for x in load_course(course).lessons}
    old, new = before["foundations-origins"], after["foundations-origins"]
    assert old.translations["en"].content_hash == new.translations["en"].content_hash
    assert old.translations["nb"].content_hash != new.translations["nb"].content_hash
    assert len(new.translations["nb"].content_hash) == 64


def test_missing_nb_file_is_a_warning_not_an_error(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(GOOD, course)
    (course / "foundations" / "02-model.nb.md").unlink()
    result = load_course(course)
    assert result.ok
    assert [str(p) for p in result.problems] == [
        "course/foundations/02-model.en.md:1: warning: no 'nb' translation "
        "(the site falls back to en)"
    ]
    model = next(x for x in result.lessons if x.id == "foundations-model")
    assert set(model.translations) == {"en"}


def test_missing_en_file_is_an_error(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(GOOD, course)
    (course / "foundations" / "02-model.en.md").unlink()
    result = load_course(course)
    assert [str(p) for p in result.errors] == [
        "course/foundations/02-model.nb.md:1: lesson has no en file (the fallback language)"
    ]


def test_crlf_line_endings_and_bom_are_accepted(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(GOOD, course)
    lesson_file = course / "safety" / "01-consent.en.md"
    text = lesson_file.read_text(encoding="utf-8")
    lesson_file.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert load_course(course).problems == []


def test_unlisted_svg_is_a_warning(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(GOOD, course)
    (course / "figures" / "extra.svg").write_text("<svg/>", encoding="utf-8")
    result = load_course(course)
    assert result.ok
    assert [str(p) for p in result.problems] == [
        "course/figures/extra.svg:1: warning: figure is not listed in figures.yaml"
    ]


def test_missing_modules_yaml_is_an_error(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    assert [str(p) for p in load_course(course).problems] == [
        "course/modules.yaml:1: modules.yaml is missing"
    ]
