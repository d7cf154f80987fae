"""Gather a trainee's facts from the database and ask the pure rules whether they may be certified.

Used by the trainee's checklist (`eligibility_for`), by certificate issuing and by partners' views.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from ...domain.eligibility import EligibilityReport, RequirementStatus
from ...i18n import localised
from ...models import Program, User
from ..quizzes.quiz_titles import quiz_titles
from . import evidence


def eligibility_for(user: User, program: Program, now: datetime) -> EligibilityReport:
    """Whether `user` may be certified in `program` at `now`, requirement by requirement.

    The facts come from `services.evidence`, the one place that reads evidence from the database
    (batched for cohorts, single for a trainee).
    """
    return evidence.report_for(user.id, program, now)


def describe(item: RequirementStatus, quiz_titles: dict[str, str] | None = None) -> str:
    """A requirement in words for the interface, e.g. "10 supervised clinical cases (3 of 10)"."""
    if item.kind == "lessons":
        return _(
            "Complete every lesson of the course (%(done)s of %(required)s so far)",
            done=f"{item.progress.done:g}",
            required=f"{item.progress.required:g}",
        )
    if item.kind == "quiz":
        title = (quiz_titles or {}).get(item.key, item.key)
        return _("Pass the quiz %(quiz)s", quiz=title)
    if item.kind == "practical":
        return _(
            "Practical assessment signed off: %(title)s",
            title=localised(dict(item.title)) if item.title else item.key,
        )
    if item.kind == "clinical_cases":
        return _(
            "%(required)s supervised clinical cases (%(done)s so far)",
            required=f"{item.progress.required:g}",
            done=f"{item.progress.done:g}",
        )
    if item.kind == "clinical_hours":
        return _(
            "%(required)s hours of supervised clinical work (%(done)s so far)",
            required=f"{item.progress.required:g}",
            done=f"{item.progress.done:g}",
        )
    return _("A professional licence verified by an administrator")


def missing_requirements(report: EligibilityReport) -> list[str]:
    """The unmet requirements in words."""
    titles = quiz_titles([i.key for i in report.items if i.kind == "quiz" and not i.met])
    return [describe(item, titles) for item in report.items if not item.met]
