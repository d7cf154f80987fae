"""Dates, times, numbers and durations: one format per language, in the portal's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ims_training.formats import clock_time, day, duration, num, when


@pytest.mark.parametrize(
    ("lang", "moment", "calendar", "decimal", "week"),
    [
        ("nb", "01.12.2026 12:38", "01.12.2026", "6,2", "7 dager"),
        ("en", "1 Dec 2026, 12:38", "1 Dec 2026", "6.2", "7 days"),
    ],
)
def test_one_format_per_language_in_oslo_time(app, lang, moment, calendar, decimal, week):  # type: ignore[no-untyped-def]
    with app.test_request_context(headers={"Accept-Language": lang}):
        assert (
            when(datetime(2026, 12, 1, 11, 38, tzinfo=UTC)) == moment
        )  # 11:38 UTC is 12:38 in Oslo
        assert (
            when(datetime(2026, 12, 1, 11, 38)) == moment
        )  # naive values from the database are UTC
        assert day(date(2026, 12, 1)) == calendar
        assert num(6.2) == decimal and num(56.0) == "56"
        assert duration(10080) == week


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("nb", ["1 time 30 minutter", "1 minutt", "1 dag 1 time"]),
        ("en", ["1 hour 30 minutes", "1 minute", "1 day 1 hour"]),
    ],
)
def test_durations_are_said_in_words(app, lang, said):  # type: ignore[no-untyped-def]
    with app.test_request_context(headers={"Accept-Language": lang}):
        assert [duration(90), duration(1), duration(60 * 25)] == said


@pytest.mark.parametrize(
    ("lang", "message"),
    [("nb", "Logg inn for å se denne siden."), ("en", "Please log in to access this page.")],
)
def test_the_log_in_request_is_in_the_visitors_language(client, lang, message):  # type: ignore[no-untyped-def]
    client.post("/language", data={"lang": lang, "next": "/"})
    page = client.get("/dashboard", follow_redirects=True).get_data(as_text=True)
    assert message in page
    if lang == "nb":
        assert "Please log in" not in page


@pytest.mark.parametrize(
    ("lang", "one", "two"), [("en", "1 member", "2 members"), ("nb", "1 deltaker", "2 deltakere")]
)
def test_counts_agree_with_their_number(app, lang, one, two):  # type: ignore[no-untyped-def]
    from flask import render_template_string

    with app.test_request_context(headers={"Accept-Language": lang}):
        template = '{{ ngettext("%(num)s member", "%(num)s members", n) }}'
        assert (
            render_template_string(template, n=1) == one
            and render_template_string(template, n=2) == two
        )


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_autosave_clock_is_oslo_time_in_summer_and_winter(app, lang):  # type: ignore[no-untyped-def]
    with app.test_request_context(headers={"Accept-Language": lang}):
        assert clock_time(datetime(2026, 12, 1, 11, 38, 5, tzinfo=UTC)) == "12:38:05"  # CET
        assert clock_time(datetime(2026, 7, 1, 22, 0, 59, tzinfo=UTC)) == "00:00:59"  # CEST
        assert clock_time(datetime(2026, 7, 1, 22, 0, 59)) == "00:00:59"  # naive is UTC
