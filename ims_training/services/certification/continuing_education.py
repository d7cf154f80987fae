"""Continuing education: holders record hours, administrators approve or reject them."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from ...database import write_transaction
from ...extensions import db
from ...models import ContinuingEducation, User
from .. import ServiceError
from ..audit.audit import record


def submit(
    user: User, *, completed_on: date, hours: float, description: str, now: datetime
) -> ContinuingEducation:
    """Record CE hours for review; dates in the future and silly amounts are refused."""
    text = (description or "").strip()
    if completed_on > now.date():
        raise ServiceError(_("The date cannot be in the future."), field="completed_on")
    if not 0 < hours <= 100:
        raise ServiceError(_("Enter between 0.5 and 100 hours."), field="hours")
    if not text:
        raise ServiceError(_("Say what the activity was."), field="description")
    with write_transaction():
        entry = ContinuingEducation(
            user_id=user.id,
            completed_on=completed_on,
            hours=hours,
            description=text[:2000],
            status="pending",
            created_at=now,
        )
        db.session.add(entry)
        db.session.flush()
        record(
            "continuing_education.submitted",
            actor=user,
            target_user=user,
            subject_type="continuing_education",
            subject_id=entry.id,
            hours=hours,
        )
    return entry


def review(entry_id: int, *, approve: bool, actor: User, now: datetime) -> ContinuingEducation:
    """Approve or reject a pending entry; a decided one is not decided again."""
    with write_transaction():
        entry = db.session.scalar(
            select(ContinuingEducation).where(ContinuingEducation.id == entry_id).with_for_update()
        )
        if entry is None:
            raise ServiceError(_("There is no such entry."))
        if entry.status != "pending":
            raise ServiceError(_("This entry has already been reviewed."))
        if entry.user_id == actor.id:  # as sign-offs and licence checks: nobody reviews their own
            raise ServiceError(
                _("You cannot review your own continuing education. Ask another administrator.")
            )
        entry.status = "approved" if approve else "rejected"
        entry.reviewed_by_id, entry.reviewed_at = actor.id, now
        holder = db.session.get(User, entry.user_id)
        record(
            f"continuing_education.{entry.status}",
            actor=actor,
            target_user=holder,
            subject_type="continuing_education",
            subject_id=entry.id,
            hours=entry.hours,
        )
    return entry


def pending_entries(limit: int = 100) -> list[tuple[ContinuingEducation, str]]:
    """Entries waiting for review with the holder's name, oldest first."""
    rows = db.session.execute(
        select(ContinuingEducation, User.name)
        .join(User, User.id == ContinuingEducation.user_id)
        .where(ContinuingEducation.status == "pending")
        .order_by(ContinuingEducation.created_at)
        .limit(limit)
    ).all()
    return [(entry, name) for entry, name in rows]


def entries_of(user_id: int) -> list[ContinuingEducation]:
    return list(
        db.session.scalars(
            select(ContinuingEducation)
            .where(ContinuingEducation.user_id == user_id)
            .order_by(ContinuingEducation.completed_on.desc())
        )
    )
