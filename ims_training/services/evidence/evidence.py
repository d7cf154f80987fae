"""Certification evidence from the database, turned into `domain.eligibility` facts.

Reads only. Works for one trainee or, without N+1, for many (a list of ids or a select of ids,
e.g. a cohort's members): one query per kind of evidence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any, Literal

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from ...domain.eligibility import ClinicalCase as CaseFact
from ...domain.eligibility import (
    EligibilityFacts,
    EligibilityReport,
    LicenceFact,
    check_eligibility,
    requirements_met,
)
from ...extensions import db
from ...models import (
    Attempt,
    Certificate,
    ClinicalCase,
    Lesson,
    LessonProgress,
    PracticalSignoff,
    ProfessionalLicence,
    Program,
    Quiz,
    User,
)
from ..course.course_catalog import catalog

DEFAULT_PROGRAM_KEY = "ims-practitioner"
Users = Iterable[int] | Select[Any]


def default_program() -> Program | None:
    """The program trainees work towards: `ims-practitioner`, else the first active one."""
    program = db.session.scalar(select(Program).where(Program.key == DEFAULT_PROGRAM_KEY))
    if program is not None and program.is_active:
        return program
    return db.session.scalar(
        select(Program).where(Program.is_active.is_(True)).order_by(Program.id).limit(1)
    )


def day_start(day: date) -> datetime:
    """A date as the start of that day in UTC, the form eligibility facts take."""
    return datetime.combine(day, time.min, UTC)


def _ids(users: Users) -> Any:
    return users if isinstance(users, Select) else list(users)


def _passed_quizzes(users: Users, keys: list[str]) -> dict[int, dict[str, datetime]]:
    out: dict[int, dict[str, datetime]] = defaultdict(dict)
    if not keys:
        return out
    rows = db.session.execute(
        select(Attempt.user_id, Quiz.key, func.min(Attempt.submitted_at))
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .where(
            Attempt.user_id.in_(_ids(users)),
            Attempt.passed.is_(True),
            Quiz.key.in_(keys),
            Attempt.submitted_at.is_not(None),
        )
        .group_by(Attempt.user_id, Quiz.key)
    )
    for user_id, key, at in rows:
        assert at is not None  # the query keeps submitted attempts only
        # func.min() bypasses the column type, so SQLite hands back a naive (UTC) value.
        out[user_id][key] = at if at.tzinfo else at.replace(tzinfo=UTC)
    return out


def _sign_offs(users: Users, program_id: int) -> dict[int, dict[str, datetime]]:
    out: dict[int, dict[str, datetime]] = defaultdict(dict)
    rows = db.session.execute(
        select(
            PracticalSignoff.user_id,
            PracticalSignoff.assessment_key,
            func.min(PracticalSignoff.assessed_on),
        )
        .where(PracticalSignoff.user_id.in_(_ids(users)), PracticalSignoff.program_id == program_id)
        .group_by(PracticalSignoff.user_id, PracticalSignoff.assessment_key)
    )
    for user_id, key, day in rows:
        out[user_id][key] = day_start(day)
    return out


def _cases(users: Users, program_id: int) -> dict[int, list[CaseFact]]:
    out: dict[int, list[CaseFact]] = defaultdict(list)
    rows = db.session.execute(
        select(ClinicalCase.user_id, ClinicalCase.seen_on, ClinicalCase.hours).where(
            ClinicalCase.user_id.in_(_ids(users)), ClinicalCase.program_id == program_id
        )
    )
    for user_id, day, hours in rows:
        out[user_id].append(CaseFact(day_start(day), float(hours)))
    return out


# A licence row's status as eligibility sees it; anything else ("withdrawn" is skipped) is pending.
_LICENCE_STATES: dict[str, Literal["verified", "pending", "rejected"]] = {
    "verified": "verified",
    "pending": "pending",
    "rejected": "rejected",
}


def _licences(users: Users) -> dict[int, LicenceFact]:
    """Per trainee: their latest verified licence, else their latest submission."""
    out: dict[int, LicenceFact] = {}
    rows = db.session.execute(
        select(
            ProfessionalLicence.user_id, ProfessionalLicence.status, ProfessionalLicence.checked_at
        )
        .where(ProfessionalLicence.user_id.in_(_ids(users)))
        .order_by(ProfessionalLicence.created_at, ProfessionalLicence.id)
    )
    for user_id, status, checked_at in rows:
        if status == "withdrawn":  # withdrawn by an administrator (e.g. a duplicate): not evidence
            continue
        kept = out.get(user_id)
        if kept is not None and kept.status == "verified" and status != "verified":
            continue
        state = _LICENCE_STATES.get(status, "pending")
        out[user_id] = LicenceFact(state, verified_at=checked_at if state == "verified" else None)
    return out


def published_lesson_keys() -> tuple[str, ...]:
    """The lessons a program's `lessons: all` requirement asks for (the course catalog's)."""
    return tuple(row.key for row in catalog().lessons if row.status == "published")


def _completed_lessons(users: Users, keys: tuple[str, ...]) -> dict[int, dict[str, datetime]]:
    out: dict[int, dict[str, datetime]] = defaultdict(dict)
    if not keys:
        return out
    rows = db.session.execute(
        select(LessonProgress.user_id, Lesson.key, LessonProgress.completed_at)
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(
            LessonProgress.user_id.in_(_ids(users)),
            LessonProgress.completed_at.is_not(None),
            Lesson.key.in_(keys),
        )
    )
    for user_id, key, at in rows:
        assert at is not None  # the query keeps completed lessons only
        out[user_id][key] = at if at.tzinfo else at.replace(tzinfo=UTC)
    return out


def facts_for_users(users: Users, program: Program) -> dict[int, EligibilityFacts]:
    """Eligibility facts for every given trainee (missing trainees get empty facts on lookup)."""
    requirements = program.requirements or {}
    published = published_lesson_keys() if requirements.get("lessons") in ("all", True) else ()
    lessons = _completed_lessons(users, published)
    quizzes = _passed_quizzes(users, [str(q) for q in requirements.get("quizzes") or []])
    sign_offs = _sign_offs(users, program.id)
    cases = _cases(users, program.id)
    licences = _licences(users)
    ids = set(quizzes) | set(sign_offs) | set(cases) | set(licences) | set(lessons)
    return {
        uid: EligibilityFacts(
            passed_quizzes=quizzes.get(uid, {}),
            sign_offs=sign_offs.get(uid, {}),
            clinical_cases=tuple(cases.get(uid, ())),
            licence=licences.get(uid),
            completed_lessons=lessons.get(uid, {}),
            published_lessons=published,
        )
        for uid in ids
    }


def empty_facts(program: Program) -> EligibilityFacts:
    """The facts of a trainee with no evidence yet (who still owes every published lesson)."""
    requirements = program.requirements or {}
    return EligibilityFacts(
        published_lessons=published_lesson_keys()
        if requirements.get("lessons") in ("all", True)
        else ()
    )


def facts_for(user_id: int, program: Program) -> EligibilityFacts:
    return facts_for_users([user_id], program).get(user_id) or empty_facts(program)


def report_for(user_id: int, program: Program, now: datetime) -> EligibilityReport:
    """The trainee's checklist for a program: what is met, since when, and what is missing."""
    return check_eligibility(program.requirements or {}, facts_for(user_id, program), now)


