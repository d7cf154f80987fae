"""Sorting and filtering the coordinator's cohort table (plain data, no Flask).

Names sort in Norwegian alphabetical order (… X, Y, Z, Æ, Ø, Å), case and accents otherwise
ignored, so "Åse" comes after "Øystein" as a Norwegian reader expects.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol, TypeVar

from .search_text import loose_fold

_LAST = {"æ": "{", "ø": "|", "å": "}"}  # the three characters after "z" in ASCII
SORTS = ("name", "certificate", "requirements", "final", "progress")
FILTERS = ("all", "certified", "not_certified", "requirements_met", "requirements_missing")
_CERTIFIED = {"active"}


class Row(Protocol):
    """What the table reads of a member's row (read-only, so frozen dataclasses qualify)."""

    @property
    def name(self) -> str: ...
    @property
    def percent(self) -> int: ...
    @property
    def requirements_met(self) -> int: ...
    @property
    def requirements_total(self) -> int: ...
    @property
    def certificate_status(self) -> str | None: ...
    @property
    def best_scores(self) -> dict[str, float]: ...


R = TypeVar("R", bound=Row)


def name_key(name: str) -> str:
    """A sort key for a person's name in Norwegian order."""
    text = name.casefold()
    return loose_fold("".join(_LAST.get(c, c) for c in text))


def _key(sort: str, final_key: str | None) -> Any:
    if sort == "certificate":
        return lambda r: (
            r.certificate_status not in _CERTIFIED,
            r.certificate_status or "~",
            name_key(r.name),
        )
    if sort == "requirements":
        return lambda r: (
            -(r.requirements_met / r.requirements_total if r.requirements_total else 0),
            name_key(r.name),
        )
    if sort == "final":
        return lambda r: (-(r.best_scores.get(final_key or "", -1.0)), name_key(r.name))
    if sort == "progress":
        return lambda r: (-r.percent, name_key(r.name))
    return lambda r: name_key(r.name)


def arrange(
    rows: Iterable[R],
    *,
    sort: str = "name",
    descending: bool = False,
    show: str = "all",
    query: str = "",
    final_key: str | None = None,
) -> list[R]:
    """The rows matching `show` and `query` (part of a name, accents folded), in `sort` order.

    Every sort but "name" puts the strongest first (certified, most requirements, best score);
    `descending` reverses the order.
    """
    wanted = loose_fold(query)
    kept: Sequence[R] = [
        r
        for r in rows
        if (not wanted or wanted in loose_fold(r.name))
        and (show != "certified" or r.certificate_status in _CERTIFIED)
        and (show != "not_certified" or r.certificate_status not in _CERTIFIED)
        and (
            show != "requirements_met"
            or (r.requirements_total and r.requirements_met >= r.requirements_total)
        )
        and (
            show != "requirements_missing"
            or not r.requirements_total
            or r.requirements_met < r.requirements_total
        )
    ]
    return sorted(kept, key=_key(sort if sort in SORTS else "name", final_key), reverse=descending)
