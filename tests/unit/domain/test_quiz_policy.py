"""Attempt rules: starting, deadlines, the grade that counts, review and the quiz list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ims_training.domain.quiz_policy import (
    Accommodation,
    AttemptFact,
    ReviewVisibility,
    can_start,
    deadline,
    final_grade,
    is_overdue,
    quiz_state,
    review_visibility,
)

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
POLICY = {
    "id": "quiz-anatomy",
    "pass_mark": 70,
    "attempts_allowed": 3,
    "wait_between_attempts_minutes": 60,
    "grading_method": "highest",
}


def done(minutes_ago: int, score: float) -> AttemptFact:
    submitted = NOW - timedelta(minutes=minutes_ago)
    return AttemptFact(
        started_at=submitted - timedelta(minutes=20), submitted_at=submitted, score=score
    )


def test_first_attempt_may_start() -> None:
    decision = can_start(NOW, POLICY, [])
    assert (decision.allowed, decision.reason_code, decision.attempts_left) == (True, "ok", 3)


def test_only_one_open_attempt_at_a_time() -> None:
    decision = can_start(NOW, POLICY, [AttemptFact(started_at=NOW - timedelta(minutes=5))])
    assert (decision.allowed, decision.reason_code, decision.attempts_left) == (
        False,
        "attempt_open",
        2,
    )


def test_wait_is_counted_from_the_last_submission() -> None:
    decision = can_start(NOW, POLICY, [done(300, 40), done(30, 50)])
    assert (decision.allowed, decision.reason_code) == (False, "wait")
    assert decision.opens_at == NOW + timedelta(minutes=30)
    assert decision.attempts_left == 1


def test_attempt_may_start_once_the_wait_is_over() -> None:
    assert can_start(NOW, POLICY, [done(60, 40)]).allowed
    assert not can_start(NOW, POLICY, [done(59, 40)]).allowed


def test_no_wait_by_default() -> None:
    policy = {**POLICY, "wait_between_attempts_minutes": None}
    assert can_start(NOW, policy, [done(1, 40)]).allowed


def test_no_attempts_left_after_the_allowed_number() -> None:
    decision = can_start(NOW, POLICY, [done(500, 10), done(400, 20), done(300, 30)])
    assert (decision.allowed, decision.reason_code, decision.attempts_left) == (
        False,
        "no_attempts_left",
        0,
    )
    assert decision.opens_at is None


def test_accommodation_grants_extra_attempts() -> None:
    attempts = [done(500, 10), done(400, 20), done(300, 30)]
    decision = can_start(NOW, POLICY, attempts, Accommodation(extra_attempts=2))
    assert (decision.allowed, decision.attempts_left) == (True, 2)


def test_unlimited_attempts_when_none_are_set() -> None:
    policy = {**POLICY, "attempts_allowed": None}
    decision = can_start(NOW, policy, [done(500 + i, 10) for i in range(20)])
    assert decision.allowed and decision.attempts_left is None


def test_deadline_applies_the_time_multiplier() -> None:
    assert deadline(NOW, 30) == NOW + timedelta(minutes=30)
    assert deadline(NOW, 30, 1.5) == NOW + timedelta(minutes=45)
    assert deadline(NOW, None, 2) is None


def test_deadline_refuses_a_non_positive_multiplier() -> None:
    with pytest.raises(ValueError, match="positive"):
        deadline(NOW, 30, 0)


def test_overdue_only_after_the_deadline() -> None:
    assert not is_overdue(NOW, NOW)
    assert is_overdue(NOW + timedelta(seconds=1), NOW)
    assert not is_overdue(NOW, None)


def test_final_grade_highest_or_latest() -> None:
    attempts = [done(300, 90), done(100, 60), AttemptFact(started_at=NOW)]
    assert final_grade(attempts, "highest") == 90
    assert final_grade(attempts, "latest") == 60
    assert final_grade([], "highest") is None


def test_final_grade_refuses_an_unknown_method() -> None:
    with pytest.raises(ValueError, match="average"):
        final_grade([done(1, 1)], "average")


def test_review_uses_the_quiz_options_per_phase() -> None:
    options = {
        "after_submit": {
            "score": True,
            "correctness": True,
            "correct_answers": False,
            "explanations": False,
        },
        "after_close": {
            "score": True,
            "correctness": True,
            "correct_answers": True,
            "explanations": True,
        },
    }
    assert review_visibility(options, "after_submit") == ReviewVisibility(True, True, False, False)
    assert review_visibility(options, "after_close") == ReviewVisibility(True, True, True, True)


def test_review_of_a_module_quiz_shows_everything_by_default() -> None:
    assert review_visibility(None, "after_submit") == ReviewVisibility(True, True, True, True)
    partial = {"after_submit": {"explanations": False}}
    assert review_visibility(partial, "after_submit") == ReviewVisibility(True, True, True, False)


def test_review_of_a_final_exam_defaults_to_score_only() -> None:
    assert review_visibility(None, "after_submit", kind="final") == ReviewVisibility(
        True, False, False, False
    )
    assert review_visibility({}, "after_close", kind="final") == ReviewVisibility(
        True, False, False, False
    )
    opened = {"after_close": {"correctness": True}}
    assert review_visibility(opened, "after_close", kind="final") == ReviewVisibility(
        True, True, False, False
    )


def test_review_refuses_an_unknown_phase() -> None:
    with pytest.raises(ValueError, match="during"):
        review_visibility(None, "during")  # type: ignore[arg-type]


def test_quiz_state_not_started() -> None:
    state = quiz_state(NOW, POLICY, [])
    assert (state.status, state.best_score, state.attempts_left, state.can_start) == (
        "not_started",
        None,
        3,
        True,
    )


def test_quiz_state_in_progress_while_an_attempt_is_open() -> None:
    state = quiz_state(NOW, POLICY, [done(300, 90), AttemptFact(started_at=NOW)])
    assert state.status == "in_progress" and state.best_score == 90 and not state.can_start


def test_quiz_state_failed_with_next_opening() -> None:
    state = quiz_state(NOW, POLICY, [done(10, 50)])
    assert (state.status, state.final_score, state.attempts_left) == ("failed", 50, 2)
    assert state.next_opens_at == NOW + timedelta(minutes=50)
    assert not state.can_start


def test_quiz_state_passed_at_the_pass_mark() -> None:
    assert quiz_state(NOW, POLICY, [done(10, 70)]).status == "passed"


def test_quiz_state_follows_the_grading_method() -> None:
    attempts = [done(300, 80), done(100, 60)]
    assert quiz_state(NOW, POLICY, attempts).status == "passed"
    latest = quiz_state(NOW, {**POLICY, "grading_method": "latest"}, attempts)
    assert (latest.status, latest.best_score, latest.final_score) == ("failed", 80, 60)
