"""The PDF (Unicode names, QR), the signing key file and the signed credential, without an app."""

from __future__ import annotations

import io
import os
import stat
from datetime import UTC, date, datetime

import jwt
import pytest
from pypdf import PdfReader

from ims_training.documents.credential import CredentialInput, build_credential, sign, verify_jwt
from ims_training.documents.keys import jwks, load_signing_key
from ims_training.documents.pdf import CertificateDocument, render_pdf

NAMES = ["Åse Ødegård Ærø", "Şule Ğüneş İnce", "Zoë Dvořák-Łukasiewicz", "Nguyễn Thị Ánh"]


@pytest.mark.parametrize("name", NAMES)
def test_pdf_prints_names_in_latin_scripts(name):
    doc = CertificateDocument(
        name,
        "IMS Practitioner",
        "IMS-praktiker",
        date(2026, 1, 31),
        date(2028, 1, 31),
        "ABCD-EFGH",
        "https://ims.example.org/verify/ABCD-EFGH",
    )
    text = PdfReader(io.BytesIO(render_pdf(doc))).pages[0].extract_text()
    assert name in text
    assert "https://ims.example.org/verify/ABCD-EFGH" in text and "2028-01-31" in text


def test_pdf_draws_the_qr_code_as_vector_shapes():
    doc = CertificateDocument(
        "A B", "P", "P", date(2026, 1, 1), date(2028, 1, 1), "C", "https://x/verify/C"
    )
    page = PdfReader(io.BytesIO(render_pdf(doc))).pages[0]
    assert len(page.images) == 0 and "re f" in page.get_contents().get_data().decode(
        "latin-1"
    ).replace("\n", " ")


