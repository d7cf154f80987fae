"""Attempt rules of a quiz: who may start, until when, which grade counts, what review shows.

`policy` is the quiz definition dict from the bank (docs/contracts.md); attempts are plain facts.
All datetimes are timezone-aware UTC.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

Phase = Literal["after_submit", "after_close"]
REVIEW_PARTS = ("score", "correctness", "correct_answers", "explanations")


@dataclass(frozen=True)
class AttemptFact:
    """What the rules need to know about one attempt; `score` is a percentage once submitted."""

    started_at: datetime
    submitted_at: datetime | None = None
    score: float | None = None

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None


@dataclass(frozen=True)
class Accommodation:
    """Adjustments granted to one trainee: extra attempts and a longer time limit."""

    extra_attempts: int = 0
    time_multiplier: float = 1.0


@dataclass(frozen=True)
class Decision:
    """Whether an attempt may start now; `reason_code` names the rule that decided."""

    allowed: bool
    reason_code: Literal["ok", "attempt_open", "no_attempts_left", "wait"]
    opens_at: datetime | None = None
    attempts_left: int | None = None


@dataclass(frozen=True)
class ReviewVisibility:
    """What a trainee may see when reviewing a submitted attempt."""

    score: bool
    correctness: bool
    correct_answers: bool
    explanations: bool


@dataclass(frozen=True)
class QuizState:
    """One line of the trainee's quiz list."""

    status: Literal["not_started", "in_progress", "passed", "failed"]
    best_score: float | None
    final_score: float | None
    attempts_left: int | None
    next_opens_at: datetime | None
    can_start: bool


def attempts_left(
    policy: Mapping[str, Any],
    attempts: Sequence[AttemptFact],
    accommodation: Accommodation | None = None,
) -> int | None:
    """Attempts still allowed (None = unlimited); an open attempt has already used one."""
    allowed = policy.get("attempts_allowed")
    if allowed is None:
        return None
    extra = accommodation.extra_attempts if accommodation else 0
    return max(0, int(allowed) + extra - len(attempts))


def can_start(
    now: datetime,
    policy: Mapping[str, Any],
    previous_attempts: Sequence[AttemptFact],
    accommodation: Accommodation | None = None,
) -> Decision:
    """Decide whether a new attempt may start: one open at a time, attempts left, wait over."""
    left = attempts_left(policy, previous_attempts, accommodation)
    if any(a.is_open for a in previous_attempts):
        return Decision(False, "attempt_open", attempts_left=left)
    if left == 0:
        return Decision(False, "no_attempts_left", attempts_left=0)
    wait = timedelta(minutes=policy.get("wait_between_attempts_minutes") or 0)
    submitted = [a.submitted_at for a in previous_attempts if a.submitted_at is not None]
    if wait and submitted:
        opens_at = max(submitted) + wait
        if now < opens_at:
            return Decision(False, "wait", opens_at=opens_at, attempts_left=left)
    return Decision(True, "ok", attempts_left=left)


def deadline(
    started_at: datetime, time_limit_minutes: float | None, time_multiplier: float = 1.0
) -> datetime | None:
    """When an attempt must be submitted, None when the quiz is untimed."""
    if time_limit_minutes is None:
        return None
    if time_multiplier <= 0:
        raise ValueError("time_multiplier must be positive")
    return started_at + timedelta(minutes=time_limit_minutes * time_multiplier)


def is_overdue(now: datetime, deadline_at: datetime | None) -> bool:
    """True once the deadline has passed; an answer saved at the deadline itself still counts."""
    return deadline_at is not None and now > deadline_at


def final_grade(attempts: Sequence[AttemptFact], method: str = "highest") -> float | None:
    """The score that counts: the highest, or that of the last submitted attempt."""
    scored = [a for a in attempts if a.submitted_at is not None and a.score is not None]
    if not scored:
        return None
    if method == "highest":
        return max(a.score for a in scored if a.score is not None)
    if method == "latest":
        return max(scored, key=lambda a: (a.submitted_at, a.started_at)).score
    raise ValueError(f"unknown grading method {method!r}")


def is_pass(score: float | None, pass_mark: float) -> bool:
    """A score passes when it reaches the pass mark (both in percent)."""
    return score is not None and score >= pass_mark


def review_visibility(
    review_options: Mapping[str, Any] | None, phase: Phase, kind: str = "module"
) -> ReviewVisibility:
    """What review shows in `phase`; unset parts are shown, except for a final exam (score only)."""
    if phase not in ("after_submit", "after_close"):
        raise ValueError(f"unknown review phase {phase!r}")
    default = kind != "final"
    given = (review_options or {}).get(phase) or {}
    parts = {part: bool(given.get(part, default or part == "score")) for part in REVIEW_PARTS}
    return ReviewVisibility(**parts)


def quiz_state(
    now: datetime,
    policy: Mapping[str, Any],
    attempts: Sequence[AttemptFact],
    accommodation: Accommodation | None = None,
) -> QuizState:
    """Summarise a trainee's attempts at one quiz for their list of quizzes."""
    decision = can_start(now, policy, attempts, accommodation)
    scores = [a.score for a in attempts if a.submitted_at is not None and a.score is not None]
    final = final_grade(attempts, policy.get("grading_method") or "highest")
    if any(a.is_open for a in attempts):
        status: Literal["not_started", "in_progress", "passed", "failed"] = "in_progress"
    elif final is None:
        status = "not_started"
    else:
        status = "passed" if is_pass(final, float(policy["pass_mark"])) else "failed"
    return QuizState(
        status=status,
        best_score=max(scores) if scores else None,
        final_score=final,
        attempts_left=decision.attempts_left,
        next_opens_at=decision.opens_at,
        can_start=decision.allowed,
    )
