"""Certification test data: quizzes with passed attempts, sign-offs, cases, licences, certificates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from ims_training.extensions import db
from ims_training.models import (
    Attempt,
    Certificate,
    ClinicalCase,
    PracticalSignoff,
    ProfessionalLicence,
    Program,
    Quiz,
    QuizVersion,
    User,
)
from ims_training.services.certification import certificates
from ims_training.services.certification.programs import ensure_default_program
from tests.factories.quizzes import stored_definition

NOW = datetime(2026, 3, 15, 10, 0, tzinfo=UTC)


def quiz(key: str, title: str | None = None) -> Quiz:
    """The quiz with this key, created with one version if missing."""
    existing = db.session.scalar(select(Quiz).where(Quiz.key == key))
    if existing is not None:
        return existing
    kind = "recertification" if "recert" in key else "final" if "final" in key else "module"
    q = Quiz(key=key, kind=kind)
    db.session.add(q)
    db.session.flush()
    version = QuizVersion(
        quiz_id=q.id,
        version=1,
        content_hash=key,
        definition=stored_definition(key, title or key.replace("-", " ").title(), kind),
    )
    db.session.add(version)
    db.session.flush()
    q.current_version_id = version.id
    db.session.commit()
    return q


def passed_attempt(
    user: User, key: str, at: datetime = NOW - timedelta(days=20), passed: bool = True
) -> Attempt:
    q = quiz(key)
    number = (
        db.session.scalar(
            select(func.max(Attempt.number)).where(
                Attempt.user_id == user.id, Attempt.quiz_id == q.id
            )
        )
        or 0
    ) + 1
    attempt = Attempt(
        user_id=user.id,
        quiz_id=q.id,
        quiz_version_id=q.current_version_id,
        number=number,
        status="submitted",
        started_at=at - timedelta(minutes=30),
        submitted_at=at,
        layout=[],
        score=8 if passed else 3,
        max_score=10,
        percent=80 if passed else 30,
        passed=passed,
    )
    db.session.add(attempt)
    db.session.commit()
    return attempt


def program() -> Program:
    return ensure_default_program()[0]


def make_eligible(
    user: User, staff: User, *, skip: tuple[str, ...] = (), now: datetime = NOW, cases: int = 10
) -> Program:
    """Give `user` every piece of evidence the default program needs, except the keys in `skip`."""
    prog = program()
    if "lessons" not in skip:  # every published lesson of the course, if one is loaded
        from ims_training.models import Lesson, LessonProgress

        done = set(
            db.session.scalars(
                select(LessonProgress.lesson_id).where(LessonProgress.user_id == user.id)
            )
        )
        for lesson_id in db.session.scalars(select(Lesson.id).where(Lesson.status == "published")):
            if lesson_id not in done:
                at = now - timedelta(days=25)
                db.session.add(
                    LessonProgress(
                        user_id=user.id,
                        lesson_id=lesson_id,
                        first_viewed_at=at,
                        last_viewed_at=at,
                        completed_at=at,
                    )
                )
    for key in prog.requirements["quizzes"]:
        if key not in skip:
            passed_attempt(user, key, now - timedelta(days=20))
    for item in prog.requirements["practical_assessments"]:
        if item["key"] not in skip:
            db.session.add(
                PracticalSignoff(
                    user_id=user.id,
                    program_id=prog.id,
                    assessment_key=item["key"],
                    assessed_on=(now - timedelta(days=10)).date(),
                    assessor_id=staff.id,
                    region="paraspinals",
                )
            )
    for n in range(0 if "clinical-cases" in skip else cases):
        db.session.add(
            ClinicalCase(
                user_id=user.id,
                program_id=prog.id,
                seen_on=(now - timedelta(days=30 - n)).date(),
                hours=1.0,
                summary=f"case {n}",
                supervisor_id=staff.id,
            )
        )
    if "licence" not in skip:
        db.session.add(
            ProfessionalLicence(
                user_id=user.id,
                profession="Physiotherapist",
                licence_number="123",
                country="NO",
                status="verified",
                checked_by_id=staff.id,
                checked_at=now - timedelta(days=40),
            )
        )
    db.session.commit()
    return prog


def certificate(user: User, admin: User, now: datetime = NOW) -> Certificate:
    """An issued certificate (through the real service) for a freshly made-eligible user."""
    prog = make_eligible(user, admin, now=now)
    return certificates.issue(user, prog, actor=admin, now=now)


def snapshot() -> dict[str, object]:
    """Counts and states that must not change when a request is refused."""
    from ims_training.models import AuditEvent, CertificateEvent

    certs = db.session.execute(
        select(
            Certificate.id,
            Certificate.status,
            Certificate.expires_on,
            Certificate.holder_name,
            Certificate.revoked_at,
        )
    ).all()
    db.session.rollback()
    return {
        "certs": sorted(tuple(r) for r in certs),
        "events": db.session.scalar(select(func.count()).select_from(CertificateEvent)),
        "audit": db.session.scalar(select(func.count()).select_from(AuditEvent)),
    }


def day(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, 12, tzinfo=UTC)
