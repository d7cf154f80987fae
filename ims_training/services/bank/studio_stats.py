"""Item analysis of one quiz: two grouped SQL passes, the arithmetic in `domain/item_analysis.py`.

1. attempt percentages as a frequency table (rounded to 0.1 %) with exact sums of percent and score;
2. one pass over the responses, grouped by question version, slot and (for choice, true/false and
   matching questions) response text: n, Σf, Σf², Σt, Σt², Σft, Σs, Σs², the upper/lower-group sums
   (cuts from 1.) and a count; then the keys and types of the versions seen. Summing those few
   rows per question (and per slot, for alpha) is all Python does.
Only submitted, graded attempts count. No row-per-response ever reaches Python.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import Numeric, String, and_, case, cast, exists, func, select

from ...domain import item_analysis as ia
from ...extensions import db
from ...i18n import localised
from ...models import Attempt, AttemptAnswer, Question, QuestionVersion, Quiz
from ..quizzes.attempts import current_definition

OPTION_TYPES = ("single_choice", "multiple_response", "true_false", "matching")


def _attempt_filter(quiz: Quiz) -> Any:
    return and_(
        Attempt.quiz_id == quiz.id, Attempt.status == "submitted", Attempt.percent.is_not(None)
    )


def _scores(quiz: Quiz) -> tuple[list[tuple[float, int]], float, float, tuple[int, float, float]]:
    """Percent frequencies and sums; the score sums for alpha only over attempts that have their
    answers (an attempt whose answers are gone cannot be split into parts)."""
    bucket = func.round(cast(Attempt.percent, Numeric(10, 4)), 1).label("bucket")
    answered = exists().where(AttemptAnswer.attempt_id == Attempt.id)
    score = case((answered, Attempt.score), else_=None)
    rows = db.session.execute(
        select(
            bucket,
            func.count(),
            func.sum(Attempt.percent),
            func.sum(Attempt.percent * Attempt.percent),
            func.count(score),
            func.sum(score),
            func.sum(score * score),
        )
        .where(_attempt_filter(quiz))
        .group_by(bucket)
    ).all()
    frequencies = [(float(b), int(n)) for b, n, *_ in rows]
    sums = [sum(float(r[i] or 0) for r in rows) for i in range(2, 7)]
    return frequencies, sums[0], sums[1], (int(sums[2]), sums[3], sums[4])


def _version_keys(version_ids: list[int]) -> dict[int, tuple[str, str]]:
    """version id -> (question key, type) for the question versions the responses came from."""
    rows = db.session.execute(
        select(QuestionVersion.id, Question.key, QuestionVersion.type)
        .join(Question, Question.id == QuestionVersion.question_id)
        .where(QuestionVersion.id.in_(version_ids))
    ).all()
    return {int(v): (key, qtype) for v, key, qtype in rows}


def _item_rows(quiz: Quiz, cuts: tuple[float, float] | None) -> list[Any]:
    """One pass over the graded responses: sums per question version, slot and (option types) response."""
    t = Attempt.percent
    low, high = cuts if cuts else (-1.0, 101.0)
    f = AttemptAnswer.score / AttemptAnswer.max_score
    points = AttemptAnswer.score
    upper = case((t >= high, f), else_=None)
    lower = case((t <= low, f), else_=None)
    # the set of option-type versions is evaluated once (a subquery), not per response
    with_options = (
        select(QuestionVersion.id).where(QuestionVersion.type.in_(OPTION_TYPES)).scalar_subquery()
    )
    response = case(
        (AttemptAnswer.question_version_id.in_(with_options), cast(AttemptAnswer.response, String)),
        else_=None,
    ).label("response")
    return list(
        db.session.execute(
            select(
                AttemptAnswer.question_version_id,
                AttemptAnswer.slot,
                response,
                func.count(),
                func.sum(f),
                func.sum(f * f),
                func.sum(t),
                func.sum(t * t),
                func.sum(f * t),
                func.sum(points),
                func.sum(points * points),
                func.count(upper),
                func.sum(upper),
                func.count(lower),
                func.sum(lower),
                func.count(),
            )
            .select_from(AttemptAnswer)
            .join(Attempt, Attempt.id == AttemptAnswer.attempt_id)
            .where(
                _attempt_filter(quiz), AttemptAnswer.score.is_not(None), AttemptAnswer.max_score > 0
            )
            .group_by(AttemptAnswer.question_version_id, AttemptAnswer.slot, response)
        ).all()
    )


def _aggregate(
    rows: list[Any], keys: dict[int, tuple[str, str]]
) -> tuple[list[ia.ItemSums], dict[str, int], dict[str, list[tuple[Any, int]]], list[ia.PartSums]]:
    """Sum the (version, slot, response) rows up to questions and to slots; keep the responses."""
    totals: dict[str, list[float]] = {}
    slots: dict[int, list[float]] = {}
    latest: dict[str, int] = {}
    responses: dict[str, list[tuple[Any, int]]] = defaultdict(list)
    for version_id, slot, response, *values, answers in rows:
        key, qtype = keys[int(version_id)]
        acc = totals.setdefault(key, [0.0] * len(values))
        for i, value in enumerate(values):
            acc[i] += float(value or 0)
        part = slots.setdefault(int(slot), [0.0, 0.0, 0.0])
        part[0] += float(values[0] or 0)
        part[1] += float(values[6] or 0)
        part[2] += float(values[7] or 0)
        latest[key] = max(latest.get(key, 0), int(version_id))
        if qtype in OPTION_TYPES:
            decoded = json.loads(response) if response not in (None, "null") else None
            responses[key].append((decoded, int(answers)))
    sums = [
        ia.ItemSums(
            key,
            int(a[0]),
            a[1],
            a[2],
            a[3],
            a[4],
            a[5],
            a[6],
            a[7],
            upper_n=int(a[8]),
            upper_sum_f=a[9],
            lower_n=int(a[10]),
            lower_sum_f=a[11],
        )
        for key, a in totals.items()
        if a[0] > 0
    ]
    parts = [ia.PartSums(int(p[0]), p[1], p[2]) for _, p in sorted(slots.items())]
    return sums, latest, responses, parts


def _options(content: dict[str, Any]) -> list[tuple[str, str, bool]]:
    kind = content["type"]
    if kind in ("single_choice", "multiple_response"):
        return [
            (str(o["id"]), localised(o["text"]), bool(o.get("correct"))) for o in content["options"]
        ]
    if kind == "true_false":
        return [
            ("true", "True", content["answer"] is True),
            ("false", "False", content["answer"] is False),
        ]
    if kind == "matching":
        return [(str(p["id"]), localised(p["match"]), True) for p in content["pairs"]] + [
            (str(d["id"]), localised(d["text"]), False) for d in content.get("distractors", [])
        ]
    return []


def _tally(kind: str, responses: list[tuple[Any, int]]) -> tuple[dict[str, int], int]:
    counts: dict[str, int] = defaultdict(int)
    answered = 0
    for response, count in responses:
        if response is None:
            continue
        answered += count
        if kind == "true_false":
            counts["true" if response else "false"] += count
        elif isinstance(response, list):
            for key in response:
                counts[str(key)] += count
        elif isinstance(response, dict):
            for chosen in response.values():
                counts[str(chosen)] += count
        else:
            counts[str(response)] += count
    return counts, answered


def analyse(quiz: Quiz) -> ia.QuizAnalysis:
    """The item analysis of `quiz` over all its submitted attempts (every version it had)."""
    frequencies, sum_pct, sum_pct2, (scored, sum_score, sum_score2) = _scores(quiz)
    scores = ia.score_summary(frequencies, sum_pct, sum_pct2)
    rows = _item_rows(quiz, ia.group_cuts(frequencies))
    keys = _version_keys(sorted({int(row[0]) for row in rows}))
    sums, latest, responses, slots = _aggregate(rows, keys)
    contents: dict[int, dict[str, Any]] = dict(
        db.session.execute(
            select(QuestionVersion.id, QuestionVersion.content).where(
                QuestionVersion.id.in_(list(latest.values()))
            )
        ).all()
    )
    items = []
    for s in sums:
        content = contents[latest[s.key]]
        counts, answered = _tally(content["type"], responses.get(s.key, []))
        options = ia.option_shares(_options(content), counts, answered)
        items.append(ia.item_analysis(content["type"], s, options))
    blueprint = bool(current_definition(quiz).get("blueprint"))
    parts = slots if blueprint else [ia.PartSums(s.n, s.sum_s, s.sum_s2) for s in sums]
    alpha = ia.cronbach_alpha(parts, scored, sum_score, sum_score2)
    return ia.QuizAnalysis(scores, alpha, ia.sort_items(items))


CSV_HEADER = (
    "question",
    "type",
    "responses",
    "facility",
    "sd",
    "discrimination",
    "discrimination_index",
    "flags",
    "option",
    "option_text",
    "option_correct",
    "option_count",
    "option_share",
)


def csv_rows(analysis: ia.QuizAnalysis) -> list[list[object]]:
    """One row per question, then one per option of it (the same numbers as the page)."""
    rows: list[list[object]] = []
    for item in analysis.items:
        base: list[object] = [
            item.key,
            item.type,
            item.count,
            _round(item.facility),
            _round(item.sd),
            _round(item.discrimination),
            _round(item.discrimination_index),
            " ".join(item.flags),
        ]
        rows.append(base + ["", "", "", "", ""])
        for option in item.options:
            rows.append(
                base[:2]
                + [""] * 6
                + [option.id, option.label, option.correct, option.count, _round(option.share)]
            )
    return rows


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


SCORES_HEADER = ("measure", "value")


def score_csv_rows(analysis: ia.QuizAnalysis) -> list[list[object]]:
    """The quiz-level figures and the histogram, as on the page."""
    scores = analysis.scores
    rows: list[list[object]] = [
        ["attempts", scores.count],
        ["mean_percent", _round(scores.mean)],
        ["median_percent", _round(scores.median)],
        ["sd_percent", _round(scores.sd)],
        ["cronbach_alpha", _round(analysis.alpha)],
    ]
    rows += [[f"attempts {b.label}", b.count] for b in scores.histogram]
    return rows
