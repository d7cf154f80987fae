"""The opt-in public register of certified practitioners: only holders who opted in, with a
current certificate, and only the fields they chose to show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import Exists, and_, exists, select

from ...database import write_transaction
from ...domain import professions
from ...domain.certificates import Status
from ...domain.search_text import loose_fold
from ...extensions import db
from ...models import Certificate, RegisterListing, User
from .. import ServiceError
from ..audit.audit import record

PAGE_SIZE = 50


@dataclass(frozen=True)
class PublicListing:
    name: str
    city: str | None
    profession: str | None
    code: str | None = None  # the current certificate's code: the entry links to its verification


def _current_certificate(now: datetime) -> Exists:
    return exists().where(
        and_(
            Certificate.user_id == RegisterListing.user_id,
            Certificate.status == Status.ACTIVE.value,
            Certificate.expires_on >= now.date(),
        )
    )


def _current_codes(user_ids: list[int], now: datetime) -> dict[int, str]:
    """The code of each listed holder's current certificate (latest issued), one query."""
    if not user_ids:
        return {}
    rows = db.session.execute(
        select(Certificate.user_id, Certificate.public_code)
        .where(
            Certificate.user_id.in_(user_ids),
            Certificate.status == Status.ACTIVE.value,
            Certificate.expires_on >= now.date(),
        )
        .order_by(Certificate.issued_on, Certificate.id)
    ).all()
    return {row.user_id: row.public_code for row in rows}


def _fold(text: str | None) -> str:
    return loose_fold(text)


def search(
    *,
    name: str = "",
    city: str = "",
    profession: str = "",
    now: datetime,
    limit: int = PAGE_SIZE,
    lang: str = "en",
) -> list[PublicListing]:
    """Listed practitioners matching every given filter; hidden fields are never searched.

    Matching is done in Python with case, accents and special letters folded away ("Sahin" finds
    "Şahin", "Lovas" finds "Løvås"; SQLite's lower() only folds ASCII), and a profession matches in
    either language ("fysioterapeut" finds "Physiotherapist"); the register holds at most a few
    thousand opted-in holders. Professions are returned in `lang` when they are known ones.
    """
    rows = db.session.scalars(
        select(RegisterListing)
        .where(RegisterListing.opted_in.is_(True), _current_certificate(now))
        .order_by(RegisterListing.display_name)
    ).all()
    codes = _current_codes([r.user_id for r in rows], now)
    wanted = [(_fold(name.strip()), "name"), (_fold(city.strip()), "city")]
    found = []
    for r in rows:
        shown = PublicListing(
            r.display_name,
            r.city if r.show_city else None,
            r.profession if r.show_profession else None,
            codes.get(r.user_id),
        )
        if all(not text or text in _fold(getattr(shown, field)) for text, field in wanted) and (
            not profession.strip()
            or (shown.profession and professions.matches(profession, shown.profession))
        ):
            found.append(
                PublicListing(
                    shown.name, shown.city, professions.display(shown.profession, lang), shown.code
                )
            )
        if len(found) >= limit:
            break
    return found


def listing_of(user: User) -> RegisterListing | None:
    return db.session.scalar(select(RegisterListing).where(RegisterListing.user_id == user.id))


def save_listing(
    user: User,
    *,
    opted_in: bool,
    display_name: str,
    city: str | None,
    show_city: bool,
    profession: str | None,
    show_profession: bool,
    now: datetime,
) -> RegisterListing:
    """Create or update the holder's own entry (the holder decides what is public)."""
    name = " ".join((display_name or "").split())
    if opted_in and not name:
        raise ServiceError(_("Enter the name to show in the register."), field="display_name")
    with write_transaction():
        listing = listing_of(user)
        if listing is None:
            listing = RegisterListing(user_id=user.id)
            db.session.add(listing)
        listing.opted_in = opted_in
        listing.display_name = (name or user.name)[:200]
        listing.city = (city or "").strip()[:120] or None
        listing.profession = (profession or "").strip()[:120] or None
        listing.show_city, listing.show_profession = show_city, show_profession
        listing.updated_at = now
        record(
            "register.opted_in" if opted_in else "register.opted_out",
            actor=user,
            target_user=user,
            subject_type="register_listing",
            show_city=show_city,
            show_profession=show_profession,
        )
    return listing


def is_listed(user: User, now: datetime) -> bool:
    """Whether the holder currently appears in the register."""
    return bool(
        db.session.scalar(
            select(RegisterListing.id).where(
                RegisterListing.user_id == user.id,
                RegisterListing.opted_in.is_(True),
                _current_certificate(now),
            )
        )
    )
