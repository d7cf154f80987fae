"""Item analysis from sums agrees with the row-by-row definitions, and flags what looks broken."""

from __future__ import annotations

import math
import random
import statistics as pystats

import pytest

from ims_training.domain import item_analysis as ia
from ims_training.domain.statistics import point_biserial as rowwise_point_biserial
from ims_training.domain.statistics import upper_lower_index


def sums_of(
    key: str,
    rows: list[tuple[float, float]],
    points: float = 1.0,
    cuts: tuple[float, float] | None = None,
) -> ia.ItemSums:
    low, high = cuts if cuts else (-1.0, 101.0)
    upper = [f for t, f in rows if t >= high]
    lower = [f for t, f in rows if t <= low]
    return ia.ItemSums(
        key,
        len(rows),
        sum(f for _, f in rows),
        sum(f * f for _, f in rows),
        sum(t for t, _ in rows),
        sum(t * t for t, _ in rows),
        sum(f * t for t, f in rows),
        sum(f * points for _, f in rows),
        sum((f * points) ** 2 for _, f in rows),
        len(upper),
        sum(upper),
        len(lower),
        sum(lower),
    )


def frequencies(values: list[float]) -> list[tuple[float, int]]:
    table: dict[float, int] = {}
    for v in values:
        table[v] = table.get(v, 0) + 1
    return list(table.items())


def test_point_biserial_from_sums_equals_the_row_by_row_correlation():
    rng = random.Random(7)
    rows = [(rng.uniform(0, 100), float(rng.random() < 0.6)) for _ in range(500)]
    assert ia.point_biserial(sums_of("q", rows)) == pytest.approx(
        rowwise_point_biserial(rows), abs=1e-9
    )


def test_a_question_the_weak_get_right_has_negative_discrimination_and_is_flagged():
    rows = [(float(t), 1.0 if t < 50 else 0.0) for t in range(0, 100, 2)]
    item = ia.item_analysis("true_false", sums_of("q", rows))
    assert item.discrimination is not None and item.discrimination < -0.8
    assert "negative_discrimination" in item.flags


def test_no_variation_gives_no_discrimination_rather_than_a_number():
    rows = [(float(t), 1.0) for t in range(30)]
    assert ia.point_biserial(sums_of("q", rows)) is None
    assert ia.item_analysis("true_false", sums_of("q", rows)).flags == ("too_easy",)


def test_score_summary_mean_median_sd_and_histogram():
    values = [10.0, 20.0, 20.0, 55.0, 90.0, 100.0]
    summary = ia.score_summary(frequencies(values), sum(values), sum(v * v for v in values))
    assert summary.count == 6
    assert summary.mean == pytest.approx(pystats.mean(values))
    assert summary.median == pytest.approx(pystats.median(values))
    assert summary.sd == pytest.approx(pystats.pstdev(values))
    counts = {b.low: b.count for b in summary.histogram}
    assert (
        counts[10] == 1
        and counts[20] == 2
        and counts[50] == 1
        and counts[90] == 2
        and counts[0] == 0
    )
    assert sum(counts.values()) == 6


def test_upper_lower_index_with_cuts_matches_the_ranked_definition_without_ties():
    rng = random.Random(3)
    totals = rng.sample(range(1000), 200)
    rows = [(float(t) / 10, float(rng.random() < t / 1000)) for t in totals]
    cuts = ia.group_cuts(frequencies([t for t, _ in rows]))
    assert cuts is not None
    from_sums = ia.discrimination_index(sums_of("q", rows, cuts=cuts))
    assert from_sums == pytest.approx(upper_lower_index(rows), abs=1e-9)


def test_cronbach_alpha_matches_the_textbook_formula():
    # 5 trainees x 3 items (points), a classic worked example
    scores = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0], [1, 1, 1]]
    k = 3
    totals = [sum(r) for r in scores]
    item_var = sum(pystats.pvariance([r[i] for r in scores]) for i in range(k))
    expected = k / (k - 1) * (1 - item_var / pystats.pvariance(totals))
    parts = [
        ia.PartSums(5, sum(r[i] for r in scores), sum(r[i] ** 2 for r in scores)) for i in range(k)
    ]
    alpha = ia.cronbach_alpha(parts, len(totals), sum(totals), sum(t * t for t in totals))
    assert alpha == pytest.approx(expected)
    assert 0 < alpha < 1


def test_alpha_never_exceeds_one_when_the_total_is_the_sum_of_the_parts():
    rng = random.Random(11)
    for _ in range(50):
        k, n = rng.randint(2, 8), rng.randint(3, 40)
        scores = [[rng.random() < 0.5 for _ in range(k)] for _ in range(n)]
        totals = [sum(r) for r in scores]
        parts = [
            ia.PartSums(n, sum(r[i] for r in scores), sum(r[i] for r in scores)) for i in range(k)
        ]
        alpha = ia.cronbach_alpha(parts, n, sum(totals), sum(t * t for t in totals))
        assert alpha is None or alpha <= 1 + 1e-9


def test_alpha_needs_two_parts_and_varying_totals():
    part = ia.PartSums(3, 3, 3)
    assert ia.cronbach_alpha([part], 3, 3, 3) is None
    assert ia.cronbach_alpha([part, part], 3, 6, 12) is None  # every total is 2


def test_option_shares_and_the_unused_distractor_flag():
    options = ia.option_shares(
        [("a", "1950s", False), ("b", "1970s", True), ("c", "1990s", False)],
        {"a": 10, "b": 30},
        answered=40,
    )
    assert [(o.id, o.count) for o in options] == [("a", 10), ("b", 30), ("c", 0)]
    assert options[1].share == pytest.approx(0.75)
    rows = [(float(t), 1.0 if t > 25 else 0.0) for t in range(40)]
    item = ia.item_analysis("single_choice", sums_of("q", rows), options)
    assert "unused_distractor" in item.flags


def test_too_few_responses_raise_no_flags():
    options = ia.option_shares([("a", "x", True), ("b", "y", False)], {"a": 3}, answered=3)
    item = ia.item_analysis("single_choice", sums_of("q", [(50.0, 1.0)] * 3), options)
    assert item.flags == ()


def test_empty_quiz_has_no_numbers():
    summary = ia.score_summary([], 0.0, 0.0)
    assert (
        summary.count == 0
        and summary.mean is None
        and summary.median is None
        and summary.sd is None
    )
    assert ia.group_cuts([]) is None
    assert math.isclose(sum(b.count for b in summary.histogram), 0)
