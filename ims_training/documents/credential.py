"""Open Badges 3.0 credentials (`OpenBadgeCredential`) signed as a VC-JWT with EdDSA (Ed25519).

`build_credential` makes the JSON, `sign` the JWT, `verify_jwt` checks a pasted JWT against the
public key and says why it is not valid (tampered, wrong key, malformed, expired), never raising.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from .keys import SigningKey

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
MAX_JWT_LENGTH = 20_000
ISSUER_NAME = "IMS Training Portal"


@dataclass(frozen=True)
class CredentialInput:
    """What a credential states; all plain data so it is easy to test."""

    public_code: str
    holder_name: str
    program_key: str
    program_title: str
    issued_on: date
    expires_on: date
    base_url: str


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _end_of(day: date) -> datetime:
    # A certificate holds through its whole expiry day (see domain.certificates.has_expired).
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def verify_url(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/verify/{code}"


def build_credential(data: CredentialInput) -> dict[str, Any]:
    """The OpenBadgeCredential JSON for one certificate."""
    base = data.base_url.rstrip("/")
    url = verify_url(base, data.public_code)
    return {
        "@context": CONTEXT,
        "id": url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": base, "type": ["Profile"], "name": ISSUER_NAME, "url": base},
        "validFrom": _iso(_start_of(data.issued_on)),
        "validUntil": _iso(_end_of(data.expires_on)),
        "name": data.program_title,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": data.holder_name,
            "achievement": {
                "id": f"{base}/programs/{data.program_key}",
                "type": ["Achievement"],
                "achievementType": "Certification",
                "name": data.program_title,
                "description": f"{data.program_title}: certified practitioner of Gunn IMS "
                "(Intramuscular Stimulation).",
                "criteria": {
                    "narrative": "Passed the module quizzes and the final exam, supervised "
                    "practical assessments and clinical cases, and holds a verified health-"
                    "professional licence."
                },
            },
        },
        "credentialStatus": {
            "id": f"{url}.json",
            "type": "IMSPortalVerificationStatus",
            "statusUrl": f"{url}.json",
        },
    }


def sign(data: CredentialInput, key: SigningKey) -> str:
    """The credential as a compact JWT (VC-JWT: the credential in `vc`, with registered claims)."""
    credential = build_credential(data)
    claims = {
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "sub": data.public_code,
        "nbf": int(_start_of(data.issued_on).timestamp()),
        "exp": int(_end_of(data.expires_on).timestamp()),
        "iat": int(_start_of(data.issued_on).timestamp()),
        "vc": credential,
    }
    headers = {"kid": key.kid, "typ": "JWT"}
    return jwt.encode(claims, key.private, algorithm="EdDSA", headers=headers)


@dataclass(frozen=True)
class JwtCheck:
    """The outcome of checking a pasted credential's signature and dates (not its status)."""

    valid: bool
    reason: str  # ok | empty | too_long | malformed | wrong_key | bad_signature | expired | not_yet_valid
    code: str | None = None
    claims: dict[str, Any] | None = None


def verify_jwt(token: str, public: Ed25519PublicKey, kid: str, now: datetime) -> JwtCheck:
    """Check a compact JWT; any problem comes back as a reason, never as an exception."""
    token = "".join((token or "").split())
    if not token:
        return JwtCheck(False, "empty")
    if len(token) > MAX_JWT_LENGTH:
        return JwtCheck(False, "too_long")
    try:
        header = jwt.get_unverified_header(token)
    except (jwt.InvalidTokenError, ValueError, TypeError, json.JSONDecodeError):
        return JwtCheck(False, "malformed")
    if header.get("alg") != "EdDSA":
        return JwtCheck(False, "wrong_key")
    if header.get("kid") != kid:
        return JwtCheck(False, "wrong_key")
    try:
        claims = jwt.decode(
            token, public, algorithms=["EdDSA"], options={"verify_exp": False, "verify_nbf": False,
                                                          "require": ["exp", "nbf", "sub", "vc"]}
        )
    except jwt.InvalidSignatureError:
        return JwtCheck(False, "bad_signature")
    except (jwt.InvalidTokenError, ValueError, TypeError):
        return JwtCheck(False, "malformed")
    code = claims.get("sub")
    if not isinstance(code, str) or not isinstance(claims.get("vc"), dict):
        return JwtCheck(False, "malformed")
    stamp = now.timestamp()
    if not isinstance(claims["exp"], int | float) or not isinstance(claims["nbf"], int | float):
        return JwtCheck(False, "malformed")
    if stamp > claims["exp"]:
        return JwtCheck(False, "expired", code, claims)
    if stamp < claims["nbf"]:
        return JwtCheck(False, "not_yet_valid", code, claims)
    return JwtCheck(True, "ok", code, claims)
