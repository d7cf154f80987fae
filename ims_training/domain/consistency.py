"""Consistency rules over stored results: a grade must agree with its pass mark, a certificate
with its holder's eligibility. Pure: the caller gathers the rows (`services/certification/consistency.py`)."""

from __future__ import annotations

from dataclasses import dataclass

from .eligibility import EligibilityReport
from .quiz_policy import is_pass


@dataclass(frozen=True)
class Problem:
    """One inconsistent row: what (`kind`, `row_id`) and why (`message`, in English for logs)."""

    kind: str
    row_id: int
    message: str


def attempt_problem(
    attempt_id: int, percent: float | None, passed: bool | None, pass_mark: float
) -> Problem | None:
    """A submitted attempt whose stored `passed` is not what its percent and pass mark give."""
    expected = is_pass(percent, pass_mark)
    if passed is expected:
        return None
    shown = "no score" if percent is None else f"{percent:g} %"
    return Problem(
        "attempt",
        attempt_id,
        f"attempt {attempt_id}: stored passed={passed} but {shown} against pass mark "
        f"{pass_mark:g} % gives passed={expected}",
    )


def certificate_problem(
    certificate_id: int, code: str, report: EligibilityReport
) -> Problem | None:
    """A certificate whose holder did not meet every requirement when it was issued."""
    if report.eligible:
        return None
    return Problem(
        "certificate",
        certificate_id,
        f"certificate {certificate_id} ({code}): the holder was not eligible at issue; "
        f"missing {', '.join(report.missing)}",
    )
