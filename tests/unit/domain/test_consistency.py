"""The consistency rules behind `flask doctor`."""

from __future__ import annotations

from ims_training.domain.consistency import attempt_problem, certificate_problem
from ims_training.domain.eligibility import EligibilityReport


def test_a_pass_below_the_pass_mark_and_a_fail_above_it_are_problems():
    assert attempt_problem(1, 71.0, True, 75).message.startswith(
        "attempt 1: stored passed=True but 71 %"
    )
    assert attempt_problem(2, 80.0, False, 75) is not None
    assert attempt_problem(3, None, True, 75) is not None  # a pass without a score
    assert attempt_problem(4, 75.0, True, 75) is None  # the pass mark itself passes
    assert attempt_problem(5, 74.9, False, 75) is None


def test_a_certificate_of_an_ineligible_holder_is_a_problem_naming_what_was_missing():
    missing = EligibilityReport(False, (), 50, ("lessons", "licence"), None)
    problem = certificate_problem(7, "ABCD", missing)
    assert problem is not None and "missing lessons, licence" in problem.message
    assert certificate_problem(7, "ABCD", EligibilityReport(True, (), 100, (), None)) is None
