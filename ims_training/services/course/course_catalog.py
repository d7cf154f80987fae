"""The course's structure (modules, lessons, their titles) cached per process by course revision.

Every page of the course needs the whole structure to decide locks and progress, and it only
changes when `flask course import` changes something. That import records a `course.imported`
audit event in the same transaction, so the newest such event (id and time) is the revision: each
request asks for it with one indexed query and rebuilds the cache only when it moved. Per-user data
(progress) is never cached.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import select

from ...extensions import db
from ...models import AuditEvent, CourseModule, Lesson, LessonTranslation

COURSE_IMPORTED = "course.imported"


@dataclass(frozen=True)
class ModuleRow:
    slug: str
    position: int
    title: dict[str, str]
    summary: dict[str, str]
    objectives: dict[str, list[str]]
    prerequisites: tuple[str, ...]


@dataclass(frozen=True)
class LessonRow:
    id: int
    key: str
    module_slug: str
    position: int
    estimated_minutes: int
    prerequisites: tuple[str, ...]
    status: str
    titles: dict[str, str]  # language -> title


@dataclass(frozen=True)
class Catalog:
    """Modules and lessons that are not retired, in course order."""

    modules: tuple[ModuleRow, ...]
    lessons: tuple[LessonRow, ...]


_lock = threading.Lock()
_cached: dict[str, tuple[object, Catalog]] = {}


def _revision() -> object:
    row = db.session.execute(
        select(AuditEvent.id, AuditEvent.at)
        .where(AuditEvent.action == COURSE_IMPORTED)
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).first()
    return None if row is None else (row[0], row[1])


def catalog() -> Catalog:
    """The current structure: one small query when cached, three when the course changed."""
    url = str(db.engine.url)
    revision = _revision()
    hit = _cached.get(url)
    if hit is not None and hit[0] == revision:
        return hit[1]
    built = _build()
    with _lock:
        _cached[url] = (revision, built)
    return built


def _build() -> Catalog:
    modules = tuple(
        ModuleRow(
            slug, position, title, summary or {}, objectives or {}, tuple(prerequisites or ())
        )
        for slug, position, title, summary, objectives, prerequisites in db.session.execute(
            select(
                CourseModule.slug,
                CourseModule.position,
                CourseModule.title,
                CourseModule.summary,
                CourseModule.objectives,
                CourseModule.prerequisites,
            )
            .where(CourseModule.retired_at.is_(None))
            .order_by(CourseModule.position, CourseModule.slug)
        )
    )
    rows = db.session.execute(
        select(
            Lesson.id,
            Lesson.key,
            CourseModule.slug,
            Lesson.position,
            Lesson.estimated_minutes,
            Lesson.prerequisites,
            Lesson.status,
            LessonTranslation.language,
            LessonTranslation.title,
        )
        .join(CourseModule, CourseModule.id == Lesson.module_id)
        .join(LessonTranslation, LessonTranslation.lesson_id == Lesson.id)
        .where(Lesson.retired_at.is_(None), CourseModule.retired_at.is_(None))
        .order_by(CourseModule.position, Lesson.position, Lesson.key)
    ).all()
    lessons: dict[str, LessonRow] = {}
    for lid, key, slug, position, minutes, prerequisites, status, lang, title in rows:
        if key not in lessons:
            lessons[key] = LessonRow(
                lid, key, slug, position, minutes, tuple(prerequisites or ()), status, {}
            )
        lessons[key].titles[lang] = title
    return Catalog(modules, tuple(lessons.values()))


def module_titles() -> dict[str, dict[str, str]]:
    """Every module's title (by language) by slug, for labels that name a module by its slug."""
    return {
        slug: title
        for slug, title in db.session.execute(select(CourseModule.slug, CourseModule.title))
    }
