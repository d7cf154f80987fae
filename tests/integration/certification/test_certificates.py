"""Issuing and the certificate life cycle through the services, with nothing changed on refusal."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from ims_training.extensions import db
from ims_training.models import AuditEvent, Certificate, CertificateEvent, Role
from ims_training.services import ServiceError
from ims_training.services.certification import certificates
from ims_training.services.certification import continuing_education as ce
from ims_training.services.certification.certificate_queries import expiring
from tests.factories.certification import NOW, certificate, make_eligible, passed_attempt, snapshot


@pytest.fixture
def admin(make_user):  # type: ignore[no-untyped-def]
    return make_user(Role.ADMINISTRATOR)


def test_issuing_freezes_name_dates_code_pdf_and_credential(app, make_user, admin):
    trainee = make_user(Role.TRAINEE, name="Åse Ødegård Şahin")
    cert = certificate(trainee, admin)
    assert cert.status == "active" and cert.holder_name == "Åse Ødegård Şahin"
    assert cert.issued_on == date(2026, 3, 15) and cert.expires_on == date(2028, 3, 15)
    assert (
        certificates.normalise_code(cert.public_code) == cert.public_code
        and len(cert.public_code) == 39
    )
    assert "Åse Ødegård Şahin" in PdfReader(io.BytesIO(cert.pdf)).pages[0].extract_text()
    assert cert.credential_jwt.count(".") == 2
    trainee.name = "Someone Else"
    db.session.commit()
    assert db.session.get(Certificate, cert.id).holder_name == "Åse Ødegård Şahin"
    actions = [e.action for e in db.session.scalars(select(CertificateEvent))]
    audit = [
        e.action
        for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.subject_type == "certificate")
        )
    ]
    assert actions == ["issued"] and audit == ["certificate.issued"]


def test_codes_are_unguessable_and_distinct(app):
    codes = {certificates.new_public_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c.replace("-", "")) * 5 >= 128 for c in codes)


def test_ineligible_trainee_is_refused_with_missing_requirements_and_nothing_changes(
    app, make_user, admin
):
    trainee = make_user(Role.TRAINEE)
    prog = make_eligible(trainee, admin, skip=("quiz-final-exam", "licence"))
    before = snapshot()
    with pytest.raises(ServiceError) as refused:
        certificates.issue(trainee, prog, actor=admin, now=NOW)
    assert "quiz-final-exam" in refused.value.message and "licence" in refused.value.message
    assert snapshot() == before


def test_a_second_current_certificate_is_refused(app, make_user, admin):
    trainee = make_user(Role.TRAINEE)
    cert = certificate(trainee, admin)
    before = snapshot()
    with pytest.raises(ServiceError, match="already holds"):
        certificates.issue(trainee, cert.program, actor=admin, now=NOW)
    assert snapshot() == before


def test_revoking_needs_a_reason_and_is_final(app, make_user, admin):
    cert = certificate(make_user(Role.TRAINEE), admin)
    before = snapshot()
    with pytest.raises(ServiceError, match="reason"):
        certificates.change_status(cert, "revoke", actor=admin, reason="   ", now=NOW)
    assert snapshot() == before
    certificates.change_status(cert, "revoke", actor=admin, reason="Licence withdrawn", now=NOW)
    cert = db.session.get(Certificate, cert.id)
    assert (
        cert.status == "revoked"
        and cert.revocation_reason == "Licence withdrawn"
        and cert.revoked_at == NOW
    )
    before = snapshot()
    for action in ("reinstate", "suspend"):
        with pytest.raises(ServiceError, match="revoked"):
            certificates.change_status(cert, action, actor=admin, reason="x", now=NOW)
    with pytest.raises(ServiceError, match="revoked, so it cannot be renewed"):
        certificates.renew(cert, actor=admin, now=NOW)
    assert snapshot() == before


def test_suspend_and_reinstate_with_history(app, make_user, admin):
    cert = certificate(make_user(Role.TRAINEE), admin)
    certificates.change_status(
        cert, "suspend", actor=admin, reason="Complaint under review", now=NOW
    )
    certificates.change_status(
        cert, "reinstate", actor=admin, reason=None, now=NOW + timedelta(days=3)
    )
    events = db.session.scalars(
        select(CertificateEvent)
        .where(CertificateEvent.certificate_id == cert.id)
        .order_by(CertificateEvent.id)
    ).all()
    assert [(e.action, e.from_status, e.to_status) for e in events] == [
        ("issued", None, "active"),
        ("suspended", "active", "suspended"),
        ("reinstated", "suspended", "active"),
    ]
    assert events[1].reason == "Complaint under review"


def test_renewal_needs_evidence_then_extends_from_the_current_expiry(app, make_user, admin):
    trainee = make_user(Role.TRAINEE)
    cert = certificate(trainee, admin)
    later = NOW + timedelta(days=700)
    before = snapshot()
    with pytest.raises(ServiceError, match="Nothing to renew"):
        certificates.renew(cert, actor=admin, now=later)
    assert snapshot() == before
    entry = ce.submit(
        trainee,
        completed_on=(later - timedelta(days=5)).date(),
        hours=6,
        description="Course",
        now=later,
    )
    ce.review(entry.id, approve=True, actor=admin, now=later)
    with pytest.raises(ServiceError, match="Nothing to renew"):
        certificates.renew(cert, actor=admin, now=later)  # 6 of 10 hours
    entry = ce.submit(
        trainee,
        completed_on=(later - timedelta(days=4)).date(),
        hours=4,
        description="Congress",
        now=later,
    )
    ce.review(entry.id, approve=True, actor=admin, now=later)
    certificates.renew(cert, actor=admin, now=later)
    assert db.session.get(Certificate, cert.id).expires_on == date(2030, 3, 15)
    renewed = db.session.scalar(
        select(CertificateEvent).where(CertificateEvent.action == "renewed")
    )
    assert renewed.details["basis"]["kind"] == "continuing_education"
    with pytest.raises(ServiceError, match="Nothing to renew"):  # the same hours do not renew twice
        certificates.renew(cert, actor=admin, now=later + timedelta(days=1))


def test_recertification_quiz_passed_after_issue_renews_a_lapsed_certificate(app, make_user, admin):
    trainee = make_user(Role.TRAINEE)
    cert = certificate(trainee, admin)
    passed_attempt(trainee, "quiz-recertification", NOW - timedelta(days=1))  # before issue: no
    lapsed = NOW + timedelta(days=800)
    assert [c.id for c in certificates.expire_lapsed(lapsed)] == [cert.id]
    with pytest.raises(ServiceError):
        certificates.renew(cert, actor=admin, now=lapsed)
    passed_attempt(trainee, "quiz-recertification", lapsed - timedelta(hours=1))
    certificates.renew(cert, actor=admin, now=lapsed)
    cert = db.session.get(Certificate, cert.id)
    assert cert.status == "active" and cert.expires_on == (
        lapsed.date().replace(year=lapsed.year + 2)
    )


def test_name_correction_reissues_and_supersedes(app, make_user, admin):
    old = certificate(make_user(Role.TRAINEE, name="Ase Odegard"), admin)
    fresh = certificates.correct_name(old, "Åse Ødegård", actor=admin, reason="Spelling", now=NOW)
    old = db.session.get(Certificate, old.id)
    assert old.status == "superseded" and old.superseded_by_id == fresh.id
    assert fresh.public_code != old.public_code and fresh.status == "active"
    assert (fresh.issued_on, fresh.expires_on) == (old.issued_on, old.expires_on)
    assert "Åse Ødegård" in PdfReader(io.BytesIO(fresh.pdf)).pages[0].extract_text()
    assert fresh.credential_jwt != old.credential_jwt
    before = snapshot()
    with pytest.raises(ServiceError, match="superseded"):
        certificates.correct_name(old, "Other", actor=admin, reason=None, now=NOW)
    assert snapshot() == before


def test_expire_command_moves_lapsed_certificates_and_reports(app, make_user, admin, runner):
    cert = certificate(make_user(Role.TRAINEE), admin)
    result = runner.invoke(args=["certificates", "expire"])
    assert result.exit_code == 0 and "0 certificate(s) expired." in result.output
    db.session.execute(Certificate.__table__.update().values(expires_on=date(2020, 1, 1)))
    db.session.commit()
    result = runner.invoke(args=["certificates", "expire"])
    assert "1 certificate(s) expired." in result.output and cert.public_code in result.output
    assert db.session.get(Certificate, cert.id).status == "expired"


def test_programs_ensure_default_is_idempotent(app, runner):
    assert (
        "Created program ims-practitioner"
        in runner.invoke(args=["programs", "ensure-default"]).output
    )
    assert (
        "Updated program ims-practitioner"
        in runner.invoke(args=["programs", "ensure-default"]).output
    )


def test_expiring_soon_lists_only_active_within_90_days(app, make_user, admin):
    soon = certificate(make_user(Role.TRAINEE), admin, now=NOW - timedelta(days=700))
    certificate(make_user(Role.TRAINEE), admin)  # two years left
    suspended = certificate(make_user(Role.TRAINEE), admin, now=NOW - timedelta(days=690))
    certificates.change_status(suspended, "suspend", actor=admin, reason="x", now=NOW)
    assert [c.id for c in expiring(NOW)] == [soon.id]


def test_continuing_education_cannot_be_reviewed_twice(app, make_user, admin):
    trainee = make_user(Role.TRAINEE)
    entry = ce.submit(trainee, completed_on=NOW.date(), hours=2, description="Workshop", now=NOW)
    ce.review(entry.id, approve=False, actor=admin, now=NOW)
    with pytest.raises(ServiceError, match="already"):
        ce.review(entry.id, approve=True, actor=admin, now=NOW)
    with pytest.raises(ServiceError, match="future"):
        ce.submit(
            trainee, completed_on=NOW.date() + timedelta(days=1), hours=2, description="x", now=NOW
        )


def test_demo_seed_certifies_the_demo_trainee_when_quizzes_exist(app):
    from ims_training.demo import seed_demo
    from ims_training.services.certification.programs import DEFAULT_PROGRAM
    from tests.factories.certification import quiz

    for key in DEFAULT_PROGRAM["requirements"]["quizzes"]:
        quiz(key)
    seed_demo("demo password for tests", echo=lambda _m: None)
    report = seed_demo("demo password for tests", echo=lambda _m: None)  # idempotent
    certs = db.session.scalars(select(Certificate)).all()
    assert (
        len(certs) == 1
        and certs[0].holder.email == "certified@example.org"
        and certs[0].status == "active"
    )
    assert report.accounts
