"""Column types and constraints shared by the models."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import CheckConstraint, DateTime, Dialect, TypeDecorator

# Allowed values are pasted into SQL, so only plain lower-case words are accepted.
_PLAIN_VALUE = re.compile(r"[a-z][a-z0-9_]*")


def utcnow() -> datetime:
    """The current time, timezone-aware UTC: the default for every timestamp column."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, returns aware UTC, so SQLite and PostgreSQL behave the same."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; use datetime.now(UTC)")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def sql_in(column: str, values: Iterable[str]) -> str:
    """`column IN ('a', 'b')`, the SQL form of a Python list of allowed values."""
    allowed = [str(value) for value in values]
    if not allowed or not all(_PLAIN_VALUE.fullmatch(value) for value in allowed):
        raise ValueError(
            f"{column}: allowed values must be plain lower-case words, got {allowed!r}"
        )
    return f"{column} IN ({', '.join(repr(value) for value in allowed)})"


def one_of(column: str, values: Iterable[str]) -> CheckConstraint:
    """CHECK `ck_<table>_<column>`: the column holds one of `values` (NULL passes, as in any SQL
    CHECK), so the list the code uses is also the one the database enforces."""
    return CheckConstraint(sql_in(column, values), name=column)
