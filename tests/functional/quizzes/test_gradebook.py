"""Gradebooks for staff: per quiz and per trainee, with start, finish, time taken, score and result."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ims_training.models import Role
from tests.factories.partners import add_attempt, make_quiz


def test_gradebook_per_trainee_and_per_quiz_in_both_languages(client, login_as, make_user):
    login_as(Role.INSTRUCTOR)
    trainee = make_user(Role.TRAINEE, name="Kari Kandidat")
    quiz = make_quiz("quiz-foundations", "Foundations quiz")
    finished = datetime(2026, 11, 30, 11, 38, tzinfo=UTC)
    add_attempt(trainee, quiz, 62.5, passed=False, at=finished)  # started 20 minutes before
    add_attempt(trainee, quiz, 81.25, passed=True, at=finished + timedelta(days=1), number=2)

    page = client.get(f"/author/trainees/{trainee.id}/gradebook").get_data(as_text=True)
    assert "Foundations quiz" in page and "Attempt 1" in page and "Attempt 2" in page
    assert (
        "30 Nov 2026, 12:18" in page and "30 Nov 2026, 12:38" in page
    )  # start and finish, Oslo time
    assert "20 min 0 s" in page and "62.5 of 100" in page and "81.25 of 100" in page
    assert "✗ Not passed" in page and "✓ Passed" in page

    per_quiz = client.get("/author/quizzes/quiz-foundations").get_data(as_text=True)
    assert "Kari Kandidat" in per_quiz and "Time taken" in per_quiz and "20 min 0 s" in per_quiz

    client.post("/language", data={"lang": "nb", "next": "/"})
    page = client.get(f"/author/trainees/{trainee.id}/gradebook").get_data(as_text=True)
    assert (
        "Karakterbok: Kari Kandidat" in page
        and "30.11.2026 12:18" in page
        and "62,5 av 100" in page
    )
    assert "Tidsbruk" in page


def test_quiz_results_are_listed_in_course_order(client, login_as):
    from ims_training.extensions import db
    from ims_training.models import CourseModule, QuizVersion
    from tests.factories.certification import quiz as cert_quiz

    login_as(Role.INSTRUCTOR)
    db.session.add_all(
        [
            CourseModule(slug="foundations", position=1, title={"en": "Foundations"}),
            CourseModule(slug="anatomy", position=2, title={"en": "Anatomy"}),
        ]
    )
    db.session.commit()
    cert_quiz("quiz-final-exam", "Final exam")
    anatomy = make_quiz("quiz-aa-anatomy", "Anatomy quiz")
    make_quiz("quiz-zz-foundations", "Foundations quiz")
    version = db.session.get(QuizVersion, anatomy.current_version_id)
    version.definition = {**version.definition, "module": "anatomy"}
    db.session.commit()
    page = client.get("/author/quizzes").get_data(as_text=True)
    assert page.index("Foundations quiz") < page.index("Anatomy quiz") < page.index("Final exam")
