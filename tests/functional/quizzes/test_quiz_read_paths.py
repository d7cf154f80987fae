"""The quiz pages read without the ORM and are cached per trainee (issue 13): what a trainee sees
stays right, the autosave is one short write transaction, and lazy loading never happens."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import time_machine
from sqlalchemy import select

from ims_training.extensions import db
from ims_training.models import Attempt, AttemptAnswer
from ims_training.page_cache.pages import page_cache
from tests.factories.quizzes import MARKERS, import_marker_bank
from tests.sql_statements import recorded

from .conftest import start

DATA_NOW = re.compile(r'data-now="([^"]+)"')


def _within_one_utc_day(start: datetime, span: timedelta) -> datetime:
    """`start`, or the first minute of the next UTC day when `start + span` would cross midnight:
    a stored page's key holds the UTC date, so a test that expects a hit after moving the clock
    must not cross it (this one failed when CI ran it at 23:59 UTC)."""
    if (start + span).date() == start.date():
        return start
    return datetime.combine(start.date() + timedelta(days=1), time(0, 1), UTC)


def _served_from_cache(app, client, url: str) -> tuple[bool, str]:  # type: ignore[no-untyped-def]
    cache = page_cache()
    hits = cache.hits
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return cache.hits > hits, response.get_data(as_text=True)


def test_a_question_page_is_served_again_until_an_answer_changes_it(app, client, attempt_id):
    url = f"/learn/attempts/{attempt_id}?q=3"
    assert _served_from_cache(app, client, url)[0] is False
    hit, page = _served_from_cache(app, client, url)
    assert hit and "is-answered" not in page
    assert not [
        marker for marker in MARKERS if marker in page
    ]  # a stored copy leaks no answer either
    saved = client.post(
        f"/learn/attempts/{attempt_id}/answers", json={"slot": 2, "fields": {"answer": ["true"]}}
    )
    assert saved.get_json()["saved"]
    hit, page = _served_from_cache(app, client, url)
    assert not hit and 'value="true" checked' in page and "is-answered" in page


def test_a_stored_question_page_is_not_served_past_the_deadline_and_its_clock_is_each_responses(
    app, client, tmp_path, trainee
):
    import_marker_bank(tmp_path, time_limit_minutes=5)
    t0 = _within_one_utc_day(datetime.now(UTC).replace(microsecond=0), timedelta(minutes=6))
    with time_machine.travel(t0, tick=False) as clock:
        attempt_id = start(client)
        url = f"/learn/attempts/{attempt_id}?q=2"
        client.get(url)
        clock.move_to(t0 + timedelta(minutes=2))
        hit, page = _served_from_cache(app, client, url)
        assert hit and DATA_NOW.search(page).group(1) == (t0 + timedelta(minutes=2)).isoformat()  # type: ignore[union-attr]
        clock.move_to(t0 + timedelta(minutes=5, seconds=1))
        late = client.get(url)
        assert late.status_code == 302 and late.headers["Location"].endswith(
            f"/learn/attempts/{attempt_id}/result"
        )
    db.session.expire_all()
    assert db.session.get(Attempt, attempt_id).closed_by == "deadline"


def test_the_quiz_list_is_served_again_until_the_wait_for_the_next_attempt_ends(
    app, client, tmp_path, trainee
):
    import_marker_bank(tmp_path, wait_between_attempts_minutes=10)  # within the idle timeout
    t0 = datetime.now(UTC)
    with time_machine.travel(t0, tick=False) as clock:
        attempt_id = start(client)
        client.post(f"/learn/attempts/{attempt_id}/submit")
        assert _served_from_cache(app, client, "/learn/quizzes")[0] is False
        hit, page = _served_from_cache(app, client, "/learn/quizzes")
        assert hit and "Opens" in page
        clock.move_to(t0 + timedelta(minutes=11))
        hit, page = _served_from_cache(app, client, "/learn/quizzes")
        assert not hit and "Opens" not in page and ">Start<" in page


def test_the_autosave_is_one_short_write_without_reads_or_orm_loads(app, client, attempt_id):
    first = client.post(f"/learn/attempts/{attempt_id}/answers", json={"slot": 0, "fields": {}})
    assert first.status_code == 200  # the worker now keeps the attempt's layout
    db.session.remove()
    with recorded(db.engine) as statements:
        saved = client.post(
            f"/learn/attempts/{attempt_id}/answers",
            json={"slot": 5, "fields": {"answer": ["7,25"]}, "flagged": True},
        )
    assert saved.status_code == 200 and saved.get_json()["revision"] == 1
    kinds = [s.split()[0].upper() for s in statements]
    (viewer,) = (s for s in statements if s.upper().startswith("SELECT"))
    assert "user_sessions" in viewer
    if db.engine.dialect.name == "sqlite":
        # the write lock from the start; the answer only while its attempt is open and owned
        assert kinds == ["SELECT", "BEGIN", "UPDATE", "UPDATE"], statements
        assert statements[1] == "BEGIN IMMEDIATE" and "attempt_answers" in statements[2]
        assert "EXISTS" in statements[2] and "page_version" in statements[3]
    else:  # one statement: the attempt locked, the owner's version bumped, the answer written
        assert kinds == ["SELECT", "WITH"], statements
        assert "FOR UPDATE" in statements[1] and "page_version" in statements[1]
    row = db.session.execute(
        select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt_id, AttemptAnswer.slot == 5)
    ).scalar_one()
    assert row.response is not None and row.flagged and row.revision == 1


def test_the_question_page_and_quiz_list_render_in_a_few_statements(app, client, attempt_id):
    app.extensions.pop("page_cache", None)  # the rendering path, not stored copies
    for url, budget in ((f"/learn/attempts/{attempt_id}?q=4", 3), ("/learn/quizzes", 12)):
        client.get(url)  # per-worker caches of versions and the course catalog
        db.session.remove()
        with recorded(db.engine) as statements:
            assert client.get(url).status_code == 200
        assert len(statements) <= budget, statements
