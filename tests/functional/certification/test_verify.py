"""Public verification: by code (HTML and JSON), pasted credentials, rate limit, not-found pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine

from ims_training.extensions import db
from ims_training.models import Certificate, Role
from ims_training.services.certification import certificates
from tests.factories.certification import snapshot
from tests.sql_statements import recorded
from tests.unit.documents.test_documents import _tamper


def test_verify_page_shows_holder_program_dates_and_status(client, issued):
    page = client.get(f"/verify/{issued.public_code}").get_data(as_text=True)
    assert "This certificate is valid." in page and "Åse Şahin Ødegård" in page
    assert "IMS Practitioner" in page and issued.expires_on.isoformat() in page


def test_code_is_accepted_in_lower_case_and_without_dashes(client, issued):
    code = issued.public_code.replace("-", "").lower()
    response = client.get(f"/verify?code={code}")
    assert response.status_code == 302 and response.headers["Location"].endswith(issued.public_code)


def test_verify_page_loads_no_user_and_a_repeat_visit_is_served_from_the_page_cache(
    app, client, issued
):
    code = issued.public_code

    def selects_of_one_visit() -> list[str]:
        with recorded(db.engine, selects_only=True) as statements:
            assert client.get(f"/verify/{code}").status_code == 200
        return statements

    first = selects_of_one_visit()
    assert len(first) == 2 and not any("users" in s for s in first), "\n---\n".join(first)
    again = selects_of_one_visit()  # served from the cache: no database at all for a visitor
    assert again == [], "\n---\n".join(again)


def test_revoked_certificate_is_shown_as_revoked_with_its_date(app, client, issued, make_user):
    admin = make_user(Role.ADMINISTRATOR)
    with app.test_request_context("/"):
        certificates.change_status(
            issued, "revoke", actor=admin, reason="Licence withdrawn", now=datetime.now(UTC)
        )
    page = client.get(f"/verify/{issued.public_code}").get_data(as_text=True)
    assert (
        "has been revoked" in page
        and "Revoked on" in page
        and "This certificate is valid." not in page
    )
    data = client.get(f"/verify/{issued.public_code}.json").get_json()
    assert data["status"] == "revoked" and data["valid"] is False and data["revoked_at"]
    assert "Licence withdrawn" not in page  # the reason is for the record, not the public


def test_lapsed_certificate_shows_expired_before_the_nightly_command(client, issued):
    with time_machine.travel(
        datetime.combine(issued.expires_on, datetime.min.time(), UTC) + timedelta(days=1)
    ):
        page = client.get(f"/verify/{issued.public_code}").get_data(as_text=True)
        assert "has expired" in page
        assert client.get(f"/verify/{issued.public_code}.json").get_json()["status"] == "expired"


def test_json_has_the_same_facts(client, issued):
    data = client.get(f"/verify/{issued.public_code}.json").get_json()
    assert (
        data["holder_name"] == "Åse Şahin Ødegård" and data["status"] == "active" and data["valid"]
    )
    assert (
        data["issued_on"] == issued.issued_on.isoformat() and data["program"] == "IMS Practitioner"
    )


def test_unknown_or_malformed_codes_get_a_clear_404(client, issued):
    unknown = certificates.new_public_code()
    for code in (unknown, "nonsense", "A" * 500, "'; DROP TABLE certificates; --"):
        response = client.get(f"/verify/{code}")
        assert response.status_code == 404 and "No certificate has this code" in response.get_data(
            as_text=True
        )
        response = client.get(f"/verify/{code}.json")
        assert response.status_code == 404 and response.get_json()["error"] == "not_found"
    assert client.get("/verify?code=garbage").status_code == 404


def test_pasted_credential_is_checked(client, issued):
    page = client.post("/verify", data={"credential": issued.credential_jwt}).get_data(as_text=True)
    assert "Valid: the signature holds" in page and "Åse Şahin Ødegård" in page


def test_tampered_malformed_and_expired_credentials_are_not_valid_and_change_nothing(
    app, client, issued
):
    before = snapshot()
    cases = {
        _tamper(issued.credential_jwt): "has been changed",
        "eyJhbGciOiJFZERTQSJ9.garbage.sig": "not a well-formed credential",
        "hello": "not a well-formed credential",
        issued.credential_jwt[:-4] + "AAAA": "has been changed",
    }
    for token, reason in cases.items():
        response = client.post("/verify", data={"credential": token})
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "Not valid." in page and reason in page, token
    with time_machine.travel(
        datetime.combine(issued.expires_on, datetime.min.time(), UTC) + timedelta(days=2)
    ):
        page = client.post("/verify", data={"credential": issued.credential_jwt}).get_data(
            as_text=True
        )
        assert "Not valid." in page and "validity period has ended" in page
    assert snapshot() == before


def test_credential_of_a_revoked_certificate_is_not_valid(app, client, issued, make_user):
    with app.test_request_context("/"):
        certificates.change_status(
            issued, "revoke", actor=make_user(Role.ADMINISTRATOR), reason="x", now=datetime.now(UTC)
        )
    page = client.post("/verify", data={"credential": issued.credential_jwt}).get_data(as_text=True)
    assert "Not valid." in page and "has been revoked" in page


def test_jwks_lets_a_third_party_verify_offline(client, issued):
    import jwt

    keys = client.get("/.well-known/jwks.json").get_json()["keys"]
    header = jwt.get_unverified_header(issued.credential_jwt)
    key = next(k for k in keys if k["kid"] == header["kid"])
    claims = jwt.decode(issued.credential_jwt, jwt.PyJWK(key).key, algorithms=["RS256"])
    assert claims["credentialSubject"]["achievement"]["achievementType"] == "Certification"


def test_public_pages_are_rate_limited_with_a_retry_time(app, client, issued):
    app.config["PUBLIC_RATE_LIMIT"] = "3 per minute"
    # Time stands still, so the limit's whole minute is ahead (mid-second: the reset is rounded up).
    with time_machine.travel(datetime.now(UTC).replace(microsecond=500_000), tick=False):
        for _ in range(3):
            assert client.get(f"/verify/{issued.public_code}").status_code == 200
        response = client.get(f"/verify/{issued.public_code}")
    assert response.status_code == 429 and "Try again in" in response.get_data(as_text=True)
    assert int(response.headers["Retry-After"]) > 0
    assert response.headers[
        "Retry-After"
    ] == "60" and "Try again in 60 seconds." in response.get_data(as_text=True)


def test_stored_certificate_is_untouched_by_visits(client, issued):
    client.get(f"/verify/{issued.public_code}")
    assert db.session.get(Certificate, issued.id).status == "active"
