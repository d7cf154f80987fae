"""Administrators manage partners, check licences and read the audit trail."""

import csv
import io

from sqlalchemy import func, select

from ims_training.extensions import db
from ims_training.models import AuditEvent, Partner, ProfessionalLicence, Role

from ...conftest import make_test_app


def test_admin_creates_a_partner_cohort_coordinator_and_member(app, client, make_user, login_as):
    login_as(Role.ADMINISTRATOR)
    coordinator = make_user(Role.COORDINATOR, email="kari@example.org")
    make_user(Role.TRAINEE, email="tor@example.org", name="Tor Trainee")
    assert (
        client.post(
            "/admin/partners", data={"name": "Høyskolen Kristiania", "kind": "school"}
        ).status_code
        == 302
    )
    partner = db.session.scalar(select(Partner))
    assert (
        client.post(f"/admin/partners/{partner.id}/cohorts", data={"name": "Kull 2025"}).status_code
        == 302
    )
    assert (
        client.post(
            f"/admin/partners/{partner.id}/coordinators", data={"email": "kari@example.org"}
        ).status_code
        == 302
    )
    cohort = partner.cohorts[0]
    assert (
        client.post(
            f"/admin/cohorts/{cohort.id}/members", data={"email": "tor@example.org"}
        ).status_code
        == 302
    )
    assert "Tor Trainee" in client.get(f"/admin/cohorts/{cohort.id}").get_data(as_text=True)
    detail = client.get(f"/admin/partners/{partner.id}").get_data(as_text=True)
    assert (
        "Kull 2025" in detail
        and coordinator.name in detail
        and "1 member" in detail
        and "1 members" not in detail
    )


def test_duplicate_partner_and_unknown_member_are_refused_at_the_field(app, client, login_as):
    login_as(Role.ADMINISTRATOR)
    client.post("/admin/partners", data={"name": "IMS Norge", "kind": "association"})
    response = client.post("/admin/partners", data={"name": "IMS Norge", "kind": "association"})
    assert response.status_code == 422 and 'id="name-error"' in response.get_data(as_text=True)
    partner = db.session.scalar(select(Partner))
    client.post(f"/admin/partners/{partner.id}/cohorts", data={"name": "K"})
    response = client.post(
        f"/admin/cohorts/{partner.cohorts[0].id}/members", data={"email": "ghost@example.org"}
    )
    assert (
        response.status_code == 422
        and "No account has this e-mail address" in response.get_data(as_text=True)
    )


def test_admin_verifies_and_rejects_licences(app, client, make_user, login_as):
    login_as(Role.ADMINISTRATOR)
    trainee = make_user(Role.TRAINEE, name="Åse")
    licence = ProfessionalLicence(
        user_id=trainee.id, profession="Fysioterapeut", licence_number="77", country="NO"
    )
    db.session.add(licence)
    db.session.commit()
    assert "Åse" in client.get("/admin/licences").get_data(as_text=True)
    client.post(f"/admin/licences/{licence.id}/check", data={"decision": "reject", "note": ""})
    assert db.session.get(ProfessionalLicence, licence.id).status == "pending"
    client.post(f"/admin/licences/{licence.id}/check", data={"decision": "verify"})
    db.session.expire_all()
    assert db.session.get(ProfessionalLicence, licence.id).status == "verified"
    assert (
        client.post("/admin/licences/999999/check", data={"decision": "verify"}).status_code == 404
    )


def test_audit_trail_filters_pages_and_exports(app, client, make_user, login_as):
    admin = login_as(Role.ADMINISTRATOR, email="boss@example.org")
    for i in range(60):
        db.session.add(AuditEvent(action="signoff.recorded", actor_id=admin.id, reason=f"=cmd {i}"))
    db.session.commit()
    page = client.get("/admin/audit?action=signoff.recorded").get_data(as_text=True)
    assert "60 entries" in page and "Page 1 of 2" in page
    assert "0 entries" in client.get("/admin/audit?actor=nobody-at-all").get_data(as_text=True)
    assert "Page 2 of 2" in client.get("/admin/audit?action=signoff.recorded&page=2").get_data(
        as_text=True
    )
    response = client.get("/admin/audit.csv?action=signoff.recorded&actor=boss")
    assert response.mimetype == "text/csv" and response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(rows) == 61 and all(r[6].startswith("'=") for r in rows[1:])


def test_a_bad_date_filter_is_ignored_with_a_message(app, client, login_as):
    login_as(Role.ADMINISTRATOR)
    response = client.get("/admin/audit?date_from=yesterday")
    assert response.status_code == 200 and 'id="date_from-error"' in response.get_data(as_text=True)


def test_admin_dashboard_links_partners_and_counts_licences(app, client, login_as):
    login_as(Role.ADMINISTRATOR)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Licences to check" in page and "/admin/partners" in page


def test_a_post_without_csrf_token_is_refused(app, _migrated, make_user):
    admin = make_user(Role.ADMINISTRATOR)
    strict = make_test_app(_migrated, WTF_CSRF_ENABLED=True)
    client = strict.test_client()
    login_page = client.get("/login").get_data(as_text=True)
    token = login_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post(
        "/login",
        data={
            "email": admin.email,
            "password": "correct horse battery staple",
            "csrf_token": token,
        },
    )
    response = client.post("/admin/partners", data={"name": "Sneaky", "kind": "school"})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Partner)) == 0
