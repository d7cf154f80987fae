"""The course as a trainee (or a previewing instructor) sees it: modules, lessons, progress.

Reads take a constant number of queries whatever the size of the course or the number of users
(modules, lesson titles, the viewer's completions, and for a lesson page its pre-rendered HTML).
GET pages never write: progress is recorded only by `complete_lesson`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ...course_source import FALLBACK_LANGUAGE
from ...database import write_transaction
from ...domain.course_progress import LessonNode, ModuleNode, ModuleProgress, course_progress
from ...extensions import db
from ...models import LessonProgress, LessonTranslation, Role, User
from .course_catalog import catalog

PUBLISHED = "published"
DRAFT = "draft"


class LessonNotFound(Exception):
    """No such lesson for this viewer (unknown, retired, or a draft for a trainee)."""


class ModuleLocked(Exception):
    """The lesson's module is locked for this trainee."""

    def __init__(self, module: ModuleEntry, overview: CourseOverview) -> None:
        super().__init__(module.slug)
        self.module = module
        self.overview = overview


@dataclass(frozen=True)
class Viewer:
    """Who looks: staff preview everything (drafts too) with no locks and no progress."""

    user_id: int
    lang: str
    preview: bool

    @classmethod
    def of(cls, user: User, lang: str) -> Viewer:
        return cls(user.id, lang, user.has_role(Role.INSTRUCTOR, Role.ADMINISTRATOR))


@dataclass
class LessonEntry:
    id: int
    key: str
    module_slug: str
    position: int
    estimated_minutes: int
    prerequisites: list[str]
    status: str
    title: str
    completed: bool = False

    @property
    def is_draft(self) -> bool:
        return self.status == DRAFT


@dataclass
class ModuleEntry:
    slug: str
    position: int
    title: dict[str, str]
    summary: dict[str, str]
    objectives: dict[str, list[str]]
    prerequisites: list[str]
    lessons: list[LessonEntry] = field(default_factory=list)
    progress: ModuleProgress | None = None

    @property
    def locked(self) -> bool:
        return bool(self.progress and self.progress.locked)


@dataclass
class CourseOverview:
    viewer: Viewer
    modules: list[ModuleEntry]
    percent: int
    next_lesson: LessonEntry | None
    completed: int
    total: int

    def module(self, slug: str) -> ModuleEntry | None:
        return next((m for m in self.modules if m.slug == slug), None)

    def lesson(self, key: str) -> LessonEntry | None:
        return next((x for m in self.modules for x in m.lessons if x.key == key), None)

    def module_titles(self, slugs: list[str]) -> list[dict[str, str]]:
        return [m.title for s in slugs if (m := self.module(s)) is not None]


@dataclass
class LessonPage:
    overview: CourseOverview
    module: ModuleEntry
    lesson: LessonEntry
    language: str  # the language of the content shown
    fallback: bool  # True when the viewer's language is missing and English is shown
    title: str
    objectives: list[str]
    body_html: str
    toc: list[dict[str, Any]]
    number: int  # position within the module, from 1
    previous: LessonEntry | None
    next: LessonEntry | None
    recommended_first: list[LessonEntry]


def visible_statuses(viewer: Viewer) -> tuple[str, ...]:
    return (PUBLISHED, DRAFT) if viewer.preview else (PUBLISHED,)


def course_overview(viewer: Viewer) -> CourseOverview:
    """Every visible module and lesson with the viewer's progress (structure from the catalog)."""
    structure = catalog()
    modules = [
        ModuleEntry(m.slug, m.position, m.title, m.summary, m.objectives, list(m.prerequisites))
        for m in structure.modules
    ]
    by_slug = {m.slug: m for m in modules}
    visible = visible_statuses(viewer)
    lessons: dict[str, LessonEntry] = {}
    for row in structure.lessons:
        if row.status in visible and row.module_slug in by_slug:
            title = row.titles.get(viewer.lang) or row.titles.get(FALLBACK_LANGUAGE, row.key)
            entry = LessonEntry(
                row.id,
                row.key,
                row.module_slug,
                row.position,
                row.estimated_minutes,
                list(row.prerequisites),
                row.status,
                title,
            )
            lessons[row.key] = entry
            by_slug[row.module_slug].lessons.append(entry)
    done, last = _completions(viewer)
    for entry in lessons.values():
        entry.completed = entry.id in done
    result = course_progress(
        [ModuleNode(m.slug, m.position, tuple(m.prerequisites)) for m in modules],
        [
            LessonNode(x.key, x.module_slug, x.position)
            for x in lessons.values()
            if x.status == PUBLISHED
        ],
        {x.key for x in lessons.values() if x.completed},
        next((x.key for x in lessons.values() if x.id == last), None),
    )
    for module in modules:
        progress = result.module(module.slug)
        if viewer.preview:  # staff are never locked out of what they preview
            progress = ModuleProgress(
                progress.slug, 0, progress.total, 0, False, progress.unlocked_by, ()
            )
        module.progress = progress
    published = [x for x in lessons.values() if x.status == PUBLISHED]
    return CourseOverview(
        viewer=viewer,
        modules=modules,
        percent=0 if viewer.preview else result.percent,
        next_lesson=None
        if viewer.preview or result.next_lesson is None
        else lessons[result.next_lesson],
        completed=sum(1 for x in published if x.completed),
        total=len(published),
    )


