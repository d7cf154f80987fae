"""Open Badges 3.0 credentials (`OpenBadgeCredential`) signed as a VC-JWT with RS256.

Decisions (docs/certification.md, "Open Badges 3.0"):

- The JWT payload is the credential itself with the registered claims added (`iss` = issuer.id,
  `jti` = id, `sub` = credentialSubject.id, `nbf` = validFrom, `exp` = validUntil), as the
  spec's "JWT Payload Format" says; there is no `vc` claim. The JOSE header is `alg: RS256`,
  `typ: JWT` and `kid`, a URL that returns the public JWK (and that is listed in the JWKS).
- The credential's `id` is `urn:uuid:<uuid4>`, stable per certificate (renewals keep it). It is not
  the verification URL, so the public revocation list does not hand out certificate codes.
- The holder is `credentialSubject.identifier`: their e-mail as an `IdentityObject`, salted and
  hashed (`sha256$hex(email + salt)`), so whoever knows the e-mail can check it and nobody can
  read it. `credentialSubject.id` (= `sub`) is `urn:uuid:` derived from that hash.
- The issuer is `PUBLIC_BASE_URL/issuer`, which serves the issuer `Profile`.
- Status: `credentialStatus` of type `1EdTechRevocationList` (the method OB 3.0's verification
  section names), pointing at the public list `PUBLIC_BASE_URL/credentials/revocations`.
- Names are NFC-normalised before they are signed.

`verify_jwt` checks a pasted JWT against the portal's public key and says why it is not valid,
never raising; `check_payload` checks the credential's shape (the rules a verifier applies).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

from .keys import SigningKey

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CONTEXT = [VC_CONTEXT, OB_CONTEXT]
# The `$id` of the schema the tests validate against (tests/fixtures/openbadges/): 1EdTech's
# AchievementCredential schema in its JSON-LD-compaction-compatible form.
SCHEMA_URL = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json-ld/"
    "ob_v3p0_achievementcredential_schema.json"
)
STATUS_TYPE = "1EdTechRevocationList"
ALGORITHM = "RS256"
MAX_JWT_LENGTH = 20_000
ISSUER_NAME = "IMS Training Portal"
SUBJECT_NAMESPACE = uuid.UUID("6f1d3c1e-8d0a-4f4e-9a57-2b4c1d2e9f10")


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
    holder_email: str = ""
    credential_id: str = ""  # urn:uuid:...; a new one when empty
    issuer_email: str = ""
    salt: str = ""  # for the identity hash; a new one when empty


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _end_of(day: date) -> datetime:
    # A certificate holds through its whole expiry day (see domain.certificates.has_expired).
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _base(base_url: str) -> str:
    return base_url.rstrip("/")


def verify_url(base_url: str, code: str) -> str:
    return f"{_base(base_url)}/verify/{code}"


def badge_url(base_url: str, code: str) -> str:
    """The holder's public badge page (share it, add it to LinkedIn)."""
    return f"{_base(base_url)}/badges/{code}"


def issuer_url(base_url: str) -> str:
    return f"{_base(base_url)}/issuer"


def key_url(base_url: str, key: SigningKey) -> str:
    """The JOSE `kid`: dereferences to the public JWK, which the JWKS lists under the same kid."""
    return f"{_base(base_url)}/issuer/keys/{key.thumbprint}"


def revocation_list_url(base_url: str) -> str:
    return f"{_base(base_url)}/credentials/revocations"


def new_credential_id() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def identity_hash(email: str, salt: str) -> str:
    """OB 3.0 IdentityHash of an e-mail address: `sha256$` + hex SHA-256 of (address + salt)."""
    known = nfc(email).strip().lower()
    return "sha256$" + hashlib.sha256((known + salt).encode("utf-8")).hexdigest()


def subject_id(hashed: str) -> str:
    return f"urn:uuid:{uuid.uuid5(SUBJECT_NAMESPACE, hashed)}"


