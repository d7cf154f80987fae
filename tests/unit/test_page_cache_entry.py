"""A stored page's holes are filled per response, and its key's date follows the UTC clock."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ims_training.page_cache import pages
from ims_training.page_cache.pages import CSRF_HOLE, NOW_HOLE, Entry, cut, page_key


def _entry(body: str, *, csrf: bool, now: bool) -> Entry:
    encoded = body.encode()
    return Entry(
        encoded,
        "text/html",
        csrf,
        now,
        None,
        "text/html; charset=utf-8",
        None,
        cut(encoded, csrf=csrf, now=now),
    )


def test_every_csrf_hole_gets_this_sessions_token() -> None:
    entry = _entry(f"<form>{CSRF_HOLE}</form><form>{CSRF_HOLE}</form>", csrf=True, now=False)
    assert entry.body_for("tok-1") == b"<form>tok-1</form><form>tok-1</form>"
    assert entry.body_for("tok-2") == b"<form>tok-2</form><form>tok-2</form>"


def test_a_page_that_shows_the_other_placeholder_as_text_keeps_it() -> None:
    # Only the CSRF token was cut out of this page; its own text happens to show the clock's
    # placeholder (say, a page documenting the cache), which must reach the reader unchanged.
    entry = _entry(f"<p>{NOW_HOLE}</p><input value={CSRF_HOLE}>", csrf=True, now=False)
    assert entry.body_for("tok") == f"<p>{NOW_HOLE}</p><input value=tok>".encode()
    clock_only = _entry(f"<p>{CSRF_HOLE}</p><time>{NOW_HOLE}</time>", csrf=False, now=True)
    filled = clock_only.body_for(None)
    assert filled.startswith(f"<p>{CSRF_HOLE}</p><time>".encode())
    assert NOW_HOLE.encode() not in filled


def test_both_kinds_of_hole_are_filled_in_place() -> None:
    entry = _entry(f"a{CSRF_HOLE}b{NOW_HOLE}c{CSRF_HOLE}", csrf=True, now=True)
    body = entry.body_for("T").decode()
    assert body.startswith("aTb") and body.endswith("cT")
    moment = datetime.fromisoformat(body[3:-2])
    assert abs((datetime.now(UTC) - moment).total_seconds()) < 60


def test_a_page_without_holes_is_served_as_stored() -> None:
    entry = _entry("<p>plain</p>", csrf=False, now=False)
    assert entry.body_for("ignored") is entry.body


@pytest.mark.parametrize(
    ("moments", "days"),
    [
        # the last second of a day, then the first of the next
        (
            ["2026-12-01T23:59:59+00:00", "2026-12-02T00:00:00+00:00"],
            [date(2026, 12, 1), date(2026, 12, 2)],
        ),
        # a clock set back (a test, an NTP step) is followed, not the day known before
        (
            ["2026-12-02T08:00:00+00:00", "2026-11-30T08:00:00+00:00"],
            [date(2026, 12, 2), date(2026, 11, 30)],
        ),
        # Oslo's evening of 1 December is still 1 December in UTC; the key is in UTC
        (["2026-12-01T23:30:00+01:00"], [date(2026, 12, 1)]),
    ],
)
def test_the_keys_date_is_the_utc_day_of_the_clock(
    monkeypatch: pytest.MonkeyPatch, moments: list[str], days: list[date]
) -> None:
    for moment, day in zip(moments, days, strict=True):
        stamp = datetime.fromisoformat(moment).timestamp()
        monkeypatch.setattr(pages.time, "time", lambda stamp=stamp: stamp)
        assert page_key("h", "/p?", None, 0, 1, "en")[-1] == day