def _completions(viewer: Viewer) -> tuple[set[int], int | None]:
    """Ids of the lessons the viewer completed, and the one completed last."""
    if viewer.preview:
        return set(), None
    ids = db.session.scalars(
        select(LessonProgress.lesson_id)
        .where(LessonProgress.user_id == viewer.user_id, LessonProgress.completed_at.is_not(None))
        .order_by(LessonProgress.completed_at.desc(), LessonProgress.lesson_id.desc())
    ).all()
    return set(ids), (ids[0] if ids else None)


def module_overview(viewer: Viewer, slug: str) -> tuple[CourseOverview, ModuleEntry] | None:
    overview = course_overview(viewer)
    module = overview.module(slug)
    return None if module is None else (overview, module)


def lesson_page(viewer: Viewer, key: str, content_lang: str | None = None) -> LessonPage:
    """The lesson in `content_lang` (a search hit opens the lesson in the language it matched),
    else the viewer's language, else English; raises LessonNotFound / ModuleLocked."""
    overview = course_overview(viewer)
    lesson = overview.lesson(key)
    if lesson is None:
        raise LessonNotFound(key)
    module = overview.module(lesson.module_slug)
    assert module is not None
    if module.locked:
        raise ModuleLocked(module, overview)
    translations = {
        t.language: t
        for t in db.session.scalars(
            select(LessonTranslation).where(
                LessonTranslation.lesson_id == lesson.id,
                LessonTranslation.language.in_(
                    {viewer.lang, FALLBACK_LANGUAGE, content_lang or viewer.lang}
                ),
            )
        )
    }
    chosen = (
        translations.get(content_lang or viewer.lang)
        or translations.get(viewer.lang)
        or translations[FALLBACK_LANGUAGE]
    )
    siblings = module.lessons
    index = siblings.index(lesson)
    return LessonPage(
        overview=overview,
        module=module,
        lesson=lesson,
        language=chosen.language,
        fallback=chosen.language != viewer.lang,
        title=chosen.title,
        objectives=chosen.objectives,
        body_html=chosen.body_html,
        toc=chosen.toc,
        number=index + 1,
        previous=siblings[index - 1] if index > 0 else None,
        next=siblings[index + 1] if index + 1 < len(siblings) else None,
        recommended_first=[
            x for k in lesson.prerequisites if (x := overview.lesson(k)) and not x.completed
        ],
    )


def complete_lesson(user: User, key: str, *, now: datetime | None = None) -> LessonEntry:
    """Mark a published lesson of an unlocked module complete for a trainee; idempotent."""
    viewer = Viewer(user.id, "en", preview=False)
    overview = course_overview(viewer)
    lesson = overview.lesson(key)
    if lesson is None:
        raise LessonNotFound(key)
    module = overview.module(lesson.module_slug)
    if module is not None and module.locked:
        raise ModuleLocked(module, overview)
    now = now or datetime.now(UTC)
    try:
        with write_transaction():
            row = db.session.scalar(
                select(LessonProgress).where(
                    LessonProgress.user_id == user.id, LessonProgress.lesson_id == lesson.id
                )
            )
            if row is None:
                row = LessonProgress(user_id=user.id, lesson_id=lesson.id, first_viewed_at=now)
                db.session.add(row)
            row.last_viewed_at = now
            if row.completed_at is None:
                row.completed_at = now
    except IntegrityError:  # a concurrent request of the same trainee made the row first
        pass
    lesson.completed = True
    return lesson
