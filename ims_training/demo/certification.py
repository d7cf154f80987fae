"""Demo certification: the default program, and a certified practitioner.

`certified@example.org` (a demo account of its own, so `trainee@example.org` stays a trainee in
the middle of the course) reads every lesson and takes every quiz through the attempt service
(graded by the grader, never a hand-written result), gets sign-offs, cases and a checked licence
through their services, a certificate issued by the demo administrator, and a public-register
listing, so the holder's pages, the dashboard panel, /verify and /practitioners show real data.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import jwt
from sqlalchemy import select

from ..database import write_transaction
from ..extensions import db
from ..models import Certificate, Program, Quiz, Role, User
from ..services.accounts import accounts
from ..services.certification import certificates, public_register
from ..services.certification.certificate_documents import base_url
from ..services.certification.programs import ensure_default_program
from ..services.evidence import evidence, licences, signoffs
from . import _walk

if TYPE_CHECKING:
    from . import DemoReport

HOLDER_EMAIL = "certified@example.org"
HOLDER_NAME = "Sevgi Şahin Løvås"  # Norwegian and Turkish letters, as on real certificates


def _claims(token: str) -> str:
    """The credential's claims as text (its signature is not the point here)."""
    try:
        return str(jwt.decode(token, options={"verify_signature": False}))
    except jwt.PyJWTError:
        return ""


def _evidence(user: User, program: Program, staff: User, admin: User, now: datetime) -> bool:
    """Walk the holder through the program with the real services; False without the quizzes."""
    keys = list(program.requirements["quizzes"])
    quizzes = {q.key: q for q in db.session.scalars(select(Quiz).where(Quiz.key.in_(keys)))}
    if len(quizzes) < len(keys) or any(q.current_version_id is None for q in quizzes.values()):
        return False
    _walk.complete_lessons(user, len(_walk.published_lessons()), now - timedelta(days=120))
    rng = random.Random(50)
    for i, key in enumerate(keys):  # module quizzes in course order, the final exam last
        if not _walk.has_attempt(user, quizzes[key]):
            _walk.take_quiz(user, quizzes[key], 0.92, now - timedelta(days=80 - 3 * i), rng)
    fresh = evidence.evidence_for(user.id, program)
    if not fresh.sign_offs:
        for i, item in enumerate(program.requirements["practical_assessments"]):
            signoffs.record_signoff(
                user,
                program,
                assessment_key=item["key"],
                assessed_on=(now - timedelta(days=30 - i)).date(),
                region="C5-C6 paraspinals" if "cervical" in item["key"] else "L4-L5 paraspinals",
                notes="Demo sign-off",
                actor=staff,
            )
    for n in range(len(fresh.cases), program.requirements["clinical"]["cases"]):
        signoffs.record_clinical_case(
            user,
            program,
            seen_on=(now - timedelta(days=60 - n)).date(),
            hours=1.5,
            summary=f"Demo case {n + 1}: chronic low back pain, lumbar paraspinals.",
            supervisor=staff,
            actor=staff,
        )
    if not fresh.licences:
        row = licences.submit_licence(user, "Physiotherapist", "HPR 1234567", "NO")
        licences.check_licence(row, True, None, actor=admin, now=now - timedelta(days=50))
    return True


def seed(password: str, report: DemoReport, echo: Callable[[str], None]) -> None:
    program, _created = ensure_default_program()
    echo(f"program {program.key} ready")
    now = datetime.now(UTC)
    email = HOLDER_EMAIL
    user = accounts.find_user_by_email(email)
    if user is None:
        user = accounts.create_user(
            email, HOLDER_NAME, password, (Role.TRAINEE,), check_policy=False
        )
        echo(f"created {email}")
    else:
        with write_transaction():
            user.password_hash = accounts.hash_password(password)
    report.accounts.append((email, sorted(r.value for r in user.roles)))
    name = user.name
    admin = accounts.find_user_by_email("admin@example.org")
    staff = accounts.find_user_by_email("instructor@example.org")
    if admin is None or staff is None:
        echo("skipped the demo certificate: the demo staff accounts are missing")
        return
    kept = db.session.scalar(select(Certificate).where(Certificate.user_id == user.id).limit(1))
    if kept is not None:
        echo(f"kept the certificate of {email}")
        base = base_url()
        if kept.credential_jwt and f"{base}/verify/" not in _claims(kept.credential_jwt):
            # Documents are frozen at issue: say so rather than leave a dead link unexplained.
            echo(
                f"note: the demo certificate was issued under another PUBLIC_BASE_URL than {base}; its "
                "printed link and QR code point there (start from a fresh database to re-seed it)"
            )
        return
    if not _evidence(user, program, staff, admin, now):
        report.notes.append(
            "certificate not issued: load the question bank first (quizzes missing)"
        )
        echo("skipped the demo certificate: quizzes are not loaded")
        return
    cert = certificates.issue(user, program, actor=admin, now=now)
    public_register.save_listing(
        user,
        opted_in=True,
        display_name=name,
        city="Bergen",
        show_city=True,
        profession="Physiotherapist",
        show_profession=True,
        now=now,
    )
    report.notes.append(f"demo certificate: /verify/{cert.public_code}")
    echo(f"issued certificate {cert.public_code} to {email}")
