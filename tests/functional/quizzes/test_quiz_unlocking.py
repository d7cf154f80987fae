"""Quizzes open by their unlock rules, enforced where an attempt starts (not only in the page)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ims_training.extensions import db
from ims_training.models import Attempt, Role
from ims_training.services.course import course
from tests.factories.real_content import import_real_course_and_bank, lessons_of


@pytest.fixture
def content(app):  # type: ignore[no-untyped-def]
    import_real_course_and_bank()


def attempts() -> int:
    return db.session.scalar(select(func.count()).select_from(Attempt)) or 0


def test_a_new_trainee_cannot_start_the_final_exam_by_a_crafted_post(client, login_as, content):
    login_as(Role.TRAINEE)
    page = client.get("/learn/quizzes/quiz-final-exam").get_data(as_text=True)
    assert "This quiz is locked." in page and "Start the quiz" not in page
    assert "Complete every lesson of the course (0 of" in page and "Pass the quiz" in page
    response = client.post(
        "/learn/quizzes/quiz-final-exam/start", data={"confirmed": "1"}, follow_redirects=True
    )
    assert "This quiz is locked. To unlock it:" in response.get_data(as_text=True)
    assert attempts() == 0


def test_the_quiz_of_a_locked_module_is_refused_in_the_trainees_language(client, login_as, content):
    user = login_as(Role.TRAINEE)
    user.locale = "nb"
    db.session.commit()
    response = client.post(
        "/learn/quizzes/quiz-neuropathy/start", data={"confirmed": "1"}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert (
        "Denne quizen er låst" in page and "Fullfør modulen Grunnlaget for Gunn IMS først" in page
    )
    assert attempts() == 0


def test_after_its_lessons_a_module_quiz_starts_only_on_the_confirming_post(
    client, login_as, content
):
    user = login_as(Role.TRAINEE)
    for key in lessons_of("foundations"):
        course.complete_lesson(user, key)
    assert "Start the quiz" in client.get("/learn/quizzes/quiz-foundations").get_data(as_text=True)
    cost = client.post("/learn/quizzes/quiz-foundations/start")
    text = cost.get_data(as_text=True)
    assert cost.status_code == 200 and "This is attempt 1 of 3." in text and "wait 1 hour" in text
    assert "Pass mark: 75 %." in text
    assert attempts() == 0
    started = client.post("/learn/quizzes/quiz-foundations/start", data={"confirmed": "1"})
    assert started.status_code == 302 and "/learn/attempts/" in started.headers["Location"]
    assert attempts() == 1


def test_the_quiz_list_marks_locked_quizzes(client, login_as, content):
    login_as(Role.TRAINEE)
    page = client.get("/learn/quizzes").get_data(as_text=True)
    assert 'data-locked="quiz-final-exam"' in page and 'data-locked="quiz-recertification"' in page
    assert 'data-locked="quiz-foundations"' in page  # no lesson read yet


def test_the_recertification_quiz_opens_for_a_certificate_holder_only(
    client, login_as, make_user, content
):
    from datetime import UTC, datetime

    from tests.factories.certification import certificate

    holder = login_as(Role.TRAINEE)
    assert "This quiz is locked." in client.get("/learn/quizzes/quiz-recertification").get_data(
        as_text=True
    )
    certificate(holder, make_user(Role.ADMINISTRATOR), now=datetime.now(UTC))
    page = client.get("/learn/quizzes/quiz-recertification").get_data(as_text=True)
    assert "This quiz is locked." not in page and "Start the quiz" in page


def test_the_start_confirmation_shows_the_time_limit_and_attempts_with_the_trainees_accommodation(
    client, login_as, make_user, content
):
    from ims_training.models import Quiz
    from ims_training.services.quizzes.accommodations import grant

    user = login_as(Role.TRAINEE)
    for key in lessons_of("foundations"):
        course.complete_lesson(user, key)
    quiz = db.session.scalar(select(Quiz).where(Quiz.key == "quiz-foundations"))
    grant(
        make_user(Role.INSTRUCTOR),
        user,
        quiz,
        time_multiplier=1.5,
        extra_attempts=1,
        reason="documented need",
    )
    text = client.post("/learn/quizzes/quiz-foundations/start").get_data(as_text=True)
    assert "This is attempt 1 of 4." in text and "You have 45 minutes" in text


def test_a_start_confirmation_shown_before_another_attempt_is_stale(client, login_as, content):
    user = login_as(Role.TRAINEE)
    for key in lessons_of("foundations"):
        course.complete_lesson(user, key)
    page = client.post("/learn/quizzes/quiz-foundations/start").get_data(as_text=True)
    assert 'name="expected" value="0"' in page
    first = client.post(
        "/learn/quizzes/quiz-foundations/start", data={"confirmed": "1", "expected": "0"}
    )
    attempt_id = int(first.headers["Location"].rsplit("/", 1)[1])
    client.post(f"/learn/attempts/{attempt_id}/submit")
    stale = client.post(
        "/learn/quizzes/quiz-foundations/start", data={"confirmed": "1", "expected": "0"}
    )
    assert stale.status_code == 400 and attempts() == 1


@pytest.mark.parametrize(
    "rule",
    [
        {},
        {"lessons": "module"},
        {"lessons": "all"},
        {"quizzes": ["quiz-foundations"]},
        {"module_quizzes": True},
        {"certificate": True},
        {"lessons": "all", "module_quizzes": True, "certificate": True},
    ],
)
def test_a_start_reads_only_what_its_rule_needs_and_decides_as_with_every_fact(
    app, login_as, content, rule
):
    from datetime import UTC, datetime

    from ims_training.domain import quiz_gate
    from ims_training.services.quizzes.quiz_gate import gate_facts, gate_for

    user = login_as(Role.TRAINEE)
    for key in lessons_of("foundations")[:-1]:  # all but one lesson of the module done
        course.complete_lesson(user, key)
    definition = {"id": "quiz-x", "kind": "module", "module": "foundations", "unlocked_by": rule}
    now = datetime.now(UTC)
    assert gate_for(user, definition, now) == quiz_gate.gate(definition, gate_facts(user, now))
