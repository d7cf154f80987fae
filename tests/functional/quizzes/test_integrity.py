"""Nothing secret reaches the browser during an attempt; only the owner can touch it."""

from __future__ import annotations

import re

from ims_training.extensions import db
from ims_training.models import Attempt, Role
from tests.factories.quizzes import MARKERS, stored_answers

SECRET_WORDS = re.compile(
    r"\b(correct|accepted|tolerance|explanation|is_correct|max_score)\b", re.I
)


def _assert_clean(body: str, where: str) -> None:
    for marker in MARKERS:
        assert marker not in body, f"{marker!r} leaked in {where}"
    found = SECRET_WORDS.findall(body)
    assert not found, f"{found} in {where}"


def test_no_page_or_json_of_an_open_attempt_reveals_answers_or_bank_ids(client, attempt_id):
    attempt = db.session.get(Attempt, attempt_id)
    pages = [f"/learn/attempts/{attempt_id}?q={n}" for n in range(1, len(attempt.layout) + 1)]
    pages += [
        f"/learn/attempts/{attempt_id}/summary",
        "/learn/quizzes",
        "/learn/quizzes/quiz-markers",
        "/dashboard",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_clean(response.get_data(as_text=True), url)
    for slot, entry in enumerate(attempt.layout):
        keys = list(entry.get("aliases") or entry.get("prompt_aliases") or [])
        fields = (
            {"answer": keys[:1]} if entry["type"] in ("single_choice", "multiple_response") else {}
        )
        if entry["type"] == "numeric":
            fields = {"answer": ["7,3"]}
        response = client.post(
            f"/learn/attempts/{attempt_id}/answers", json={"slot": slot, "fields": fields}
        )
        assert response.status_code == 200, response.get_json()
        _assert_clean(response.get_data(as_text=True), f"autosave of slot {slot}")
    # the page after saving, with the answers shown as chosen
    for url in pages[:-1]:
        _assert_clean(client.get(url).get_data(as_text=True), url + " after saving")


def test_option_keys_in_the_page_are_per_attempt_opaque_keys(client, attempt_id):
    html = client.get(f"/learn/attempts/{attempt_id}?q=1").get_data(as_text=True)
    values = set(re.findall(r'name="answer"[^>]*value="([^"]+)"', html))
    assert values and all(re.fullmatch(r"k[0-9a-f]{10}", v) for v in values)


def test_a_trainee_gets_404_for_another_trainees_attempt(client, attempt_id, auth, make_user):
    other = make_user(Role.TRAINEE)
    auth.logout()
    auth.login(other)
    base = f"/learn/attempts/{attempt_id}"
    for url in (base, base + "/summary", base + "/result"):
        assert client.get(url).status_code == 404
    assert client.post(base, data={"slot": "1", "answer": "x"}).status_code == 404
    assert client.post(base + "/answers", json={"slot": 0, "fields": {}}).status_code == 404
    assert client.post(base + "/submit").status_code == 404
    assert db.session.get(Attempt, attempt_id).status == "in_progress"


def test_an_unknown_option_is_refused_with_a_message_and_the_attempt_is_unchanged(
    client, attempt_id
):
    url = f"/learn/attempts/{attempt_id}/answers"
    response = client.post(url, json={"slot": 0, "fields": {"answer": ["right-answer"]}})
    assert response.status_code == 400 and "unknown option" in response.get_json()["message"]
    form = client.post(f"/learn/attempts/{attempt_id}", data={"slot": "1", "answer": "kdeadbeef00"})
    assert form.status_code == 400 and b"not saved" in form.data
    assert stored_answers(attempt_id)[0].revision == 0


def test_malformed_and_oversized_autosaves_are_refused(client, attempt_id):
    url = f"/learn/attempts/{attempt_id}/answers"
    assert client.post(url, data="not json", content_type="application/json").status_code == 400
    assert client.post(url, json=[1, 2]).status_code == 400
    assert client.post(url, json={"slot": "0", "fields": {}}).status_code == 400
    assert client.post(url, json={"slot": 0, "fields": {"answer": [1]}}).status_code == 400
    assert client.post(url, json={"slot": 0, "fields": {}, "flagged": "yes"}).status_code == 400
    huge = client.post(url, json={"slot": 6, "fields": {"answer": ["x" * 100_000]}})
    assert huge.status_code == 413
    assert all(a.revision == 0 for a in stored_answers(attempt_id))


def test_a_double_submit_grades_once(client, attempt_id):
    assert client.post(f"/learn/attempts/{attempt_id}/submit").status_code == 302
    first = db.session.get(Attempt, attempt_id).submitted_at
    assert client.post(f"/learn/attempts/{attempt_id}/submit").status_code == 302
    db.session.expire_all()
    assert db.session.get(Attempt, attempt_id).submitted_at == first
    refused = client.post(f"/learn/attempts/{attempt_id}/answers", json={"slot": 0, "fields": {}})
    assert refused.status_code == 409 and "submitted" in refused.get_json()["message"]
