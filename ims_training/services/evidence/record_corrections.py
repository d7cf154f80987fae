"""Correcting staff records: edit or withdraw sign-offs and clinical cases, withdraw
accommodations and licence submissions, each with a reason and an audit entry; several clinical
cases in one go. Rules (conflicts, which certificates relied on a record) are in
domain/record_changes.py. Every change is one transaction: all of it or nothing.

Withdrawn sign-offs and cases are deleted, their full content kept in the audit entry
(`signoff.withdrawn` / `clinical_case.withdrawn`); accommodations and licences keep their row
(revoked_at / status "withdrawn").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ...database import write_transaction
from ...domain import record_changes as rules
from ...domain.patient_identifiers import identifier_kinds
from ...extensions import db
from ...models import (
    Accommodation,
    Certificate,
    ClinicalCase,
    PracticalSignoff,
    ProfessionalLicence,
    Program,
    User,
)
from .. import ServiceError
from ..audit.audit import record
from .signoffs import MAX_CASE_HOURS, _check_people, check_supervisor, insert_case, local_today

KINDS = ("signoff", "case", "accommodation")


class Conflict(ServiceError):
    """The record changed (or went) since the form was shown; nothing was written."""


@dataclass(frozen=True)
class Withdrawn:
    kind: str
    relying: list[rules.CertificateFact]


def values(kind: str, row: Any) -> dict[str, Any]:
    """The editable values of a record, as the fingerprint and the audit trail see them."""
    if kind == "signoff":
        return {"assessed_on": row.assessed_on, "region": row.region, "notes": row.notes or ""}
    if kind == "case":
        return {"seen_on": row.seen_on, "hours": float(row.hours), "summary": row.summary}
    return {
        "time_factor": float(row.time_multiplier),
        "extra_attempts": row.extra_attempts,
        "reason": row.reason,
        "withdrawn": row.revoked_at is not None,
    }


MODELS: dict[str, Any] = {
    "signoff": PracticalSignoff,
    "case": ClinicalCase,
    "accommodation": Accommodation,
}


# The records this module corrects, one model per kind.
Record = PracticalSignoff | ClinicalCase | Accommodation


def get_record(kind: str, record_id: int) -> Record | None:
    return db.session.get(MODELS[kind], record_id) if kind in MODELS else None


def current_record(kind: str, record_id: int) -> Any:
    """The record as stored now, not as this session last saw it: someone else's version after a conflict."""
    row = get_record(kind, record_id)
    if row is not None:
        db.session.refresh(row)
    return row


def version_of(kind: str, row: Any) -> str:
    return rules.fingerprint(values(kind, row))


def _locked(kind: str, record_id: int, version: str) -> Any:
    row = db.session.scalar(
        select(MODELS[kind]).where(MODELS[kind].id == record_id).with_for_update()
    )
    if row is None:
        raise Conflict(
            _("Someone withdrew this record while you were editing it; nothing was changed.")
        )
    if version != version_of(kind, row):
        raise Conflict(
            _(
                "Someone changed this record while you were editing it, so your change was not saved. "
                "Their version is shown below and your input is kept in the form: check it and save again."
            )
        )
    return row


def _reason(reason: str | None) -> str:
    problem = rules.reason_problem(reason)
    if problem == "missing":
        raise ServiceError(
            _("Give the reason for the change: it is kept in the audit trail."), field="reason"
        )
    if problem == "short":
        raise ServiceError(
            _("Say a little more about why (at least 5 characters)."), field="reason"
        )
    return (reason or "").strip()


def _day(day: date | None, field: str) -> date:
    if day is None:
        raise ServiceError(_("Enter the date."), field=field)
    if day > local_today():
        raise ServiceError(_("The date cannot be in the future."), field=field)
    return day


def _case_values(
    seen_on: date | None, hours: float | None, summary: str, field_prefix: str = ""
) -> dict[str, Any]:
    day = _day(seen_on, field_prefix + "seen_on")
    if hours is None or not 0 < hours <= MAX_CASE_HOURS:
        raise ServiceError(
            _("Enter the hours as a number above 0 and at most 24."), field=field_prefix + "hours"
        )
    summary = (summary or "").strip()
    if not summary:
        raise ServiceError(_("Write a short summary of the case."), field=field_prefix + "summary")
    if identifier_kinds(summary):
        raise ServiceError(
            _(
                "The summary seems to contain a patient identifier (an identity number, e-mail "
                "address or phone number). Remove it: summaries must be anonymous."
            ),
            field=field_prefix + "summary",
        )
    return {"seen_on": day, "hours": float(hours), "summary": summary}


def edit_signoff(
    record_id: int,
    version: str,
    *,
    assessed_on: date | None,
    region: str,
    notes: str | None,
    reason: str | None,
    actor: User,
) -> PracticalSignoff:
    why = _reason(reason)
    new = {
        "assessed_on": _day(assessed_on, "assessed_on"),
        "region": (region or "").strip(),
        "notes": (notes or "").strip(),
    }
    if not new["region"]:
        raise ServiceError(_("Enter the region needled."), field="region")
    with write_transaction():
        row = _locked("signoff", record_id, version)
        if row.user_id == actor.id:
            raise ServiceError(_("You cannot sign off your own training. Ask another instructor."))
        diff = rules.changes(values("signoff", row), new)
        row.assessed_on, row.region, row.notes = (
            new["assessed_on"],
            new["region"],
            new["notes"] or None,
        )
        record(
            "signoff.edited",
            actor=actor,
            target_user=db.session.get(User, row.user_id),
            subject_type="signoff",
            subject_id=row.id,
            reason=why,
            assessment=row.assessment_key,
            changes=diff,
        )
    return row


