"""Ordering questions: no pre-filled answer, whole-order moves, never "saved" and "not saved" at once."""

from __future__ import annotations

import re

from ims_training.extensions import db
from ims_training.models import Attempt, AttemptAnswer

ORDER_SLOT = 4  # mk-order in the marker quiz (questions are not shuffled)


def _shown_order(page: str) -> list[str]:
    return re.findall(r'<li class="order-item" data-key="([^"]+)"', page)


def _answer(attempt_id: int) -> object:
    db.session.expire_all()
    return (
        db.session.query(AttemptAnswer)
        .filter_by(attempt_id=attempt_id, slot=ORDER_SLOT)
        .one()
        .response
    )


def test_an_untouched_ordering_question_is_unanswered(client, attempt_id):
    page = client.get(f"/learn/attempts/{attempt_id}?q=5").get_data(as_text=True)
    assert "Not answered yet" in page
    # The positions are disabled until the trainee acts, so a browser sends none of them.
    assert all(
        "disabled" in tag for tag in re.findall(r'<input type="hidden" name="pos-[^>]*>', page)
    )
    client.post(f"/learn/attempts/{attempt_id}", data={"slot": "5", "goto": "summary"})
    assert _answer(attempt_id) is None
    summary = client.get(f"/learn/attempts/{attempt_id}/summary").get_data(as_text=True)
    assert "0 of 7 questions answered" in summary


def test_moving_an_item_saves_a_complete_order_without_javascript(client, attempt_id):
    first_page = client.get(f"/learn/attempts/{attempt_id}?q=5").get_data(as_text=True)
    drawn = _shown_order(first_page)
    attempt = db.session.get(Attempt, attempt_id)
    aliases = attempt.layout[ORDER_SLOT]["aliases"]
    response = client.post(
        f"/learn/attempts/{attempt_id}", data={"slot": "5", "move": f"{drawn[0]}:down"}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("?q=5#order-list")
    expected = [drawn[1], drawn[0], drawn[2]]
    assert _answer(attempt_id) == [aliases[a] for a in expected]
    page = client.get(f"/learn/attempts/{attempt_id}?q=5").get_data(as_text=True)
    assert _shown_order(page) == expected and "Your answer to this question is saved." in page
    assert "Not answered yet" not in page
    # A second move starts from the saved order (the form sends it) and is again a full order.
    fields = {f"pos-{a}": str(n) for n, a in enumerate(expected, 1)}
    client.post(
        f"/learn/attempts/{attempt_id}", data={"slot": "5", "move": f"{expected[2]}:up", **fields}
    )
    assert _answer(attempt_id) == [aliases[a] for a in (expected[0], expected[2], expected[1])]


def test_keeping_the_drawn_order_answers_the_question(client, attempt_id):
    drawn = _shown_order(client.get(f"/learn/attempts/{attempt_id}?q=5").get_data(as_text=True))
    client.post(f"/learn/attempts/{attempt_id}", data={"slot": "5", "move": "keep"})
    aliases = db.session.get(Attempt, attempt_id).layout[ORDER_SLOT]["aliases"]
    assert _answer(attempt_id) == [aliases[a] for a in drawn]


def test_a_refused_answer_never_also_says_saved(client, attempt_id):
    client.post(f"/learn/attempts/{attempt_id}", data={"slot": "5", "move": "keep"})
    drawn = _shown_order(client.get(f"/learn/attempts/{attempt_id}?q=5").get_data(as_text=True))
    duplicate = {f"pos-{a}": "1" for a in drawn}  # an old client sending duplicate positions
    response = client.post(
        f"/learn/attempts/{attempt_id}", data={"slot": "5", "goto": "next", **duplicate}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "The answer was not saved" in page
    assert "Your answer to this question is saved." not in page
    assert _shown_order(page) == drawn  # the saved order is shown, not reset positions


def test_the_ordering_question_is_in_norwegian_too(client, attempt_id):
    client.post("/language", data={"lang": "nb", "next": "/"})
    page = client.get(f"/learn/attempts/{attempt_id}?q=5").get_data(as_text=True)
    assert "Ikke besvart ennå" in page and "Behold denne rekkefølgen som svaret mitt" in page
