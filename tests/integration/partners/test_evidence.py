"""Evidence in the database becomes the eligibility checklist, for one trainee or many."""

from datetime import UTC, date, datetime, timedelta

from ims_training.extensions import db
from ims_training.models import ClinicalCase, PracticalSignoff, ProfessionalLicence, Role
from ims_training.services.evidence import evidence

from ...factories.partners import add_attempt, make_program, make_quiz

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)


def _signoff(user, program, assessor, key, day):
    db.session.add(
        PracticalSignoff(
            user_id=user.id,
            program_id=program.id,
            assessment_key=key,
            assessed_on=day,
            assessor_id=assessor.id,
            region="C5",
        )
    )


def _case(user, program, supervisor, day, hours=1.0):
    db.session.add(
        ClinicalCase(
            user_id=user.id,
            program_id=program.id,
            seen_on=day,
            hours=hours,
            summary="ok",
            supervisor_id=supervisor.id,
        )
    )


def test_a_trainee_with_everything_is_eligible_since_the_last_requirement(app, make_user):
    program = make_program()
    trainee, instructor = make_user(Role.TRAINEE), make_user(Role.INSTRUCTOR)
    foundations, final = make_quiz("quiz-foundations"), make_quiz("quiz-final-exam")
    add_attempt(trainee, foundations, 50, passed=False, at=NOW - timedelta(days=30))
    add_attempt(trainee, foundations, 80, passed=True, at=NOW - timedelta(days=20), number=2)
    add_attempt(trainee, final, 90, passed=True, at=NOW - timedelta(days=10))
    _signoff(trainee, program, instructor, "cervical-paraspinals", date(2025, 5, 1))
    _signoff(trainee, program, instructor, "lumbar-paraspinals", date(2025, 5, 2))
    for d in (3, 4, 5):
        _case(trainee, program, instructor, date(2025, 5, d))
    db.session.add(
        ProfessionalLicence(
            user_id=trainee.id,
            profession="Physio",
            licence_number="1",
            country="NO",
            status="verified",
            checked_at=NOW - timedelta(days=2),
        )
    )
    db.session.commit()

    report = evidence.report_for(trainee.id, program, NOW)

    assert report.eligible and report.percent_met == 100
    met = {i.key: i.met_at for i in report.items}
    assert met["quiz-foundations"] == NOW - timedelta(days=20)
    assert met["clinical-cases"] == datetime(2025, 5, 5, tzinfo=UTC)
    assert report.eligible_at == NOW - timedelta(days=2)


def test_missing_evidence_is_listed_and_a_later_rejection_keeps_a_verified_licence(app, make_user):
    program = make_program()
    trainee = make_user(Role.TRAINEE)
    db.session.add(
        ProfessionalLicence(
            user_id=trainee.id,
            profession="Physio",
            licence_number="1",
            country="NO",
            status="verified",
            checked_at=NOW - timedelta(days=5),
            created_at=NOW - timedelta(days=9),
        )
    )
    db.session.add(
        ProfessionalLicence(
            user_id=trainee.id,
            profession="Physio",
            licence_number="2",
            country="NO",
            status="rejected",
            created_at=NOW - timedelta(days=1),
        )
    )
    db.session.commit()

    report = evidence.report_for(trainee.id, program, NOW)

    assert not report.eligible
    assert set(report.missing) == {
        "quiz-foundations",
        "quiz-final-exam",
        "cervical-paraspinals",
        "lumbar-paraspinals",
        "clinical-cases",
    }


def test_evidence_of_another_program_does_not_count(app, make_user):
    program, other = make_program(), make_program("other")
    trainee, instructor = make_user(Role.TRAINEE), make_user(Role.INSTRUCTOR)
    _signoff(trainee, other, instructor, "cervical-paraspinals", date(2025, 5, 1))
    db.session.commit()
    assert "cervical-paraspinals" in evidence.report_for(trainee.id, program, NOW).missing


def test_reports_for_many_trainees_give_each_their_own(app, make_user):
    program = make_program()
    a, b, instructor = make_user(Role.TRAINEE), make_user(Role.TRAINEE), make_user(Role.INSTRUCTOR)
    _signoff(a, program, instructor, "cervical-paraspinals", date(2025, 5, 1))
    db.session.commit()
    reports = evidence.reports_for_users([a.id, b.id], program, NOW)
    assert "cervical-paraspinals" not in reports[a.id].missing
    assert "cervical-paraspinals" in reports[b.id].missing


def test_the_default_program_is_ims_practitioner(app):
    make_program("aaa-first")
    wanted = make_program("ims-practitioner")
    assert evidence.default_program().id == wanted.id
