"""An attempt and its answers as plain rows, for the trainee's pages that only read them.

Why: the question page is the page a trainee opens most, and under a class taking a quiz at once
the server spends its time there and in the autosave (issue 13). Two prepared Core statements on a
pooled connection outside the ORM session (`database.read_rows`: no Session, no identity map, no
BEGIN on SQLite) give what those pages show; nothing here can write. Code that changes an attempt
goes through `attempts` (its writes lock the row first).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select

from ...database import read_rows
from ...models import Attempt, AttemptAnswer

_ATTEMPTS = Attempt.__table__
_ANSWERS = AttemptAnswer.__table__
_ATTEMPT_COLUMNS = (
    "id",
    "user_id",
    "quiz_id",
    "quiz_version_id",
    "number",
    "status",
    "started_at",
    "deadline_at",
    "submitted_at",
    "closed_by",
    "layout",
    "score",
    "max_score",
    "percent",
    "passed",
)
_ANSWER_COLUMNS = (
    "slot",
    "question_version_id",
    "response",
    "flagged",
    "saved_at",
    "revision",
    "score",
    "max_score",
)

_ATTEMPT = select(*(_ATTEMPTS.c[name] for name in _ATTEMPT_COLUMNS)).where(
    _ATTEMPTS.c.id == bindparam("attempt_id")
)
# The attempt only if it is the viewer's: another trainee's attempt reads as no attempt at all.
_OWN_ATTEMPT = _ATTEMPT.where(_ATTEMPTS.c.user_id == bindparam("user_id"))
_ANSWERS_OF = (
    select(*(_ANSWERS.c[name] for name in _ANSWER_COLUMNS))
    .where(_ANSWERS.c.attempt_id == bindparam("attempt_id"))
    .order_by(_ANSWERS.c.slot)
)


@dataclass(frozen=True)
class AnswerRow:
    """One saved answer (same names as `AttemptAnswer`)."""

    slot: int
    question_version_id: int
    response: Any
    flagged: bool
    saved_at: datetime
    revision: int
    score: float | None
    max_score: float | None


@dataclass(frozen=True)
class AttemptRow:
    """An attempt with its answers in slot order (same names as `Attempt`), read-only."""

    id: int
    user_id: int
    quiz_id: int
    quiz_version_id: int
    number: int
    status: str
    started_at: datetime
    deadline_at: datetime | None
    submitted_at: datetime | None
    closed_by: str | None
    layout: list[dict[str, Any]]
    score: float | None
    max_score: float | None
    percent: float | None
    passed: bool | None
    answers: tuple[AnswerRow, ...]


def own_attempt_row(user_id: int, attempt_id: int) -> AttemptRow | None:
    """The user's attempt with its answers, or None when it is not theirs (or does not exist)."""
    return _with_answers(read_rows(_OWN_ATTEMPT, {"attempt_id": attempt_id, "user_id": user_id}))


def attempt_row(attempt_id: int) -> AttemptRow | None:
    """Any trainee's attempt with its answers, for staff pages (their blueprint checks the role)."""
    return _with_answers(read_rows(_ATTEMPT, {"attempt_id": attempt_id}))


def _with_answers(found: Any) -> AttemptRow | None:
    if not found:
        return None
    attempt_id = found[0].id
    answers = read_rows(_ANSWERS_OF, {"attempt_id": attempt_id})
    return AttemptRow(
        **found[0]._asdict(), answers=tuple(AnswerRow(**row._asdict()) for row in answers)
    )
