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
    doc = CertificateDocument(name, "IMS Practitioner", "IMS-praktiker", date(2026, 1, 31),
                              date(2028, 1, 31), "ABCD-EFGH", "https://ims.example.org/verify/ABCD-EFGH")
    text = PdfReader(io.BytesIO(render_pdf(doc))).pages[0].extract_text()
    assert name in text
    assert "https://ims.example.org/verify/ABCD-EFGH" in text and "2028-01-31" in text


def test_pdf_draws_the_qr_code_as_vector_shapes():
    doc = CertificateDocument("A B", "P", "P", date(2026, 1, 1), date(2028, 1, 1), "C", "https://x/verify/C")
    page = PdfReader(io.BytesIO(render_pdf(doc))).pages[0]
    assert len(page.images) == 0 and "re f" in page.get_contents().get_data().decode("latin-1").replace("\n", " ")


def test_key_is_made_once_with_mode_0600(tmp_path):
    path = tmp_path / "keys" / "k.pem"
    key = load_signing_key(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_signing_key(path).kid == key.kid
    published = jwks(key)["keys"][0]
    assert published["kty"] == "OKP" and published["crv"] == "Ed25519" and published["kid"] == key.kid
    assert "d" not in published


DATA = CredentialInput("ABCD-EFGH", "Åse Ødegård", "ims-practitioner", "IMS Practitioner",
                       date(2026, 1, 31), date(2028, 1, 31), "https://ims.example.org")
NOW = datetime(2026, 6, 1, tzinfo=UTC)


def test_credential_is_an_open_badge_certification():
    vc = build_credential(DATA)
    assert "OpenBadgeCredential" in vc["type"] and vc["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert vc["validFrom"] == "2026-01-31T00:00:00Z" and vc["validUntil"] == "2028-01-31T23:59:59Z"
    assert vc["credentialSubject"]["achievement"]["achievementType"] == "Certification"
    assert vc["credentialStatus"]["id"] == "https://ims.example.org/verify/ABCD-EFGH.json"


def test_signed_credential_verifies_offline_with_the_published_key(tmp_path):
    key = load_signing_key(tmp_path / "k.pem")
    token = sign(DATA, key)
    assert jwt.get_unverified_header(token)["kid"] == key.kid
    public = jwt.PyJWK(jwks(key)["keys"][0]).key
    claims = jwt.decode(token, public, algorithms=["EdDSA"], options={"verify_exp": False})
    assert claims["vc"]["credentialSubject"]["name"] == "Åse Ødegård"
    check = verify_jwt(token, key.public, key.kid, NOW)
    assert check.valid and check.code == "ABCD-EFGH"


def _tamper(token: str) -> str:
    header, payload, signature = token.split(".")
    import base64
    import json

    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["vc"]["credentialSubject"]["name"] = "Mallory"
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


def test_bad_credentials_get_a_reason_never_an_exception(tmp_path):
    key, other = load_signing_key(tmp_path / "a.pem"), load_signing_key(tmp_path / "b.pem")
    token = sign(DATA, key)
    assert verify_jwt(_tamper(token), key.public, key.kid, NOW).reason == "bad_signature"
    assert verify_jwt(sign(DATA, other), key.public, key.kid, NOW).reason == "wrong_key"
    for junk in ("not a jwt", "a.b.c", "eyJ.eyJ.sig", token[:40], "é" * 10):
        assert verify_jwt(junk, key.public, key.kid, NOW).reason == "malformed"
    assert verify_jwt("", key.public, key.kid, NOW).reason == "empty"
    assert verify_jwt("x" * 30_000, key.public, key.kid, NOW).reason == "too_long"
    later = datetime(2028, 2, 1, tzinfo=UTC)
    assert verify_jwt(token, key.public, key.kid, later).reason == "expired"
    forged_alg = jwt.encode({"sub": "ABCD-EFGH"}, "secret", algorithm="HS256", headers={"kid": key.kid})
    assert verify_jwt(forged_alg, key.public, key.kid, NOW).reason == "wrong_key"
