"""An Open Badges 3.0 verifier that knows nothing of this portal: only the JWT and what it links to.

It follows the spec's "OpenBadgeCredential Verification" for a VC-JWT: dereference the header's
`kid` to a JWK, check the RS256 signature (with `cryptography` directly, not PyJWT, which signs),
check the payload's shape and claims (`credential.check_payload`), the dates, then fetch the
`1EdTechRevocationList` named in `credentialStatus` and refuse a listed credential. Whatever goes
wrong comes back as a reason, never as an exception. `fetch_json(url)` is given by the caller
(HTTP in real life, the test client in tests) and raises `FetchError` when it cannot fetch.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicNumbers

from .credential import MAX_JWT_LENGTH, STATUS_TYPE, check_payload


class FetchError(Exception):
    """The document at a URL could not be fetched or is not JSON."""


@dataclass(frozen=True)
class Verdict:
    valid: bool
    reason: str  # ok | malformed | key_unavailable | bad_key | bad_signature | <check_payload> |
    # expired | not_yet_valid | status_unavailable | revoked | suspended | superseded
    detail: str = ""
    credential: dict[str, Any] | None = None


def _b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def verify_credential(token: str, fetch_json: Callable[[str], Any], now: datetime) -> Verdict:
    token = "".join((token or "").split())
    parts = token.split(".")
    if not token or len(token) > MAX_JWT_LENGTH or len(parts) != 3:
        return Verdict(False, "malformed", "not a compact JWS (three base64url parts)")
    try:
        header, payload = json.loads(_b64(parts[0])), json.loads(_b64(parts[1]))
        signature = _b64(parts[2])
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return Verdict(False, "malformed", "the header or payload is not base64url JSON")
    if not isinstance(header, dict) or not isinstance(payload, dict):
        return Verdict(False, "malformed", "the header or payload is not a JSON object")
    if header.get("alg") != "RS256" or not isinstance(header.get("kid"), str):
        return Verdict(
            False, "bad_key", f"alg {header.get('alg')!r} with kid {header.get('kid')!r}"
        )
    try:
        jwk = fetch_json(header["kid"])
    except FetchError as exc:
        return Verdict(False, "key_unavailable", f"{header['kid']}: {exc}")
    try:
        public = RSAPublicNumbers(
            int.from_bytes(_b64(jwk["e"]), "big"), int.from_bytes(_b64(jwk["n"]), "big")
        ).public_key()
    except (KeyError, TypeError, ValueError, binascii.Error):
        return Verdict(False, "bad_key", f"{header['kid']} is not an RSA JWK")
    try:
        public.verify(
            signature, f"{parts[0]}.{parts[1]}".encode("ascii"), padding.PKCS1v15(), hashes.SHA256()
        )
    except (InvalidSignature, ValueError):
        return Verdict(False, "bad_signature")
    problem = check_payload(payload)
    if problem is not None:
        return Verdict(False, problem, credential=payload)
    stamp = now.timestamp()
    if isinstance(payload.get("exp"), int | float) and stamp > payload["exp"]:
        return Verdict(False, "expired", credential=payload)
    if not isinstance(payload.get("nbf"), int | float) or stamp < payload["nbf"]:
        return Verdict(False, "not_yet_valid", credential=payload)
    status = payload.get("credentialStatus")
    if isinstance(status, dict) and status.get("type") == STATUS_TYPE:
        try:
            listing = fetch_json(str(status.get("id")))
            revoked = {entry["id"]: entry for entry in listing["revokedCredentials"]}
        except FetchError as exc:
            return Verdict(False, "status_unavailable", f"{status.get('id')}: {exc}", payload)
        except (KeyError, TypeError):
            return Verdict(
                False, "status_unavailable", f"{status.get('id')} is not a revocation list", payload
            )
        entry = revoked.get(payload["id"])
        if entry is not None:
            kind = (
                entry.get("status")
                if entry.get("status") in ("suspended", "superseded")
                else "revoked"
            )
            return Verdict(False, kind, str(entry.get("revocationReason") or ""), payload)
    return Verdict(True, "ok", credential=payload)