def reports_for_users(
    users: Users, program: Program, now: datetime
) -> dict[int, EligibilityReport]:
    """Checklists for many trainees in five queries; every given id gets a report."""
    facts = facts_for_users(users, program)
    empty = empty_facts(program)
    ids = list(db.session.scalars(users)) if isinstance(users, Select) else list(users)
    return {
        uid: check_eligibility(program.requirements or {}, facts.get(uid) or empty, now)
        for uid in ids
    }


def met_counts_for_users(
    users: Users, program: Program, now: datetime
) -> dict[int, tuple[int, int]]:
    """(met, total) requirements for many trainees, counted as their checklists count them but
    without building the checklists (the cohort table shows only the counts)."""
    facts = facts_for_users(users, program)
    empty = empty_facts(program)
    requirements = program.requirements or {}
    ids = list(db.session.scalars(users)) if isinstance(users, Select) else list(users)
    return {uid: requirements_met(requirements, facts.get(uid) or empty, now) for uid in ids}


def latest_certificates(users: Users) -> dict[int, Certificate]:
    """Each trainee's most recent certificate (the one whose status they hold now)."""
    rows = db.session.scalars(
        select(Certificate)
        .where(Certificate.user_id.in_(_ids(users)))
        .order_by(Certificate.issued_on, Certificate.id)
    )
    return {c.user_id: c for c in rows}


@dataclass
class Evidence:
    """Everything a trainee has handed in or had recorded, newest first, for their pages."""

    licences: list[ProfessionalLicence] = field(default_factory=list)
    sign_offs: list[tuple[PracticalSignoff, str]] = field(
        default_factory=list
    )  # with assessor name
    cases: list[tuple[ClinicalCase, str]] = field(default_factory=list)  # with supervisor name
    certificate: Certificate | None = None


def evidence_for(user_id: int, program: Program | None) -> Evidence:
    evidence = Evidence(
        licences=list(
            db.session.scalars(
                select(ProfessionalLicence)
                .where(ProfessionalLicence.user_id == user_id)
                .order_by(ProfessionalLicence.created_at.desc(), ProfessionalLicence.id.desc())
            )
        ),
        certificate=latest_certificates([user_id]).get(user_id),
    )
    if program is None:
        return evidence
    assessor = aliased(User)
    evidence.sign_offs = [
        (s, n)
        for s, n in db.session.execute(
            select(PracticalSignoff, assessor.name)
            .join(assessor, assessor.id == PracticalSignoff.assessor_id)
            .where(PracticalSignoff.user_id == user_id, PracticalSignoff.program_id == program.id)
            .order_by(PracticalSignoff.assessed_on.desc(), PracticalSignoff.id.desc())
        )
    ]
    evidence.cases = [
        (c, n)
        for c, n in db.session.execute(
            select(ClinicalCase, assessor.name)
            .join(assessor, assessor.id == ClinicalCase.supervisor_id)
            .where(ClinicalCase.user_id == user_id, ClinicalCase.program_id == program.id)
            .order_by(ClinicalCase.seen_on.desc(), ClinicalCase.id.desc())
        )
    ]
    return evidence
