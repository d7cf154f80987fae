"""Holders can share: the public badge page, LinkedIn, the baked badge, register links (point 6)."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

from ims_training.documents.badge import extract_credential
from ims_training.documents.ob_verifier import verify_credential
from ims_training.models import Role
from ims_training.services.certification import certificates, public_register
from tests.functional.certification.test_open_badges import BASE, _payload, fetcher


def test_badge_page_shows_issuer_program_criteria_dates_status_and_image(client, issued):
    response = client.get(f"/badges/{issued.public_code}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for shown in (
        "Åse Şahin Ødegård",
        "IMS Training Portal",
        "IMS Practitioner",
        "supervised practical assessments",
        issued.issued_on.isoformat(),
        issued.expires_on.isoformat(),
        "This certificate is valid.",
        "/programs/ims-practitioner/badge.svg",
        "Copy the credential",
        issued.credential_jwt,
    ):
        assert shown in page, shown
    assert 'src="/static/js/share.js' in page  # the copy button's script (CSP: no inline JS)


def test_linkedin_link_carries_name_organisation_dates_id_and_url(client, issued):
    page = client.get(f"/badges/{issued.public_code}").get_data(as_text=True)
    href = page.split('href="https://www.linkedin.com/profile/add?')[1].split('"')[0]
    query = parse_qs(href.replace("&amp;", "&"))
    assert query["startTask"] == ["CERTIFICATION_NAME"] and query["name"] == ["IMS Practitioner"]
    assert query["organizationName"] == ["IMS Training Portal"]
    assert query["issueYear"] == [str(issued.issued_on.year)]
    assert query["issueMonth"] == [str(issued.issued_on.month)]
    assert query["expirationYear"] == [str(issued.expires_on.year)]
    assert query["certId"] == [issued.public_code]
    assert query["certUrl"] == [f"{BASE}/badges/{issued.public_code}"]


def test_the_baked_badge_carries_the_credential_a_verifier_accepts(client, issued):
    response = client.get(f"/badges/{issued.public_code}/badge.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert "attachment" in response.headers["Content-Disposition"]
    svg = response.get_data()
    assert b'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in svg
    assert svg.index(b"<openbadges:credential>") < svg.index(b"<title>")  # first child of <svg>
    token = extract_credential(svg)
    assert token == issued.credential_jwt
    assert verify_credential(token, fetcher(client), datetime.now(UTC)).valid


def test_the_credentials_achievement_image_is_served(client, issued):
    image = _payload(issued.credential_jwt)["credentialSubject"]["achievement"]["image"]["id"]
    response = client.get(image.removeprefix(BASE))
    assert response.status_code == 200 and b"IMS Practitioner" in response.get_data()
    assert client.get("/programs/no-such-program/badge.svg").status_code == 404


def test_a_revoked_or_suspended_badge_says_so_and_offers_nothing_to_share(
    app, client, issued, make_user
):
    with app.test_request_context("/"):
        certificates.change_status(
            issued,
            "suspend",
            actor=make_user(Role.ADMINISTRATOR),
            reason="x",
            now=datetime.now(UTC),
        )
    page = client.get(f"/badges/{issued.public_code}").get_data(as_text=True)
    assert "This certificate is suspended and is not valid at present." in page
    assert "linkedin.com" not in page and "Copy the credential" not in page
    assert client.get(f"/badges/{issued.public_code}/badge.svg").status_code == 404


def test_unknown_badge_is_not_found(client):
    assert client.get("/badges/AAAA-BBBB").status_code == 404
    assert client.get("/badges/not a code/badge.svg").status_code == 404


def test_badge_pages_are_rate_limited(app, client, issued):
    app.config["PUBLIC_RATE_LIMIT"] = "2 per minute"
    for url in (
        f"/badges/{issued.public_code}",
        f"/badges/{issued.public_code}/badge.svg",
        "/programs/ims-practitioner/badge.svg",
        "/issuer",
        "/credentials/revocations",
    ):
        for _ in range(2):
            assert client.get(url).status_code in (200, 304)
        response = client.get(url)
        assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0, url


def test_register_entries_link_to_their_verification(app, client, issued):
    with app.test_request_context("/"):
        public_register.save_listing(
            issued.holder,
            opted_in=True,
            display_name="Åse Ødegård",
            city=None,
            show_city=False,
            profession=None,
            show_profession=False,
            now=datetime.now(UTC),
        )
    page = client.get("/practitioners").get_data(as_text=True)
    assert f'href="/verify/{issued.public_code}"' in page


def test_holder_and_verify_pages_link_to_the_badge_page(client, auth, issued):
    assert f'href="/badges/{issued.public_code}"' in client.get(
        f"/verify/{issued.public_code}"
    ).get_data(as_text=True)
    auth.login(issued.holder)
    assert f'href="/badges/{issued.public_code}"' in client.get("/learn/my-certificates").get_data(
        as_text=True
    )
    assert urlsplit(BASE).scheme == "http"  # tests run with the development PUBLIC_BASE_URL
