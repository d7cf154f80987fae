"""The holder's public badge page: what to show, the LinkedIn link, the baked badge image."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from sqlalchemy import select

from ...documents.badge import badge_svg
from ...documents.credential import ISSUER_NAME, badge_url, issuer_url, verify_url
from ...extensions import db
from ...models import Certificate, Program
from .certificate_documents import base_url
from .verification import PublicCertificate, find_public

LINKEDIN_ADD = "https://www.linkedin.com/profile/add"


@dataclass(frozen=True)
class PublicBadge:
    cert: PublicCertificate
    program_key: str
    credential_jwt: str | None
    page_url: str
    verify_url: str
    issuer_url: str
    issuer_name: str = ISSUER_NAME

    @property
    def shareable(self) -> bool:
        """Sharing (LinkedIn, download) is offered only for a valid certificate."""
        return self.cert.is_valid and bool(self.credential_jwt)

    @property
    def linkedin_url(self) -> str:
        """LinkedIn's "add licence or certification" form, filled in."""
        cert = self.cert
        return (
            LINKEDIN_ADD
            + "?"
            + urlencode(
                {
                    "startTask": "CERTIFICATION_NAME",
                    "name": cert.program_title.get("en") or self.program_key,
                    "organizationName": self.issuer_name,
                    "issueYear": cert.issued_on.year,
                    "issueMonth": cert.issued_on.month,
                    "expirationYear": cert.expires_on.year,
                    "expirationMonth": cert.expires_on.month,
                    "certUrl": self.page_url,
                    "certId": cert.code,
                }
            )
        )


def find_badge(raw_code: str, now: datetime) -> PublicBadge | None:
    """The public badge of the certificate with this code (two small queries), or None."""
    cert = find_public(raw_code, now)
    if cert is None:
        return None
    row = db.session.execute(
        select(Program.key, Certificate.credential_jwt)
        .join(Program, Program.id == Certificate.program_id)
        .where(Certificate.public_code == cert.code)
    ).one()
    base = base_url()
    return PublicBadge(
        cert,
        row.key,
        row.credential_jwt,
        badge_url(base, cert.code),
        verify_url(base, cert.code),
        issuer_url(base),
    )


def baked_badge(badge: PublicBadge) -> bytes:
    """The badge image with the holder's credential baked in (SVG, Open Badges 3.0 baking)."""
    title = badge.cert.program_title.get("en") or badge.program_key
    return badge_svg(title, badge.issuer_name, badge.credential_jwt)


def program_badge(key: str) -> bytes | None:
    """The program's plain badge image (the credential's `achievement.image`), or None."""
    title = db.session.scalar(select(Program.title).where(Program.key == key))
    if title is None:
        return None
    return badge_svg(title.get("en") or key, ISSUER_NAME)
