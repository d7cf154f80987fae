"""Item statistics: facility, discrimination and the flags instructors act on."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ims_training.domain.statistics import (
    facility,
    item_report,
    item_statistics,
    point_biserial,
    upper_lower_index,
)


def good_item(n: int = 40) -> list[tuple[float, float]]:
    """Strong trainees get it right, weak ones wrong."""
    return [(i * 100 / n, 1.0 if i >= n / 2 else 0.0) for i in range(n)]


def test_facility_is_the_mean_fraction() -> None:
    assert facility([(80, 1), (60, 0.5), (40, 0)]) == 0.5
    assert facility([]) is None


def test_a_discriminating_item_correlates_with_the_total() -> None:
    stats = item_statistics("c5-deltoid", good_item())
    assert stats.count == 40
    assert stats.facility == 0.5
    assert stats.discrimination is not None and stats.discrimination > 0.8
    assert stats.discrimination_index == 1.0
    assert stats.flags == ()


def test_an_item_the_weak_get_right_discriminates_negatively() -> None:
    rows = [(total, 1 - fraction) for total, fraction in good_item()]
    stats = item_statistics("misleading", rows)
    assert stats.discrimination is not None and stats.discrimination < -0.8
    assert stats.discrimination_index == -1.0
    assert stats.flags == ("poor_discrimination",)


def test_point_biserial_is_undefined_without_variation() -> None:
    assert point_biserial([(50, 1), (70, 1), (90, 1)]) is None
    assert point_biserial([(50, 0), (50, 1)]) is None
    assert point_biserial([(50, 1)]) is None


def test_upper_lower_groups_take_27_percent_of_attempts() -> None:
    # 10 attempts: groups of 2; top two right, bottom two wrong and one right
    rows = [
        (10, 0),
        (20, 1),
        (30, 1),
        (40, 0),
        (50, 0),
        (60, 1),
        (70, 0),
        (80, 1),
        (90, 1),
        (99, 1),
    ]
    assert upper_lower_index(rows) == 0.5
    assert upper_lower_index(rows[:3]) is None


def test_too_easy_and_too_hard_are_flagged() -> None:
    easy = [(float(t), 1.0) for t in range(25)]
    hard = [(float(t), 0.0 if t != 24 else 1.0) for t in range(25)]
    assert item_statistics("easy", easy).flags == ("too_easy",)
    assert "too_hard" in item_statistics("hard", hard).flags


def test_no_flags_below_the_minimum_number_of_responses() -> None:
    easy = [(float(t), 1.0) for t in range(19)]
    assert item_statistics("easy", easy).flags == ()
    assert item_statistics("easy", easy, min_responses=5).flags == ("too_easy",)


def test_thresholds_are_strict() -> None:
    at_ninety = [(float(t), 1.0 if t < 90 else 0.0) for t in range(100)]
    assert "too_easy" not in item_statistics("q", at_ninety).flags


def test_rows_outside_the_scale_are_refused() -> None:
    with pytest.raises(ValueError, match="bad row for 'q'"):
        item_statistics("q", [(50, 1.5)])


def test_report_lists_flagged_items_first() -> None:
    report = item_report(
        {
            "b-good": good_item(),
            "a-good": good_item(),
            "z-easy": [(float(t), 1.0) for t in range(30)],
        }
    )
    assert [item.key for item in report] == ["z-easy", "a-good", "b-good"]


@given(st.lists(st.tuples(st.floats(0, 100), st.floats(0, 1)), max_size=60))
def test_property_statistics_stay_in_their_ranges(rows: list[tuple[float, float]]) -> None:
    stats = item_statistics("q", rows)
    assert stats.facility is None or 0 <= stats.facility <= 1
    assert stats.discrimination is None or -1 <= stats.discrimination <= 1
    assert stats.discrimination_index is None or -1 <= stats.discrimination_index <= 1
