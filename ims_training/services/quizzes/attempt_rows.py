"""An attempt and its answers as plain rows, for the trainee's pages that only read them.

Why: the question page is the page a trainee opens most, and under a class taking a quiz at once
the server spends its time there and in the autosave (issue 13). One prepared Core statement (the
attempt joined with its answers; the layout, which never changes, from the per-worker cache in
`immutable_rows`) on a pooled connection outside the ORM session (`database.read_rows`: no Session, no identity map, no
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
from . import immutable_rows

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

# One statement: the attempt (without its layout, kept per worker: it never changes) and its
# answers in slot order, one row per answer.
_ANSWER_LABELS = tuple(f"answer_{name}" for name in _ANSWER_COLUMNS)
_JOINED = (
    select(
        *(_ATTEMPTS.c[name] for name in _ATTEMPT_COLUMNS if name != "layout"),
        *(
            _ANSWERS.c[name].label(label)
            for name, label in zip(_ANSWER_COLUMNS, _ANSWER_LABELS, strict=True)
        ),
    )
    .select_from(_ATTEMPTS.outerjoin(_ANSWERS, _ANSWERS.c.attempt_id == _ATTEMPTS.c.id))
    .where(_ATTEMPTS.c.id == bindparam("attempt_id"))
    .order_by(_ANSWERS.c.slot)
)
# The attempt only if it is the viewer's: another trainee's attempt reads as no attempt at all.
_OWN_JOINED = _JOINED.where(_ATTEMPTS.c.user_id == bindparam("user_id"))


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
    return _with_answers(read_rows(_OWN_JOINED, {"attempt_id": attempt_id, "user_id": user_id}))


def attempt_row(attempt_id: int) -> AttemptRow | None:
    """Any trainee's attempt with its answers, for staff pages (their blueprint checks the role)."""
    return _with_answers(read_rows(_JOINED, {"attempt_id": attempt_id}))


_ATTEMPT_FIELDS = tuple(name for name in _ATTEMPT_COLUMNS if name != "layout")


def _with_answers(found: Any) -> AttemptRow | None:
    if not found:
        return None
    first = found[0]
    attempt = {name: getattr(first, name) for name in _ATTEMPT_FIELDS}
    kept = immutable_rows.attempt_layout(first.id, first.user_id, first.started_at)
    if kept is None:  # removed between the two reads
        return None
    answers = tuple(
        AnswerRow(*(getattr(row, label) for label in _ANSWER_LABELS))
        for row in found
        if row.answer_slot is not None
    )
    return AttemptRow(**attempt, layout=kept.layout, answers=answers)
