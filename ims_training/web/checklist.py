"""The certification checklist as people read it: titles and details in their language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..domain.eligibility import EligibilityReport, RequirementStatus
from ..i18n import localised
from ..models import Program
from ..services.evidence import evidence
from ..services.quizzes.quiz_titles import quiz_titles


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    kind: str
    title: str
    met: bool
    met_at: datetime | None
    detail: str


@dataclass(frozen=True)
class Checklist:
    program_title: str
    items: list[ChecklistItem]
    met: int
    total: int
    percent: int
    eligible: bool
    eligible_at: datetime | None


# Translated when shown (lazy), so a checklist translates only the details it displays.
DETAILS = {
    "passed": _l("Passed"),
    "not_passed": _l("Not passed yet"),
    "signed_off": _l("Signed off"),
    "awaiting_sign_off": _l("Awaiting sign-off by an instructor"),
    "verified": _l("Verified by an administrator"),
    "pending": _l("Submitted; waiting for an administrator to check it"),
    "rejected": _l("Rejected; see the note and submit it again"),
    "missing": _l("Not submitted yet"),
    "expired": _l("Expired; submit a current licence"),
}


def _detail(item: RequirementStatus) -> str:
    p = item.progress
    if item.kind == "clinical_cases":
        return _("%(done)s of %(required)s cases", done=f"{p.done:g}", required=f"{p.required:g}")
    if item.kind == "clinical_hours":
        return _("%(done)s of %(required)s hours", done=f"{p.done:g}", required=f"{p.required:g}")
    if item.kind == "lessons":
        return _(
            "%(done)s of %(required)s lessons completed",
            done=f"{p.done:g}",
            required=f"{p.required:g}",
        )
    text = DETAILS.get(item.detail)
    return str(text) if text is not None else item.detail


def _title(item: RequirementStatus, quizzes: dict[str, str]) -> str:
    if item.kind == "quiz":
        return _("Quiz: %(title)s", title=quizzes.get(item.key, item.key))
    if item.kind == "practical":
        return _(
            "Practical assessment: %(title)s", title=localised(dict(item.title or {})) or item.key
        )
    return {
        "lessons": _("Every lesson of the course"),
        "clinical_cases": _("Supervised clinical cases"),
        "clinical_hours": _("Supervised clinical hours"),
        "licence": _("Professional licence, verified"),
    }.get(item.kind, item.key)


def build(report: EligibilityReport, program: Program) -> Checklist:
    quizzes = quiz_titles(i.key for i in report.items if i.kind == "quiz")
    items = [
        ChecklistItem(i.key, i.kind, _title(i, quizzes), i.met, i.met_at, _detail(i))
        for i in report.items
    ]
    return Checklist(
        program_title=localised(program.title) or program.key,
        items=items,
        met=sum(1 for i in items if i.met),
        total=len(items),
        percent=report.percent_met,
        eligible=report.eligible,
        eligible_at=report.eligible_at,
    )


def checklist_for(user_id: int, program: Program, now: datetime) -> Checklist:
    return build(evidence.report_for(user_id, program, now), program)


def assessment_choices(program: Program) -> list[tuple[str, str]]:
    """(key, title) of the program's practical assessments, for the sign-off form."""
    return [
        (str(a["key"]), localised(a.get("title")) or str(a["key"]))
        for a in (program.requirements or {}).get("practical_assessments") or []
    ]
