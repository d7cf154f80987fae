"""Instructors: results, one attempt's answers, accommodations, regrade with a dry run first."""

from __future__ import annotations

from ims_training.extensions import db
from ims_training.models import Accommodation, Attempt, AuditEvent, Role
from ims_training.services.quizzes import attempts
from tests.factories.quizzes import import_marker_bank, questions


def _submitted_attempt(make_user, quiz, single_answer: str = "wrong-answer"):  # type: ignore[no-untyped-def]
    trainee = make_user(Role.TRAINEE)
    attempt = attempts.start_attempt(trainee, quiz)
    alias = next(k for k, v in attempt.layout[0]["aliases"].items() if v == single_answer)
    attempts.save_answer(trainee, attempt.id, 0, {"answer": [alias]})
    return trainee, attempts.submit_attempt(trainee, attempt.id)


def test_the_results_list_shows_attempt_counts_and_pass_rates(client, login_as, make_user, quiz):
    _submitted_attempt(make_user, quiz)
    login_as(Role.INSTRUCTOR)
    page = client.get("/author/quizzes").get_data(as_text=True)
    assert "Marker quiz" in page and "0 %" in page


def test_an_instructor_sees_each_answer_with_its_grading(client, login_as, make_user, quiz):
    _, attempt = _submitted_attempt(make_user, quiz)
    login_as(Role.INSTRUCTOR)
    page = client.get(f"/author/attempts/{attempt.id}").get_data(as_text=True)
    assert "Mjøsa" in page and "Incorrect" in page and "Correct answer:" in page


def test_granting_an_accommodation_needs_a_reason_and_is_audited(client, login_as, make_user, quiz):
    trainee = make_user(Role.TRAINEE)
    instructor = login_as(Role.INSTRUCTOR)
    form = {
        "email": trainee.email,
        "quiz": "quiz-markers",
        "time_multiplier": "1.5",
        "extra_attempts": "1",
    }
    assert client.post("/author/accommodations/new", data=form).status_code == 400
    response = client.post("/author/accommodations/new", data={**form, "reason": "documented need"})
    assert response.status_code == 302
    event = db.session.query(AuditEvent).filter_by(action="quiz.accommodation_granted").one()
    assert event.actor_id == instructor.id and event.target_user_id == trainee.id


def test_an_accommodation_for_an_unknown_e_mail_is_refused_at_the_field(client, login_as, quiz):
    login_as(Role.INSTRUCTOR)
    response = client.post(
        "/author/accommodations/new",
        data={
            "email": "nobody@example.org",
            "quiz": "quiz-markers",
            "time_multiplier": "1.5",
            "extra_attempts": "1",
            "reason": "documented need",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="email-error"' in page
    assert "There is no account with this e-mail address." in page
    assert db.session.query(Accommodation).count() == 0


def test_regrade_shows_a_dry_run_then_changes_scores_and_is_audited(
    app, client, login_as, make_user, tmp_path
):
    quiz = import_marker_bank(tmp_path)
    _, attempt = _submitted_attempt(make_user, quiz, single_answer="wrong-answer")
    assert attempt.score == 0
    corrected = questions()
    corrected[0]["options"][0]["correct"], corrected[0]["options"][1]["correct"] = False, True
    import_marker_bank(tmp_path / "v2", question_list=corrected)
    login_as(Role.INSTRUCTOR)
    assert "mk-single" in client.get("/author/quizzes/quiz-markers").get_data(as_text=True)
    preview = client.get("/author/quizzes/quiz-markers/regrade/mk-single").get_data(as_text=True)
    assert "0 %" in preview and "14 %" in preview and "dry run" in preview
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).score == 0  # the dry run changed nothing
    assert client.post("/author/quizzes/quiz-markers/regrade/mk-single").status_code == 302
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).score == 1
    assert db.session.query(AuditEvent).filter_by(action="quiz.regraded").count() == 1


def test_regrade_is_refused_when_the_corrected_question_changed_its_ids(
    app, client, login_as, make_user, tmp_path
):
    quiz = import_marker_bank(tmp_path)
    _, attempt = _submitted_attempt(make_user, quiz)
    changed = questions()
    changed[0]["options"][1]["id"] = "renamed"
    import_marker_bank(tmp_path / "v2", question_list=changed)
    login_as(Role.INSTRUCTOR)
    response = client.get("/author/quizzes/quiz-markers/regrade/mk-single", follow_redirects=True)
    assert b"different option, pair or item ids" in response.data


def test_close_overdue_command_closes_attempts_past_their_deadline(
    app, runner, make_user, tmp_path
):
    from datetime import UTC, datetime, timedelta

    quiz = import_marker_bank(tmp_path, time_limit_minutes=5)
    trainee = make_user(Role.TRAINEE)
    attempts.start_attempt(trainee, quiz, now=datetime.now(UTC) - timedelta(minutes=10))
    result = runner.invoke(args=["quiz", "close-overdue"])
    assert result.exit_code == 0 and "closed 1 overdue attempts" in result.output


def test_demo_data_gives_the_demo_trainee_a_passed_quiz_and_one_in_progress(app):
    from ims_training.demo import seed_demo
    from ims_training.services.accounts.accounts import find_user_by_email
    from ims_training.services.quizzes.quiz_progress import passed_quiz_keys

    with app.test_request_context():
        seed_demo("demo password 1234", echo=lambda _m: None)
        seed_demo("demo password 1234", echo=lambda _m: None)  # idempotent
        trainee = find_user_by_email("trainee@example.org")
        # the certification demo may pass further quizzes for the demo trainee
        assert "quiz-foundations" in passed_quiz_keys(trainee)
        assert db.session.query(Attempt).filter_by(status="in_progress").count() == 1
