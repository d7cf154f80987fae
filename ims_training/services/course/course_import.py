"""Import a validated course tree into the database in one transaction; never deletes progress.

Each translation is rendered once here, through the one Markdown choke point, and stored with its
table of contents and case-folded search text, so a lesson page only reads HTML. A lesson is
"changed" when any stored field would differ (so a figure caption or renderer change counts too);
a lesson missing from the files is retired (status `retired`), never deleted, so trainees' progress
rows stay. Re-importing the same files changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...course_source import (
    FALLBACK_LANGUAGE,
    CourseLoadResult,
    FigureSource,
    LessonSource,
    LessonTranslationSource,
    ModuleSource,
)
from ...database import write_transaction
from ...domain.search_text import fold, html_to_text
from ...extensions import db
from ...markdown import FigureHTML, render_markdown
from ...models import CourseModule, Lesson, LessonTranslation, User
from ...models.course import RETIRED
from .. import ServiceError
from ..audit.audit import record
from ..import_counts import Counts

# The figure route (`learn.course_figure`); a test checks that url_for agrees.
FIGURE_URL = "/learn/figures/{name}.svg"

Progress = Callable[[int, int, str, str], None]  # (n, total, lesson id, outcome)


@dataclass
class CourseImportSummary:
    modules: Counts = field(default_factory=Counts)
    lessons: Counts = field(default_factory=Counts)

    @property
    def changed_anything(self) -> bool:
        return any(c.added or c.changed or c.retired for c in (self.modules, self.lessons))


def _figure_resolver(
    figures: dict[str, FigureSource], lang: str
) -> Callable[[str], FigureHTML | None]:
    def resolve(name: str) -> FigureHTML | None:
        figure = figures.get(name)
        if figure is None:
            return None
        alt = figure.alt.get(lang) or figure.alt.get(FALLBACK_LANGUAGE, "")
        caption = figure.caption.get(lang) or figure.caption.get(FALLBACK_LANGUAGE)
        return FigureHTML(src=FIGURE_URL.format(name=name), alt=alt, caption=caption)

    return resolve


def translation_fields(
    source: LessonTranslationSource, lang: str, figures: dict[str, FigureSource]
) -> dict[str, Any]:
    """Every stored column of a translation, rendered and folded (pure: no database)."""
    rendered = render_markdown(
        source.body_markdown, figure_resolver=_figure_resolver(figures, lang)
    )
    text = " ".join([source.title, *source.objectives, html_to_text(str(rendered.html))])
    return {
        "title": source.title,
        "objectives": list(source.objectives),
        "body_markdown": source.body_markdown,
        "body_html": str(rendered.html),
        "toc": [{"level": t.level, "id": t.id, "text": t.text} for t in rendered.toc],
        "search_text": fold(text),
        "content_hash": source.content_hash,
        "source_path": source.path,
    }


def _module_fields(module: ModuleSource) -> dict[str, Any]:
    return {
        "position": module.order,
        "title": dict(module.title),
        "summary": dict(module.summary),
        "objectives": {k: list(v) for k, v in module.objectives.items()},
        "prerequisites": list(module.prerequisites),
        "retired_at": None,
    }


def _lesson_fields(lesson: LessonSource, module_id: int) -> dict[str, Any]:
    return {
        "module_id": module_id,
        "position": lesson.order,
        "estimated_minutes": lesson.estimated_minutes,
        "prerequisites": list(lesson.prerequisites),
        "status": lesson.status,
        "retired_at": None,
    }


def _differs(row: object, fields: dict[str, Any]) -> bool:
    return any(getattr(row, name) != value for name, value in fields.items())


def _assign(row: object, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(row, name, value)


def import_course(
    result: CourseLoadResult,
    *,
    actor: User | None = None,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> CourseImportSummary:
    """Write `result` in one transaction; refuses (and writes nothing) when it has errors."""
    if not result.ok:
        raise ServiceError(f"the course has {len(result.errors)} errors; nothing was imported")
    now = now or datetime.now(UTC)
    rendered = {
        lesson.id: {
            lang: translation_fields(t, lang, result.figures)
            for lang, t in lesson.translations.items()
        }
        for lesson in result.lessons
    }
    summary = CourseImportSummary()
    with write_transaction():
        module_ids = _import_modules(result.modules, summary.modules, now)
        _import_lessons(result.lessons, rendered, module_ids, summary.lessons, now, progress)
        if summary.changed_anything:
            record(
                "course.imported",
                actor=actor,
                subject_type="course",
                modules=vars(summary.modules),
                lessons=vars(summary.lessons),
            )
    return summary


def _import_modules(modules: list[ModuleSource], counts: Counts, now: datetime) -> dict[str, int]:
    existing = {m.slug: m for m in db.session.scalars(select(CourseModule))}
    for module in modules:
        fields = _module_fields(module)
        row = existing.get(module.slug)
        if row is None:
            db.session.add(CourseModule(slug=module.slug, **fields))
            counts.added += 1
        elif _differs(row, fields):
            _assign(row, fields)
            counts.changed += 1
        else:
            counts.unchanged += 1
    seen = {m.slug for m in modules}
    for slug, row in existing.items():
        if slug not in seen and row.retired_at is None:
            row.retired_at = now
            counts.retired += 1
    db.session.flush()
    return {
        slug: id_ for slug, id_ in db.session.execute(select(CourseModule.slug, CourseModule.id))
    }


def _import_lessons(
    lessons: list[LessonSource],
    rendered: dict[str, dict[str, dict[str, Any]]],
    module_ids: dict[str, int],
    counts: Counts,
    now: datetime,
    progress: Progress | None,
) -> None:
    existing = {
        x.key: x
        for x in db.session.scalars(select(Lesson).options(selectinload(Lesson.translations)))
    }
    total = len(lessons)
    for n, lesson in enumerate(lessons, 1):
        fields = _lesson_fields(lesson, module_ids[lesson.module])
        row = existing.get(lesson.id)
        if row is None:
            row = Lesson(key=lesson.id, created_at=now, updated_at=now, **fields)
            db.session.add(row)
            _sync_translations(row, rendered[lesson.id])
            counts.added += 1
            outcome = "added"
        else:
            translations_changed = _sync_translations(row, rendered[lesson.id])
            if _differs(row, fields) or translations_changed:
                _assign(row, fields)
                row.updated_at = now
                counts.changed += 1
                outcome = "changed"
            else:
                counts.unchanged += 1
                outcome = "unchanged"
        if progress:
            progress(n, total, lesson.id, outcome)
    seen = {lesson.id for lesson in lessons}
    for key, row in existing.items():
        if key not in seen and row.status != RETIRED:
            row.status = RETIRED
            row.retired_at = row.updated_at = now
            counts.retired += 1


def _sync_translations(row: Lesson, wanted: dict[str, dict[str, Any]]) -> bool:
    """Make the lesson's translations equal `wanted`; True when anything changed."""
    changed = False
    current = {t.language: t for t in row.translations}
    for lang, fields in wanted.items():
        translation = current.get(lang)
        if translation is None:
            row.translations.append(LessonTranslation(language=lang, **fields))
            changed = True
        elif _differs(translation, fields):
            _assign(translation, fields)
            changed = True
    for lang, translation in current.items():
        if lang not in wanted:
            row.translations.remove(translation)  # delete-orphan: the lesson and progress stay
            changed = True
    return changed
