"""The credential against 1EdTech's own JSON Schema, and verified without PyJWT from the JWKS alone.

The schema (tests/fixtures/openbadges/, with its licence) is 1EdTech's
`ob_v3p0_achievementcredential_schema.json`. The signature is checked with `cryptography`
directly (RSASSA-PKCS1-v1_5 with SHA-256, as RFC 7518 defines RS256), from nothing but the
published JWK: a different implementation from PyJWT, which signs.
"""

from __future__ import annotations

import base64
import json
from datetime import date
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicNumbers

from ims_training.documents.credential import CredentialInput, sign
from ims_training.documents.keys import jwks, load_signing_key

jsonschema = pytest.importorskip("jsonschema", reason="install the test extras (jsonschema)")

FIXTURES = Path(__file__).parents[2] / "fixtures" / "openbadges"
SCHEMA = json.loads((FIXTURES / "ob_v3p0_achievementcredential_schema.json").read_text())


def _b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def validator():  # type: ignore[no-untyped-def]
    return jsonschema.Draft201909Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


def schema_errors(payload: dict) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(payload)]


def test_the_vendored_schema_accepts_1edtechs_own_minimal_example():
    assert schema_errors(json.loads((FIXTURES / "minimal_valid_obv3.json").read_text())) == []


@pytest.mark.parametrize(
    "name", ["Åse Ødegård Ærø", "Şule Ğüneş İnce", "O'Brien", "Nguyễn Thị Ánh"]
)
def test_the_signed_payload_validates_against_1edtechs_schema(tmp_path, name):
    key = load_signing_key(tmp_path / "k.pem")
    token = sign(
        CredentialInput(
            "ABCD-EFGH",
            name,
            "ims-practitioner",
            "IMS Practitioner",
            date(2026, 1, 31),
            date(2028, 1, 31),
            "https://ims.example.org",
            holder_email="a@example.org",
        ),
        key,
    )
    assert schema_errors(json.loads(_b64(token.split(".")[1]))) == []


def test_the_schema_refuses_a_payload_without_context(tmp_path):
    key = load_signing_key(tmp_path / "k.pem")
    token = sign(
        CredentialInput(
            "C", "N", "p", "P", date(2026, 1, 1), date(2027, 1, 1), "https://x.example"
        ),
        key,
    )
    payload = json.loads(_b64(token.split(".")[1]))
    payload.pop("@context")
    assert schema_errors(payload)  # the test can fail: the schema does check


def verify_with_cryptography(token: str, jwk: dict) -> dict:
    """RS256 by hand: the JWK's n and e, PKCS#1 v1.5, SHA-256 over 'header.payload'."""
    header_b64, payload_b64, signature_b64 = token.split(".")
    header = json.loads(_b64(header_b64))
    assert header["alg"] == "RS256" and jwk["kty"] == "RSA" and header["kid"] == jwk["kid"]
    public = RSAPublicNumbers(
        int.from_bytes(_b64(jwk["e"]), "big"), int.from_bytes(_b64(jwk["n"]), "big")
    ).public_key()
    public.verify(
        _b64(signature_b64),
        f"{header_b64}.{payload_b64}".encode("ascii"),
        padding.PKCS1v15(),
        hashes.SHA256(),
    )  # raises InvalidSignature if not
    return json.loads(_b64(payload_b64))


def test_a_second_implementation_verifies_from_the_jwks_only(tmp_path):
    from cryptography.exceptions import InvalidSignature

    key = load_signing_key(tmp_path / "k.pem")
    token = sign(
        CredentialInput(
            "ABCD-EFGH",
            "Åse",
            "ims-practitioner",
            "IMS Practitioner",
            date(2026, 1, 31),
            date(2028, 1, 31),
            "https://ims.example.org",
            holder_email="a@example.org",
        ),
        key,
    )
    kid = jwt.get_unverified_header(token)["kid"]
    published = json.loads(json.dumps(jwks(key, kid)))  # what a verifier downloads
    (jwk,) = [k for k in published["keys"] if k["kid"] == kid]
    assert verify_with_cryptography(token, jwk)["credentialSubject"]["name"] == "Åse"
    header, payload, signature = token.split(".")
    data = json.loads(_b64(payload))
    data["credentialSubject"]["name"] = "Eve"
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=")
    with pytest.raises(InvalidSignature):
        verify_with_cryptography(f"{header}.{forged.decode()}.{signature}", jwk)
