"""Public verification: a certificate by its code (one query, no user loaded) and pasted credentials."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, Select, select

from ...documents.credential import verify_jwt
from ...domain.certificates import Status, effective_status
from ...extensions import db
from ...models import Certificate, Program
from .certificate_documents import signing_key, signing_kid
from .certificates import normalise_code


@dataclass(frozen=True)
class PublicCertificate:
    """What anyone may see about a certificate."""

    code: str
    holder_name: str
    program_title: dict[str, str]
    issued_on: date
    expires_on: date
    status: Status  # effective at the time asked
    status_changed_at: datetime
    revoked_at: datetime | None
    superseded: bool

    @property
    def is_valid(self) -> bool:
        return self.status is Status.ACTIVE

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "holder_name": self.holder_name,
            "program": self.program_title.get("en"),
            "program_title": self.program_title,
            "issued_on": self.issued_on.isoformat(),
            "expires_on": self.expires_on.isoformat(),
            "status": self.status.value,
            "valid": self.is_valid,
            "status_changed_at": self.status_changed_at.isoformat(),
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
        }


_PublicRow = Row[str, str, dict[str, str], date, date, str, datetime, datetime | None]


def _public_query() -> Select[str, str, dict[str, str], date, date, str, datetime, datetime | None]:
    return select(
        Certificate.public_code,
        Certificate.holder_name,
        Program.title,
        Certificate.issued_on,
        Certificate.expires_on,
        Certificate.status,
        Certificate.status_changed_at,
        Certificate.revoked_at,
    ).join(Program, Program.id == Certificate.program_id)


def _public(row: _PublicRow, now: datetime) -> PublicCertificate:
    status = effective_status(row.status, row.expires_on, now)
    return PublicCertificate(
        row.public_code,
        row.holder_name,
        dict(row.title or {}),
        row.issued_on,
        row.expires_on,
        status,
        row.status_changed_at,
        row.revoked_at,
        status is Status.SUPERSEDED,
    )


def find_public(raw_code: str, now: datetime) -> PublicCertificate | None:
    """The certificate with this code as the public sees it, or None (malformed codes: no query)."""
    code = normalise_code(raw_code)
    if code is None:
        return None
    row = db.session.execute(_public_query().where(Certificate.public_code == code)).first()
    return None if row is None else _public(row, now)


def find_by_credential_id(credential_id: str, now: datetime) -> PublicCertificate | None:
    """The certificate whose Open Badges credential has this id (the JWT's `jti`)."""
    if not credential_id.startswith("urn:uuid:") or len(credential_id) > 64:
        return None
    row = db.session.execute(
        _public_query().where(Certificate.credential_id == credential_id)
    ).first()
    return None if row is None else _public(row, now)


@dataclass(frozen=True)
class CredentialVerdict:
    """Whether a pasted credential holds: signature, dates and the certificate's current status."""

    valid: bool
    reason: (
        str  # ok, or why not: malformed, bad_signature, wrong_key, expired, unknown, revoked, ...
    )
    certificate: PublicCertificate | None = None


SHAPE_PROBLEMS = (
    "context_missing",
    "context_wrong",
    "type_wrong",
    "subject_missing",
    "claims_mismatch",
)


def check_credential(token: str, now: datetime) -> CredentialVerdict:
    """Verify a pasted JWT against our public key, then look up the certificate's current status."""
    result = verify_jwt(token, signing_key().public, signing_kid(), now)
    if result.reason in (
        "empty",
        "too_long",
        "malformed",
        "wrong_key",
        "bad_signature",
        *SHAPE_PROBLEMS,
    ):
        return CredentialVerdict(False, result.reason)
    cert = find_by_credential_id(result.credential_id or "", now)
    if cert is None:
        return CredentialVerdict(False, "unknown")
    if not result.valid:
        return CredentialVerdict(False, result.reason, cert)
    if cert.status is not Status.ACTIVE:
        return CredentialVerdict(False, cert.status.value, cert)
    return CredentialVerdict(True, "ok", cert)


UNTRUSTED = (Status.REVOKED.value, Status.SUSPENDED.value, Status.SUPERSEDED.value)


def revoked_credentials() -> list[tuple[str, str]]:
    """(credential id, status) of every credential a verifier must refuse: one query."""
    rows = db.session.execute(
        select(Certificate.credential_id, Certificate.status)
        .where(Certificate.status.in_(UNTRUSTED), Certificate.credential_id.is_not(None))
        .order_by(Certificate.id)
    ).all()
    return [(row.credential_id, row.status) for row in rows]
