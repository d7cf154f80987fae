"""Role matrix for quizzes: trainee pages (own attempts only) and instructors' result pages."""

import tempfile
from pathlib import Path

from . import STAFF, Expect
from .setup import HOOKS

LEARNERS = ("trainee", "instructor", "administrator")
# Staff may open trainee pages, but an attempt is its owner's alone: for anyone else it does not exist.
OWN = {"instructor": 404, "administrator": 404}


def _quiz_world(world) -> None:  # type: ignore[no-untyped-def]
    from ims_training.services.quizzes import attempts
    from tests.factories.quizzes import QUIZ_KEY, import_marker_bank

    # open to all (issue 9's unlock rules are tested elsewhere; the matrix tests access only)
    quiz = import_marker_bank(
        Path(tempfile.mkdtemp()), attempts_allowed=5, unlocked_by={"lessons": "none"}
    )
    trainee = world.users["trainee"]
    done = attempts.start_attempt(trainee, quiz)
    attempts.submit_attempt(trainee, done.id)
    open_ = attempts.start_attempt(trainee, quiz)
    world.extra.update(
        quiz_key=QUIZ_KEY, attempt_id=open_.id, submitted_id=done.id, question_key="mk-single"
    )


HOOKS.append(_quiz_world)


def _attempt(suffix: str = ""):  # type: ignore[no-untyped-def]
    return lambda w: f"/learn/attempts/{w.extra['attempt_id']}{suffix}"


EXPECTATIONS = {
    "learn.quizzes": Expect("/learn/quizzes", allowed=LEARNERS),
    "learn.quiz": Expect(lambda w: f"/learn/quizzes/{w.extra['quiz_key']}", allowed=LEARNERS),
    "learn.quiz_start": Expect(
        lambda w: f"/learn/quizzes/{w.extra['quiz_key']}/start", methods=("POST",), allowed=LEARNERS
    ),
    "learn.attempt": Expect(_attempt(), allowed=("trainee",), overrides=OWN),
    "learn.attempt_save": Expect(
        _attempt(),
        methods=("POST",),
        allowed=("trainee",),
        overrides=OWN,
        data={"slot": "1", "goto": "next"},
    ),
    "learn.attempt_autosave": Expect(
        _attempt("/answers"), methods=("POST",), allowed=("trainee",), overrides=OWN
    ),
    "learn.attempt_summary": Expect(_attempt("/summary"), allowed=("trainee",), overrides=OWN),
    "learn.attempt_submit": Expect(
        _attempt("/submit"), methods=("POST",), allowed=("trainee",), overrides=OWN
    ),
    "learn.attempt_result": Expect(
        lambda w: f"/learn/attempts/{w.extra['submitted_id']}/result",
        allowed=("trainee",),
        overrides=OWN,
    ),
    "author.quizzes": Expect("/author/quizzes", allowed=STAFF),
    "author.quiz_attempts": Expect(
        lambda w: f"/author/quizzes/{w.extra['quiz_key']}", allowed=STAFF
    ),
    "author.attempt_detail": Expect(
        lambda w: f"/author/attempts/{w.extra['submitted_id']}", allowed=STAFF
    ),
    "author.accommodation_new": Expect(
        "/author/accommodations/new", methods=("GET", "POST"), allowed=STAFF
    ),
    "author.regrade_question": Expect(
        lambda w: f"/author/quizzes/{w.extra['quiz_key']}/regrade/{w.extra['question_key']}",
        methods=("GET", "POST"),
        allowed=STAFF,
    ),
}
