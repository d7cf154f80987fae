"""Eligibility gathered from the database for the default program."""

from __future__ import annotations

from datetime import timedelta

from ims_training.models import Role
from ims_training.services.certification.programs import DEFAULT_PROGRAM
from ims_training.services.evidence.eligibility import eligibility_for, missing_requirements
from tests.factories.certification import NOW, make_eligible, passed_attempt, program, quiz


def test_default_program_is_data_with_the_required_evidence(app):
    prog = program()
    req = prog.requirements
    assert prog.key == "ims-practitioner" and prog.validity_months == 24
    assert "quiz-final-exam" in req["quizzes"] and len(req["quizzes"]) == 7
    assert [p["key"] for p in req["practical_assessments"]] == [
        "cervical-paraspinals",
        "lumbar-paraspinals",
    ]
    assert req["clinical"] == {"cases": 10} and req["licence_required"] is True
    assert req == DEFAULT_PROGRAM["requirements"]


def test_trainee_with_all_evidence_is_eligible(app, make_user):
    trainee, staff = make_user(Role.TRAINEE), make_user(Role.INSTRUCTOR)
    prog = make_eligible(trainee, staff)
    report = eligibility_for(trainee, prog, NOW)
    assert report.eligible and report.percent_met == 100 and report.missing == ()


def test_missing_evidence_is_named(app, make_user):
    trainee, staff = make_user(Role.TRAINEE), make_user(Role.INSTRUCTOR)
    quiz("quiz-final-exam", "Final exam")
    prog = make_eligible(
        trainee, staff, skip=("quiz-final-exam", "licence", "lumbar-paraspinals"), cases=7
    )
    report = eligibility_for(trainee, prog, NOW)
    assert not report.eligible
    assert set(report.missing) == {
        "quiz-final-exam",
        "lumbar-paraspinals",
        "clinical-cases",
        "licence",
    }
    words = " ".join(missing_requirements(report))
    assert (
        "Pass the quiz Final exam" in words
        and "lumbar paraspinals" in words
        and "7 so far" in words
    )
    assert "licence" in words


def test_a_failed_attempt_or_a_pass_after_now_does_not_count(app, make_user):
    trainee, staff = make_user(Role.TRAINEE), make_user(Role.INSTRUCTOR)
    prog = make_eligible(trainee, staff, skip=("quiz-safety",))
    passed_attempt(trainee, "quiz-safety", NOW - timedelta(days=1), passed=False)
    passed_attempt(trainee, "quiz-safety", NOW + timedelta(days=1))
    assert eligibility_for(trainee, prog, NOW).missing == ("quiz-safety",)
    assert eligibility_for(trainee, prog, NOW + timedelta(days=2)).eligible


def test_another_trainees_evidence_does_not_count(app, make_user):
    trainee, other, staff = (
        make_user(Role.TRAINEE),
        make_user(Role.TRAINEE),
        make_user(Role.INSTRUCTOR),
    )
    make_eligible(other, staff)
    assert not eligibility_for(trainee, program(), NOW).eligible
