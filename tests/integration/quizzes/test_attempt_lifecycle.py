"""Attempts through the services: start, save, submit, deadlines, attempt limits, grading."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ims_training.models import Attempt, AuditEvent, Role
from ims_training.services import ServiceError
from ims_training.services.quizzes import accommodations, attempts
from ims_training.services.quizzes.quiz_progress import passed_quiz_keys, quiz_closed_for
from tests.factories.quizzes import import_marker_bank, stored_answers

from .conftest import answer_all_correctly, right_fields

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_start_stores_the_draw_and_a_second_start_resumes_the_same_attempt(quiz, trainee):
    first = attempts.start_attempt(trainee, quiz, now=T0)
    again = attempts.start_attempt(trainee, quiz, now=T0 + timedelta(minutes=1))
    assert again.id == first.id
    assert [e["key"] for e in first.layout] == [
        "mk-single",
        "mk-multi",
        "mk-tf",
        "mk-match",
        "mk-order",
        "mk-numeric",
        "mk-text",
    ]
    assert all(
        a.question_version_id == e["version_id"]
        for a, e in zip(stored_answers(first.id), first.layout, strict=True)
    )
    assert "aliases" in first.layout[0] and "right-answer" not in first.layout[0]["aliases"]


def test_a_saved_answer_is_kept_and_counts_its_revisions(quiz, trainee, db):
    attempt = attempts.start_attempt(trainee, quiz)
    attempts.save_answer(trainee, attempt.id, 0, right_fields(attempt, 0))
    saved = attempts.save_answer(trainee, attempt.id, 0, right_fields(attempt, 0), flagged=True)
    db.session.expire_all()
    answer = stored_answers(attempt.id)[0]
    assert (
        answer.response == "right-answer"
        and answer.flagged
        and saved.revision == answer.revision == 2
    )


def test_an_answer_naming_an_option_not_in_the_attempt_is_refused_and_nothing_changes(
    quiz, trainee, db
):
    attempt = attempts.start_attempt(trainee, quiz)
    attempts.save_answer(trainee, attempt.id, 0, right_fields(attempt, 0))
    for bad in ({"answer": ["right-answer"]}, {"answer": ["knotakey"]}, {"answer": ["a", "b"]}):
        with pytest.raises(attempts.InvalidAnswer, match="not saved"):
            attempts.save_answer(trainee, attempt.id, 0, bad)
    with pytest.raises(attempts.InvalidAnswer):
        attempts.save_answer(trainee, attempt.id, 99, {"answer": ["x"]})
    with pytest.raises(attempts.InvalidAnswer):
        attempts.save_answer(trainee, attempt.id, 5, {"answer": ["not a number"]})
    db.session.expire_all()
    answer = stored_answers(attempt.id)[0]
    assert answer.response == "right-answer" and answer.revision == 1


def test_all_correct_answers_pass_with_full_marks(quiz, trainee):
    attempt = attempts.start_attempt(trainee, quiz)
    answer_all_correctly(trainee, attempt)
    graded = attempts.submit_attempt(trainee, attempt.id)
    assert (graded.score, graded.max_score, graded.percent, graded.passed) == (7, 7, 100, True)
    assert "quiz-markers" in passed_quiz_keys(trainee)


def test_submitting_twice_grades_once_and_a_submitted_attempt_refuses_answers(quiz, trainee, db):
    attempt = attempts.start_attempt(trainee, quiz, now=T0)
    attempts.submit_attempt(trainee, attempt.id, now=T0 + timedelta(minutes=1))
    again = attempts.submit_attempt(trainee, attempt.id, now=T0 + timedelta(minutes=5))
    assert again.submitted_at == T0 + timedelta(minutes=1) and again.percent == 0
    with pytest.raises(attempts.AttemptClosed, match="submitted"):
        attempts.save_answer(trainee, attempt.id, 0, right_fields(attempt, 0))


def test_another_trainees_attempt_does_not_exist_for_a_trainee(quiz, trainee, make_user):
    attempt = attempts.start_attempt(trainee, quiz)
    other = make_user(Role.TRAINEE)
    assert attempts.own_attempt(other, attempt.id) is None
    with pytest.raises(attempts.AttemptNotFound):
        attempts.save_answer(other, attempt.id, 0, {})
    with pytest.raises(attempts.AttemptNotFound):
        attempts.submit_attempt(other, attempt.id)


def test_answers_after_the_deadline_do_not_count_and_the_attempt_closes_at_its_deadline(
    app, tmp_path, trainee, db
):
    quiz = import_marker_bank(tmp_path, time_limit_minutes=10)
    attempt = attempts.start_attempt(trainee, quiz, now=T0)
    assert attempt.deadline_at == T0 + timedelta(minutes=10)
    attempts.save_answer(
        trainee, attempt.id, 0, right_fields(attempt, 0), now=T0 + timedelta(minutes=10)
    )
    with pytest.raises(attempts.AttemptClosed, match="Time is up"):
        attempts.save_answer(
            trainee, attempt.id, 1, right_fields(attempt, 1), now=T0 + timedelta(minutes=11)
        )
    db.session.expire_all()
    closed = db.session.get(Attempt, attempt.id)
    assert closed.status == "submitted" and closed.closed_by == "deadline"
    assert closed.submitted_at == T0 + timedelta(minutes=10) and closed.score == 1
    assert stored_answers(attempt.id)[1].response is None


def test_close_overdue_closes_only_attempts_past_their_deadline(app, tmp_path, trainee, make_user):
    quiz = import_marker_bank(tmp_path, time_limit_minutes=10)
    late = attempts.start_attempt(trainee, quiz, now=T0)
    other = make_user(Role.TRAINEE)
    fresh = attempts.start_attempt(other, quiz, now=T0 + timedelta(minutes=5))
    closed = attempts.close_overdue(now=T0 + timedelta(minutes=12))
    assert [a.id for a in closed] == [late.id]
    assert fresh.status == "in_progress"


def test_extra_time_and_extra_attempts_are_granted_with_a_reason_in_the_audit_trail(
    app, tmp_path, trainee, make_user, db
):
    quiz = import_marker_bank(tmp_path, time_limit_minutes=20, attempts_allowed=1)
    instructor = make_user(Role.INSTRUCTOR)
    with pytest.raises(ServiceError, match="reason"):
        accommodations.grant(
            instructor, trainee, quiz, time_multiplier=1.5, extra_attempts=0, reason=" "
        )
    accommodations.grant(
        instructor,
        trainee,
        quiz,
        time_multiplier=1.5,
        extra_attempts=1,
        reason="dyslexia, documented",
    )
    first = attempts.start_attempt(trainee, quiz, now=T0)
    assert first.deadline_at == T0 + timedelta(minutes=30)
    attempts.submit_attempt(trainee, first.id, now=T0 + timedelta(minutes=1))
    second = attempts.start_attempt(trainee, quiz, now=T0 + timedelta(minutes=2))
    attempts.submit_attempt(trainee, second.id, now=T0 + timedelta(minutes=3))
    with pytest.raises(ServiceError, match="no attempts left"):
        attempts.start_attempt(trainee, quiz, now=T0 + timedelta(minutes=4))
    event = db.session.query(AuditEvent).filter_by(action="quiz.accommodation_granted").one()
    assert event.actor_id == instructor.id and event.reason == "dyslexia, documented"


def test_the_wait_between_attempts_is_enforced_with_a_clear_message(app, tmp_path, trainee):
    quiz = import_marker_bank(tmp_path, wait_between_attempts_minutes=60)
    first = attempts.start_attempt(trainee, quiz, now=T0)
    attempts.submit_attempt(trainee, first.id, now=T0 + timedelta(minutes=5))
    with pytest.raises(ServiceError, match="next attempt opens"):
        attempts.start_attempt(trainee, quiz, now=T0 + timedelta(minutes=30))
    assert attempts.start_attempt(trainee, quiz, now=T0 + timedelta(minutes=66)).number == 2


def test_latest_grading_counts_the_last_attempt_and_highest_the_best(
    app, tmp_path, trainee, make_user
):
    quiz = import_marker_bank(tmp_path, grading_method="latest")
    good = attempts.start_attempt(trainee, quiz, now=T0)
    answer_all_correctly(trainee, good)
    attempts.submit_attempt(trainee, good.id, now=T0 + timedelta(minutes=1))
    assert passed_quiz_keys(trainee) == {"quiz-markers": T0 + timedelta(minutes=1)}
    bad = attempts.start_attempt(trainee, quiz, now=T0 + timedelta(minutes=2))
    attempts.submit_attempt(trainee, bad.id, now=T0 + timedelta(minutes=3))
    assert passed_quiz_keys(trainee) == {}


def test_the_quiz_closes_for_a_trainee_when_passed_or_out_of_attempts(app, tmp_path, trainee):
    quiz = import_marker_bank(tmp_path, attempts_allowed=1)
    attempt = attempts.start_attempt(trainee, quiz)
    assert not quiz_closed_for(trainee, quiz)
    attempts.submit_attempt(trainee, attempt.id)
    assert quiz_closed_for(trainee, quiz)
