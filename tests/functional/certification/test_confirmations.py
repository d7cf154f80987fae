"""Actions that cost something ask first; a stale confirmation changes nothing; the ready list."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from ims_training.extensions import db
from ims_training.models import Certificate, CohortMember, PracticalSignoff, Role, User
from ims_training.services.partners import partners
from tests.factories.certification import certificate, make_eligible, snapshot


def test_suspend_asks_first_and_a_stale_confirmation_is_400_with_nothing_changed(
    client, login_as, make_user
):
    admin = login_as(Role.ADMINISTRATOR)
    cert = certificate(make_user(Role.TRAINEE), admin, now=datetime.now(UTC))
    before = snapshot()
    asked = client.post(
        f"/admin/certificates/{cert.id}/status", data={"action": "suspend", "reason": "Audit"}
    )
    assert asked.status_code == 200 and "Suspend this certificate?" in asked.get_data(as_text=True)
    assert snapshot() == before
    stale = client.post(
        f"/admin/certificates/{cert.id}/status",
        data={"action": "suspend", "reason": "Audit", "confirmed": "1", "expected": "revoked"},
    )
    assert stale.status_code == 400 and "out of date" in stale.get_data(as_text=True)
    assert snapshot() == before
    done = client.post(
        f"/admin/certificates/{cert.id}/status",
        data={"action": "suspend", "reason": "Audit", "confirmed": "1", "expected": "active"},
    )
    assert done.status_code == 302 and db.session.get(Certificate, cert.id).status == "suspended"


def test_renaming_asks_before_re_issuing(client, login_as, make_user):
    admin = login_as(Role.ADMINISTRATOR)
    cert = certificate(make_user(Role.TRAINEE), admin, now=datetime.now(UTC))
    before = snapshot()
    asked = client.post(
        f"/admin/certificates/{cert.id}/rename", data={"name": "New Name", "reason": "typo"}
    )
    assert (
        "Re-issue the certificate as New Name?" in asked.get_data(as_text=True)
        and snapshot() == before
    )


def test_disabling_an_account_asks_and_a_repeated_stale_form_does_not_enable_it_again(
    client, login_as, make_user
):
    login_as(Role.ADMINISTRATOR)
    user = make_user(Role.TRAINEE, email="off@example.org")
    asked = client.post(
        f"/admin/users/{user.id}/status", data={"reason": "left", "expected": "enabled"}
    )
    assert "Disable the account of" in asked.get_data(as_text=True)
    assert db.session.get(User, user.id).is_enabled
    client.post(
        f"/admin/users/{user.id}/status",
        data={"reason": "left", "expected": "enabled", "confirmed": "1"},
    )
    db.session.expire_all()
    assert not db.session.get(User, user.id).is_enabled
    again = client.post(
        f"/admin/users/{user.id}/status",
        data={"reason": "left", "expected": "enabled", "confirmed": "1"},
    )
    db.session.expire_all()
    assert again.status_code == 400 and not db.session.get(User, user.id).is_enabled


def test_removing_a_cohort_member_asks_first(client, login_as, make_user):
    admin = login_as(Role.ADMINISTRATOR)
    trainee = make_user(Role.TRAINEE, email="member@example.org", name="Mette Medlem")
    partner = partners.create_partner("Partner AS", "school", actor=admin)
    cohort = partners.create_cohort(partner, "Kull 1", None, actor=admin)
    partners.add_member(cohort, trainee.email, actor=admin)
    url = f"/admin/cohorts/{cohort.id}/members/{trainee.id}/remove"
    asked = client.post(url)
    assert "Remove Mette Medlem from Kull 1?" in asked.get_data(as_text=True)
    assert (
        db.session.scalar(select(CohortMember).where(CohortMember.user_id == trainee.id))
        is not None
    )
    client.post(url, data={"confirmed": "1"})
    assert db.session.scalar(select(CohortMember).where(CohortMember.user_id == trainee.id)) is None


def test_the_ready_list_shows_eligible_trainees_without_a_current_certificate_only(
    client, login_as, make_user
):
    admin = login_as(Role.ADMINISTRATOR)
    now = datetime.now(UTC)
    ready = make_user(Role.TRAINEE, name="Ready Rita")
    make_eligible(ready, admin, now=now)
    short = make_user(Role.TRAINEE, name="Short Sam")
    make_eligible(short, admin, now=now, skip=("licence",))
    holder = make_user(Role.TRAINEE, name="Holder Hanne")
    certificate(holder, admin, now=now)
    page = client.get("/admin/certificates/ready").get_data(as_text=True)
    assert "Ready Rita" in page and "Short Sam" not in page and "Holder Hanne" not in page
    assert "1 trainee ready" in page


def test_issuing_to_a_trainee_who_lost_eligibility_after_the_list_is_refused_naming_what_is_missing(
    client, login_as, make_user
):
    admin = login_as(Role.ADMINISTRATOR)
    trainee = make_user(Role.TRAINEE, name="Lost Lars")
    make_eligible(trainee, admin, now=datetime.now(UTC))
    form = {"email": trainee.email, "program": "ims-practitioner"}
    assert "Issue a certificate to Lost Lars?" in client.post(
        "/admin/certificates/issue", data=form
    ).get_data(as_text=True)
    db.session.query(PracticalSignoff).filter_by(
        user_id=trainee.id, assessment_key="cervical-paraspinals"
    ).delete()
    db.session.commit()
    before = snapshot()
    page = client.post(
        "/admin/certificates/issue", data={**form, "confirmed": "1"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "not eligible yet" in page and "cervical paraspinals" in page
    assert snapshot() == before


def test_the_admin_dashboard_counts_the_trainees_ready_to_certify(client, login_as, make_user):
    admin = login_as(Role.ADMINISTRATOR)
    make_eligible(make_user(Role.TRAINEE), admin, now=datetime.now(UTC))
    page = client.get("/dashboard").get_data(as_text=True)
    assert "1 trainee meets every requirement and waits for a certificate." in page
    assert 'href="/admin/certificates/ready"' in page


def test_a_token_less_confirmation_is_refused_and_changes_nothing(_migrated, make_user):
    from tests.conftest import make_test_app

    app = make_test_app(_migrated, WTF_CSRF_ENABLED=True)
    admin = make_user(Role.ADMINISTRATOR)
    cert = certificate(make_user(Role.TRAINEE), admin, now=datetime.now(UTC))
    client = app.test_client()
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
    assert client.get(f"/admin/certificates/{cert.id}").status_code == 200  # logged in as the admin
    before = snapshot()
    forged = client.post(
        f"/admin/certificates/{cert.id}/status",
        data={"action": "revoke", "reason": "x", "confirmed": "1", "expected": "active"},
    )
    assert forged.status_code == 400 and snapshot() == before
