"""Instructors record practical sign-offs and supervised clinical cases (never for themselves)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from ...database import write_transaction
from ...domain.patient_identifiers import identifier_kinds
from ...extensions import db
from ...models import ClinicalCase, PracticalSignoff, Program, Role, User
from .. import ServiceError
from ..audit.audit import record

# Dates are entered as the instructor's calendar day; the portal serves Norway first.
LOCAL_ZONE = ZoneInfo("Europe/Oslo")
MAX_CASE_HOURS = 24


def local_today(now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(LOCAL_ZONE).date()


def _check_people(trainee: User, actor: User) -> None:
    if trainee.id == actor.id:
        raise ServiceError(_("You cannot sign off your own training. Ask another instructor."))
    if not trainee.has_role(Role.TRAINEE):
        raise ServiceError(_("Only trainees' work can be signed off."))


def _check_day(day: date | None, field: str, now: datetime | None) -> date:
    if day is None:
        raise ServiceError(_("Enter the date."), field=field)
    if day > local_today(now):
        raise ServiceError(_("The date cannot be in the future."), field=field)
    return day


def record_signoff(
    trainee: User,
    program: Program,
    *,
    assessment_key: str,
    assessed_on: date | None,
    region: str,
    notes: str | None,
    actor: User,
    now: datetime | None = None,
) -> PracticalSignoff:
    """The trainee passed a practical assessment, witnessed by `actor` (the assessor)."""
    _check_people(trainee, actor)
    keys = {str(a["key"]) for a in (program.requirements or {}).get("practical_assessments") or []}
    if assessment_key not in keys:
        raise ServiceError(
            _("Choose one of the program's practical assessments."), field="assessment_key"
        )
    day = _check_day(assessed_on, "assessed_on", now)
    region = region.strip()
    if not region:
        raise ServiceError(_("Enter the region needled."), field="region")
    with write_transaction():
        signoff = PracticalSignoff(
            user_id=trainee.id,
            program_id=program.id,
            assessment_key=assessment_key,
            assessed_on=day,
            assessor_id=actor.id,
            region=region,
            notes=(notes or "").strip() or None,
        )
        db.session.add(signoff)
        db.session.flush()
        record(
            "signoff.recorded",
            actor=actor,
            target_user=trainee,
            subject_type="signoff",
            subject_id=signoff.id,
            assessment=assessment_key,
            assessed_on=day.isoformat(),
            region=region,
        )
    return signoff


def record_clinical_case(
    trainee: User,
    program: Program,
    *,
    seen_on: date | None,
    hours: float | None,
    summary: str,
    supervisor: User | None,
    actor: User,
    now: datetime | None = None,
) -> ClinicalCase:
    """A supervised clinical case; the summary must not identify the patient."""
    _check_people(trainee, actor)
    supervisor = check_supervisor(trainee, supervisor)
    day = _check_day(seen_on, "seen_on", now)
    if hours is None or not 0 < hours <= MAX_CASE_HOURS:
        raise ServiceError(_("Enter the hours as a number above 0 and at most 24."), field="hours")
    summary = summary.strip()
    if not summary:
        raise ServiceError(_("Write a short summary of the case."), field="summary")
    if identifier_kinds(summary):
        raise ServiceError(
            _(
                "The summary seems to contain a patient identifier (an identity number, e-mail "
                "address or phone number). Remove it: summaries must be anonymous."
            ),
            field="summary",
        )
    with write_transaction():
        return insert_case(
            trainee, program, day, hours, summary, supervisor=supervisor, actor=actor
        )


def check_supervisor(trainee: User, supervisor: User | None) -> User:
    """The supervisor of a clinical case: an instructor or administrator, never the trainee."""
    if supervisor is None or not supervisor.has_role(Role.INSTRUCTOR, Role.ADMINISTRATOR):
        raise ServiceError(
            _("Choose the instructor who supervised the case."), field="supervisor_id"
        )
    if supervisor.id == trainee.id:
        raise ServiceError(_("Trainees cannot supervise their own cases."), field="supervisor_id")
    return supervisor


def insert_case(
    trainee: User,
    program: Program,
    day: date,
    hours: float,
    summary: str,
    *,
    supervisor: User,
    actor: User,
) -> ClinicalCase:
    """Write one checked case and its audit event, inside the caller's write transaction."""
    case = ClinicalCase(
        user_id=trainee.id,
        program_id=program.id,
        seen_on=day,
        hours=hours,
        summary=summary,
        supervisor_id=supervisor.id,
    )
    db.session.add(case)
    db.session.flush()
    record(
        "clinical_case.recorded",
        actor=actor,
        target_user=trainee,
        subject_type="clinical_case",
        subject_id=case.id,
        seen_on=day.isoformat(),
        hours=hours,
        supervisor_id=supervisor.id,
    )
    return case