def build_credential(data: CredentialInput) -> dict[str, Any]:
    """The OpenBadgeCredential JSON for one certificate."""
    base = _base(data.base_url)
    title = nfc(data.program_title)
    salt = data.salt or secrets.token_hex(16)
    hashed = identity_hash(data.holder_email, salt)
    issuer: dict[str, Any] = {
        "id": issuer_url(base),
        "type": ["Profile"],
        "name": ISSUER_NAME,
        "url": base + "/",
    }
    if data.issuer_email:
        issuer["email"] = data.issuer_email
    return {
        "@context": CONTEXT,
        "id": data.credential_id or new_credential_id(),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer,
        "validFrom": _iso(_start_of(data.issued_on)),
        "validUntil": _iso(_end_of(data.expires_on)),
        "name": title,
        "credentialSubject": {
            "id": subject_id(hashed),
            "type": ["AchievementSubject"],
            "name": nfc(data.holder_name),
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": hashed,
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": salt,
                }
            ],
            "achievement": {
                "id": f"{base}/programs/{data.program_key}",
                "type": ["Achievement"],
                "achievementType": "Certification",
                "name": title,
                "description": f"{title}: certified practitioner of Gunn IMS "
                "(Intramuscular Stimulation).",
                "criteria": {
                    "narrative": "Passed the module quizzes and the final exam, supervised "
                    "practical assessments and clinical cases, and holds a verified health-"
                    "professional licence."
                },
                "image": {"id": f"{base}/programs/{data.program_key}/badge.svg", "type": "Image"},
            },
        },
        # The certificate's public page, so the link printed on the PDF and in its QR code is in
        # the credential too (the id stays a urn:uuid, so the revocation list names no codes).
        "evidence": [
            {
                "id": verify_url(base, data.public_code),
                "type": ["Evidence"],
                "name": "Public verification page",
                "description": "Shows whether this certificate is valid, suspended or revoked now.",
            }
        ],
        "credentialSchema": [{"id": SCHEMA_URL, "type": "1EdTechJsonSchemaValidator2019"}],
        "credentialStatus": {"id": revocation_list_url(base), "type": STATUS_TYPE},
    }


def jwt_payload(credential: dict[str, Any]) -> dict[str, Any]:
    """The credential with the registered claims OB 3.0's JWT Payload Format requires."""
    valid_from = datetime.strptime(credential["validFrom"], "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=UTC
    )
    claims: dict[str, Any] = {
        **credential,
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "sub": credential["credentialSubject"]["id"],
        "nbf": int(valid_from.timestamp()),
        "iat": int(valid_from.timestamp()),
    }
    if credential.get("validUntil"):
        until = datetime.strptime(credential["validUntil"], "%Y-%m-%dT%H:%M:%SZ").replace(
            tzinfo=UTC
        )
        claims["exp"] = int(until.timestamp())
    return claims


def sign(data: CredentialInput, key: SigningKey) -> str:
    """The credential as a compact JWS (VC-JWT), RS256, `kid` = the key's URL."""
    payload = jwt_payload(build_credential(data))
    headers = {"kid": key_url(data.base_url, key), "typ": "JWT"}
    return jwt.encode(payload, key.private, algorithm=ALGORITHM, headers=headers)


def check_payload(claims: dict[str, Any]) -> str | None:
    """Why this payload is not an OB 3.0 credential the JWT claims agree with, or None.

    The rules of the spec's "Verify a Credential VC-JWT Signature" and "OpenBadgeCredential
    Verification" (shape, not signature or status): the two contexts first, both types, a subject
    with `id` or `identifier`, and `iss`/`sub`/`jti`/`nbf`/`exp` equal to what they stand for.
    """
    context = claims.get("@context")
    if not isinstance(context, list) or len(context) < 2:
        return "context_missing"
    if context[0] != VC_CONTEXT or not (
        isinstance(context[1], str)
        and context[1].startswith("https://purl.imsglobal.org/spec/ob/v3p0/context")
    ):
        return "context_wrong"
    types = claims.get("type")
    if (
        not isinstance(types, list)
        or "VerifiableCredential" not in types
        or not ({"OpenBadgeCredential", "AchievementCredential"} & set(types))
    ):
        return "type_wrong"
    subject, issuer = claims.get("credentialSubject"), claims.get("issuer")
    if not isinstance(subject, dict) or not (subject.get("id") or subject.get("identifier")):
        return "subject_missing"
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if claims.get("iss") != issuer_id or claims.get("jti") != claims.get("id"):
        return "claims_mismatch"
    if "sub" not in claims or (subject.get("id") and claims.get("sub") != subject.get("id")):
        return "claims_mismatch"
    try:
        valid_from = datetime.strptime(str(claims.get("validFrom")), "%Y-%m-%dT%H:%M:%SZ")
        if claims.get("nbf") != int(valid_from.replace(tzinfo=UTC).timestamp()):
            return "claims_mismatch"
        if claims.get("validUntil") is not None:
            until = datetime.strptime(str(claims["validUntil"]), "%Y-%m-%dT%H:%M:%SZ")
            if claims.get("exp") != int(until.replace(tzinfo=UTC).timestamp()):
                return "claims_mismatch"
    except ValueError:
        return "claims_mismatch"
    return None


