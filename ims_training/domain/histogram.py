"""Progress histograms and the geometry of a small bar chart, as plain data for an inline SVG."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Bins of whole percents: 0-19, 20-39, 40-59, 60-79, 80-99 and exactly 100 (finished).
DEFAULT_EDGES = (0, 20, 40, 60, 80, 100)


@dataclass(frozen=True)
class Bin:
    """Members whose percent lies in [low, high]; `high == low == 100` is the finished bin."""

    low: int
    high: int
    count: int

    @property
    def label(self) -> str:
        return f"{self.low} %" if self.low == self.high else f"{self.low}–{self.high} %"


@dataclass(frozen=True)
class Bar:
    """One bar of a chart in SVG user units, with the value and label it shows."""

    x: float
    y: float
    width: float
    height: float
    value: int
    label: str


def progress_histogram(
    percents: Iterable[float], edges: Sequence[int] = DEFAULT_EDGES
) -> list[Bin]:
    """Count percents (0-100) into bins; values are clamped, 100 gets a bin of its own."""
    ranges = [(lo, hi - 1) for lo, hi in zip(edges, edges[1:], strict=False)] + [
        (edges[-1], edges[-1])
    ]
    counts = [0] * len(ranges)
    for value in percents:
        p = min(max(int(value), edges[0]), edges[-1])
        for i, (lo, hi) in enumerate(ranges):
            if lo <= p <= hi:
                counts[i] += 1
                break
    return [Bin(lo, hi, n) for (lo, hi), n in zip(ranges, counts, strict=True)]


def bar_chart(
    bins: Sequence[Bin], width: float = 600, height: float = 240, axis: float = 40
) -> list[Bar]:
    """Bars scaled so the largest count fills the plot height; `axis` is room for labels below."""
    if not bins:
        return []
    plot = height - axis
    slot = width / len(bins)
    top = max(b.count for b in bins) or 1
    bars = []
    for i, b in enumerate(bins):
        h = plot * b.count / top
        bars.append(
            Bar(
                x=round(i * slot + slot * 0.1, 1),
                y=round(plot - h, 1),
                width=round(slot * 0.8, 1),
                height=round(h, 1),
                value=b.count,
                label=b.label,
            )
        )
    return bars
