"""Demo certification: the default program, and a certified practitioner.

`certified@example.org` (a demo account of its own, so `trainee@example.org` stays a trainee in
the middle of the course) gets the evidence the program asks for (quiz passes need the quizzes
loaded by the bank demo), a certificate issued by the demo administrator, and a public-register
listing, so the holder's pages, the dashboard panel, /verify and /practitioners show real data.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from ..database import write_transaction
from ..extensions import db
from ..models import (
    Attempt,
    Certificate,
    ClinicalCase,
    PracticalSignoff,
    ProfessionalLicence,
    Quiz,
    Role,
)
from ..services import accounts, certificates, public_register
from ..services.programs import ensure_default_program

if TYPE_CHECKING:
    from . import DemoReport

ORDER = 50
HOLDER_EMAIL = "certified@example.org"
HOLDER_NAME = "Sevgi Şahin Løvås"  # Norwegian and Turkish letters, as on real certificates


def _evidence(user, program, staff, now: datetime) -> bool:  # type: ignore[no-untyped-def]
    """Add what is missing; False when the quizzes are not in the database."""
    keys = list(program.requirements["quizzes"])
    quizzes = {q.key: q for q in db.session.scalars(select(Quiz).where(Quiz.key.in_(keys)))}
    if len(quizzes) < len(keys) or any(q.current_version_id is None for q in quizzes.values()):
        return False
    with write_transaction():
        for quiz in quizzes.values():
            if db.session.scalar(select(Attempt.id).where(Attempt.user_id == user.id,
                                                          Attempt.quiz_id == quiz.id, Attempt.passed.is_(True))):
                continue
            number = (db.session.scalar(select(func.max(Attempt.number)).where(
                Attempt.user_id == user.id, Attempt.quiz_id == quiz.id)) or 0) + 1
            db.session.add(Attempt(user_id=user.id, quiz_id=quiz.id, quiz_version_id=quiz.current_version_id,
                                   number=number, status="submitted", started_at=now - timedelta(days=40, hours=1),
                                   submitted_at=now - timedelta(days=40), layout=[], score=9, max_score=10,
                                   percent=90, passed=True))
        for item in program.requirements["practical_assessments"]:
            if not db.session.scalar(select(PracticalSignoff.id).where(
                    PracticalSignoff.user_id == user.id, PracticalSignoff.assessment_key == item["key"])):
                db.session.add(PracticalSignoff(user_id=user.id, program_id=program.id, assessment_key=item["key"],
                                                assessed_on=(now - timedelta(days=30)).date(), assessor_id=staff.id,
                                                region=item["key"].replace("-", " ")))
        have = db.session.scalar(select(func.count()).select_from(ClinicalCase).where(ClinicalCase.user_id == user.id)) or 0
        for n in range(have, program.requirements["clinical"]["cases"]):
            db.session.add(ClinicalCase(user_id=user.id, program_id=program.id, seen_on=(now - timedelta(days=60 - n)).date(),
                                        hours=1.5, summary=f"Demo case {n + 1}: chronic low back pain, lumbar paraspinals.",
                                        supervisor_id=staff.id))
        if not db.session.scalar(select(ProfessionalLicence.id).where(ProfessionalLicence.user_id == user.id)):
            db.session.add(ProfessionalLicence(user_id=user.id, profession="Physiotherapist", licence_number="HPR 1234567",
                                               country="NO", status="verified", checked_by_id=staff.id,
                                               checked_at=now - timedelta(days=50)))
    return True


def seed(password: str, report: DemoReport, echo: Callable[[str], None]) -> None:
    program, _created = ensure_default_program()
    echo(f"program {program.key} ready")
    now = datetime.now(UTC)
    email = HOLDER_EMAIL
    user = accounts.find_user_by_email(email)
    if user is None:
        user = accounts.create_user(email, HOLDER_NAME, password, (Role.TRAINEE,), check_policy=False)
        echo(f"created {email}")
    else:
        with write_transaction():
            user.password_hash = accounts.hash_password(password)
    report.accounts.append((email, sorted(r.value for r in user.roles)))
    name = user.name
    admin = accounts.find_user_by_email("admin@example.org") or user
    if db.session.scalar(select(Certificate.id).where(Certificate.user_id == user.id)):
        echo(f"kept the certificate of {email}")
        return
    if not _evidence(user, program, admin, now):
        report.notes.append("certificate not issued: load the question bank first (quizzes missing)")
        echo("skipped the demo certificate: quizzes are not loaded")
        return
    cert = certificates.issue(user, program, actor=admin, now=now)
    public_register.save_listing(user, opted_in=True, display_name=name, city="Bergen", show_city=True,
                                 profession="Physiotherapist", show_profession=True, now=now)
    report.notes.append(f"demo certificate: /verify/{cert.public_code}")
    echo(f"issued certificate {cert.public_code} to {email}")
