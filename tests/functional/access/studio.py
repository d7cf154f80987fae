"""The instructor studio: instructors and administrators only; trainees and coordinators refused."""

from __future__ import annotations

from typing import Any

from . import STAFF, Expect
from .setup import HOOKS

CONTENT = {
    "id": "matrix-studio-q",
    "type": "true_false",
    "module": "safety",
    "difficulty": "easy",
    "points": 1.0,
    "tags": [],
    "stem": {"en": "Needles are single-use.", "nb": "Nåler er til engangsbruk."},
    "answer": True,
}


def _studio(world: Any) -> None:
    from ims_training.bank.validate import content_hash
    from ims_training.extensions import db
    from ims_training.models import StudioRevision

    author = world.users["instructor"]
    revision = StudioRevision(
        kind="question",
        key="matrix-studio-q",
        number=1,
        content=CONTENT,
        content_hash=content_hash(CONTENT),
        status="draft",
        note="",
        author_id=author.id,
    )
    db.session.add(revision)
    db.session.commit()
    world.extra["studio_revision"] = revision.id


HOOKS.append(_studio)

# The bank hook (access/bank.py) imports foundations.yaml; quiz-foundations needs more files, so the
# statistics pages answer 404 to staff here (no such published quiz) and are refused to everyone else.
EXPECTATIONS = {
    "author.studio_home": Expect("/author/studio", allowed=STAFF),
    "author.studio_question_new": Expect(
        "/author/studio/questions/new", methods=("GET", "POST"), allowed=STAFF
    ),
    "author.studio_question_edit": Expect(
        lambda w: f"/author/studio/questions/{w.extra['bank_question']}/edit",
        methods=("GET", "POST"),
        allowed=STAFF,
    ),
    "author.studio_question_preview": Expect(
        "/author/studio/questions/preview", methods=("POST",), allowed=STAFF
    ),
    "author.studio_history": Expect(
        "/author/studio/question/matrix-studio-q/revisions", allowed=STAFF
    ),
    "author.studio_diff": Expect(
        "/author/studio/question/matrix-studio-q/diff", allowed=STAFF, ok_status=404
    ),
    "author.studio_submit": Expect(
        lambda w: f"/author/studio/revisions/{w.extra['studio_revision']}/submit",
        methods=("POST",),
        allowed=STAFF,
    ),
    "author.studio_approve": Expect(
        lambda w: f"/author/studio/revisions/{w.extra['studio_revision']}/approve",
        methods=("POST",),
        allowed=STAFF,
    ),
    "author.studio_reject": Expect(
        lambda w: f"/author/studio/revisions/{w.extra['studio_revision']}/reject",
        methods=("POST",),
        allowed=STAFF,
    ),
    "author.studio_publish": Expect(
        lambda w: f"/author/studio/revisions/{w.extra['studio_revision']}/publish",
        methods=("POST",),
        allowed=STAFF,
    ),
    "author.studio_quiz_new": Expect(
        "/author/studio/quizzes/new", methods=("GET", "POST"), allowed=STAFF
    ),
    "author.studio_quiz_edit": Expect(
        "/author/studio/quizzes/no-such-quiz/edit",
        methods=("GET", "POST"),
        allowed=STAFF,
        ok_status=404,
    ),
    "author.studio_statistics": Expect(
        "/author/studio/quizzes/no-such-quiz/statistics", allowed=STAFF, ok_status=404
    ),
    "author.studio_statistics_csv": Expect(
        "/author/studio/quizzes/no-such-quiz/statistics.csv", allowed=STAFF, ok_status=404
    ),
}
