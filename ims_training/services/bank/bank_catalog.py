"""Reading the bank back out of the database: the current bank for export, the instructors'
browser (filters, counts, pagination), changes between versions, flagged items. One question's
page (history, statistics) is `question_history`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import contains_eager

from ...bank import QUESTION_ADAPTER
from ...bank.quiz_schema import QUIZ_ADAPTER
from ...bank.schema import Question as BankQuestion
from ...bank.schema import Quiz as BankQuiz
from ...domain.statistics import ItemStatistics, item_statistics
from ...extensions import db
from ...models import Attempt, AttemptAnswer, Question, QuestionVersion, Quiz, QuizVersion


def current_bank() -> tuple[list[BankQuestion], list[BankQuiz]]:
    """Every question and quiz in use (not retired), rebuilt from its current stored version."""
    q_rows = db.session.execute(
        select(QuestionVersion.content)
        .join(Question, Question.current_version_id == QuestionVersion.id)
        .where(Question.retired_at.is_(None))
        .order_by(Question.id)
    ).scalars()
    questions = [QUESTION_ADAPTER.validate_python(content) for content in q_rows]
    z_rows = db.session.execute(
        select(QuizVersion.definition)
        .join(Quiz, Quiz.current_version_id == QuizVersion.id)
        .where(Quiz.retired_at.is_(None))
        .order_by(Quiz.key)
    ).scalars()
    quizzes = [QUIZ_ADAPTER.validate_python(definition) for definition in z_rows]
    return questions, quizzes


@dataclass(frozen=True)
class BankFilters:
    """What the bank browser is narrowed to; empty strings mean 'any'."""

    module: str = ""
    tag: str = ""
    type: str = ""
    difficulty: str = ""
    status: str = "active"  # active | retired | all
    q: str = ""


def browse_statement(filters: BankFilters) -> Select[Any]:
    """Questions with their current version, narrowed by `filters`, ordered by module and key."""
    stmt = (
        select(Question)
        .join(QuestionVersion, Question.current_version_id == QuestionVersion.id)
        .options(contains_eager(Question.current_version))
        .order_by(Question.module_slug, Question.key)
    )
    if filters.module:
        stmt = stmt.where(Question.module_slug == filters.module)
    if filters.type:
        stmt = stmt.where(QuestionVersion.type == filters.type)
    if filters.difficulty:
        stmt = stmt.where(QuestionVersion.difficulty == filters.difficulty)
    if filters.status == "active":
        stmt = stmt.where(Question.retired_at.is_(None))
    elif filters.status == "retired":
        stmt = stmt.where(Question.retired_at.is_not(None))
    if filters.q:
        stmt = stmt.where(Question.key.contains(filters.q.lower(), autoescape=True))
    if filters.tag:
        # Tags are a JSON list; the tag is matched as a quoted JSON string, so "C5" never matches "C56".
        stmt = stmt.where(
            func.lower(_json_text(QuestionVersion.tags)).contains(
                '"' + filters.tag.lower() + '"', autoescape=True
            )
        )
    return stmt


def _json_text(column: Any) -> Any:
    from sqlalchemy import String, cast

    return cast(column, String)


def facet_counts() -> dict[str, Any]:
    """Counts of questions in use by module, type, difficulty and tag, for the filter labels."""
    rows = db.session.execute(
        select(
            Question.module_slug,
            QuestionVersion.type,
            QuestionVersion.difficulty,
            QuestionVersion.tags,
        )
        .join(QuestionVersion, Question.current_version_id == QuestionVersion.id)
        .where(Question.retired_at.is_(None))
    ).all()
    counts: dict[str, dict[str, int]] = {
        "module": defaultdict(int),
        "type": defaultdict(int),
        "difficulty": defaultdict(int),
        "tag": defaultdict(int),
    }
    for module, qtype, difficulty, tags in rows:
        counts["module"][module] += 1
        counts["type"][qtype] += 1
        counts["difficulty"][difficulty] += 1
        for tag in tags or []:
            counts["tag"][tag] += 1
    retired = db.session.scalar(
        select(func.count()).select_from(Question).where(Question.retired_at.is_not(None))
    )
    return {"total": len(rows), "retired": retired or 0, **{k: dict(v) for k, v in counts.items()}}


def in_use_counts() -> tuple[int, int]:
    """How many questions and how many quizzes are in use (not retired): the instructor dashboard's figures."""
    questions = db.session.scalar(
        select(func.count()).select_from(Question).where(Question.retired_at.is_(None))
    )
    quizzes = db.session.scalar(
        select(func.count()).select_from(Quiz).where(Quiz.retired_at.is_(None))
    )
    return questions or 0, quizzes or 0


