"""Accommodations: extra time and extra attempts for one trainee, for one quiz or all quizzes.

Every grant names who granted it and why, and is written to the audit trail. Several grants add
up: extra attempts are summed, the largest time multiplier applies. A time multiplier applies to
attempts started after the grant (the deadline is fixed when an attempt starts).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import or_, select

from ...database import write_transaction
from ...domain import quiz_policy
from ...extensions import db
from ...models import Accommodation, Quiz, User
from .. import ServiceError
from ..accounts.accounts import find_user_by_email
from ..audit.audit import record

MAX_MULTIPLIER = 5.0
MAX_EXTRA_ATTEMPTS = 20


def active_accommodations(user_id: int, quiz_id: int | None = None) -> list[Accommodation]:
    """Grants in force for a trainee: for `quiz_id` and for all quizzes (None: every grant)."""
    stmt = select(Accommodation).where(
        Accommodation.user_id == user_id, Accommodation.revoked_at.is_(None)
    )
    if quiz_id is not None:
        stmt = stmt.where(or_(Accommodation.quiz_id == quiz_id, Accommodation.quiz_id.is_(None)))
    return list(db.session.scalars(stmt.order_by(Accommodation.granted_at)))


def effective_accommodation(
    user_id: int, quiz_id: int, now: datetime | None = None
) -> quiz_policy.Accommodation:
    """The combined adjustment for one trainee and quiz, as the policy rules expect it."""
    return combine(active_accommodations(user_id, quiz_id))


def combine(grants: Sequence[Accommodation | Any]) -> quiz_policy.Accommodation:
    """Several grants together: extra attempts add up, the largest time multiplier wins."""
    return quiz_policy.Accommodation(
        extra_attempts=sum(g.extra_attempts for g in grants),
        time_multiplier=max([g.time_multiplier for g in grants] or [1.0]),
    )


def grant_by_email(
    actor: User,
    email: str,
    quiz: Quiz | None,
    *,
    time_multiplier: float,
    extra_attempts: int,
    reason: str,
) -> tuple[Accommodation, User]:
    """`grant` to the account the instructors' form names by e-mail; returns the grant and the trainee."""
    trainee = find_user_by_email(email)
    if trainee is None:
        raise ServiceError(_("There is no account with this e-mail address."), field="email")
    return grant(
        actor,
        trainee,
        quiz,
        time_multiplier=time_multiplier,
        extra_attempts=extra_attempts,
        reason=reason,
    ), trainee


def grant(
    actor: User,
    trainee: User,
    quiz: Quiz | None,
    *,
    time_multiplier: float,
    extra_attempts: int,
    reason: str,
) -> Accommodation:
    """Record an accommodation; refuses values out of range and a missing reason."""
    reason = (reason or "").strip()
    if trainee.id == actor.id:  # as sign-offs and licence checks: nobody grants themself
        raise ServiceError(
            _("You cannot grant yourself an accommodation. Ask another instructor."), field="email"
        )
    if not reason:
        raise ServiceError(_("Give the reason for the accommodation."), field="reason")
    if not 1.0 <= time_multiplier <= MAX_MULTIPLIER:
        raise ServiceError(
            _("The time multiplier must be between 1 and %(max)s.", max=MAX_MULTIPLIER),
            field="time_multiplier",
        )
    if not 0 <= extra_attempts <= MAX_EXTRA_ATTEMPTS:
        raise ServiceError(
            _("Extra attempts must be between 0 and %(max)s.", max=MAX_EXTRA_ATTEMPTS),
            field="extra_attempts",
        )
    if time_multiplier == 1.0 and extra_attempts == 0:
        raise ServiceError(_("Give extra time, extra attempts or both."))
    with write_transaction():
        row = Accommodation(
            user_id=trainee.id,
            quiz_id=quiz.id if quiz else None,
            time_multiplier=time_multiplier,
            extra_attempts=extra_attempts,
            reason=reason,
            granted_by_id=actor.id,
            granted_at=datetime.now(UTC),
        )
        db.session.add(row)
        db.session.flush()
        record(
            "quiz.accommodation_granted",
            actor=actor,
            target_user=trainee,
            subject_type="accommodation",
            subject_id=row.id,
            reason=reason,
            quiz=quiz.key if quiz else None,
            time_multiplier=time_multiplier,
            extra_attempts=extra_attempts,
        )
    return row
