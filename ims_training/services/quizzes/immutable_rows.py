"""Per-worker caches of rows that never change once written: question and quiz versions.

A question version's content and a quiz version's definition are written once, by the bank
import, and never updated (a change is a new version with a new id): a worker may keep them for
its whole life instead of building an ORM object from the same JSON on every quiz page (issue 13).
The cache belongs to the app (`app.extensions`), so each test's fresh app starts empty, and is
bounded (least recently used entries go). Callers must treat the returned dicts as read-only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from cachetools import LRUCache
from flask import current_app
from sqlalchemy import bindparam, select

from ...database import read_rows
from ...extensions import db
from ...models import Attempt, QuestionVersion, QuizVersion
from ...page_cache import versions as page_versions

T = TypeVar("T")
EXTENSION = "ims_immutable_rows"
SIZE = 20_000

_QUESTION = select(QuestionVersion.__table__.c.content).where(
    QuestionVersion.__table__.c.id == bindparam("id")
)
_QUIZ = select(QuizVersion.__table__.c.definition).where(
    QuizVersion.__table__.c.id == bindparam("id")
)


class _Rows:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: LRUCache[tuple[Any, ...], Any] = LRUCache(maxsize=SIZE)


def _rows() -> _Rows:
    rows = current_app.extensions.get(EXTENSION)
    if rows is None:
        rows = current_app.extensions.setdefault(EXTENSION, _Rows())
    return rows


def _get(kind: str, statement: Any, version_id: int) -> dict[str, Any] | None:
    rows = _rows()
    key = (kind, version_id)
    with rows.lock:
        value = rows.entries.get(key)
    if value is None:
        # Through the request's session, which sees its own transaction's writes; kept only when
        # this transaction wrote no content (else the row might yet be rolled back).
        value = db.session.execute(statement, {"id": version_id}).scalar()
        if value is None:
            return None
        if not db.session.info.get(page_versions.CONTENT_BUMPED):
            with rows.lock:
                rows.entries[key] = value
    return value


def question_content(version_id: int) -> dict[str, Any] | None:
    """A question version's content, or None when there is no such version."""
    return _get("question", _QUESTION, version_id)


def quiz_definition(version_id: int) -> dict[str, Any] | None:
    """A quiz version's definition, or None when there is no such version."""
    return _get("quiz", _QUIZ, version_id)


def derived(key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """A value computed only from immutable rows (the changes between two question versions, a
    version's preview in one language), kept beside them: `key` must name every row and setting
    it depends on. Read-only for the caller, like the rows."""
    rows = _rows()
    key = ("derived", *key)
    with rows.lock:
        value = rows.entries.get(key)
    if value is None:
        value = compute()
        if not db.session.info.get(page_versions.CONTENT_BUMPED):
            with rows.lock:
                rows.entries[key] = value
    return value


# --- an attempt's layout ---------------------------------------------------------------------
# An attempt's owner, start and layout (which questions, in which order, with which presentation)
# are written once, when it starts, and never change: the autosave and the question page take the
# layout from here instead of parsing it from the row on every request (issue 13). The entry is
# found only under the attempt's id, owner and start, so a row removed with its account and a
# later attempt given the same id (SQLite reuses the highest id) never meets a stale layout.
_ATTEMPTS = Attempt.__table__
_LAYOUT = select(_ATTEMPTS.c.user_id, _ATTEMPTS.c.started_at, _ATTEMPTS.c.layout).where(
    _ATTEMPTS.c.id == bindparam("attempt_id")
)


@dataclass(frozen=True)
class AttemptLayout:
    """What never changes in an attempt once started."""

    attempt_id: int
    user_id: int
    started_at: datetime
    layout: list[dict[str, Any]]


def attempt_layout(
    attempt_id: int, user_id: int | None = None, started_at: datetime | None = None
) -> AttemptLayout | None:
    """The attempt's owner, start and layout, or None when there is no such attempt. With
    `user_id` and `started_at` (read from the row just now) a kept entry is used only if it is the
    same attempt; without them a kept entry is trusted for its owner, and callers that write must
    check owner and start in the write itself (the autosave does)."""
    rows = _rows()
    key = ("attempt", attempt_id)
    with rows.lock:
        kept = rows.entries.get(key)
    if (
        kept is not None
        and (user_id is None or kept.user_id == user_id)
        and (started_at is None or kept.started_at == started_at)
    ):
        return kept
    found = read_rows(_LAYOUT, {"attempt_id": attempt_id})
    if not found:
        return None
    row = found[0]
    value = AttemptLayout(attempt_id, row.user_id, row.started_at, row.layout)
    with rows.lock:
        rows.entries[key] = value
    return value
