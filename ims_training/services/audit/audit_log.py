"""Reading the audit trail: filters, pages and the CSV export for administrators."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import aliased, joinedload

from ...extensions import db
from ...models import AuditEvent, User
from ..csv_export import csv_bytes

EXPORT_LIMIT = 100_000


@dataclass(frozen=True)
class AuditFilter:
    """Empty fields filter nothing. Dates are whole days in UTC, both ends included."""

    action: str = ""
    actor: str = ""  # part of the actor's e-mail or name
    target: str = ""  # part of the target user's e-mail or name
    date_from: date | None = None
    date_to: date | None = None


def _person(column: Any, text: str) -> Any:
    person = aliased(User)
    like = f"%{text.lower()}%"
    return column.in_(
        select(person.id).where(
            or_(func.lower(person.email).like(like), func.lower(person.name).like(like))
        )
    )


def query(f: AuditFilter) -> Select[AuditEvent]:
    stmt = select(AuditEvent).options(
        joinedload(AuditEvent.actor), joinedload(AuditEvent.target_user)
    )
    if f.action:
        stmt = stmt.where(AuditEvent.action == f.action)
    if f.actor:
        stmt = stmt.where(_person(AuditEvent.actor_id, f.actor))
    if f.target:
        stmt = stmt.where(_person(AuditEvent.target_user_id, f.target))
    if f.date_from:
        stmt = stmt.where(AuditEvent.at >= datetime.combine(f.date_from, time.min, UTC))
    if f.date_to:
        stmt = stmt.where(
            AuditEvent.at < datetime.combine(f.date_to + timedelta(days=1), time.min, UTC)
        )
    return stmt.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())


def page(f: AuditFilter, number: int, per_page: int = 50) -> Any:
    return db.paginate(query(f), page=number, per_page=per_page, error_out=False)


def actions() -> list[str]:
    """Every action recorded so far, for the filter's choices."""
    return list(
        db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action))
    )


def _rows(f: AuditFilter) -> Iterator[list[object]]:
    events = db.session.scalars(query(f).limit(EXPORT_LIMIT)).unique()
    for e in events:
        yield [
            e.at.isoformat(),
            e.action,
            e.actor.email if e.actor else "",
            e.target_user.email if e.target_user else "",
            e.subject_type or "",
            e.subject_id or "",
            e.reason or "",
            ", ".join(f"{k}={v}" for k, v in sorted((e.details or {}).items())),
        ]


def export_csv(f: AuditFilter) -> bytes:
    header = [
        _("When (UTC)"),
        _("Action"),
        _("Actor"),
        _("Target user"),
        _("Subject type"),
        _("Subject id"),
        _("Reason"),
        _("Details"),
    ]
    return csv_bytes(header, _rows(f))


def recent(limit: int, *, about_user_id: int | None = None) -> list[AuditEvent]:
    """The newest events, or the newest about one account: the dashboard's and the account page's list."""
    stmt = select(AuditEvent)
    if about_user_id is not None:
        stmt = stmt.where(AuditEvent.target_user_id == about_user_id)
    return list(db.session.scalars(stmt.order_by(AuditEvent.id.desc()).limit(limit)))
