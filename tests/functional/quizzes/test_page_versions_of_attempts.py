"""Quiz writes move the trainee's page version (their cached pages), and nobody else's."""

from __future__ import annotations

from ims_training.extensions import db
from ims_training.models import Role, User
from ims_training.page_cache.versions import content_generation
from ims_training.services.quizzes import attempts


def test_start_autosave_and_submit_bump_only_the_trainee(app, make_user, quiz):
    trainee, other = make_user(Role.TRAINEE), make_user(Role.TRAINEE)
    trainee_id, other_id = trainee.id, other.id

    def versions() -> tuple[int | None, int, int]:
        db.session.expire_all()
        return (
            content_generation(db.session),
            db.session.get(User, trainee_id).page_version,
            db.session.get(User, other_id).page_version,
        )

    generation, before, others = versions()
    attempt = attempts.start_attempt(db.session.get(User, trainee_id), quiz)
    started = versions()
    assert started[1] > before and started[::2] == (generation, others)

    alias = next(iter(attempt.layout[0]["aliases"]))
    db.session.remove()  # a fresh request: the attempt is not in the session yet
    attempts.save_answer(db.session.get(User, trainee_id), attempt.id, 0, {"answer": [alias]})
    saved = versions()
    assert saved[1] > started[1] and saved[::2] == (generation, others)

    attempts.submit_attempt(db.session.get(User, trainee_id), attempt.id)
    submitted = versions()
    assert submitted[1] > saved[1] and submitted[::2] == (generation, others)
