"""Instructors' view of quiz results: counts and pass rates, a quiz's attempts, one attempt."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select

from ...extensions import db
from ...models import Accommodation, Attempt, CourseModule, Quiz, User
from .attempts import current_definition


@dataclass(frozen=True)
class QuizSummary:
    quiz: Quiz
    title: dict[str, str]
    attempts: int
    submitted: int
    passed: int
    trainees: int
    in_progress: int

    @property
    def pass_rate(self) -> float | None:
        """Share of submitted attempts that passed, in percent."""
        return 100.0 * self.passed / self.submitted if self.submitted else None


def _in_course_order(quizzes: Any) -> list[Quiz]:
    """Module quizzes in the course's module order, then the final exam, then the rest."""
    positions = dict(db.session.execute(select(CourseModule.slug, CourseModule.position)).all())
    kinds = {"module": 0, "final": 1, "recertification": 2}

    def key(quiz: Quiz) -> tuple[int, int, str]:
        definition = current_definition(quiz)
        return (
            kinds.get(quiz.kind, 3),
            positions.get(definition.get("module") or "", 999),
            quiz.key,
        )

    return sorted(quizzes, key=key)


def published_quizzes() -> list[Quiz]:
    """Every quiz with a published version (retired ones too), by key: the accommodation form's choices."""
    return list(
        db.session.scalars(
            select(Quiz).where(Quiz.current_version_id.is_not(None)).order_by(Quiz.key)
        )
    )


def quiz_summaries() -> list[QuizSummary]:
    counts = {
        row.quiz_id: row
        for row in db.session.execute(
            select(
                Attempt.quiz_id,
                func.count().label("attempts"),
                func.sum(case((Attempt.status == "submitted", 1), else_=0)).label("submitted"),
                func.sum(case((Attempt.passed.is_(True), 1), else_=0)).label("passed"),
                func.sum(case((Attempt.status == "in_progress", 1), else_=0)).label("in_progress"),
                func.count(func.distinct(Attempt.user_id)).label("trainees"),
            ).group_by(Attempt.quiz_id)
        )
    }
    out = []
    for quiz in _in_course_order(
        db.session.scalars(
            select(Quiz).where(Quiz.current_version_id.is_not(None)).order_by(Quiz.key)
        )
    ):
        row = counts.get(quiz.id)
        out.append(
            QuizSummary(
                quiz,
                current_definition(quiz).get("title") or {"en": quiz.key},
                int(row.attempts) if row else 0,
                int(row.submitted or 0) if row else 0,
                int(row.passed or 0) if row else 0,
                int(row.trainees) if row else 0,
                int(row.in_progress or 0) if row else 0,
            )
        )
    return out


def quiz_attempts(quiz: Quiz, limit: int = 500) -> list[tuple[Attempt, User]]:
    stmt = (
        select(Attempt, User)
        .join(User, User.id == Attempt.user_id)
        .where(Attempt.quiz_id == quiz.id)
        .order_by(Attempt.started_at.desc())
        .limit(limit)
    )
    return [(a, u) for a, u in db.session.execute(stmt).unique()]


def quiz_accommodations(quiz: Quiz) -> list[tuple[Accommodation, User]]:
    stmt = (
        select(Accommodation, User)
        .join(User, User.id == Accommodation.user_id)
        .where((Accommodation.quiz_id == quiz.id) | Accommodation.quiz_id.is_(None))
        .where(Accommodation.revoked_at.is_(None))
        .order_by(Accommodation.granted_at.desc())
    )
    return [(a, u) for a, u in db.session.execute(stmt).unique()]


def trainee_attempts(user_id: int) -> list[tuple[Quiz, dict[str, str], list[Attempt]]]:
    """A trainee's gradebook: every attempt, grouped by quiz (quizzes in key order, attempts by number)."""
    rows = db.session.execute(
        select(Attempt, Quiz)
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .where(Attempt.user_id == user_id)
        .order_by(Quiz.key, Attempt.number)
    ).all()
    grouped: dict[int, tuple[Quiz, dict[str, str], list[Attempt]]] = {}
    for attempt, quiz in rows:
        if quiz.id not in grouped:
            grouped[quiz.id] = (quiz, current_definition(quiz).get("title") or {"en": quiz.key}, [])
        grouped[quiz.id][2].append(attempt)
    return list(grouped.values())
