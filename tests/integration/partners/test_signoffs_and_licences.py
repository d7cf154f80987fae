"""Recording sign-offs, clinical cases and licence checks: the rules, and nothing written on refusal."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from ims_training.extensions import db
from ims_training.models import (
    AuditEvent,
    ClinicalCase,
    PracticalSignoff,
    ProfessionalLicence,
    Role,
)
from ims_training.services import ServiceError
from ims_training.services.evidence import licences, signoffs

from ...factories.partners import make_program

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def _signoff(trainee, program, actor, **overrides):
    values = {
        "assessment_key": "cervical-paraspinals",
        "assessed_on": date(2025, 5, 30),
        "region": "C5-C6",
        "notes": None,
    }
    values.update(overrides)
    return signoffs.record_signoff(trainee, program, actor=actor, now=NOW, **values)


def test_a_sign_off_is_stored_with_its_assessor_and_audited(app, make_user):
    program = make_program()
    trainee, instructor = make_user(Role.TRAINEE), make_user(Role.INSTRUCTOR)
    signoff = _signoff(trainee, program, instructor)
    assert signoff.assessor_id == instructor.id
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "signoff.recorded"))
    assert event.actor_id == instructor.id and event.target_user_id == trainee.id


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"assessed_on": date(2025, 6, 2)}, "assessed_on"),
        ({"assessed_on": None}, "assessed_on"),
        ({"assessment_key": "thoracic"}, "assessment_key"),
        ({"region": "  "}, "region"),
    ],
)
def test_bad_sign_offs_are_refused_at_the_field(app, make_user, overrides, field):
    program = make_program()
    trainee, instructor = make_user(Role.TRAINEE), make_user(Role.INSTRUCTOR)
    with pytest.raises(ServiceError) as refused:
        _signoff(trainee, program, instructor, **overrides)
    assert refused.value.field == field
    assert _count(PracticalSignoff) == 0


def test_today_in_norway_is_not_the_future_even_before_utc_midnight(app, make_user):
    program = make_program()
    trainee, instructor = make_user(Role.TRAINEE), make_user(Role.INSTRUCTOR)
    late_evening_utc = datetime(2025, 5, 31, 22, 30, tzinfo=UTC)  # 1 June 00:30 in Oslo
    signoffs.record_signoff(
        trainee,
        program,
        assessment_key="cervical-paraspinals",
        assessed_on=date(2025, 6, 1),
        region="C5",
        notes=None,
        actor=instructor,
        now=late_evening_utc,
    )


def test_an_instructor_cannot_sign_off_their_own_account(app, make_user):
    program = make_program()
    both = make_user(Role.TRAINEE, Role.INSTRUCTOR)
    with pytest.raises(ServiceError, match="own training"):
        _signoff(both, program, both)
    with pytest.raises(ServiceError, match="own training"):
        signoffs.record_clinical_case(
            both,
            program,
            seen_on=date(2025, 5, 1),
            hours=1,
            summary="ok",
            supervisor=both,
            actor=both,
            now=NOW,
        )
    assert _count(PracticalSignoff) == 0 and _count(ClinicalCase) == 0
    assert not db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action.like("signoff%"))
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"hours": -1}, "hours"),
        ({"hours": 0}, "hours"),
        ({"hours": 25}, "hours"),
        ({"seen_on": date(2030, 1, 1)}, "seen_on"),
        ({"summary": "Kari, fnr 01019912345, low back pain"}, "summary"),
        ({"summary": ""}, "summary"),
    ],
)
def test_bad_clinical_cases_are_refused_at_the_field(app, make_user, overrides, field):
    program = make_program()
    trainee, instructor = make_user(Role.TRAINEE), make_user(Role.INSTRUCTOR)
    values = {
        "seen_on": date(2025, 5, 1),
        "hours": 1.5,
        "summary": "L5 radiculopathy, paraspinals treated",
    }
    values.update(overrides)
    with pytest.raises(ServiceError) as refused:
        signoffs.record_clinical_case(
            trainee, program, supervisor=instructor, actor=instructor, now=NOW, **values
        )
    assert refused.value.field == field
    assert _count(ClinicalCase) == 0


def test_a_trainee_cannot_be_the_supervisor(app, make_user):
    program = make_program()
    trainee, other_trainee, instructor = (
        make_user(Role.TRAINEE),
        make_user(Role.TRAINEE),
        make_user(Role.INSTRUCTOR),
    )
    with pytest.raises(ServiceError) as refused:
        signoffs.record_clinical_case(
            trainee,
            program,
            seen_on=date(2025, 5, 1),
            hours=1,
            summary="ok",
            supervisor=other_trainee,
            actor=instructor,
            now=NOW,
        )
    assert refused.value.field == "supervisor_id"


def test_licence_submission_checks_the_country_code(app, make_user):
    trainee = make_user(Role.TRAINEE)
    for bad in ("NOR", "N1", "XX", ""):
        with pytest.raises(ServiceError) as refused:
            licences.submit_licence(trainee, "Physiotherapist", "123", bad)
        assert refused.value.field == "country"
    assert _count(ProfessionalLicence) == 0
    licence = licences.submit_licence(trainee, "Physiotherapist", "123", "se")
    assert licence.country == "SE" and licence.status == "pending"


def test_rejecting_a_licence_needs_a_note_and_both_checks_are_audited(app, make_user):
    trainee, admin = make_user(Role.TRAINEE), make_user(Role.ADMINISTRATOR)
    licence = licences.submit_licence(trainee, "Physiotherapist", "123", "NO")
    with pytest.raises(ServiceError) as refused:
        licences.check_licence(licence, False, "  ", actor=admin)
    assert refused.value.field == "note"
    assert licence.status == "pending"
    licences.check_licence(licence, False, "Number not in HPR", actor=admin)
    licences.check_licence(licence, True, None, actor=admin, now=NOW)
    assert (
        licence.status == "verified"
        and licence.checked_at == NOW
        and licence.checked_by_id == admin.id
    )
    actions = db.session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.subject_type == "licence")
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["licence.submitted", "licence.rejected", "licence.verified"]


def test_a_batch_of_cases_refuses_a_trainee_as_supervisor_like_a_single_case(app, make_user):
    from ims_training.services.evidence.record_corrections import CaseLine, record_cases

    program = make_program()
    trainee, other_trainee, instructor = (
        make_user(Role.TRAINEE),
        make_user(Role.TRAINEE),
        make_user(Role.INSTRUCTOR),
    )
    line = CaseLine(seen_on=date(2025, 5, 1), hours=1.0, summary="L5 radiculopathy, treated")
    with pytest.raises(ServiceError) as refused:
        record_cases(trainee, program, [line], supervisor=other_trainee, actor=instructor)
    assert refused.value.field == "supervisor_id"
    assert _count(ClinicalCase) == 0
    saved = record_cases(trainee, program, [line, line], supervisor=instructor, actor=instructor)
    assert [case.supervisor_id for case in saved] == [instructor.id, instructor.id]
    assert _count(ClinicalCase) == 2