def edit_case(
    record_id: int,
    version: str,
    *,
    seen_on: date | None,
    hours: float | None,
    summary: str,
    reason: str | None,
    actor: User,
) -> ClinicalCase:
    why = _reason(reason)
    new = _case_values(seen_on, hours, summary)
    with write_transaction():
        row = _locked("case", record_id, version)
        if row.user_id == actor.id:
            raise ServiceError(_("You cannot sign off your own training. Ask another instructor."))
        diff = rules.changes(values("case", row), new)
        row.seen_on, row.hours, row.summary = new["seen_on"], new["hours"], new["summary"]
        record(
            "clinical_case.edited",
            actor=actor,
            target_user=db.session.get(User, row.user_id),
            subject_type="clinical_case",
            subject_id=row.id,
            reason=why,
            changes=diff,
        )
    return row


def _relying(user_id: int, recorded_on: date) -> list[rules.CertificateFact]:
    facts = [
        rules.CertificateFact(c.public_code, c.issued_on, c.status, c.id)
        for c in db.session.scalars(select(Certificate).where(Certificate.user_id == user_id))
    ]
    return rules.relying_certificates(facts, recorded_on)


def withdraw(
    kind: str, record_id: int, version: str, *, reason: str | None, actor: User
) -> Withdrawn:
    """Withdraw a sign-off, case or accommodation. Certificates that relied on a sign-off or case
    are left as they are and returned, so the person withdrawing can review them."""
    why = _reason(reason)
    with write_transaction():
        row = _locked(kind, record_id, version)
        trainee = db.session.get(User, row.user_id)
        relying: list[rules.CertificateFact] = []
        if kind == "accommodation":
            if row.revoked_at is not None:
                raise Conflict(_("This accommodation is already withdrawn."))
            row.revoked_at = datetime.now(UTC)
            record(
                "quiz.accommodation_withdrawn",
                actor=actor,
                target_user=trainee,
                subject_type="accommodation",
                subject_id=row.id,
                reason=why,
                time_factor=row.time_multiplier,
                extra_attempts=row.extra_attempts,
            )
        else:
            relying = _relying(row.user_id, row.assessed_on if kind == "signoff" else row.seen_on)
            details = {
                k: (v.isoformat() if isinstance(v, date) else v)
                for k, v in values(kind, row).items()
            }
            if kind == "signoff":
                details["assessment"] = row.assessment_key
            record(
                "signoff.withdrawn" if kind == "signoff" else "clinical_case.withdrawn",
                actor=actor,
                target_user=trainee,
                subject_type="signoff" if kind == "signoff" else "clinical_case",
                subject_id=row.id,
                reason=why,
                dependent_certificates=[c.code for c in relying],
                **details,
            )
            db.session.delete(row)
    return Withdrawn(kind, relying)


@dataclass(frozen=True)
class CaseLine:
    seen_on: date | None
    hours: float | None
    summary: str


def record_cases(
    trainee: User, program: Program, lines: list[CaseLine], *, supervisor: User | None, actor: User
) -> list[ClinicalCase]:
    """Several supervised cases at once; blank lines are skipped, one bad line refuses them all
    (the error names the line: field `cases-<n>-<field>`)."""

    _check_people(trainee, actor)
    checked_supervisor = check_supervisor(trainee, supervisor)
    filled = [
        (n, line)
        for n, line in enumerate(lines)
        if line.seen_on or line.hours or (line.summary or "").strip()
    ]
    if not filled:
        raise ServiceError(_("Fill in at least one case."))
    checked = [
        _case_values(line.seen_on, line.hours, line.summary, f"cases-{n}-") for n, line in filled
    ]
    with write_transaction():
        return [
            insert_case(
                trainee,
                program,
                v["seen_on"],
                v["hours"],
                v["summary"],
                supervisor=checked_supervisor,
                actor=actor,
            )
            for v in checked
        ]


def withdraw_licence(licence_id: int, *, reason: str | None, actor: User) -> ProfessionalLicence:
    """An administrator withdraws a licence submission (e.g. a duplicate); the row stays, marked."""
    why = _reason(reason)
    with write_transaction():
        licence = db.session.scalar(
            select(ProfessionalLicence)
            .where(ProfessionalLicence.id == licence_id)
            .with_for_update()
        )
        if licence is None:
            raise ServiceError(_("There is no such licence."))
        if licence.status == "withdrawn":
            raise Conflict(_("This licence submission is already withdrawn."))
        before = licence.status
        licence.status, licence.note = "withdrawn", why
        licence.checked_by_id, licence.checked_at = actor.id, datetime.now(UTC)
        record(
            "licence.withdrawn",
            actor=actor,
            target_user=db.session.get(User, licence.user_id),
            subject_type="licence",
            subject_id=licence.id,
            reason=why,
            from_status=before,
            licence_number=licence.licence_number,
            country=licence.country,
        )
    return licence


def withdrawn_evidence_for(cert: Certificate) -> list[Any]:
    """Audit entries of sign-offs and cases withdrawn after this certificate relied on them, so
    the administrator sees them on the certificate's page (the certificate itself is unchanged)."""
    from ...models import AuditEvent

    events = db.session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.target_user_id == cert.user_id,
            AuditEvent.action.in_(("signoff.withdrawn", "clinical_case.withdrawn")),
        )
        .order_by(AuditEvent.at)
    )
    return [
        e
        for e in events
        if cert.public_code in ((e.details or {}).get("dependent_certificates") or [])
    ]
