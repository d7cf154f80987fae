"""Item analysis of one quiz: three grouped SQL queries, the arithmetic in `domain/item_analysis.py`.

1. attempt percentages as a frequency table (rounded to 0.1 %) with exact sums of percent and score;
2. per question: n, Σf, Σf², Σt, Σt², Σft, Σs, Σs² and the upper/lower-group sums (cuts from 1.);
3. per question version and distinct response text: a count (choice, true/false and matching).
Only submitted, graded attempts count. No row-per-response ever reaches Python.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import Numeric, String, and_, case, cast, func, select

from ..domain import item_analysis as ia
from ..extensions import db
from ..i18n import localised
from ..models import Attempt, AttemptAnswer, Question, QuestionVersion, Quiz
from .attempts import current_definition

OPTION_TYPES = ("single_choice", "multiple_response", "true_false", "matching")


def _attempt_filter(quiz: Quiz) -> Any:
    return and_(Attempt.quiz_id == quiz.id, Attempt.status == "submitted", Attempt.percent.is_not(None))


def _scores(quiz: Quiz) -> tuple[list[tuple[float, int]], float, float, float, float]:
    bucket = func.round(cast(Attempt.percent, Numeric(10, 4)), 1).label("bucket")
    rows = db.session.execute(
        select(bucket, func.count(), func.sum(Attempt.percent), func.sum(Attempt.percent * Attempt.percent),
               func.sum(Attempt.score), func.sum(Attempt.score * Attempt.score))
        .where(_attempt_filter(quiz)).group_by(bucket)).all()
    frequencies = [(float(b), int(n)) for b, n, *_ in rows]
    sums = [sum(float(r[i] or 0) for r in rows) for i in range(2, 6)]
    return frequencies, sums[0], sums[1], sums[2], sums[3]


def _item_sums(quiz: Quiz, cuts: tuple[float, float] | None) -> tuple[list[ia.ItemSums], dict[str, int]]:
    fraction = AttemptAnswer.score / AttemptAnswer.max_score
    total = Attempt.percent
    low, high = cuts if cuts else (-1.0, 101.0)
    upper = case((total >= high, 1), else_=0)
    lower = case((total <= low, 1), else_=0)
    rows = db.session.execute(
        select(Question.key, func.count(), func.sum(fraction), func.sum(fraction * fraction), func.sum(total),
               func.sum(total * total), func.sum(fraction * total), func.sum(AttemptAnswer.score),
               func.sum(AttemptAnswer.score * AttemptAnswer.score), func.sum(upper), func.sum(upper * fraction),
               func.sum(lower), func.sum(lower * fraction), func.max(QuestionVersion.id))
        .select_from(AttemptAnswer)
        .join(Attempt, Attempt.id == AttemptAnswer.attempt_id)
        .join(QuestionVersion, QuestionVersion.id == AttemptAnswer.question_version_id)
        .join(Question, Question.id == QuestionVersion.question_id)
        .where(_attempt_filter(quiz), AttemptAnswer.score.is_not(None), AttemptAnswer.max_score > 0)
        .group_by(Question.key)).all()
    sums, latest = [], {}
    for key, n, *values, latest_version in rows:
        f = [float(v or 0) for v in values]
        sums.append(ia.ItemSums(key, int(n), f[0], f[1], f[2], f[3], f[4], f[5], f[6],
                                upper_n=int(f[7]), upper_sum_f=f[8], lower_n=int(f[9]), lower_sum_f=f[10]))
        latest[key] = int(latest_version)
    return sums, latest


def _option_counts(quiz: Quiz) -> dict[int, list[tuple[Any, int]]]:
    """Per question version: (decoded response, count) for the types with options."""
    text = cast(AttemptAnswer.response, String)
    rows = db.session.execute(
        select(AttemptAnswer.question_version_id, text, func.count())
        .join(Attempt, Attempt.id == AttemptAnswer.attempt_id)
        .join(QuestionVersion, QuestionVersion.id == AttemptAnswer.question_version_id)
        .where(_attempt_filter(quiz), QuestionVersion.type.in_(OPTION_TYPES))
        .group_by(AttemptAnswer.question_version_id, text)).all()
    out: dict[int, list[tuple[Any, int]]] = defaultdict(list)
    for version_id, response, count in rows:
        decoded = json.loads(response) if response not in (None, "null") else None
        out[int(version_id)].append((decoded, int(count)))
    return out


def _options(content: dict[str, Any]) -> list[tuple[str, str, bool]]:
    kind = content["type"]
    if kind in ("single_choice", "multiple_response"):
        return [(str(o["id"]), localised(o["text"]), bool(o.get("correct"))) for o in content["options"]]
    if kind == "true_false":
        return [("true", "True", content["answer"] is True), ("false", "False", content["answer"] is False)]
    if kind == "matching":
        return ([(str(p["id"]), localised(p["match"]), True) for p in content["pairs"]]
                + [(str(d["id"]), localised(d["text"]), False) for d in content.get("distractors", [])])
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


def items_per_attempt(definition: dict[str, Any]) -> int:
    if definition.get("questions"):
        return len(definition["questions"])
    return sum(int(e.get("count", 0)) for e in definition.get("blueprint") or [])


def analyse(quiz: Quiz) -> ia.QuizAnalysis:
    """The item analysis of `quiz` over all its submitted attempts (every version it had)."""
    frequencies, sum_pct, sum_pct2, sum_score, sum_score2 = _scores(quiz)
    scores = ia.score_summary(frequencies, sum_pct, sum_pct2)
    sums, latest = _item_sums(quiz, ia.group_cuts(frequencies))
    contents = dict(db.session.execute(select(QuestionVersion.id, QuestionVersion.content)
                                       .where(QuestionVersion.id.in_(list(latest.values())))).all())
    key_of_version = dict(db.session.execute(
        select(QuestionVersion.id, Question.key).join(Question, Question.id == QuestionVersion.question_id)
        .where(Question.key.in_(list(latest)))).all())
    responses_by_key: dict[str, list[tuple[Any, int]]] = defaultdict(list)
    for version_id, responses in _option_counts(quiz).items():
        if version_id in key_of_version:
            responses_by_key[key_of_version[version_id]].extend(responses)
    items = []
    for s in sums:
        content = contents[latest[s.key]]
        counts, answered = _tally(content["type"], responses_by_key.get(s.key, []))
        options = ia.option_shares(_options(content), counts, answered)
        items.append(ia.item_analysis(content["type"], s, options))
    alpha = ia.cronbach_alpha(sums, items_per_attempt(current_definition(quiz)), scores.count, sum_score,
                              sum_score2)
    return ia.QuizAnalysis(scores, alpha, ia.sort_items(items))


CSV_HEADER = ("question", "type", "responses", "facility", "sd", "discrimination", "discrimination_index",
              "flags", "option", "option_text", "option_correct", "option_count", "option_share")


def csv_rows(analysis: ia.QuizAnalysis) -> list[list[object]]:
    """One row per question, then one per option of it (the same numbers as the page)."""
    rows: list[list[object]] = []
    for item in analysis.items:
        base: list[object] = [item.key, item.type, item.count, _round(item.facility), _round(item.sd),
                              _round(item.discrimination), _round(item.discrimination_index), " ".join(item.flags)]
        rows.append(base + ["", "", "", "", ""])
        for option in item.options:
            rows.append(base[:2] + [""] * 6 + [option.id, option.label, option.correct, option.count,
                                               _round(option.share)])
    return rows


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
