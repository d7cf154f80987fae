"""`flask course validate` and `flask course import`: output, exit codes, database untouched on errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from ims_training.course_source import load_course
from ims_training.models import Lesson, LessonTranslation

BROKEN = Path(__file__).parents[2] / "fixtures" / "course_broken"
BROKEN_TREES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


def _snapshot(db) -> list[tuple]:
    return db.session.execute(
        select(
            Lesson.key,
            Lesson.status,
            Lesson.updated_at,
            LessonTranslation.language,
            LessonTranslation.content_hash,
        )
        .join(LessonTranslation)
        .order_by(Lesson.key, LessonTranslation.language)
    ).all()


def test_validate_reports_a_clean_course(runner, course_dir):
    result = runner.invoke(args=["course", "validate", str(course_dir)])
    assert result.exit_code == 0, result.output
    assert "OK: 2 modules, 4 lessons, 1 figures" in result.output
    assert "no 'nb' translation" in result.output  # warnings are shown but do not fail


def test_import_shows_progress_and_a_summary_and_is_idempotent(runner, course_dir):
    first = runner.invoke(args=["course", "import", str(course_dir)])
    assert first.exit_code == 0, first.output
    assert "[  1/4] foundations-origins: added" in first.output
    assert "Lessons: 4 added, 0 changed, 0 unchanged, 0 retired" in first.output
    again = runner.invoke(args=["course", "import", str(course_dir)])
    assert "Lessons: 0 added, 0 changed, 4 unchanged, 0 retired" in again.output
    assert "Modules: 0 added, 0 changed, 2 unchanged, 0 retired" in again.output


def test_import_reads_course_dir_by_default(app, runner, course_dir, db):
    app.config["COURSE_DIR"] = str(course_dir)
    result = runner.invoke(args=["course", "import"])
    assert result.exit_code == 0, result.output
    assert len(db.session.scalars(select(Lesson)).all()) == 4


def test_the_real_course_validates(runner):
    result = runner.invoke(args=["course", "validate"])
    assert result.exit_code == 0, result.output
    assert "OK: 6 modules, 27 lessons" in result.output  # 24 + 3 lessons added by issue 12


@pytest.mark.parametrize("tree", BROKEN_TREES)
@pytest.mark.parametrize("command", ["validate", "import"])
def test_broken_course_lists_every_problem_and_changes_nothing(
    runner, db, course_dir, tree, command
):
    assert runner.invoke(args=["course", "import", str(course_dir)]).exit_code == 0
    before = _snapshot(db)
    result = runner.invoke(args=["course", command, str(BROKEN / tree)])
    assert result.exit_code != 0
    expected = load_course(BROKEN / tree).errors
    assert expected
    for problem in expected:
        assert str(problem) in result.output
    assert "nothing was changed" in result.output
    db.session.expire_all()
    assert _snapshot(db) == before
