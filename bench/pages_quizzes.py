"""Quiz pages in `make bench`: the trainee's quiz list and a question page of an open attempt."""

from __future__ import annotations

from typing import Any

from .pages import PAGES, SEEDERS, BenchPage

TRAINEE = "trainee0@bench.example.org"


def _seed(context: dict[str, Any]) -> None:
    from ims_training.extensions import db
    from ims_training.models import Quiz
    from ims_training.services.accounts import accounts
    from ims_training.services.quizzes import attempts

    from .harness import ROOT

    with context["app"].test_request_context():
        from ims_training.bank import load_bank
        from ims_training.services.bank.bank_import import import_bank

        import_bank(load_bank([ROOT / "question_bank"]), retire_missing=False)
        quiz = db.session.scalar(db.select(Quiz).where(Quiz.key == "quiz-safety"))
        user = accounts.find_user_by_email(TRAINEE)
        # the quiz opens after its module's lessons (issue 9): read the course up to it first
        from ims_training.models import CourseModule, Lesson
        from ims_training.services.course import course

        for key in db.session.scalars(
            db.select(Lesson.key)
            .join(CourseModule)
            .where(Lesson.status == "published")
            .order_by(CourseModule.position, Lesson.position)
        ):
            try:
                course.complete_lesson(user, key)
            except (
                course.ModuleLocked
            ):  # later modules wait for earlier quizzes (clinical for safety)
                continue
        attempt = attempts.start_attempt(user, quiz)
        context["quiz_attempt_id"] = attempt.id


SEEDERS.append(_seed)
PAGES.extend(
    [
        BenchPage("trainee quiz list", "/learn/quizzes", TRAINEE),
        BenchPage(
            "quiz question page", lambda c: f"/learn/attempts/{c['quiz_attempt_id']}?q=3", TRAINEE
        ),
    ]
)
