"""Concurrent writers on a real database file (or PostgreSQL): no lost update, one grading."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from ims_training.extensions import db
from ims_training.models import Attempt, User
from ims_training.services.quizzes import attempts
from tests.factories.quizzes import import_marker_bank, stored_answers

SLOTS, ROUNDS = 8, 12


def _text_questions() -> list[dict[str, Any]]:
    return [
        {"id": f"txt-{n}", "type": "short_text", "stem": {"en": f"Word {n}"}, "accepted": [f"w{n}"]}
        for n in range(SLOTS)
    ]


def _in_threads(app, count: int, work: Callable[[int], Any]) -> list[Any]:  # type: ignore[no-untyped-def]
    barrier, results, errors = threading.Barrier(count), [None] * count, []

    def run(n: int) -> None:
        with app.test_request_context():
            try:
                barrier.wait()
                results[n] = work(n)
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    return results


def _open_text_attempt(tmp_path, make_user) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """A new trainee's open attempt at a quiz of SLOTS text questions: (attempt id, user id),
    the session emptied so that the threads load their own rows."""
    quiz = import_marker_bank(
        tmp_path, question_list=_text_questions(), questions=[f"txt-{n}" for n in range(SLOTS)]
    )
    trainee = make_user()
    attempt_id, user_id = attempts.start_attempt(trainee, quiz).id, trainee.id
    db.session.remove()
    return attempt_id, user_id


def test_concurrent_saves_to_one_attempt_lose_nothing_and_double_nothing(app, tmp_path, make_user):
    attempt_id, user_id = _open_text_attempt(tmp_path, make_user)

    def save_rounds(slot: int) -> int:
        user = db.session.get(User, user_id)
        for r in range(ROUNDS):
            attempts.save_answer(user, attempt_id, slot, {"answer": [f"{slot}-{r}"]})
        return ROUNDS

    assert sum(_in_threads(app, SLOTS, save_rounds)) == SLOTS * ROUNDS
    stored = stored_answers(attempt_id)
    assert len(stored) == SLOTS
    assert [(a.slot, a.response, a.revision) for a in stored] == [
        (slot, f"{slot}-{ROUNDS - 1}", ROUNDS) for slot in range(SLOTS)
    ]


def test_a_concurrent_double_submit_grades_once(app, tmp_path, make_user):
    quiz = import_marker_bank(tmp_path)
    trainee = make_user()
    attempt_id, user_id = attempts.start_attempt(trainee, quiz).id, trainee.id
    db.session.remove()

    def submit(_n: int) -> tuple[Any, ...]:
        done = attempts.submit_attempt(db.session.get(User, user_id), attempt_id)
        return (done.status, done.submitted_at, done.score)

    results = _in_threads(app, 4, submit)
    assert len(set(results)) == 1 and results[0][0] == "submitted"


def test_two_tabs_starting_at_once_get_the_same_attempt(app, tmp_path, make_user):
    quiz = import_marker_bank(tmp_path)
    trainee = make_user()
    quiz_id, user_id = quiz.id, trainee.id
    db.session.remove()

    def start(_n: int) -> int:
        from ims_training.models import Quiz

        return attempts.start_attempt(
            db.session.get(User, user_id), db.session.get(Quiz, quiz_id)
        ).id

    ids = _in_threads(app, 4, start)
    assert len(set(ids)) == 1
    assert db.session.query(Attempt).count() == 1


def test_saves_racing_a_submit_are_either_graded_or_refused(app, tmp_path, make_user):
    """A save that says "saved" is in the grade; one that comes after the grading is refused."""
    attempt_id, user_id = _open_text_attempt(tmp_path, make_user)

    def work(n: int) -> list[tuple[int, str]]:
        user = db.session.get(User, user_id)
        if n == 0:
            attempts.submit_attempt(user, attempt_id)
            return []
        confirmed = []
        for r in range(ROUNDS):
            value = f"w{n}" if r % 2 else f"x{r}"  # right and wrong in turn
            try:
                attempts.save_answer(user, attempt_id, n, {"answer": [value]})
            except attempts.AttemptClosed:
                break
            confirmed.append((n, value))
        return confirmed

    results = _in_threads(app, SLOTS, work)
    stored = {a.slot: a for a in stored_answers(attempt_id)}
    for confirmed in results[1:]:
        if confirmed:  # the last confirmed save is what was graded, with its score
            slot, value = confirmed[-1]
            assert stored[slot].response == value and stored[slot].revision == len(confirmed)
            assert stored[slot].score == (1.0 if value == f"w{slot}" else 0.0)
    attempt = db.session.get(Attempt, attempt_id)
    assert attempt.status == "submitted"
    assert attempt.score == sum(a.score or 0 for a in stored.values())


@pytest.mark.parametrize("the_other_tab_submits", [False, True])
def test_a_start_planned_before_another_tabs_start_sees_it_under_the_lock(
    app, tmp_path, make_user, monkeypatch, the_other_tab_submits
):
    """The plan is made without the write lock; another tab's start (and submit) committed in
    between is seen under the lock, and this start resumes that attempt, or opens the next one."""
    quiz = import_marker_bank(tmp_path)
    trainee = make_user()
    planned = attempts._plan_start
    other: list[int] = []

    def plan_then_other_tab_starts(*args, **kwargs):  # type: ignore[no-untyped-def]
        plan = planned(*args, **kwargs)
        if not other:  # the first, unlocked plan: another tab starts right after it
            monkeypatch.setattr(attempts, "_plan_start", planned)
            other.append(attempts.start_attempt(trainee, quiz).id)
            if the_other_tab_submits:
                attempts.submit_attempt(trainee, other[0])
            monkeypatch.setattr(attempts, "_plan_start", plan_then_other_tab_starts)
        return plan

    monkeypatch.setattr(attempts, "_plan_start", plan_then_other_tab_starts)
    started = attempts.start_attempt(trainee, quiz)
    rows = db.session.query(Attempt).filter_by(user_id=trainee.id).order_by(Attempt.number).all()
    if the_other_tab_submits:
        assert started.id != other[0] and started.number == 2
        assert [(a.number, a.status) for a in rows] == [(1, "submitted"), (2, "in_progress")]
    else:
        assert started.id == other[0]
        assert [(a.number, a.status) for a in rows] == [(1, "in_progress")]
