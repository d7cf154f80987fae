"""Administrators' work queue: trainees who meet every requirement and hold no current certificate.

Candidates are narrowed in SQL (enabled trainees who passed every quiz the program requires and
hold no active or suspended certificate of it); the pure eligibility rules then decide, in one
batch (`evidence.reports_for_users`), so the list and the issue service can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from ...domain.eligibility import EligibilityReport
from ...extensions import db
from ...models import Attempt, Certificate, Program, Quiz, User
from ...models.accounts import UserRole
from ..evidence import evidence


@dataclass(frozen=True)
class ReadyTrainee:
    user: User
    report: EligibilityReport


def _candidates(program: Program) -> list[int]:
    keys = [str(k) for k in (program.requirements or {}).get("quizzes") or []]
    current = select(Certificate.user_id).where(
        Certificate.program_id == program.id, Certificate.status.in_(["active", "suspended"])
    )
    stmt = select(User.id).where(
        User.is_enabled.is_(True),
        User.id.not_in(current),
        User.id.in_(select(UserRole.user_id).where(UserRole.role == "trainee")),
    )
    if keys:
        passed_all = (
            select(Attempt.user_id)
            .join(Quiz, Quiz.id == Attempt.quiz_id)
            .where(Attempt.passed.is_(True), Quiz.key.in_(keys))
            .group_by(Attempt.user_id)
            .having(func.count(func.distinct(Quiz.key)) == len(keys))
        )
        stmt = stmt.where(User.id.in_(passed_all))
    return list(db.session.scalars(stmt))


def ready_to_certify(program: Program, now: datetime) -> list[ReadyTrainee]:
    """Eligible trainees without a current certificate of `program`, longest waiting first."""
    ids = _candidates(program)
    if not ids:
        return []
    reports = evidence.reports_for_users(ids, program, now)
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids))).unique()}
    ready = [ReadyTrainee(users[uid], report) for uid, report in reports.items() if report.eligible]
    return sorted(ready, key=lambda r: (r.report.eligible_at or now, r.user.name))
