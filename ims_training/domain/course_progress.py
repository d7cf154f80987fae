"""Course progress rules: percent complete, module locking and "continue where you left off".

Pure: takes modules, lessons and completed lesson ids as plain data. The caller passes only the
lessons a trainee can see (published ones); completed ids of other lessons are ignored.
A module without lessons counts as complete (it never locks anything) and shows 100 %.
Percentages are rounded down, so 100 % means everything is done.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ModuleNode:
    """A module as far as progress is concerned."""

    slug: str
    order: int
    prerequisites: tuple[str, ...] = ()


@dataclass(frozen=True)
class LessonNode:
    """A lesson as far as progress is concerned."""

    id: str
    module: str
    order: int


@dataclass(frozen=True)
class ModuleProgress:
    """Progress in one module and why it is locked, if it is."""

    slug: str
    completed: int
    total: int
    percent: int
    locked: bool
    unlocked_by: tuple[str, ...]  # its prerequisite modules: completing all of them unlocks it
    waiting_for: tuple[str, ...]  # prerequisite modules not yet complete

    @property
    def complete(self) -> bool:
        return self.completed == self.total


@dataclass(frozen=True)
class CourseProgress:
    """Per-module progress in module order, the overall percent and the lesson to continue with."""

    modules: list[ModuleProgress]
    percent: int
    next_lesson: str | None

    def module(self, slug: str) -> ModuleProgress:
        return next(m for m in self.modules if m.slug == slug)


def _percent(done: int, total: int) -> int:
    return 100 if total == 0 else done * 100 // total


def course_progress(
    modules: Sequence[ModuleNode],
    lessons: Sequence[LessonNode],
    completed_lesson_ids: Collection[str],
    last_completed_lesson_id: str | None = None,
) -> CourseProgress:
    """Progress of one trainee; a module is locked until its prerequisite modules are complete."""
    ordered = sorted(modules, key=lambda m: (m.order, m.slug))
    by_module: dict[str, list[LessonNode]] = {m.slug: [] for m in ordered}
    for lesson in lessons:
        by_module.setdefault(lesson.module, []).append(lesson)
    for module_lessons in by_module.values():
        module_lessons.sort(key=lambda lesson: (lesson.order, lesson.id))
    done = set(completed_lesson_ids)
    counts = {
        slug: (sum(1 for x in items if x.id in done), len(items))
        for slug, items in by_module.items()
    }
    complete = {slug: c == t for slug, (c, t) in counts.items()}
    progress = []
    for module in ordered:
        completed, total = counts[module.slug]
        waiting = tuple(p for p in module.prerequisites if not complete.get(p, True))
        progress.append(
            ModuleProgress(
                slug=module.slug,
                completed=completed,
                total=total,
                percent=_percent(completed, total),
                locked=bool(waiting),
                unlocked_by=tuple(module.prerequisites),
                waiting_for=waiting,
            )
        )
    all_done = sum(counts[m.slug][0] for m in ordered)
    all_total = sum(counts[m.slug][1] for m in ordered)
    return CourseProgress(
        modules=progress,
        percent=_percent(all_done, all_total),
        next_lesson=_next_lesson(progress, by_module, done, lessons, last_completed_lesson_id),
    )


def _next_lesson(
    progress: list[ModuleProgress],
    by_module: dict[str, list[LessonNode]],
    done: set[str],
    lessons: Sequence[LessonNode],
    last_completed: str | None,
) -> str | None:
    """First open lesson of the last-used module if it is unlocked, else of the first open one."""
    unlocked = [m.slug for m in progress if not m.locked]
    last_module = next((x.module for x in lessons if x.id == last_completed), None)
    if last_module in unlocked:
        unlocked.remove(last_module)
        unlocked.insert(0, last_module)
    for slug in unlocked:
        for lesson in by_module[slug]:
            if lesson.id not in done:
                return lesson.id
    return None