def test_key_is_made_once_with_mode_0600_as_rsa_2048(tmp_path):
    path = tmp_path / "keys" / "k.pem"
    key = load_signing_key(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_signing_key(path).thumbprint == key.thumbprint
    assert key.private.key_size >= 2048
    published = jwks(key)["keys"][0]
    assert published["kty"] == "RSA" and published["alg"] == "RS256" and published["kid"] == key.kid
    assert not {"d", "p", "q", "dp", "dq", "qi"} & set(published)


def test_an_ed25519_key_file_is_refused_with_a_named_message(tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = tmp_path / "old.pem"
    path.write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    with pytest.raises(RuntimeError, match="old.pem does not hold an RSA private key"):
        load_signing_key(path)


DATA = CredentialInput(
    "ABCD-EFGH",
    "A\u030ase \u00d8deg\u00e5rd",
    "ims-practitioner",
    "IMS Practitioner",
    date(2026, 1, 31),
    date(2028, 1, 31),
    "https://ims.example.org",
    holder_email="Ase@Example.org",
    credential_id="urn:uuid:2f1e7c9a-1111-4222-8333-444455556666",
    issuer_email="certification@ims.example.org",
    salt="pepper",
)
NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _payload(token: str) -> dict:
    import base64
    import json

    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def test_credential_is_an_open_badge_certification():
    vc = build_credential(DATA)
    assert (
        "OpenBadgeCredential" in vc["type"]
        and vc["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    )
    assert vc["validFrom"] == "2026-01-31T00:00:00Z" and vc["validUntil"] == "2028-01-31T23:59:59Z"
    assert vc["credentialSubject"]["achievement"]["achievementType"] == "Certification"
    assert vc["credentialStatus"] == {
        "id": "https://ims.example.org/credentials/revocations",
        "type": "1EdTechRevocationList",
    }
    assert vc["issuer"]["id"] == "https://ims.example.org/issuer"
    assert vc["issuer"]["email"] == "certification@ims.example.org"


def test_the_name_is_signed_nfc_normalised():
    vc = build_credential(DATA)
    assert vc["credentialSubject"]["name"] == "\u00c5se \u00d8deg\u00e5rd"  # one code point for Å


def test_the_subject_is_the_holders_salted_hashed_email():
    import hashlib

    subject = build_credential(DATA)["credentialSubject"]
    (identity,) = subject["identifier"]
    expected = "sha256$" + hashlib.sha256(b"ase@example.orgpepper").hexdigest()
    assert identity == {
        "type": "IdentityObject",
        "identityHash": expected,
        "identityType": "emailAddress",
        "hashed": True,
        "salt": "pepper",
    }
    assert "ase@example.org" not in str(subject).lower()
    other = build_credential(CredentialInput(**{**DATA.__dict__, "salt": ""}))
    assert other["credentialSubject"]["identifier"][0]["salt"] != "pepper"  # a fresh salt


def test_jwt_payload_follows_the_ob3_jwt_encoding(tmp_path):
    key = load_signing_key(tmp_path / "k.pem")
    token = sign(DATA, key)
    header = jwt.get_unverified_header(token)
    assert header == {
        "alg": "RS256",
        "kid": f"https://ims.example.org/issuer/keys/{key.thumbprint}",
        "typ": "JWT",
    }
    payload = _payload(token)
    assert "vc" not in payload and payload["type"] == [
        "VerifiableCredential",
        "OpenBadgeCredential",
    ]
    assert payload["iss"] == payload["issuer"]["id"] and payload["jti"] == payload["id"]
    assert payload["sub"] == payload["credentialSubject"]["id"]
    assert payload["nbf"] == int(datetime(2026, 1, 31, tzinfo=UTC).timestamp())
    assert payload["exp"] == int(datetime(2028, 1, 31, 23, 59, 59, tzinfo=UTC).timestamp())


def test_signed_credential_verifies_offline_with_the_published_key(tmp_path):
    key = load_signing_key(tmp_path / "k.pem")
    token = sign(DATA, key)
    kid = jwt.get_unverified_header(token)["kid"]
    public = jwt.PyJWK(jwks(key, kid)["keys"][0]).key
    claims = jwt.decode(token, public, algorithms=["RS256"], options={"verify_exp": False})
    assert claims["credentialSubject"]["name"] == "\u00c5se \u00d8deg\u00e5rd"
    check = verify_jwt(token, key.public, kid, NOW)
    assert check.valid and check.credential_id == DATA.credential_id


def _resign(token: str, key, change) -> str:  # type: ignore[no-untyped-def]
    """The payload changed by `change`, signed again with the right key (a shape problem only)."""
    payload = _payload(token)
    change(payload)
    return jwt.encode(
        payload,
        key.private,
        algorithm="RS256",
        headers={"kid": jwt.get_unverified_header(token)["kid"], "typ": "JWT"},
    )


def _tamper(token: str) -> str:
    header, payload, signature = token.split(".")
    import base64
    import json

    data = _payload(token)
    data["credentialSubject"]["name"] = "Mallory"
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


def test_bad_credentials_get_a_reason_never_an_exception(tmp_path):
    key, other = load_signing_key(tmp_path / "a.pem"), load_signing_key(tmp_path / "b.pem")
    token = sign(DATA, key)
    kid = jwt.get_unverified_header(token)["kid"]
    assert verify_jwt(_tamper(token), key.public, kid, NOW).reason == "bad_signature"
    assert verify_jwt(sign(DATA, other), key.public, kid, NOW).reason == "wrong_key"
    for junk in ("not a jwt", "a.b.c", "eyJ.eyJ.sig", token[:40], "é" * 10):
        assert verify_jwt(junk, key.public, kid, NOW).reason == "malformed"
    assert verify_jwt("", key.public, kid, NOW).reason == "empty"
    assert verify_jwt("x" * 30_000, key.public, kid, NOW).reason == "too_long"
    later = datetime(2028, 2, 1, tzinfo=UTC)
    assert verify_jwt(token, key.public, kid, later).reason == "expired"
    forged_alg = jwt.encode({"sub": "ABCD-EFGH"}, "secret", algorithm="HS256", headers={"kid": kid})
    assert verify_jwt(forged_alg, key.public, kid, NOW).reason == "wrong_key"


@pytest.mark.parametrize(
    "change, reason",
    [
        (lambda p: p.pop("@context"), "context_missing"),
        (
            lambda p: p.__setitem__(
                "@context",
                ["https://www.w3.org/2018/credentials/v1", "https://example.org/ctx.json"],
            ),
            "context_wrong",
        ),
        (lambda p: p.__setitem__("type", ["VerifiableCredential"]), "type_wrong"),
        (
            lambda p: p["credentialSubject"].pop("id") and p["credentialSubject"].pop("identifier"),
            "subject_missing",
        ),
        (lambda p: p.__setitem__("sub", "urn:uuid:someone-else"), "claims_mismatch"),
        (lambda p: p.__setitem__("jti", "urn:uuid:another"), "claims_mismatch"),
        (lambda p: p.__setitem__("nbf", p["nbf"] - 86400), "claims_mismatch"),
    ],
)
def test_a_payload_that_is_not_an_ob3_credential_is_named(tmp_path, change, reason):
    key = load_signing_key(tmp_path / "k.pem")
    token = sign(DATA, key)
    kid = jwt.get_unverified_header(token)["kid"]
    check = verify_jwt(_resign(token, key, change), key.public, kid, NOW)
    assert not check.valid and check.reason == reason
