"""What a certificate can be renewed on: approved CE hours or a passed recertification quiz."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import func, select

from ...domain.certificates import Event
from ...extensions import db
from ...models import Attempt, Certificate, CertificateEvent, ContinuingEducation, Quiz
from .programs import RECERTIFICATION_QUIZ


def renewal_since(cert: Certificate) -> datetime:
    """The last issue or renewal: evidence must be newer than this."""
    last = db.session.scalar(
        select(func.max(CertificateEvent.at)).where(
            CertificateEvent.certificate_id == cert.id,
            CertificateEvent.action.in_([Event.ISSUED.value, Event.RENEWED.value]),
        )
    )
    issued = datetime.combine(cert.issued_on, time.min, tzinfo=UTC)
    if last is None:
        return issued
    last = last if last.tzinfo else last.replace(tzinfo=UTC)
    return max(last, issued)


def renewal_evidence(cert: Certificate, now: datetime) -> dict[str, Any]:
    """Approved CE hours and recertification passes since the last issue/renewal, up to `now`."""
    since = renewal_since(cert)
    entries = db.session.scalars(
        select(ContinuingEducation)
        .where(
            ContinuingEducation.user_id == cert.user_id,
            ContinuingEducation.status == "approved",
            ContinuingEducation.completed_on >= since.date(),
            ContinuingEducation.completed_on <= now.date(),
        )
        .order_by(ContinuingEducation.completed_on)
    ).all()
    quiz_key = (cert.program.requirements or {}).get("recertification_quiz") or RECERTIFICATION_QUIZ
    passed_at = db.session.scalar(
        select(func.min(Attempt.submitted_at))
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .where(
            Attempt.user_id == cert.user_id,
            Attempt.passed.is_(True),
            Quiz.key == quiz_key,
            Attempt.submitted_at > since,
            Attempt.submitted_at <= now,
        )
    )
    return {
        "since": since,
        "hours": sum(e.hours for e in entries),
        "required_hours": cert.program.renewal_hours,
        "entry_ids": [e.id for e in entries],
        "quiz_key": quiz_key,
        "quiz_passed_at": passed_at,
    }


def renewal_basis(cert: Certificate, now: datetime) -> dict[str, Any] | None:
    """What the renewal rests on (for the history), or None if there is not enough yet."""
    evidence = renewal_evidence(cert, now)
    if evidence["quiz_passed_at"] is not None:
        return {
            "kind": "recertification_quiz",
            "quiz": evidence["quiz_key"],
            "passed_at": evidence["quiz_passed_at"].isoformat(),
        }
    if evidence["required_hours"] > 0 and evidence["hours"] >= evidence["required_hours"]:
        return {
            "kind": "continuing_education",
            "hours": evidence["hours"],
            "entries": evidence["entry_ids"],
        }
    return None
