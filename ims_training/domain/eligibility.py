"""Certification eligibility: a program's requirements (data) checked against a trainee's facts.

Requirements look like `{"lessons": "all", "quizzes": [...], "practical_assessments":
[{"key", "title"}], "clinical": {"cases": 10, "hours": 20}, "licence_required": true}`.
`lessons: "all"` asks for every published lesson of the course (the caller lists them in
`EligibilityFacts.published_lessons`); leave it out for a program without a lesson requirement.
Facts dated after `now` do not count yet. All datetimes are timezone-aware UTC.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

Kind = Literal["lessons", "quiz", "practical", "clinical_cases", "clinical_hours", "licence"]


@dataclass(frozen=True)
class ClinicalCase:
    """One supervised clinical case and the hours it took."""

    occurred_at: datetime
    hours: float = 0.0


@dataclass(frozen=True)
class LicenceFact:
    """The trainee's health-professional licence as verified by an administrator."""

    status: Literal["verified", "pending", "rejected"]
    verified_at: datetime | None = None
    expires_at: datetime | None = None


@dataclass(frozen=True)
class EligibilityFacts:
    """What a trainee has done: quiz id -> passed_at, assessment key -> signed-off at, cases."""

    passed_quizzes: Mapping[str, datetime] = field(default_factory=dict)
    sign_offs: Mapping[str, datetime] = field(default_factory=dict)
    clinical_cases: Sequence[ClinicalCase] = ()
    licence: LicenceFact | None = None
    completed_lessons: Mapping[str, datetime] = field(default_factory=dict)  # lesson key -> when
    published_lessons: Sequence[str] = ()


@dataclass(frozen=True)
class Progress:
    """How far a requirement is: `done` of `required`."""

    done: float
    required: float

    def __str__(self) -> str:
        return f"{self.done:g}/{self.required:g}"


@dataclass(frozen=True)
class RequirementStatus:
    """One requirement; `met_at` is when it was completed, e.g. the date of the tenth case."""

    key: str
    kind: Kind
    met: bool
    met_at: datetime | None
    progress: Progress
    detail: str
    title: Mapping[str, str] | None = None


@dataclass(frozen=True)
class EligibilityReport:
    """All requirements, whether every one is met, and since when."""

    eligible: bool
    items: tuple[RequirementStatus, ...]
    percent_met: int
    missing: tuple[str, ...]
    eligible_at: datetime | None


def _done(
    key: str, kind: Kind, met_at: datetime | None, detail: tuple[str, str], **extra: Any
) -> RequirementStatus:
    met = met_at is not None
    return RequirementStatus(
        key, kind, met, met_at, Progress(int(met), 1), detail[0] if met else detail[1], **extra
    )


def _lessons(facts: EligibilityFacts, now: datetime) -> RequirementStatus:
    """Every published lesson completed by `now`; met when the last of them was."""
    dates = [facts.completed_lessons.get(key) for key in facts.published_lessons]
    done = [d for d in dates if d is not None and d <= now]
    required = len(facts.published_lessons)
    met = len(done) == required
    met_at = (max(done) if done else None) if met else None
    return RequirementStatus(
        "lessons",
        "lessons",
        met,
        met_at,
        Progress(len(done), required),
        f"{len(done)} of {required} lessons",
    )


def _quiz(quiz_id: str, facts: EligibilityFacts, now: datetime) -> RequirementStatus:
    passed_at = facts.passed_quizzes.get(quiz_id)
    met_at = passed_at if passed_at is not None and passed_at <= now else None
    return _done(quiz_id, "quiz", met_at, ("passed", "not_passed"))


def _practical(
    assessment: Mapping[str, Any], facts: EligibilityFacts, now: datetime
) -> RequirementStatus:
    key = str(assessment["key"])
    signed_at = facts.sign_offs.get(key)
    met_at = signed_at if signed_at is not None and signed_at <= now else None
    detail = ("signed_off", "awaiting_sign_off")
    return _done(key, "practical", met_at, detail, title=assessment.get("title"))


