"""Staff correct records: edit or withdraw with a reason (audit), conflicts refused, certificates
that relied on a withdrawn sign-off shown (not changed); several cases at once; no duplicate licences."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from ims_training.extensions import db
from ims_training.models import (
    Accommodation,
    AuditEvent,
    Certificate,
    ClinicalCase,
    PracticalSignoff,
    ProfessionalLicence,
    Role,
)

from ...factories.certification import certificate


@pytest.fixture
def setup(app, make_user, login_as):  # type: ignore[no-untyped-def]
    admin = login_as(Role.ADMINISTRATOR, Role.INSTRUCTOR, name="Ada Admin")
    trainee = make_user(Role.TRAINEE, name="Tor Trainee")
    with app.test_request_context("/"):
        cert = certificate(trainee, make_user(Role.ADMINISTRATOR))
    signoff = db.session.scalars(
        select(PracticalSignoff).where(PracticalSignoff.user_id == trainee.id)
    ).first()
    case = db.session.scalars(
        select(ClinicalCase).where(ClinicalCase.user_id == trainee.id)
    ).first()
    return {"admin": admin, "trainee": trainee, "cert": cert, "signoff": signoff, "case": case}


def _version(page: str) -> str:
    return re.search(r'name="(?:withdraw-)?version" type="hidden" value="([^"]+)"', page).group(1)


def _audit(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_case_is_corrected_with_a_reason_and_the_change_is_audited(client, setup):
    case = setup["case"]
    version = _version(client.get(f"/author/records/case/{case.id}").get_data(as_text=True))
    response = client.post(
        f"/author/records/case/{case.id}/edit",
        data={
            "version": version,
            "seen_on": "2026-01-02",
            "hours": "2.5",
            "summary": "Lumbar case",
            "reason": "wrong hours",
        },
    )
    assert response.status_code == 302
    db.session.refresh(case)
    assert case.hours == 2.5 and case.summary == "Lumbar case"
    event = _audit("clinical_case.edited")[0]
    assert event.reason == "wrong hours" and event.details["changes"]["hours"] == {
        "before": 1.0,
        "after": 2.5,
    }


def test_a_reason_is_required(client, setup):
    case = setup["case"]
    version = _version(client.get(f"/author/records/case/{case.id}").get_data(as_text=True))
    response = client.post(
        f"/author/records/case/{case.id}/withdraw",
        data={"withdraw-version": version, "withdraw-reason": ""},
    )
    assert response.status_code == 422 and db.session.get(ClinicalCase, case.id) is not None
    assert not _audit("clinical_case.withdrawn")


def test_an_edit_after_someone_else_changed_the_record_is_refused_and_nothing_is_lost(
    client, setup
):
    case = setup["case"]
    stale = _version(client.get(f"/author/records/case/{case.id}").get_data(as_text=True))
    case.summary = "Changed by a colleague"  # someone else saves meanwhile
    db.session.commit()
    response = client.post(
        f"/author/records/case/{case.id}/edit",
        data={
            "version": stale,
            "seen_on": "2026-01-02",
            "hours": "3",
            "summary": "My correction",
            "reason": "my reason",
        },
    )
    page = response.get_data(as_text=True)
    assert (
        response.status_code == 409
        and "Someone changed this record while you were editing it" in page
    )
    assert (
        "Changed by a colleague" in page and "My correction" in page and "my reason" in page
    )  # both kept
    db.session.refresh(case)
    assert case.summary == "Changed by a colleague" and not _audit("clinical_case.edited")
    # With the fresh version the same correction goes through.
    response = client.post(
        f"/author/records/case/{case.id}/edit",
        data={
            "version": _version(page),
            "seen_on": "2026-01-02",
            "hours": "3",
            "summary": "My correction",
            "reason": "my reason",
        },
    )
    assert response.status_code == 302


def test_withdrawing_a_sign_off_a_certificate_relied_on_shows_the_certificate_and_keeps_it(
    client, setup
):
    signoff, cert = setup["signoff"], setup["cert"]
    signoff_id, withdrawn_key = (
        signoff.id,
        signoff.assessment_key,
    )  # read before the request deletes the row
    version = _version(client.get(f"/author/records/signoff/{signoff_id}").get_data(as_text=True))
    response = client.post(
        f"/author/records/signoff/{signoff_id}/withdraw",
        data={"withdraw-version": version, "withdraw-reason": "assessed by the wrong instructor"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Certificates that relied on it" in page
    assert cert.public_code in page and f"/admin/certificates/{cert.id}" in page
    assert db.session.get(PracticalSignoff, signoff_id) is None
    assert db.session.get(Certificate, cert.id).status == "active"  # not silently invalidated
    event = _audit("signoff.withdrawn")[0]
    assert event.details["dependent_certificates"] == [cert.public_code]
    assert event.details["assessment"] == withdrawn_key and event.reason.startswith("assessed by")
    # The certificate's page tells the administrator, in both languages.
    admin_page = client.get(f"/admin/certificates/{cert.id}").get_data(as_text=True)
    assert (
        "Evidence this certificate relied on has been withdrawn" in admin_page
        and "wrong instructor" in admin_page
    )
    client.post("/language", data={"lang": "nb", "next": "/"})
    assert "Dokumentasjon dette sertifikatet bygde på" in client.get(
        f"/admin/certificates/{cert.id}"
    ).get_data(as_text=True)


def test_withdrawing_twice_is_a_conflict(client, setup):
    case_id = setup["case"].id  # the row is gone after the first withdrawal
    version = _version(client.get(f"/author/records/case/{case_id}").get_data(as_text=True))
    client.post(
        f"/author/records/case/{case_id}/withdraw",
        data={"withdraw-version": version, "withdraw-reason": "duplicate entry"},
    )
    again = client.post(
        f"/author/records/case/{case_id}/withdraw",
        data={"withdraw-version": version, "withdraw-reason": "duplicate entry"},
    )
    assert again.status_code == 404 and len(_audit("clinical_case.withdrawn")) == 1


def test_an_accommodation_is_withdrawn_with_a_reason(client, setup):
    row = Accommodation(
        user_id=setup["trainee"].id,
        time_multiplier=1.5,
        extra_attempts=1,
        reason="Dyslexia",
        granted_by_id=setup["admin"].id,
    )
    db.session.add(row)
    db.session.commit()
    version = _version(client.get(f"/author/records/accommodation/{row.id}").get_data(as_text=True))
    client.post(
        f"/author/records/accommodation/{row.id}/withdraw",
        data={"withdraw-version": version, "withdraw-reason": "granted to the wrong trainee"},
    )
    db.session.refresh(row)
    assert (
        row.revoked_at is not None
        and _audit("quiz.accommodation_withdrawn")[0].reason == "granted to the wrong trainee"
    )


def test_several_cases_at_once_all_or_nothing_naming_the_bad_line(client, setup):
    trainee = setup["trainee"]
    before = db.session.query(ClinicalCase).filter_by(user_id=trainee.id).count()
    data = {
        "supervisor_id": str(setup["admin"].id),
        "cases-0-seen_on": "2026-02-01",
        "cases-0-hours": "1",
        "cases-0-summary": "Neck",
        "cases-1-seen_on": "2026-02-02",
        "cases-1-hours": "40",
        "cases-1-summary": "Back",
    }
    response = client.post(f"/author/trainees/{trainee.id}/cases/batch", data=data)
    assert response.status_code == 422 and "Case 2:" in response.get_data(as_text=True)
    assert db.session.query(ClinicalCase).filter_by(user_id=trainee.id).count() == before
    data["cases-1-hours"] = "1.5"
    assert client.post(f"/author/trainees/{trainee.id}/cases/batch", data=data).status_code == 302
    assert db.session.query(ClinicalCase).filter_by(user_id=trainee.id).count() == before + 2


def test_a_duplicate_licence_is_refused_and_an_admin_can_withdraw_one(
    client, auth, setup, make_user, login_as
):
    auth.logout()
    trainee = login_as(Role.TRAINEE)
    data = {"profession": "Physiotherapist", "licence_number": "98765", "country": "NO"}
    client.post("/learn/certification/licence", data=data)
    again = client.post("/learn/certification/licence", data={**data, "licence_number": " 98765 "})
    assert "You have already submitted this licence" in again.get_data(as_text=True)
    assert db.session.query(ProfessionalLicence).filter_by(user_id=trainee.id).count() == 1
    licence = db.session.query(ProfessionalLicence).filter_by(user_id=trainee.id).one()
    auth.logout()
    login_as(Role.ADMINISTRATOR)
    client.post(f"/admin/licences/{licence.id}/withdraw", data={"reason": "submitted by mistake"})
    db.session.refresh(licence)
    assert (
        licence.status == "withdrawn"
        and _audit("licence.withdrawn")[0].reason == "submitted by mistake"
    )


def test_the_correction_page_is_in_norwegian(client, setup):
    client.post("/language", data={"lang": "nb", "next": "/"})
    page = client.get(f"/author/records/signoff/{setup['signoff'].id}").get_data(as_text=True)
    assert (
        "Korriger den" in page and "Trekk den tilbake" in page and "Veiledet nålebehandling" in page
    )