def version_counts(question_ids: list[int]) -> dict[int, int]:
    """How many versions each question has."""
    if not question_ids:
        return {}
    rows = db.session.execute(
        select(QuestionVersion.question_id, func.count())
        .where(QuestionVersion.question_id.in_(question_ids))
        .group_by(QuestionVersion.question_id)
    ).all()
    return {qid: n for qid, n in rows}


def content_changes(
    old: dict[str, Any], new: dict[str, Any], prefix: str = ""
) -> list[tuple[str, Any, Any]]:
    """The fields that differ between two versions' content, as (path, old value, new value)."""
    changes: list[tuple[str, Any, Any]] = []
    for key in sorted(set(old) | set(new), key=str):
        a, b = old.get(key), new.get(key)
        path = f"{prefix}.{key}" if prefix else str(key)
        if a == b:
            continue
        if isinstance(a, dict) and isinstance(b, dict):
            changes.extend(content_changes(a, b, path))
        elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
            for index, (x, y) in enumerate(zip(a, b, strict=True)):
                if x != y:
                    if isinstance(x, dict) and isinstance(y, dict):
                        changes.extend(content_changes(x, y, f"{path}[{index}]"))
                    else:
                        changes.append((f"{path}[{index}]", x, y))
        else:
            changes.append((path, a, b))
    return changes


def _point(
    percent: float | None, score: float | None, max_score: float | None
) -> tuple[float, float]:
    """(attempt percent, share of the item's points): the input of item statistics. The queries
    keep graded answers of scored attempts only, so none of the three is None."""
    assert percent is not None and score is not None and max_score
    return float(percent), min(1.0, max(0.0, score / max_score))


def flagged_items(limit: int = 10) -> list[ItemStatistics]:
    """Questions in use whose graded answers raise a flag (too easy, too hard, poor discrimination)."""
    rows = db.session.execute(
        select(Question.key, Attempt.percent, AttemptAnswer.score, AttemptAnswer.max_score)
        .join(QuestionVersion, QuestionVersion.question_id == Question.id)
        .join(AttemptAnswer, AttemptAnswer.question_version_id == QuestionVersion.id)
        .join(Attempt, Attempt.id == AttemptAnswer.attempt_id)
        .where(
            Question.retired_at.is_(None),
            Attempt.status == "submitted",
            AttemptAnswer.score.is_not(None),
            AttemptAnswer.max_score > 0,
            Attempt.percent.is_not(None),
        )
    ).all()
    by_key: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for key, percent, score, max_score in rows:
        by_key[key].append(_point(percent, score, max_score))
    stats = [item_statistics(key, data) for key, data in by_key.items()]
    return sorted((s for s in stats if s.flags), key=lambda s: s.key)[:limit]


def recent_versions(limit: int = 6) -> list[tuple[str, int, Any]]:
    """The most recently created question versions as (key, version number, created at)."""
    rows = db.session.execute(
        select(Question.key, QuestionVersion.version, QuestionVersion.created_at)
        .join(Question, Question.id == QuestionVersion.question_id)
        .order_by(QuestionVersion.created_at.desc(), QuestionVersion.id.desc())
        .limit(limit)
    ).all()
    return [(key, number, created) for key, number, created in rows]
