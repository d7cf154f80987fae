"""Open Badges 3.0 from outside: issuer profile, kid, revocation list, and a standard verifier.

`ob_verifier.verify_credential` knows only the JWT; every URL it follows is fetched through the
test client, as a verifier on the internet would fetch it from PUBLIC_BASE_URL.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import jwt
import pytest

from ims_training.documents.ob_verifier import FetchError, verify_credential
from ims_training.models import Role
from ims_training.services.certification import certificates

BASE = "http://127.0.0.1:5000"


def _payload(token: str) -> dict:
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def fetcher(client):  # type: ignore[no-untyped-def]
    def fetch(url: str):  # type: ignore[no-untyped-def]
        if not url.startswith(BASE):
            raise FetchError("not this portal")
        response = client.get(url.removeprefix(BASE))
        if response.status_code != 200:
            raise FetchError(f"HTTP {response.status_code}")
        return response.get_json()

    return fetch


def test_issuer_profile_names_the_issuer_and_links_its_key(client, issued):
    payload = _payload(issued.credential_jwt)
    assert payload["issuer"]["id"] == f"{BASE}/issuer"
    response = client.get("/issuer")
    profile = response.get_json()
    assert "public" in response.headers["Cache-Control"]
    assert profile["id"] == f"{BASE}/issuer" and profile["type"] == ["Profile"]
    assert profile["name"] == "IMS Training Portal" and profile["url"] == f"{BASE}/"
    assert profile["email"] == "noreply@example.org"  # from MAIL_FROM when ISSUER_EMAIL is unset
    key = client.get(profile["publicKey"].removeprefix(BASE)).get_json()
    assert key["kty"] == "RSA" and "d" not in key


def test_the_kid_dereferences_to_the_jwk_listed_in_the_jwks(client, issued):
    kid = jwt.get_unverified_header(issued.credential_jwt)["kid"]
    assert kid.startswith(f"{BASE}/issuer/keys/")
    key = client.get(kid.removeprefix(BASE)).get_json()
    listed = client.get("/.well-known/jwks.json").get_json()["keys"]
    assert [k for k in listed if k["kid"] == kid] == [key]
    assert client.get("/issuer/keys/not-our-key").status_code == 404


def test_the_holder_is_a_salted_hash_of_their_email_and_names_are_nfc(client, issued):
    import hashlib

    subject = _payload(issued.credential_jwt)["credentialSubject"]
    (identity,) = subject["identifier"]
    email = issued.holder.email
    assert (
        identity["identityHash"]
        == "sha256$" + hashlib.sha256((email + identity["salt"]).encode()).hexdigest()
    )
    assert email not in issued.credential_jwt and email not in json.dumps(subject)
    assert (
        subject["name"] == "Åse Şahin Ødegård"
        and _payload(issued.credential_jwt)["sub"] == subject["id"]
    )


def test_a_standard_verifier_accepts_an_active_credential(client, issued):
    verdict = verify_credential(issued.credential_jwt, fetcher(client), datetime.now(UTC))
    assert verdict.valid, verdict


@pytest.mark.parametrize("action, expected", [("revoke", "revoked"), ("suspend", "suspended")])
def test_a_standard_verifier_refuses_revoked_and_suspended(
    app, client, issued, make_user, action, expected
):
    with app.test_request_context("/"):
        certificates.change_status(
            issued,
            action,
            actor=make_user(Role.ADMINISTRATOR),
            reason="private reason",
            now=datetime.now(UTC),
        )
    listing = client.get("/credentials/revocations")
    assert "public" in listing.headers["Cache-Control"] and listing.headers.get("ETag")
    assert "private reason" not in listing.get_data(as_text=True)
    assert issued.public_code not in listing.get_data(as_text=True)  # codes are not published
    verdict = verify_credential(issued.credential_jwt, fetcher(client), datetime.now(UTC))
    assert not verdict.valid and verdict.reason == expected
    again = client.get(
        "/credentials/revocations", headers={"If-None-Match": listing.headers["ETag"]}
    )
    assert again.status_code == 304


def test_a_reinstated_credential_leaves_the_list(app, client, issued, make_user):
    admin = make_user(Role.ADMINISTRATOR)
    with app.test_request_context("/"):
        certificates.change_status(
            issued, "suspend", actor=admin, reason="x", now=datetime.now(UTC)
        )
        certificates.change_status(
            issued, "reinstate", actor=admin, reason=None, now=datetime.now(UTC)
        )
    assert client.get("/credentials/revocations").get_json()["revokedCredentials"] == []
    assert verify_credential(issued.credential_jwt, fetcher(client), datetime.now(UTC)).valid


def test_a_superseded_credential_is_listed_and_its_successor_is_valid(
    app, client, issued, make_user
):
    with app.test_request_context("/"):
        fresh = certificates.correct_name(
            issued,
            "Åse Ødegård",
            actor=make_user(Role.ADMINISTRATOR),
            reason="typo",
            now=datetime.now(UTC),
        )
    now = datetime.now(UTC)
    assert verify_credential(issued.credential_jwt, fetcher(client), now).reason == "superseded"
    assert verify_credential(fresh.credential_jwt, fetcher(client), now).valid


def test_an_unreachable_status_list_or_key_is_named(client, issued):
    def no_status(url: str):  # type: ignore[no-untyped-def]
        if url.endswith("/credentials/revocations"):
            raise FetchError("connection refused")
        return fetcher(client)(url)

    verdict = verify_credential(issued.credential_jwt, no_status, datetime.now(UTC))
    assert verdict.reason == "status_unavailable" and "connection refused" in verdict.detail
    verdict = verify_credential(
        issued.credential_jwt,
        lambda url: (_ for _ in ()).throw(FetchError("timed out")),
        datetime.now(UTC),
    )
    assert verdict.reason == "key_unavailable" and "timed out" in verdict.detail


def test_the_portal_refuses_a_payload_with_a_wrong_context_by_name(app, client, issued):
    from ims_training.services.certification.certificate_documents import signing_key

    payload = _payload(issued.credential_jwt)
    payload["@context"] = ["https://www.w3.org/2018/credentials/v1"]
    with app.app_context():
        key = signing_key()
    header = jwt.get_unverified_header(issued.credential_jwt)
    forged = jwt.encode(payload, key.private, algorithm="RS256", headers={"kid": header["kid"]})
    page = client.post("/verify", data={"credential": forged}).get_data(as_text=True)
    assert "Not valid." in page and "@context" in page


def test_issued_renewed_and_corrected_credentials_validate_against_1edtechs_schema(
    app, client, issued, make_user
):
    pytest.importorskip("jsonschema", reason="install the test extras (jsonschema)")
    from tests.unit.documents.test_ob3_conformance import schema_errors

    with app.test_request_context("/"):
        fresh = certificates.correct_name(
            issued,
            "Åse Ødegård",
            actor=make_user(Role.ADMINISTRATOR),
            reason="typo",
            now=datetime.now(UTC),
        )
    for token in (issued.credential_jwt, fresh.credential_jwt):
        assert schema_errors(_payload(token)) == []


def test_resign_gives_old_credentials_the_current_key_and_format(app, client, issued):
    from ims_training.extensions import db

    old_style = jwt.encode({"sub": issued.public_code, "vc": {}}, "x" * 32, algorithm="HS256")
    issued.credential_id, issued.credential_jwt = None, old_style
    db.session.commit()
    assert verify_credential(old_style, fetcher(client), datetime.now(UTC)).reason == "bad_key"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["certificates", "resign"])
    assert result.exit_code == 0 and "1 credential(s) re-signed." in result.output
    db.session.refresh(issued)
    assert issued.credential_id.startswith("urn:uuid:")
    assert _payload(issued.credential_jwt)["id"] == issued.credential_id
    assert verify_credential(issued.credential_jwt, fetcher(client), datetime.now(UTC)).valid
    page = client.post("/verify", data={"credential": issued.credential_jwt}).get_data(as_text=True)
    assert "Valid: the signature holds" in page
