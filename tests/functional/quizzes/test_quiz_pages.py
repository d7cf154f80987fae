"""The trainee's quiz pages: the list, the no-JavaScript flow, summary, result per review policy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine

from ims_training.domain import grading
from ims_training.domain.answer_keys import to_fields
from ims_training.extensions import db
from ims_training.models import Attempt
from ims_training.services.quizzes.attempts import question_content
from tests.conftest import make_test_app
from tests.factories.quizzes import import_marker_bank, stored_answers

from .conftest import start


def _right(attempt: Attempt, slot: int) -> dict[str, list[str]]:
    entry = attempt.layout[slot]
    return to_fields(entry, grading.correct_response(question_content(entry["version_id"])))


def test_the_quiz_list_shows_each_quiz_with_its_state(client, quiz, trainee):
    page = client.get("/learn/quizzes").get_data(as_text=True)
    assert "Marker quiz" in page and "Not started" in page
    start(client)
    assert "In progress" in client.get("/learn/quizzes").get_data(as_text=True)


def test_without_javascript_a_form_post_saves_and_moves_on(client, attempt_id):
    attempt = db.session.get(Attempt, attempt_id)
    data = {"slot": "1", "goto": "next", "flagged": "1", **_right(attempt, 0)}
    response = client.post(f"/learn/attempts/{attempt_id}", data=data)
    assert response.status_code == 302 and response.headers["Location"].endswith("?q=2")
    page = client.get(f"/learn/attempts/{attempt_id}?q=1").get_data(as_text=True)
    assert "checked" in page and "is-flagged" in page
    summary = client.post(f"/learn/attempts/{attempt_id}", data={"slot": "2", "goto": "summary"})
    assert summary.headers["Location"].endswith("/summary")
    text = client.get(f"/learn/attempts/{attempt_id}/summary").get_data(as_text=True)
    assert "1 of 7 questions answered" in text and "Flagged for review" in text


def test_every_question_type_can_be_answered_through_the_form(client, attempt_id):
    attempt = db.session.get(Attempt, attempt_id)
    for slot in range(len(attempt.layout)):
        data = {"slot": str(slot + 1), "goto": "stay", **_right(attempt, slot)}
        assert client.post(f"/learn/attempts/{attempt_id}", data=data).status_code == 302
    client.post(f"/learn/attempts/{attempt_id}/submit")
    result = client.get(f"/learn/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "Score: 7 of 7 (100 %)" in result and "Passed." in result


def test_the_result_of_a_module_quiz_shows_answers_and_explanations(client, attempt_id):
    client.post(f"/learn/attempts/{attempt_id}/submit")
    page = client.get(f"/learn/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "SECRETEXPLAIN" in page and "Correct answer:" in page and "Geiranger" in page


def test_a_final_exam_shows_the_score_only(app, client, tmp_path, trainee):
    import_marker_bank(tmp_path, kind="final", module=None, review={})
    attempt_id = start(client)
    client.post(f"/learn/attempts/{attempt_id}/submit")
    page = client.get(f"/learn/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "Score: 0 of 7" in page
    assert (
        "SECRETEXPLAIN" not in page
        and "Correct answer:" not in page
        and "SECRETACCEPTED" not in page
    )


def test_answers_after_the_deadline_are_refused_and_the_attempt_is_graded_at_it(
    app, client, tmp_path, trainee
):
    t0 = datetime.now(UTC)
    import_marker_bank(tmp_path, time_limit_minutes=5)
    with time_machine.travel(t0, tick=False) as clock:
        attempt_id = start(client)
        page = client.get(f"/learn/attempts/{attempt_id}").get_data(as_text=True)
        assert 'aria-live="polite"' in page and "data-deadline" in page
        clock.move_to(t0 + timedelta(minutes=6))
        late = client.post(
            f"/learn/attempts/{attempt_id}/answers", json={"slot": 5, "fields": {"answer": ["7"]}}
        )
        assert late.status_code == 409 and "Time is up" in late.get_json()["message"]
        assert client.get(f"/learn/attempts/{attempt_id}").status_code == 302
    attempt = db.session.get(Attempt, attempt_id)
    assert attempt.closed_by == "deadline" and stored_answers(attempt_id)[5].response is None


def test_starting_with_no_attempts_left_is_refused_with_a_message(app, client, tmp_path, trainee):
    import_marker_bank(tmp_path, attempts_allowed=1)
    attempt_id = start(client)
    client.post(f"/learn/attempts/{attempt_id}/submit")
    response = client.post("/learn/quizzes/quiz-markers/start", follow_redirects=True)
    assert b"no attempts left" in response.data
    assert db.session.query(Attempt).count() == 1


def test_a_token_less_autosave_is_refused_when_csrf_is_on(_migrated, quiz, make_user, tmp_path):
    app = make_test_app(_migrated, WTF_CSRF_ENABLED=True)
    user = make_user()
    client = app.test_client()
    login_page = client.get("/login").get_data(as_text=True)
    token = login_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post(
        "/login",
        data={"email": user.email, "password": "correct horse battery staple", "csrf_token": token},
    )
    page = client.get("/learn/quizzes/quiz-markers").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    attempt_id = start_with_token(client, token)
    url = f"/learn/attempts/{attempt_id}/answers"
    refused = client.post(
        url, json={"slot": 5, "fields": {"answer": ["7"]}}, headers={"Accept": "application/json"}
    )
    assert refused.status_code == 400
    ok = client.post(
        url, json={"slot": 5, "fields": {"answer": ["7"]}}, headers={"X-CSRFToken": token}
    )
    assert ok.status_code == 200 and ok.get_json()["saved"] is True


def start_with_token(client, token: str) -> int:  # type: ignore[no-untyped-def]
    response = client.post(
        "/learn/quizzes/quiz-markers/start", data={"csrf_token": token, "confirmed": "1"}
    )
    assert response.status_code == 302
    return int(response.headers["Location"].rsplit("/", 1)[1])