@dataclass(frozen=True)
class JwtCheck:
    """The outcome of checking a pasted credential's signature and dates (not its status)."""

    valid: bool
    # ok | empty | too_long | malformed | wrong_key | bad_signature | context_missing |
    # context_wrong | type_wrong | subject_missing | claims_mismatch | expired | not_yet_valid
    reason: str
    credential_id: str | None = None
    claims: dict[str, Any] | None = None


def verify_jwt(token: str, public: RSAPublicKey, kid: str, now: datetime) -> JwtCheck:
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
    if header.get("alg") != ALGORITHM or header.get("kid") != kid:
        return JwtCheck(False, "wrong_key")
    try:
        claims = jwt.decode(
            token,
            public,
            algorithms=[ALGORITHM],
            options={
                "verify_exp": False,
                "verify_nbf": False,
                "verify_iat": False,
                "verify_aud": False,
                "require": ["iss", "jti", "sub", "nbf"],
            },
        )
    except jwt.InvalidSignatureError:
        return JwtCheck(False, "bad_signature")
    except (jwt.InvalidTokenError, ValueError, TypeError):
        return JwtCheck(False, "malformed")
    problem = check_payload(claims)
    if problem is not None:
        return JwtCheck(False, problem, None, claims)
    credential_id = claims["jti"]
    stamp = now.timestamp()
    if not isinstance(claims["nbf"], int | float) or not isinstance(
        claims.get("exp", 0), int | float
    ):
        return JwtCheck(False, "malformed")
    if "exp" in claims and stamp > claims["exp"]:
        return JwtCheck(False, "expired", credential_id, claims)
    if stamp < claims["nbf"]:
        return JwtCheck(False, "not_yet_valid", credential_id, claims)
    return JwtCheck(True, "ok", credential_id, claims)


def issuer_profile(base_url: str, *, email: str, key: SigningKey) -> dict[str, Any]:
    """The issuer `Profile` served at the issuer id, with a link to its public key(s)."""
    base = _base(base_url)
    profile: dict[str, Any] = {
        "@context": CONTEXT,
        "id": issuer_url(base),
        "type": ["Profile"],
        "name": ISSUER_NAME,
        "url": base + "/",
        "description": "Trains and certifies practitioners of Gunn IMS (Intramuscular "
        "Stimulation).",
        # Not an OB 3.0 Profile term (extra properties are allowed): where the keys are.
        "publicKey": key_url(base, key),
        "jwks": f"{base}/.well-known/jwks.json",
        "revocationList": revocation_list_url(base),
    }
    if email:
        profile["email"] = email
    return profile


REVOCATION_REASONS = {
    "revoked": "Revoked by the issuer.",
    "suspended": "Suspended by the issuer; it may be reinstated.",
    "superseded": "Replaced by a corrected credential.",
}


def revocation_list(base_url: str, entries: list[tuple[str, str]]) -> dict[str, Any]:
    """The 1EdTech revocation list: (credential id, status) of every credential not to be trusted.

    Suspended credentials are listed (with `revocationReason` and `status` saying so) so that a
    standard verifier refuses them; they leave the list when reinstated. Reasons given by
    administrators are never published.
    """
    base = _base(base_url)
    return {
        "id": revocation_list_url(base),
        "issuer": issuer_url(base),
        "revokedCredentials": [
            {"id": credential_id, "revocationReason": REVOCATION_REASONS[status], "status": status}
            for credential_id, status in entries
        ],
    }
