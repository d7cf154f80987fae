"""Item analysis of a quiz, as in Moodle's quiz statistics, computed from SQL aggregates.

The database hands over sums, not rows (so 1,000,000 responses cost a few grouped queries):
a frequency table of attempt percentages, per-item sums of the item fraction f (score / max, 0-1),
the attempt total t (percent) and their products, and per-option pick counts. From these:

- facility: mean f (1 = everyone right);
- discrimination: the point-biserial correlation of f with t, from the sums
  r = (nΣft − ΣfΣt) / √((nΣf² − (Σf)²)(nΣt² − (Σt)²));
- discrimination index: mean f of the upper 27 % of attempts minus that of the lower 27 %
  (groups cut at the 27th / 73rd percentile of the frequency table; ties at a cut stay together);
- mean, median, standard deviation (population) and a histogram of attempt percentages;
- Cronbach's alpha = k/(k−1) · (1 − Σ var(part score) / var(total score)), where the k parts are
  the questions of a fixed quiz, and the slots (positions) of a blueprint quiz, whose questions
  differ between attempts (Moodle's approach for random questions).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from .histogram import Bin
from .statistics import MIN_RESPONSES, POOR_DISCRIMINATION, TOO_EASY, TOO_HARD

GROUP_SHARE = 0.27
HISTOGRAM_EDGES = (0, 10, 20, 30, 40, 50, 60, 70, 80, 90)


@dataclass(frozen=True)
class ItemSums:
    """SQL aggregates of one question over the quiz's submitted attempts."""

    key: str
    n: int
    sum_f: float
    sum_f2: float
    sum_t: float
    sum_t2: float
    sum_ft: float
    sum_s: float  # item score in points
    sum_s2: float
    upper_n: int = 0
    upper_sum_f: float = 0.0
    lower_n: int = 0
    lower_sum_f: float = 0.0


@dataclass(frozen=True)
class OptionShare:
    """How often one option (or match, or answer) was picked."""

    id: str
    label: str
    correct: bool
    count: int
    share: float | None


@dataclass(frozen=True)
class ItemAnalysis:
    key: str
    type: str
    count: int
    facility: float | None
    sd: float | None
    discrimination: float | None
    discrimination_index: float | None
    options: tuple[OptionShare, ...]
    flags: tuple[str, ...]


@dataclass(frozen=True)
class ScoreSummary:
    count: int
    mean: float | None
    median: float | None
    sd: float | None
    histogram: tuple[Bin, ...]


@dataclass(frozen=True)
class QuizAnalysis:
    scores: ScoreSummary
    alpha: float | None
    items: tuple[ItemAnalysis, ...] = field(default_factory=tuple)


def _variance(n: int, total: float, squares: float) -> float | None:
    if n < 1:
        return None
    return max(0.0, squares / n - (total / n) ** 2)


