"""The guided course: what comes after a module's lessons (its quiz, then the next module).

Reads only. Used by the module page (lessons, then the quiz, then the next module), the lesson
page (the last lesson leads to the quiz) and "Complete and continue".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from ...extensions import db
from ...models import Quiz, User
from ..quizzes.attempts import attempts_of
from ..quizzes.quiz_progress import QuizLine, quiz_line
from .course import CourseOverview, LessonEntry, ModuleEntry


@dataclass(frozen=True)
class NextSteps:
    """After a module's lessons: its quiz (with the trainee's state) and the next module."""

    quiz: QuizLine | None
    next_module: ModuleEntry | None


def module_quiz(slug: str) -> Quiz | None:
    return db.session.scalar(
        select(Quiz)
        .where(
            Quiz.kind == "module",
            Quiz.module_slug == slug,
            Quiz.retired_at.is_(None),
            Quiz.current_version_id.is_not(None),
        )
        .order_by(Quiz.key)
        .limit(1)
    )


def next_steps(
    user: User, overview: CourseOverview, module: ModuleEntry, now: datetime | None = None
) -> NextSteps:
    quiz = module_quiz(module.slug)
    line = None
    if quiz is not None:
        line = quiz_line(user, quiz, attempts_of(user.id, quiz.id), now or datetime.now(UTC))
    later = [m for m in overview.modules if m.position > module.position]
    return NextSteps(line, later[0] if later else None)


def after_lesson(overview: CourseOverview, lesson: LessonEntry) -> tuple[str, str]:
    """Where "Complete and continue" goes: ("lesson", key), ("quiz", key) or ("module", slug)."""
    module = overview.module(lesson.module_slug)
    assert module is not None
    index = module.lessons.index(lesson)
    if index + 1 < len(module.lessons):
        return "lesson", module.lessons[index + 1].key
    quiz = module_quiz(module.slug)
    if quiz is not None:
        return "quiz", quiz.key
    return "module", module.slug
