"""Re-grade submitted attempts after a question was corrected (a new QuestionVersion exists).

Rule: the stored responses of every submitted attempt of the quiz that answered an older version of
the question are graded against the question's current version. That is only sound when the
current version has the same option / pair / distractor / item ids as the version served, so the
re-grade is refused otherwise. A dry run (`preview`) shows which scores would change; `regrade`
writes them (one transaction) and records the change in the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from ...database import write_transaction
from ...domain import grading, quiz_policy
from ...extensions import db
from ...models import Attempt, AttemptAnswer, Question, QuestionVersion, Quiz, User
from .. import ServiceError
from ..audit.audit import record
from .attempts import definition_of, question_content


@dataclass(frozen=True)
class Change:
    attempt_id: int
    user_name: str
    number: int
    old_percent: float
    new_percent: float
    old_passed: bool | None
    new_passed: bool

    @property
    def changed(self) -> bool:
        return (
            round(self.old_percent, 6) != round(self.new_percent, 6)
            or self.old_passed != self.new_passed
        )


def _ids(content: dict[str, Any]) -> dict[str, list[str]]:
    return {
        part: sorted(str(e["id"]) for e in content.get(part, []))
        for part in ("options", "pairs", "distractors", "items")
    }


def _answers(quiz: Quiz, question: Question) -> list[AttemptAnswer]:
    stmt = (
        select(AttemptAnswer)
        .join(Attempt, Attempt.id == AttemptAnswer.attempt_id)
        .where(
            Attempt.quiz_id == quiz.id,
            Attempt.status == "submitted",
            AttemptAnswer.question_version_id.in_(
                select(QuestionVersion.id).where(QuestionVersion.question_id == question.id)
            ),
            AttemptAnswer.question_version_id != question.current_version_id,
        )
        .options(contains_eager(AttemptAnswer.attempt))
        .order_by(Attempt.id)
    )
    return list(db.session.scalars(stmt))


def corrected_questions(quiz: Quiz) -> list[Question]:
    """Questions of this quiz that submitted attempts answered in a version older than the current."""
    stmt = (
        select(Question)
        .join(QuestionVersion, QuestionVersion.question_id == Question.id)
        .join(AttemptAnswer, AttemptAnswer.question_version_id == QuestionVersion.id)
        .join(Attempt, Attempt.id == AttemptAnswer.attempt_id)
        .where(
            Attempt.quiz_id == quiz.id,
            Attempt.status == "submitted",
            QuestionVersion.id != Question.current_version_id,
        )
        .distinct()
        .order_by(Question.key)
    )
    return list(db.session.scalars(stmt))


def _plan(
    quiz: Quiz, question: Question
) -> tuple[list[Change], list[AttemptAnswer], dict[str, Any]]:
    if question.current_version_id is None:
        raise ServiceError(_("This question has no current version."))
    current = question_content(question.current_version_id)
    answers = _answers(quiz, question)
    for answer in answers:
        if _ids(question_content(answer.question_version_id)) != _ids(current):
            raise ServiceError(
                _(
                    "The corrected question has different option, pair or item ids than "
                    "the version the trainees answered, so their answers cannot be "
                    "re-graded against it. Correct the question without changing its ids."
                )
            )
    changes = []
    for answer in answers:
        attempt = answer.attempt
        new = grading.grade(current, answer.response)
        score = (attempt.score or 0) - (answer.score or 0) + new.score
        max_score = (attempt.max_score or 0) - (answer.max_score or 0) + new.max_score
        percent = 100.0 * score / max_score if max_score else 0.0
        passed = quiz_policy.is_pass(percent, float(definition_of(attempt)["pass_mark"]))
        changes.append(
            Change(
                attempt.id,
                attempt_user_name(attempt),
                attempt.number,
                attempt.percent or 0.0,
                percent,
                attempt.passed,
                passed,
            )
        )
    return changes, answers, current


def attempt_user_name(attempt: Attempt) -> str:
    user = db.session.get(User, attempt.user_id)
    return user.name if user else "?"


def preview(quiz: Quiz, question: Question) -> list[Change]:
    """The dry run: every affected attempt with its old and new percentage."""
    return _plan(quiz, question)[0]


def regrade(actor: User, quiz: Quiz, question: Question) -> list[Change]:
    """Re-grade and save; returns the changes (also those that kept their score)."""
    with write_transaction():
        for attempt_id in sorted({a.attempt_id for a in _answers(quiz, question)}):
            db.session.scalar(select(Attempt).where(Attempt.id == attempt_id).with_for_update())
        changes, answers, current = _plan(quiz, question)
        assert question.current_version_id is not None  # _plan refuses a question without one
        by_attempt = {c.attempt_id: c for c in changes}
        for answer in answers:
            attempt = answer.attempt
            new = grading.grade(current, answer.response)
            attempt.score = (attempt.score or 0) - (answer.score or 0) + new.score
            attempt.max_score = (attempt.max_score or 0) - (answer.max_score or 0) + new.max_score
            answer.score, answer.max_score = new.score, new.max_score
            answer.question_version_id = question.current_version_id
            attempt.percent = by_attempt[attempt.id].new_percent
            attempt.passed = by_attempt[attempt.id].new_passed
        record(
            "quiz.regraded",
            actor=actor,
            subject_type="quiz",
            subject_id=quiz.key,
            question=question.key,
            version_id=question.current_version_id,
            changes=[
                {
                    "attempt": c.attempt_id,
                    "old": round(c.old_percent, 2),
                    "new": round(c.new_percent, 2),
                }
                for c in changes
                if c.changed
            ],
        )
    return changes
