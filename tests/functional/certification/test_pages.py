"""Administrators' certificate pages, the holder's pages and the public register, through the client."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from ims_training.extensions import db
from ims_training.models import Certificate, ContinuingEducation, Role
from ims_training.services.certification import public_register
from tests.factories.certification import make_eligible, snapshot


def test_admin_issues_to_an_eligible_trainee(client, login_as, make_user):
    admin = login_as(Role.ADMINISTRATOR)
    trainee = make_user(Role.TRAINEE, name="İlkay Ødegård")
    make_eligible(trainee, admin, now=datetime.now(UTC))
    confirm = client.post(
        "/admin/certificates/issue", data={"email": trainee.email, "program": "ims-practitioner"}
    )
    assert (
        confirm.status_code == 200
        and "Issue a certificate to İlkay Ødegård?" in confirm.get_data(as_text=True)
    )
    assert db.session.scalar(select(Certificate)) is None  # nothing issued before the confirmation
    response = client.post(
        "/admin/certificates/issue",
        data={"email": trainee.email, "program": "ims-practitioner", "confirmed": "1"},
    )
    cert = db.session.scalar(select(Certificate))
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/admin/certificates/{cert.id}"
    )
    page = client.get(f"/admin/certificates/{cert.id}").get_data(as_text=True)
    assert "İlkay Ødegård" in page and "issued" in page
    pdf = client.get(f"/admin/certificates/{cert.id}.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data == cert.pdf


def test_issuing_to_an_unknown_e_mail_is_refused_at_the_field(client, login_as, make_user):
    admin = login_as(Role.ADMINISTRATOR)
    make_eligible(make_user(Role.TRAINEE), admin, now=datetime.now(UTC))  # the program exists
    response = client.post(
        "/admin/certificates/issue",
        data={"email": "nobody@example.org", "program": "ims-practitioner"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="email-error"' in page
    assert (
        "No account has this e-mail address." in page
        and db.session.scalar(select(Certificate)) is None
    )


def test_issuing_to_an_ineligible_trainee_names_what_is_missing(client, login_as, make_user):
    admin = login_as(Role.ADMINISTRATOR)
    trainee = make_user(Role.TRAINEE)
    make_eligible(trainee, admin, skip=("licence", "cervical-paraspinals"), now=datetime.now(UTC))
    before = snapshot()
    page = client.post(
        "/admin/certificates/issue",
        data={"email": trainee.email, "program": "ims-practitioner"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "is not eligible yet" in page and "cervical paraspinals" in page and "licence" in page
    assert snapshot() == before


def test_revoking_without_a_reason_is_refused_then_verify_shows_revoked(
    client, login_as, make_user
):
    admin = login_as(Role.ADMINISTRATOR)
    trainee = make_user(Role.TRAINEE)
    make_eligible(trainee, admin, now=datetime.now(UTC))
    client.post(
        "/admin/certificates/issue",
        data={"email": trainee.email, "program": "ims-practitioner", "confirmed": "1"},
    )
    cert = db.session.scalar(select(Certificate))
    before = snapshot()
    page = client.post(
        f"/admin/certificates/{cert.id}/status",
        data={"action": "revoke", "reason": ""},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Give a reason" in page and snapshot() == before
    asked = client.post(
        f"/admin/certificates/{cert.id}/status", data={"action": "revoke", "reason": "Fraud"}
    )
    text = asked.get_data(as_text=True)
    assert "Revoke this certificate for good?" in text and "permanent" in text and "public" in text
    assert snapshot() == before  # asking changed nothing
    client.post(
        f"/admin/certificates/{cert.id}/status",
        data={"action": "revoke", "reason": "Fraud", "confirmed": "1", "expected": "active"},
    )
    assert "has been revoked" in client.get(f"/verify/{cert.public_code}").get_data(as_text=True)
    page = client.post(f"/admin/certificates/{cert.id}/renew", follow_redirects=True).get_data(
        as_text=True
    )
    assert "revoked, so it cannot be renewed" in page


def test_admin_list_filters_and_shows_the_expiring_section(client, login_as, make_user):
    admin = login_as(Role.ADMINISTRATOR)
    soon_holder, later_holder = (
        make_user(Role.TRAINEE, name="Soon Holder"),
        make_user(Role.TRAINEE, name="Later Holder"),
    )
    from tests.factories.certification import certificate

    now = datetime.now(UTC)
    with client.application.test_request_context("/"):
        certificate(soon_holder, admin, now=now - timedelta(days=700))
        revoked = certificate(later_holder, admin, now=now)
        from ims_training.services.certification import certificates

        certificates.change_status(revoked, "revoke", actor=admin, reason="x", now=now)
    page = client.get("/admin/certificates").get_data(as_text=True)
    expiring = page.split("Expiring in the next 90 days")[1].split("All certificates")[0]
    assert "Soon Holder" in expiring and "Later Holder" not in expiring
    revoked_page = (
        client.get("/admin/certificates?status=revoked")
        .get_data(as_text=True)
        .split("All certificates")[1]
    )
    assert "Later Holder" in revoked_page and "Soon Holder" not in revoked_page


def test_holder_downloads_own_pdf_others_get_404(app, client, login_as, auth, make_user, issued):
    holder = issued.holder
    auth.login(holder)
    assert client.get(f"/learn/my-certificates/{issued.id}.pdf").data == issued.pdf
    page = client.get("/learn/my-certificates").get_data(as_text=True)
    assert issued.public_code in page and "Download the PDF" in page
    auth.logout()
    login_as(Role.TRAINEE)
    assert client.get(f"/learn/my-certificates/{issued.id}.pdf").status_code == 404
    assert issued.public_code not in client.get("/learn/my-certificates").get_data(as_text=True)


def test_dashboard_shows_your_certificate_panel_with_expiry_warning(client, auth, issued):
    auth.login(issued.holder)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Your certificate" in page and "expires in" not in page
    db.session.execute(
        Certificate.__table__.update().values(expires_on=date.today() + timedelta(days=30))
    )
    db.session.commit()
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Your certificate expires in 30 days" in page or "expires in 29 days" in page


def test_holder_records_ce_and_admin_approves(client, auth, login_as, issued):
    auth.login(issued.holder)
    client.post(
        "/learn/my-certificates/continuing-education",
        data={
            "completed_on": date.today().isoformat(),
            "hours": "3",
            "description": "Neuro course",
        },
    )
    entry = db.session.scalar(select(ContinuingEducation))
    assert entry.status == "pending" and entry.hours == 3
    auth.logout()
    login_as(Role.ADMINISTRATOR)
    assert "Neuro course" in client.get("/admin/certificates").get_data(as_text=True)
    client.post(f"/admin/continuing-education/{entry.id}", data={"decision": "approve"})
    db.session.refresh(entry)
    assert entry.status == "approved"


def _results(client, query: str = "") -> str:  # type: ignore[no-untyped-def]
    page = client.get(f"/practitioners{query}").get_data(as_text=True)
    return page.split('class="register-results"')[1].split("</ul>")[0]


def test_register_shows_only_opted_in_holders_and_chosen_fields(
    app, client, auth, issued, make_user
):
    assert "Åse" not in _results(client)
    auth.login(issued.holder)
    client.post(
        "/learn/public-register",
        data={
            "opted_in": "y",
            "display_name": "Åse Ødegård",
            "city": "Tromsø",
            "profession": "Physiotherapist",
            "show_profession": "y",
        },
    )
    listed = _results(client)
    assert "Åse Ødegård" in listed and "Physiotherapist" in listed and "Tromsø" not in listed
    assert "Åse" not in _results(client, "?city=Troms")  # a hidden field is not searchable
    assert "Åse" in _results(client, "?profession=physio&name=åse")
    other = make_user(Role.TRAINEE, name="No Certificate")
    with app.test_request_context("/"):
        public_register.save_listing(
            other,
            opted_in=True,
            display_name="No Certificate",
            city=None,
            show_city=False,
            profession=None,
            show_profession=False,
            now=datetime.now(UTC),
        )
    assert "No Certificate" not in _results(client)


def test_token_less_post_is_refused_with_csrf_on(_migrated, issued, make_user):
    from tests.conftest import PASSWORD, make_test_app

    strict = make_test_app(_migrated, WTF_CSRF_ENABLED=True)
    admin = make_user(Role.ADMINISTRATOR)
    with strict.test_client() as c:
        page = c.get("/login").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        assert (
            c.post(
                "/login", data={"email": admin.email, "password": PASSWORD, "csrf_token": token}
            ).status_code
            == 302
        )
        response = c.post(
            f"/admin/certificates/{issued.id}/status", data={"action": "revoke", "reason": "x"}
        )
        assert response.status_code == 400
    assert db.session.get(Certificate, issued.id).status == "active"
