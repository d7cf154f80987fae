"""The lesson page and module list read a fixed number of SQL statements, however big things get."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, select

from ims_training.models import Lesson, LessonProgress, Role
from ims_training.services.course import course
from tests.factories.course import LESSONS, LessonSpec, import_tree, write_course
from tests.sql_statements import recorded


def _get(client, db, url: str) -> int:  # type: ignore[no-untyped-def]
    db.session.remove()  # the test shares the app context: start each request with a fresh session
    with recorded(db.engine) as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def _extra_lessons(n: int) -> list[LessonSpec]:
    return [
        LessonSpec(
            f"foundations-extra-{i}",
            "foundations",
            10 + i,
            {"en": f"Extra {i}", "nb": f"Ekstra {i}"},
            {"en": f"## Part {i}\n\nText {i}.\n", "nb": f"## Del {i}\n\nTekst {i}.\n"},
        )
        for i in range(n)
    ]


@pytest.mark.parametrize(
    "url", ["/learn/lessons/foundations-model", "/learn/course", "/learn/course/foundations"]
)
def test_queries_do_not_grow_with_lessons_users_or_progress(
    app, client, db, login_as, make_user, course_dir, url
):
    app.extensions.pop(
        "page_cache", None
    )  # count the rendering path, not cached copies (tests/functional/test_page_cache.py)
    import_tree(course_dir)
    trainee = login_as(Role.TRAINEE)
    course.complete_lesson(trainee, "foundations-origins")
    trainee_id = trainee.id
    _get(client, db, url)  # warm up the per-process course catalog
    small = _get(client, db, url)
    assert small <= 7, "the page budget: session user, modules, lessons, progress, lesson HTML"

    write_course(course_dir, LESSONS + _extra_lessons(40))
    import_tree(course_dir)
    others = [make_user(Role.TRAINEE).id for _ in range(15)]
    lesson_ids = db.session.scalars(select(Lesson.id)).all()
    now = datetime.now(UTC)
    rows = [
        {
            "user_id": u,
            "lesson_id": lid,
            "first_viewed_at": now,
            "last_viewed_at": now,
            "completed_at": now,
        }
        for u in others
        for lid in lesson_ids
    ]
    rows += [
        {
            "user_id": trainee_id,
            "lesson_id": lid,
            "first_viewed_at": now,
            "last_viewed_at": now,
            "completed_at": now,
        }
        for lid in lesson_ids[2:30]
    ]
    db.session.execute(insert(LessonProgress), rows)
    db.session.commit()

    _get(
        client, db, url
    )  # the re-import changed the course: the first request rebuilds the catalog
    assert _get(client, db, url) == small