def _clinical(
    kind: Literal["clinical_cases", "clinical_hours"],
    required: float,
    cases: Sequence[ClinicalCase],
    now: datetime,
) -> RequirementStatus:
    """Count cases (or sum hours) in date order; met at the case that reached the target."""
    done = 0.0
    met_at = None
    for case in sorted((c for c in cases if c.occurred_at <= now), key=lambda c: c.occurred_at):
        done += 1 if kind == "clinical_cases" else case.hours
        if met_at is None and done >= required > 0:
            met_at = case.occurred_at
    unit = "cases" if kind == "clinical_cases" else "hours"
    detail = f"{done:g} of {required:g} {unit}"
    key = kind.replace("_", "-")
    return RequirementStatus(key, kind, done >= required, met_at, Progress(done, required), detail)


def _licence(licence: LicenceFact | None, now: datetime) -> RequirementStatus:
    if licence is None or licence.status != "verified" or licence.verified_at is None:
        detail = licence.status if licence else "missing"
        return RequirementStatus("licence", "licence", False, None, Progress(0, 1), detail)
    if licence.expires_at is not None and licence.expires_at <= now:
        return RequirementStatus("licence", "licence", False, None, Progress(0, 1), "expired")
    if licence.verified_at > now:
        return RequirementStatus("licence", "licence", False, None, Progress(0, 1), "pending")
    return RequirementStatus(
        "licence", "licence", True, licence.verified_at, Progress(1, 1), "verified"
    )


def requirement_statuses(
    requirements: Mapping[str, Any], facts: EligibilityFacts, now: datetime
) -> list[RequirementStatus]:
    """Every requirement in a stable order: lessons, quizzes, practicals, clinical, licence."""
    items = [_lessons(facts, now)] if requirements.get("lessons") in ("all", True) else []
    items += [_quiz(str(q), facts, now) for q in requirements.get("quizzes") or []]
    items += [_practical(p, facts, now) for p in requirements.get("practical_assessments") or []]
    clinical = requirements.get("clinical") or {}
    if clinical.get("cases") is not None:
        items.append(
            _clinical("clinical_cases", float(clinical["cases"]), facts.clinical_cases, now)
        )
    if clinical.get("hours") is not None:
        items.append(
            _clinical("clinical_hours", float(clinical["hours"]), facts.clinical_cases, now)
        )
    if requirements.get("licence_required"):
        items.append(_licence(facts.licence, now))
    return items


def check_eligibility(
    requirements: Mapping[str, Any], facts: EligibilityFacts, now: datetime
) -> EligibilityReport:
    """Whether the trainee may be certified now, with per-requirement progress for their page."""
    items = tuple(requirement_statuses(requirements, facts, now))
    met = [item for item in items if item.met]
    eligible = len(met) == len(items)
    met_dates = [item.met_at for item in met if item.met_at is not None]
    return EligibilityReport(
        eligible=eligible,
        items=items,
        # floored, so a trainee one step short never reads 100 %
        percent_met=(100 * len(met)) // len(items) if items else 100,
        missing=tuple(item.key for item in items if not item.met),
        eligible_at=max(met_dates) if eligible and met_dates else None,
    )


def requirements_met(
    requirements: Mapping[str, Any], facts: EligibilityFacts, now: datetime
) -> tuple[int, int]:
    """(met, total) requirements, as `check_eligibility` counts them, without building the
    report: for tables of many trainees that show only the count (the coordinator's cohort)."""
    total = met = 0
    if requirements.get("lessons") in ("all", True):
        total += 1
        completed = facts.completed_lessons
        met += all(
            (at := completed.get(key)) is not None and at <= now for key in facts.published_lessons
        )
    for group, dates in (
        ("quizzes", facts.passed_quizzes),
        ("practical_assessments", facts.sign_offs),
    ):
        for entry in requirements.get(group) or []:
            key = str(entry["key"]) if group == "practical_assessments" else str(entry)
            total += 1
            met += (at := dates.get(key)) is not None and at <= now
    clinical = requirements.get("clinical") or {}
    for kind, unit in (("cases", None), ("hours", "hours")):
        if clinical.get(kind) is not None:
            total += 1
            done = sum(c.hours if unit else 1 for c in facts.clinical_cases if c.occurred_at <= now)
            met += done >= float(clinical[kind])
    if requirements.get("licence_required"):
        total += 1
        met += _licence(facts.licence, now).met
    return met, total
