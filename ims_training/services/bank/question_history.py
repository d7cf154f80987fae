"""One question's page for instructors, read as rows: the question, its versions, what changed
between them, its item statistics.

Why rows (issue 13): the page used to load every version as an ORM object with its whole content,
and diff and render them again on every visit. Versions never change once written, so their
contents come from the per-worker cache (`quizzes.immutable_rows`) and the changes between two
versions are computed once per worker; each visit costs three prepared statements. The page is
cached (web/author/bank.py) under the content generation and `answers_version`, which moves
whenever the statistics may.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select

from ...database import read_rows
from ...domain.statistics import ItemStatistics, item_statistics
from ...models import Attempt, AttemptAnswer, Question, QuestionVersion, User
from ..quizzes import immutable_rows
from .bank_catalog import content_changes

_Q = Question.__table__
_V = QuestionVersion.__table__
_A = Attempt.__table__
_AA = AttemptAnswer.__table__
_U = User.__table__

_QUESTION = (
    select(
        _Q.c.id,
        _Q.c.key,
        _Q.c.module_slug,
        _Q.c.current_version_id,
        _Q.c.retired_at,
        _V.c.version.label("current_number"),
    )
    .join(_V, _V.c.id == _Q.c.current_version_id)
    .where(_Q.c.key == bindparam("key"))
)
_VERSIONS = (
    select(_V.c.id, _V.c.version, _V.c.created_at, _V.c.source_path)
    .where(_V.c.question_id == bindparam("question_id"))
    .order_by(_V.c.version.desc())
)
# Every graded answer to any version of the question (found by its key).
_GRADED = (
    select(_A.c.percent, _AA.c.score, _AA.c.max_score)
    .select_from(
        _AA.join(_A, _A.c.id == _AA.c.attempt_id)
        .join(_V, _V.c.id == _AA.c.question_version_id)
        .join(_Q, _Q.c.id == _V.c.question_id)
    )
    .where(
        _Q.c.key == bindparam("key"),
        _A.c.status == "submitted",
        _AA.c.score.is_not(None),
        _AA.c.max_score > 0,
        _A.c.percent.is_not(None),
    )
)

# What the graded answers are made from: every answer to any version of the question in a
# submitted attempt, counted, its newest id, and the sum of its owner's page_version per answer.
_ANSWERED = (
    select(
        func.count().label("answers"),
        func.coalesce(func.max(_AA.c.id), 0).label("newest"),
        func.coalesce(func.sum(_U.c.page_version), 0).label("versions"),
    )  # named columns: read_rows runs it on the driver, without SQLAlchemy's execution
    .select_from(
        _AA.join(_A, _A.c.id == _AA.c.attempt_id)
        .join(_U, _U.c.id == _A.c.user_id)
        .join(_V, _V.c.id == _AA.c.question_version_id)
        .join(_Q, _Q.c.id == _V.c.question_id)
    )
    .where(_Q.c.key == bindparam("key"), _A.c.status == "submitted")
)


@dataclass(frozen=True)
class QuestionRow:
    id: int
    key: str
    module_slug: str
    current_version_id: int
    retired_at: datetime | None
    current_number: int  # the current version's number


@dataclass(frozen=True)
class VersionRow:
    id: int
    version: int
    created_at: datetime
    source_path: str | None


def question_by_key(key: str) -> QuestionRow | None:
    """The question with a current version, or None."""
    rows = read_rows(_QUESTION, {"key": key})
    return QuestionRow(**rows[0]._asdict()) if rows else None


def versions_of(question: QuestionRow) -> list[VersionRow]:
    """All versions, newest first (their contents: `content_of`)."""
    return [
        VersionRow(**row._asdict()) for row in read_rows(_VERSIONS, {"question_id": question.id})
    ]


def content_of(version_id: int) -> dict[str, Any]:
    content = immutable_rows.question_content(version_id)
    if content is None:  # pragma: no cover - foreign keys prevent it
        raise LookupError(f"question version {version_id} missing")
    return content


def changes_between(older_id: int, newer_id: int) -> list[tuple[str, Any, Any]]:
    """What changed from one version to the next (computed once per worker: versions never change)."""
    return immutable_rows.derived(
        ("question-changes", older_id, newer_id),
        lambda: content_changes(content_of(older_id), content_of(newer_id)),
    )


def answers_version(key: str) -> tuple[int, int, int]:
    """A value that changes whenever the question's item statistics may (the page cache keys the
    question page on it, web/author/bank.py): one aggregate query, instead of reading every graded
    answer and working the statistics out.

    Why it is exact: the statistics read answers of submitted attempts (`_GRADED`). A submitted
    attempt stays submitted and no answer or attempt is deleted or moved to another question, so
    that set of answers only grows (the count grows). Any write to one of its answers or their
    attempts (grading, a regrade) bumps the owner's `page_version` (page_cache/versions.py), and
    versions only grow: with the set unchanged, the sum of the owners' versions over the answers
    grows. Count and sum never fall, so any change moves the pair. The newest id also moves if an
    answer were ever deleted and another added at once. Flask-free (the page-cache layer calls
    it too)."""
    count, newest, versions = read_rows(_ANSWERED, {"key": key})[0]
    return int(count), int(newest), int(versions)


def statistics_for(key: str) -> ItemStatistics | None:
    """Item statistics over every graded answer to any version of the question, or None."""
    rows = read_rows(_GRADED, {"key": key})
    if not rows:
        return None
    data = [
        (float(percent), min(1.0, max(0.0, score / max_score)))
        for percent, score, max_score in rows
    ]
    return item_statistics(key, data)
