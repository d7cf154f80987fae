"""Certificate life cycle: statuses, the allowed transitions, expiry and renewal dates."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, TypeVar

D = TypeVar("D", date, datetime)
C = TypeVar("C", bound=Mapping[str, Any])


class Status(StrEnum):
    """The statuses a certificate can have."""

    ACTIVE = "active"
    EXPIRED = "expired"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"


class Action(StrEnum):
    """What can happen to a certificate."""

    EXPIRE = "expire"
    SUSPEND = "suspend"
    REINSTATE = "reinstate"
    REVOKE = "revoke"
    RENEW = "renew"
    SUPERSEDE = "supersede"


class Event(StrEnum):
    """What a certificate's history records (`CertificateEvent.action`)."""

    ISSUED = "issued"
    RENEWED = "renewed"
    SUSPENDED = "suspended"
    REINSTATED = "reinstated"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"
    EXPIRED = "expired"


# The stored statuses that make a certificate the holder's current one in its program: at most one
# per holder and program (a suspended certificate can be reinstated, so it still counts). An active
# certificate past its expiry date counts until `certificates expire` stores `expired`: the rule
# reads the stored status only, as the database's partial unique index does.
CURRENT: tuple[Status, ...] = (Status.ACTIVE, Status.SUSPENDED)


class TransitionError(ValueError):
    """A status change the rules do not allow, or one missing its reason."""


# Revoked and superseded are final: a revoked holder must certify again from the start.
TRANSITIONS: dict[Status, dict[Action, Status]] = {
    Status.ACTIVE: {
        Action.EXPIRE: Status.EXPIRED,
        Action.SUSPEND: Status.SUSPENDED,
        Action.REVOKE: Status.REVOKED,
        Action.RENEW: Status.ACTIVE,
        Action.SUPERSEDE: Status.SUPERSEDED,
    },
    Status.EXPIRED: {
        Action.RENEW: Status.ACTIVE,
        Action.REVOKE: Status.REVOKED,
        Action.SUPERSEDE: Status.SUPERSEDED,
    },
    Status.SUSPENDED: {
        Action.REINSTATE: Status.ACTIVE,
        Action.EXPIRE: Status.EXPIRED,
        Action.REVOKE: Status.REVOKED,
    },
    Status.REVOKED: {},
    Status.SUPERSEDED: {},
}
NEEDS_REASON = frozenset({Action.SUSPEND, Action.REVOKE})


def _parse(enum: type[Status] | type[Action], value: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        raise TransitionError(f"unknown certificate {enum.__name__.lower()} {value!r}") from None


def clean_reason(reason: str | None) -> str:
    """The stripped reason, refusing an empty one (a revocation must say why)."""
    text = (reason or "").strip()
    if not text:
        raise TransitionError("a reason is required")
    return text


def transition(current: str, action: str, reason: str | None = None) -> Status:
    """The status after `action`, or `TransitionError` naming why it is not allowed."""
    status, act = _parse(Status, current), _parse(Action, action)
    new = TRANSITIONS[status].get(act)
    if new is None:
        allowed = ", ".join(sorted(TRANSITIONS[status])) or "nothing (final status)"
        raise TransitionError(f"cannot {act} a {status} certificate; allowed: {allowed}")
    if act in NEEDS_REASON:
        try:
            clean_reason(reason)
        except TransitionError:
            raise TransitionError(f"to {act} a certificate a reason is required") from None
    return new


def revoke(current: str, reason: str | None) -> tuple[Status, str]:
    """Revoke a certificate: the new status and the cleaned reason to record."""
    return transition(current, Action.REVOKE, reason), clean_reason(reason)


def add_months(when: D, months: int) -> D:
    """`when` plus whole months, clamped to the month end (31 January + 1 month = 28/29 February)."""
    index = when.year * 12 + when.month - 1 + months
    year, month = divmod(index, 12)
    day = min(when.day, calendar.monthrange(year, month + 1)[1])
    return when.replace(year=year, month=month + 1, day=day)


def expiry_date(issued_on: D, validity_months: int) -> D:
    """When a certificate issued on `issued_on` expires."""
    if validity_months <= 0:
        raise ValueError("validity_months must be positive")
    return add_months(issued_on, validity_months)


def renewal_expiry(current_expiry: datetime, now: datetime, validity_months: int) -> datetime:
    """The new expiry on renewal: counted from the current expiry, or from now if already past."""
    return expiry_date(max(current_expiry, now), validity_months)


def has_expired(expires_at: date | None, now: datetime) -> bool:
    """A datetime expiry is past at that instant; a date expiry holds through that whole day."""
    if expires_at is None:
        return False
    if isinstance(expires_at, datetime):
        return now >= expires_at
    return now.date() > expires_at


def effective_status(stored_status: str, expires_at: date | None, now: datetime) -> Status:
    """The status to show: an active certificate past its expiry is expired even if not yet stored."""
    status = _parse(Status, stored_status)
    if status is Status.ACTIVE and has_expired(expires_at, now):
        return Status.EXPIRED
    return status


def expiring_soon(certs: Iterable[C], now: datetime, days: int = 90) -> list[C]:
    """Certificates (mappings with `status` and `expires_at`) still active but expiring within `days`.

    Sorted soonest first, for reminders and the administrator's list.
    """
    horizon = now + timedelta(days=days)
    soon = [
        cert
        for cert in certs
        if effective_status(cert["status"], cert.get("expires_at"), now) is Status.ACTIVE
        and cert.get("expires_at") is not None
        and has_expired(cert["expires_at"], horizon)
    ]
    return sorted(soon, key=lambda cert: _as_datetime(cert["expires_at"], now))


def _as_datetime(value: date, now: datetime) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day, tzinfo=now.tzinfo)
