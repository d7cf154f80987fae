"""Item statistics for instructors: which questions work, which are too easy, hard or misleading.

Each row is one graded response: (the attempt's total as a percentage, the item's fraction 0-1).
Totals must be on one scale (percent), so attempts of different lengths compare.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

Row = tuple[float, float]

TOO_EASY = 0.9
TOO_HARD = 0.2
POOR_DISCRIMINATION = 0.1
MIN_RESPONSES = 20
GROUP_SHARE = 0.27


@dataclass(frozen=True)
class ItemStatistics:
    """Statistics of one question; a value is None when the data cannot define it."""

    key: str
    count: int
    facility: float | None
    discrimination: float | None
    discrimination_index: float | None
    flags: tuple[str, ...]


def facility(rows: Sequence[Row]) -> float | None:
    """Mean item fraction: 1 means everyone got it right."""
    return sum(fraction for _, fraction in rows) / len(rows) if rows else None


def point_biserial(rows: Sequence[Row]) -> float | None:
    """Correlation of item fraction with attempt total; None when either never varies."""
    n = len(rows)
    if n < 2:
        return None
    totals = [total for total, _ in rows]
    fractions = [fraction for _, fraction in rows]
    mean_t, mean_f = sum(totals) / n, sum(fractions) / n
    cov = sum((t - mean_t) * (f - mean_f) for t, f in rows)
    var_t = sum((t - mean_t) ** 2 for t in totals)
    var_f = sum((f - mean_f) ** 2 for f in fractions)
    if var_t <= 1e-12 or var_f <= 1e-12:
        return None
    return max(-1.0, min(1.0, cov / math.sqrt(var_t * var_f)))


def upper_lower_index(rows: Sequence[Row], share: float = GROUP_SHARE) -> float | None:
    """Mean fraction of the top `share` of attempts minus that of the bottom `share`."""
    size = math.floor(len(rows) * share)
    if size < 1:
        return None
    ranked = sorted(rows, key=lambda row: row[0])
    lower, upper = ranked[:size], ranked[-size:]
    return sum(f for _, f in upper) / size - sum(f for _, f in lower) / size


def flags(
    count: int, facility_value: float | None, discrimination: float | None, min_responses: int
) -> tuple[str, ...]:
    """Warnings for the instructor, only once there are enough responses to trust them."""
    if count < min_responses:
        return ()
    found = []
    if facility_value is not None and facility_value > TOO_EASY:
        found.append("too_easy")
    if facility_value is not None and facility_value < TOO_HARD:
        found.append("too_hard")
    if discrimination is not None and discrimination < POOR_DISCRIMINATION:
        found.append("poor_discrimination")
    return tuple(found)


def item_statistics(
    key: str, rows: Sequence[Row], min_responses: int = MIN_RESPONSES
) -> ItemStatistics:
    """Facility, point-biserial discrimination, the 27 % upper-lower index and flags of one item."""
    for total, fraction in rows:
        if not 0 <= fraction <= 1 or not math.isfinite(total):
            raise ValueError(f"bad row for {key!r}: ({total}, {fraction})")
    value = facility(rows)
    discrimination = point_biserial(rows)
    return ItemStatistics(
        key=key,
        count=len(rows),
        facility=value,
        discrimination=discrimination,
        discrimination_index=upper_lower_index(rows),
        flags=flags(len(rows), value, discrimination, min_responses),
    )


def item_report(
    rows_by_item: Mapping[str, Sequence[Row]], min_responses: int = MIN_RESPONSES
) -> list[ItemStatistics]:
    """Statistics for every item, flagged items first, then by key."""
    report = [item_statistics(key, rows, min_responses) for key, rows in rows_by_item.items()]
    return sorted(report, key=lambda item: (not item.flags, item.key))
