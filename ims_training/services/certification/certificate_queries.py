"""Read-only views of certificates for administrators, holders and the dashboard."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload

from ...domain.certificates import Status, effective_status, expiring_soon
from ...extensions import db
from ...models import Certificate

EXPIRING_DAYS = 90
FILTERS = ("active", "expired", "suspended", "revoked", "superseded")


def list_certificates(
    *, status: str = "", q: str = "", now: datetime, page: int = 1, per_page: int = 50
) -> Pagination:
    """Certificates newest first, filtered by effective status and holder name or code."""
    today = now.date()
    stmt = (
        select(Certificate).options(joinedload(Certificate.program)).order_by(Certificate.id.desc())
    )
    if status == "active":
        stmt = stmt.where(Certificate.status == "active", Certificate.expires_on >= today)
    elif status == "expired":
        stmt = stmt.where(
            or_(
                Certificate.status == "expired",
                and_(Certificate.status == "active", Certificate.expires_on < today),
            )
        )
    elif status in FILTERS:
        stmt = stmt.where(Certificate.status == status)
    if q.strip():
        like = f"%{q.strip().lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(Certificate.holder_name).like(like),
                func.lower(Certificate.public_code).like(like),
            )
        )
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def expiring(now: datetime, days: int = EXPIRING_DAYS) -> list[Certificate]:
    """Active certificates expiring within `days`, soonest first."""
    horizon = (now + timedelta(days=days)).date()
    certs = db.session.scalars(
        select(Certificate)
        .options(joinedload(Certificate.program))
        .where(
            Certificate.status == Status.ACTIVE.value,
            Certificate.expires_on >= now.date(),
            Certificate.expires_on <= horizon,
        )
    ).all()
    rows: list[dict[str, Any]] = [
        {"status": c.status, "expires_at": c.expires_on, "cert": c} for c in certs
    ]
    return [row["cert"] for row in expiring_soon(rows, now, days)]


def holder_certificates(user_id: int) -> list[Certificate]:
    return list(
        db.session.scalars(
            select(Certificate)
            .options(joinedload(Certificate.program))
            .where(Certificate.user_id == user_id)
            .order_by(Certificate.issued_on.desc(), Certificate.id.desc())
        )
    )


def status_now(cert: Certificate, now: datetime) -> Status:
    return effective_status(cert.status, cert.expires_on, now)