def _median(frequencies: Sequence[tuple[float, int]], n: int) -> float | None:
    """The median of a frequency table (value, count) sorted or not."""
    if n < 1:
        return None
    ordered = sorted(frequencies)

    def at(position: int) -> float:
        seen = 0
        for value, count in ordered:
            seen += count
            if seen > position:
                return value
        return ordered[-1][0]

    return at(n // 2) if n % 2 else (at(n // 2 - 1) + at(n // 2)) / 2


def histogram(
    frequencies: Sequence[tuple[float, int]], edges: Sequence[int] = HISTOGRAM_EDGES
) -> tuple[Bin, ...]:
    """Counts of attempt percentages in bins [0, 10), ..., [90, 100] (100 falls in the last bin)."""
    counts = [0] * len(edges)
    for value, count in frequencies:
        index = sum(1 for edge in edges if value >= edge) - 1
        counts[max(0, min(index, len(edges) - 1))] += count
    highs = [edge - 1 for edge in edges[1:]] + [100]
    return tuple(Bin(low, high, n) for low, high, n in zip(edges, highs, counts, strict=True))


def score_summary(
    frequencies: Sequence[tuple[float, int]], total: float, squares: float
) -> ScoreSummary:
    """Mean, median, SD and histogram of attempt percentages from (percent, count) and their sums."""
    n = sum(count for _, count in frequencies)
    variance = _variance(n, total, squares)
    return ScoreSummary(
        n,
        total / n if n else None,
        _median(frequencies, n),
        math.sqrt(variance) if variance is not None else None,
        histogram(frequencies),
    )


def group_cuts(
    frequencies: Sequence[tuple[float, int]], share: float = GROUP_SHARE
) -> tuple[float, float] | None:
    """Percent cuts of the lower and upper groups: t <= low is lower, t >= high is upper."""
    n = sum(count for _, count in frequencies)
    size = math.floor(n * share)
    if size < 1:
        return None
    ordered = sorted(frequencies)
    low = high = ordered[0][0]
    seen = 0
    for value, count in ordered:
        seen += count
        if seen >= size:
            low = value
            break
    seen = 0
    for value, count in reversed(ordered):
        seen += count
        if seen >= size:
            high = value
            break
    return low, high


def point_biserial(s: ItemSums) -> float | None:
    """Correlation of item fraction with attempt total from the sums; None when either never varies."""
    if s.n < 2:
        return None
    cov = s.n * s.sum_ft - s.sum_f * s.sum_t
    var_f = s.n * s.sum_f2 - s.sum_f**2
    var_t = s.n * s.sum_t2 - s.sum_t**2
    if var_f <= 1e-9 * max(1.0, s.n * s.sum_f2) or var_t <= 1e-9 * max(1.0, s.n * s.sum_t2):
        return None
    return max(-1.0, min(1.0, cov / math.sqrt(var_f * var_t)))


def discrimination_index(s: ItemSums) -> float | None:
    if s.upper_n < 1 or s.lower_n < 1:
        return None
    return s.upper_sum_f / s.upper_n - s.lower_sum_f / s.lower_n


def option_shares(
    options: Sequence[tuple[str, str, bool]], counts: dict[str, int], answered: int
) -> tuple[OptionShare, ...]:
    """Count and share of each option (id, label, correct) among `answered` responses."""
    return tuple(
        OptionShare(
            key,
            label,
            correct,
            counts.get(key, 0),
            counts.get(key, 0) / answered if answered else None,
        )
        for key, label, correct in options
    )


def flags(
    count: int,
    facility: float | None,
    discrimination: float | None,
    options: Sequence[OptionShare],
    min_responses: int = MIN_RESPONSES,
) -> tuple[str, ...]:
    """Why a question looks broken; nothing until enough responses make it trustworthy."""
    if count < min_responses:
        return ()
    found = []
    if facility is not None and facility > TOO_EASY:
        found.append("too_easy")
    if facility is not None and facility < TOO_HARD:
        found.append("too_hard")
    if discrimination is not None and discrimination < 0:
        found.append("negative_discrimination")
    elif discrimination is not None and discrimination < POOR_DISCRIMINATION:
        found.append("poor_discrimination")
    if any(not o.correct and o.count == 0 for o in options):
        found.append("unused_distractor")
    return tuple(found)


def item_analysis(
    qtype: str,
    sums: ItemSums,
    options: tuple[OptionShare, ...] = (),
    min_responses: int = MIN_RESPONSES,
) -> ItemAnalysis:
    facility = sums.sum_f / sums.n if sums.n else None
    variance = _variance(sums.n, sums.sum_f, sums.sum_f2)
    discrimination = point_biserial(sums)
    return ItemAnalysis(
        sums.key,
        qtype,
        sums.n,
        facility,
        math.sqrt(variance) if variance is not None else None,
        discrimination,
        discrimination_index(sums),
        options,
        flags(sums.n, facility, discrimination, options, min_responses),
    )


@dataclass(frozen=True)
class PartSums:
    """Score sums of one part of the test for alpha: a question (fixed quiz) or a slot (blueprint)."""

    n: int
    sum_s: float
    sum_s2: float


def cronbach_alpha(
    parts: Sequence[PartSums], attempts: int, total: float, squares: float
) -> float | None:
    """Cronbach's alpha from the parts' score sums and the attempts' total score sums (points).

    With every attempt answering every part (the total is the sum of the parts) alpha is at most 1.
    """
    k = len(parts)
    total_variance = _variance(attempts, total, squares)
    if k < 2 or not total_variance or total_variance <= 1e-12:
        return None
    part_variance = sum(_variance(p.n, p.sum_s, p.sum_s2) or 0.0 for p in parts)
    return k / (k - 1) * (1 - part_variance / total_variance)


def sort_items(items: Sequence[ItemAnalysis]) -> tuple[ItemAnalysis, ...]:
    """Flagged questions first, then by key."""
    return tuple(sorted(items, key=lambda item: (not item.flags, item.key)))
