"""Instructors' view of trainees: search, and the evidence summary for a page of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select

from ...extensions import db
from ...models import ClinicalCase, PracticalSignoff, Program, Role, User, UserRole
from . import evidence


def is_trainee() -> Any:
    return User.id.in_(select(UserRole.user_id).where(UserRole.role == Role.TRAINEE.value))


def search(q: str, page: int, per_page: int = 50) -> Any:
    """Trainees whose name or e-mail contains `q`, by name, one page."""
    stmt = select(User).where(is_trainee()).order_by(User.name, User.id)
    if q:
        like = f"%{q.lower()}%"
        stmt = stmt.where(or_(func.lower(User.email).like(like), func.lower(User.name).like(like)))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def get_user(user_id: int | None) -> User | None:
    return db.session.get(User, user_id) if user_id else None


def get_trainee(user_id: int) -> User | None:
    return db.session.scalar(select(User).where(User.id == user_id, is_trainee()))


@dataclass(frozen=True)
class EvidenceSummary:
    sign_offs: int
    cases: int
    licence: str  # verified | pending | rejected | missing
    met: int
    total: int


def summaries(
    user_ids: list[int], program: Program | None, now: datetime
) -> dict[int, EvidenceSummary]:
    """Counts for a page of trainees, in a fixed number of queries."""
    if program is None or not user_ids:
        return {}
    signoffs = dict(
        db.session.execute(
            select(PracticalSignoff.user_id, func.count())
            .where(
                PracticalSignoff.user_id.in_(user_ids), PracticalSignoff.program_id == program.id
            )
            .group_by(PracticalSignoff.user_id)
        ).all()
    )
    cases = dict(
        db.session.execute(
            select(ClinicalCase.user_id, func.count())
            .where(ClinicalCase.user_id.in_(user_ids), ClinicalCase.program_id == program.id)
            .group_by(ClinicalCase.user_id)
        ).all()
    )
    facts = evidence.facts_for_users(user_ids, program)
    reports = evidence.reports_for_users(user_ids, program, now)
    out = {}
    for uid in user_ids:
        fact = facts.get(uid)
        licence = fact.licence.status if fact and fact.licence else "missing"
        report = reports[uid]
        out[uid] = EvidenceSummary(
            signoffs.get(uid, 0),
            cases.get(uid, 0),
            licence,
            sum(1 for i in report.items if i.met),
            len(report.items),
        )
    return out


def supervisors() -> list[User]:
    """Instructors and administrators, who may supervise clinical cases."""
    staff = select(UserRole.user_id).where(
        UserRole.role.in_([Role.INSTRUCTOR.value, Role.ADMINISTRATOR.value])
    )
    return list(
        db.session.scalars(
            select(User).where(User.id.in_(staff), User.is_enabled.is_(True)).order_by(User.name)
        ).unique()
    )
