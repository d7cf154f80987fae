"""Recording audit events (append-only; see models.audit)."""

from __future__ import annotations

from typing import Any

from ...extensions import db
from ...models import AuditEvent, User


def record(
    action: str,
    *,
    actor: User | None,
    target_user: User | None = None,
    subject_type: str | None = None,
    subject_id: object = None,
    reason: str | None = None,
    **details: Any,
) -> AuditEvent:
    """Add an audit event to the current transaction; the calling service commits."""
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor else None,
        target_user_id=target_user.id if target_user else None,
        subject_type=subject_type,
        subject_id=None if subject_id is None else str(subject_id),
        reason=reason,
        details=details,
    )
    db.session.add(event)
    return event
