"""Professional licences: trainees submit them, administrators verify or reject them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from babel import Locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from ...database import write_transaction
from ...extensions import db
from ...models import ProfessionalLicence, User
from .. import ServiceError
from ..audit.audit import record

# Babel's territory list holds regions too (001, 150) and a few non-countries; keep ISO alpha-2.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "XK", "ZZ"}
COUNTRY_CODES = frozenset(
    c
    for c in Locale("en").territories
    if isinstance(c, str) and len(c) == 2 and c.isalpha() and c not in _NOT_COUNTRIES
)


def submit_licence(
    user: User, profession: str, licence_number: str, country: str
) -> ProfessionalLicence:
    """A new submission, pending until an administrator checks it."""
    profession, licence_number, country = (
        profession.strip(),
        licence_number.strip(),
        country.strip().upper(),
    )
    if not profession:
        raise ServiceError(_("Enter your profession."), field="profession")
    if not licence_number:
        raise ServiceError(_("Enter your licence number."), field="licence_number")
    if country not in COUNTRY_CODES:
        raise ServiceError(
            _("Enter a two-letter ISO country code, for example NO for Norway."), field="country"
        )
    with write_transaction():
        duplicate = db.session.scalar(
            select(ProfessionalLicence.id)
            .where(
                ProfessionalLicence.user_id == user.id,
                ProfessionalLicence.country == country,
                func.upper(ProfessionalLicence.licence_number) == licence_number.upper(),
                ProfessionalLicence.status.in_(("pending", "verified")),
            )
            .limit(1)
        )
        if duplicate is not None:
            raise ServiceError(
                _(
                    "You have already submitted this licence; it is waiting for a check or verified."
                ),
                field="licence_number",
            )
        licence = ProfessionalLicence(
            user_id=user.id,
            profession=profession,
            licence_number=licence_number,
            country=country,
            status="pending",
        )
        db.session.add(licence)
        db.session.flush()
        record(
            "licence.submitted",
            actor=user,
            target_user=user,
            subject_type="licence",
            subject_id=licence.id,
            country=country,
            profession=profession,
        )
    return licence


def check_licence(
    licence: ProfessionalLicence,
    verified: bool,
    note: str | None,
    *,
    actor: User,
    now: datetime | None = None,
) -> None:
    """Verify or reject a licence; rejecting needs a note the trainee will read."""
    note = (note or "").strip() or None
    if not verified and not note:
        raise ServiceError(
            _("Say why the licence is rejected; the trainee sees this note."), field="note"
        )
    if licence.user_id == actor.id:
        raise ServiceError(_("You cannot check your own licence."))
    with write_transaction():
        licence.status = "verified" if verified else "rejected"
        licence.checked_by_id = actor.id
        licence.checked_at = now or datetime.now(UTC)
        licence.note = note
        record(
            "licence.verified" if verified else "licence.rejected",
            actor=actor,
            target_user=db.session.get(User, licence.user_id),
            subject_type="licence",
            subject_id=licence.id,
            reason=note,
        )


def listing(status: str, page: int, per_page: int = 50) -> tuple[Any, dict[int, User]]:
    """One page of licences, oldest first (the queue), optionally of one status, and their holders."""
    stmt = select(ProfessionalLicence)
    if status:
        stmt = stmt.where(ProfessionalLicence.status == status)
    stmt = stmt.order_by(ProfessionalLicence.created_at, ProfessionalLicence.id)
    pagination = db.paginate(stmt, page=page, per_page=per_page, error_out=False)
    ids = {licence.user_id for licence in pagination.items}
    holders = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids))).unique()}
    return pagination, holders


def get_licence(licence_id: int) -> ProfessionalLicence | None:
    return db.session.get(ProfessionalLicence, licence_id)


def pending_count() -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(ProfessionalLicence)
            .where(ProfessionalLicence.status == "pending")
        )
        or 0
    )
