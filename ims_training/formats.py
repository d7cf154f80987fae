"""Dates, times, numbers and durations in the visitor's language: one format per language.

Norwegian: `01.12.2026 12:38`, `01.12.2026`, `6,2`; English: `1 Dec 2026, 12:38`, `1 Dec 2026`, `6.2`.
Times are always shown in the portal's time zone (`BABEL_DEFAULT_TIMEZONE`, Europe/Oslo); naive
datetimes from the database are UTC. The filters replace Flask-Babel's `datetimeformat` and
`dateformat` filters so that every template (including ones written later with `'short'` or
`'medium'`) gets the one format of its language: the format argument is accepted and ignored on
purpose. Durations are said in words ("7 days", not "10080 minutes").
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from babel.dates import get_timezone_name
from flask import Flask
from flask_babel import (
    format_date,
    format_datetime,
    format_decimal,
    get_timezone,
    gettext,
    ngettext,
)

from .i18n import current_language

DATETIME_PATTERNS = {"nb": "dd.MM.yyyy HH:mm", "en": "d MMM yyyy, HH:mm"}
DATE_PATTERNS = {"nb": "dd.MM.yyyy", "en": "d MMM yyyy"}
TIME_PATTERN = "HH:mm:ss"


def when(value: datetime | None, _format: Any = None) -> str:
    """A moment in the portal's time zone, in the language's one format."""
    if value is None:
        return "–"
    return format_datetime(
        value, DATETIME_PATTERNS.get(current_language(), DATETIME_PATTERNS["en"])
    )


def day(value: date | datetime | None, _format: Any = None) -> str:
    """A calendar day in the language's one format (a datetime is first moved to the portal's zone)."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        return format_datetime(value, DATE_PATTERNS.get(current_language(), DATE_PATTERNS["en"]))
    return format_date(value, DATE_PATTERNS.get(current_language(), DATE_PATTERNS["en"]))


def clock_time(value: datetime) -> str:
    """Hours, minutes and seconds in the portal's time zone (the autosave "Saved at"): the
    `TIME_PATTERN` of every language, written without Babel's pattern machinery (the autosave
    answers with it on every save, issue 13). Naive datetimes are UTC, as elsewhere."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(get_timezone()).strftime("%H:%M:%S")


def num(value: float | int | None, places: int = 2) -> str:
    """A number with the language's decimal mark and at most `places` decimals: 6,2 / 6.2."""
    if value is None:
        return "–"
    return format_decimal(
        round(float(value), places), format="#,##0." + "#" * places if places else "#,##0"
    )


def zone_name() -> str:
    """The portal's time zone in words, e.g. "Central European Time" / "sentraleuropeisk tid"."""
    return get_timezone_name(get_timezone(), width="long", locale=current_language())


def duration(minutes: int | None) -> str:
    """A duration in words with the largest units that fit: 10080 -> "7 days", 90 -> "1 hour 30 minutes"."""
    if not minutes:
        return ngettext("%(num)s minute", "%(num)s minutes", 0)
    days, rest = divmod(int(minutes), 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(num)s day", "%(num)s days", days))
    if hours:
        parts.append(ngettext("%(num)s hour", "%(num)s hours", hours))
    if mins:
        parts.append(ngettext("%(num)s minute", "%(num)s minutes", mins))
    return " ".join(parts)


def elapsed(start: datetime | None, end: datetime | None) -> str:
    """Time taken between two moments, to the second: "12 min 5 s" (– when unfinished)."""
    if start is None or end is None:
        return "–"
    seconds = max(0, int((end - start).total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return gettext("%(h)s h %(m)s min", h=hours, m=minutes)
    return gettext("%(m)s min %(s)s s", m=minutes, s=secs)


def init_formats(app: Flask) -> None:
    app.jinja_env.filters.update(
        datetimeformat=when, dateformat=day, when=when, day=day, num=num, duration=duration
    )
    app.jinja_env.globals["elapsed"] = elapsed
    app.jinja_env.globals["portal_zone"] = zone_name
