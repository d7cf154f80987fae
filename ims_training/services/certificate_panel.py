"""The trainee dashboard panel "Your certificate": status, expiry, and a renewal reminder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ..domain.certificates import Status
from ..models import Role, User
from .certificate_queries import EXPIRING_DAYS, holder_certificates, status_now
from .dashboard import PANEL_BUILDERS, Panel


def certificate_panel(user: User, now: datetime | None = None) -> Panel | None:
    """The holder's newest certificate that is not superseded; no panel without one."""
    now = now or datetime.now(UTC)
    certs = [c for c in holder_certificates(user.id) if c.status != Status.SUPERSEDED.value]
    if not certs:
        return None
    cert = certs[0]
    status = status_now(cert, now)
    soon = status is Status.ACTIVE and cert.expires_on <= (now + timedelta(days=EXPIRING_DAYS)).date()
    return Panel(Role.TRAINEE, "main/_panel_certificate.html",
                 {"cert": cert, "status": status, "expiring_soon": soon,
                  "days_left": (cert.expires_on - now.date()).days})


if certificate_panel not in PANEL_BUILDERS[Role.TRAINEE]:
    PANEL_BUILDERS[Role.TRAINEE].append(certificate_panel)
