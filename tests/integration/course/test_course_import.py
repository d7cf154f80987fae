"""`import_course`: one transaction, idempotent, updates changes, retires, never loses progress."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import url_for
from sqlalchemy import func, select

from ims_training.course_source import load_course
from ims_training.models import (
    AuditEvent,
    CourseModule,
    Lesson,
    LessonProgress,
    LessonTranslation,
    Role,
)
from ims_training.services import ServiceError
from ims_training.services.course import course
from ims_training.services.course.course_import import FIGURE_URL, import_course
from tests.factories.course import LESSONS, MODULES, import_tree, write_course


def _translation(db, key: str, lang: str) -> LessonTranslation:
    return db.session.scalars(
        select(LessonTranslation)
        .join(Lesson)
        .where(Lesson.key == key, LessonTranslation.language == lang)
    ).one()


def test_import_stores_modules_lessons_and_html_rendered_once(db, course_dir):
    summary = import_tree(course_dir)
    assert (summary.modules.added, summary.lessons.added) == (2, 4)
    nb = _translation(db, "foundations-origins", "nb")
    assert (
        '<img src="/learn/figures/root-exit.svg" alt="Nerverøtter som går ut av ryggraden">'
        in nb.body_html
    )
    assert "<figcaption>Utgangsnivåer for røttene</figcaption>" in nb.body_html
    assert nb.toc == [{"level": 2, "id": "forste-mote", "text": "Første møte"}]
    en = _translation(db, "foundations-origins", "en")
    assert '<div class="table-wrap">' in en.body_html and 'class="align-right"' in en.body_html
    assert [t["id"] for t in en.toc] == ["where-it-started", "two-groups"]
    assert "hvor ims kommer fra" in nb.search_text and "første møte" in nb.search_text


def test_figure_url_is_the_figure_route(app):
    with app.test_request_context():
        assert url_for("learn.course_figure", name="root-exit") == FIGURE_URL.format(
            name="root-exit"
        )


def test_reimporting_the_same_files_changes_nothing(db, course_dir):
    import_tree(course_dir)
    events = db.session.scalar(select(func.count()).select_from(AuditEvent))
    summary = import_tree(course_dir)
    assert str(summary.lessons) == "0 added, 0 changed, 4 unchanged, 0 retired"
    assert str(summary.modules) == "0 added, 0 changed, 2 unchanged, 0 retired"
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == events


def test_a_changed_lesson_is_updated_in_place(db, course_dir):
    import_tree(course_dir)
    before = db.session.scalars(select(Lesson).where(Lesson.key == "safety-consent")).one().id
    path = course_dir / "safety" / "01-safety-consent.en.md"
    path.write_text(
        path.read_text("utf-8").replace("Ask before needling.", "Always ask first."), "utf-8"
    )
    summary = import_tree(course_dir)
    assert (summary.lessons.changed, summary.lessons.unchanged) == (1, 3)
    db.session.expire_all()
    en = _translation(db, "safety-consent", "en")
    assert "Always ask first." in en.body_html and en.lesson.id == before


def test_a_figure_caption_change_rerenders_the_lessons_that_show_it(db, course_dir):
    import_tree(course_dir)
    yaml_path = course_dir / "figures" / "figures.yaml"
    yaml_path.write_text(
        yaml_path.read_text("utf-8").replace("Root exit levels", "Where roots exit"), "utf-8"
    )
    summary = import_tree(course_dir)
    assert summary.lessons.changed == 1
    db.session.expire_all()
    assert "Where roots exit" in _translation(db, "foundations-origins", "en").body_html


def test_a_removed_lesson_is_retired_and_the_trainees_progress_kept(db, course_dir, make_user):
    import_tree(course_dir)
    trainee = make_user(Role.TRAINEE)
    course.complete_lesson(trainee, "foundations-model")
    write_course(course_dir, [x for x in LESSONS if x.id != "foundations-model"])
    summary = import_tree(course_dir)
    assert summary.lessons.retired == 1
    lesson = db.session.scalars(select(Lesson).where(Lesson.key == "foundations-model")).one()
    assert lesson.status == "retired" and lesson.retired_at is not None
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 1
    viewer = course.Viewer.of(trainee, "en")
    assert course.course_overview(viewer).lesson("foundations-model") is None

    write_course(course_dir)  # the lesson comes back: so does the trainee's completion
    assert import_tree(course_dir).lessons.changed == 1
    assert course.course_overview(viewer).lesson("foundations-model").completed


def test_a_removed_module_is_retired(db, course_dir):
    import_tree(course_dir)
    write_course(course_dir, [x for x in LESSONS if x.module == "foundations"], MODULES[:1])
    summary = import_tree(course_dir)
    assert (summary.modules.retired, summary.lessons.retired) == (1, 1)
    retired = db.session.scalars(select(CourseModule).where(CourseModule.slug == "safety")).one()
    assert retired.retired_at is not None


def test_a_removed_translation_is_dropped_and_english_remains(db, course_dir):
    import_tree(course_dir)
    (course_dir / "safety" / "01-safety-consent.nb.md").unlink()
    assert import_tree(course_dir).lessons.changed == 1
    languages = db.session.scalars(
        select(LessonTranslation.language).join(Lesson).where(Lesson.key == "safety-consent")
    ).all()
    assert languages == ["en"]


def test_a_course_with_errors_is_refused_and_nothing_is_written(db, course_dir, tmp_path: Path):
    import_tree(course_dir)
    broken = tmp_path / "broken"
    shutil.copytree(course_dir, broken)
    (broken / "safety" / "01-safety-consent.en.md").write_bytes(b"---\nid: [unclosed\n")
    result = load_course(broken)
    assert not result.ok
    with pytest.raises(ServiceError, match="nothing was imported"):
        import_course(result)
    assert db.session.scalar(select(func.count()).select_from(Lesson)) == 4


def test_import_time_can_be_given(db, course_dir):
    when = datetime(2030, 1, 2, 3, 4, tzinfo=UTC)
    import_course(load_course(course_dir), now=when)
    assert {x.created_at for x in db.session.scalars(select(Lesson))} == {when}
