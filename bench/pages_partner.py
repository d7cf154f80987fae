"""The coordinator's cohort page (200 members with progress, quiz results and evidence) and its CSV."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from werkzeug.security import generate_password_hash

from ims_training.extensions import db
from ims_training.models import (
    Attempt,
    ClinicalCase,
    Cohort,
    CohortMember,
    CourseModule,
    Lesson,
    LessonProgress,
    Partner,
    PartnerCoordinator,
    PracticalSignoff,
    ProfessionalLicence,
    Program,
    Quiz,
    QuizVersion,
    User,
    UserRole,
)

from .pages import PAGES, SEEDERS, BenchPage
from .seed import BENCH_PASSWORD

COORDINATOR = "coordinator@bench.example.org"
MEMBERS = 200
LESSONS = 30
QUIZZES = [
    "quiz-foundations",
    "quiz-neuropathy",
    "quiz-anatomy",
    "quiz-trigger-points",
    "quiz-clinical",
    "quiz-safety",
    "quiz-final-exam",
]


def _program() -> Program:
    program = db.session.scalar(select(Program).where(Program.key == "ims-practitioner"))
    if program is None:
        program = Program(
            key="ims-practitioner",
            title={"en": "IMS practitioner", "nb": "IMS-behandler"},
            requirements={
                "quizzes": QUIZZES,
                "clinical": {"cases": 10},
                "licence_required": True,
                "practical_assessments": [
                    {"key": "cervical-paraspinals", "title": {"en": "C"}},
                    {"key": "lumbar-paraspinals", "title": {"en": "L"}},
                ],
            },
        )
        db.session.add(program)
        db.session.flush()
    return program


def _member_offset() -> int:
    """Start past the first 1,000 trainees (other pages' seeders use those) when there are enough."""
    trainees = (
        db.session.scalar(
            select(func.count())
            .select_from(User)
            .where(User.email.like("trainee%@bench.example.org"))
        )
        or 0
    )
    return max(0, min(1000, trainees - MEMBERS))


def _lessons() -> list[int]:
    ids = list(db.session.scalars(select(Lesson.id).where(Lesson.status == "published")))
    if ids:
        return ids
    module = CourseModule(slug="bench-module", position=99, title={"en": "Bench"})
    db.session.add(module)
    db.session.flush()
    db.session.execute(
        insert(Lesson),
        [
            {
                "key": f"bench-lesson-{i}",
                "module_id": module.id,
                "position": i,
                "status": "published",
            }
            for i in range(LESSONS)
        ],
    )
    return list(db.session.scalars(select(Lesson.id).where(Lesson.status == "published")))


def _quizzes() -> dict[str, tuple[int, int]]:
    out = {}
    for key in QUIZZES:
        quiz = db.session.scalar(select(Quiz).where(Quiz.key == key))
        if quiz is None:
            quiz = Quiz(key=key, kind="module")
            db.session.add(quiz)
            db.session.flush()
            version = QuizVersion(
                quiz_id=quiz.id,
                version=1,
                content_hash="b" * 64,
                definition={"id": key, "title": {"en": key, "nb": key}},
            )
            db.session.add(version)
            db.session.flush()
            quiz.current_version_id = version.id
        out[key] = (quiz.id, quiz.current_version_id or 0)
    return out


def seed_partner(context: dict[str, Any]) -> None:
    now = datetime.now(UTC)
    program = _program()
    lessons = _lessons()
    quizzes = _quizzes()
    coordinator = User(
        email=COORDINATOR,
        name="Bench Coordinator",
        session_token="bench-coordinator",
        password_hash=generate_password_hash(BENCH_PASSWORD),
    )
    partner = Partner(slug="bench-partner", name="Bench Høyskole", kind="school")
    db.session.add_all([coordinator, partner])
    db.session.flush()
    db.session.add(UserRole(user_id=coordinator.id, role="coordinator"))
    db.session.add(PartnerCoordinator(partner_id=partner.id, user_id=coordinator.id))
    cohort = Cohort(partner_id=partner.id, name="Kull 2026", program_id=program.id)
    db.session.add(cohort)
    db.session.flush()
    members = list(
        db.session.scalars(
            select(User.id)
            .where(User.email.like("trainee%@bench.example.org"))
            .order_by(User.id)
            .offset(_member_offset())
            .limit(MEMBERS)
        )
    )
    instructor = coordinator.id  # any account serves as assessor in bench data
    db.session.execute(
        insert(CohortMember), [{"cohort_id": cohort.id, "user_id": uid} for uid in members]
    )
    progress, attempts, signoffs, cases, licences = [], [], [], [], []
    for n, uid in enumerate(members):
        done = (n * 7) % (len(lessons) + 1)
        progress += [
            {
                "user_id": uid,
                "lesson_id": lid,
                "first_viewed_at": now,
                "last_viewed_at": now,
                "completed_at": now,
            }
            for lid in lessons[:done]
        ]
        for i, (quiz_id, version_id) in enumerate(list(quizzes.values())[: n % 8]):
            percent = 50 + (n * 13 + i * 7) % 50
            attempts.append(
                {
                    "user_id": uid,
                    "quiz_id": quiz_id,
                    "quiz_version_id": version_id,
                    "number": 1,
                    "status": "submitted",
                    "started_at": now,
                    "submitted_at": now,
                    "layout": [],
                    "score": percent,
                    "max_score": 100,
                    "percent": percent,
                    "passed": percent >= 70,
                }
            )
        if n % 3 == 0:
            signoffs.append(
                {
                    "user_id": uid,
                    "program_id": program.id,
                    "assessment_key": "cervical-paraspinals",
                    "assessed_on": date.today() - timedelta(days=10),
                    "assessor_id": instructor,
                    "region": "C5-C6",
                    "created_at": now,
                }
            )
        cases += [
            {
                "user_id": uid,
                "program_id": program.id,
                "seen_on": date.today() - timedelta(days=k),
                "hours": 1.0,
                "summary": "bench",
                "supervisor_id": instructor,
                "created_at": now,
            }
            for k in range(n % 12)
        ]
        if n % 2 == 0:
            licences.append(
                {
                    "user_id": uid,
                    "profession": "Physio",
                    "licence_number": str(n),
                    "country": "NO",
                    "status": "verified",
                    "checked_at": now,
                    "created_at": now,
                }
            )
    # other bench seeders (the course pages) may have completed lessons for these trainees already
    done_before = set(
        db.session.execute(
            select(LessonProgress.user_id, LessonProgress.lesson_id).where(
                LessonProgress.user_id.in_(members)
            )
        ).tuples()
    )
    progress = [row for row in progress if (row["user_id"], row["lesson_id"]) not in done_before]
    for model, rows in [
        (LessonProgress, progress),
        (Attempt, attempts),
        (PracticalSignoff, signoffs),
        (ClinicalCase, cases),
        (ProfessionalLicence, licences),
    ]:
        if rows:
            db.session.execute(insert(model), rows)
    db.session.commit()
    context["partner_cohort_id"] = cohort.id
    print(
        f"  partner bench: cohort {cohort.id} with {len(members)} members, {len(progress)} lesson rows, "
        f"{len(attempts)} attempts"
    )


SEEDERS.append(seed_partner)
PAGES.extend(
    [
        BenchPage(
            "coordinator cohort (200 members)",
            lambda c: f"/partner/cohorts/{c['partner_cohort_id']}",
            COORDINATOR,
        ),
        BenchPage(
            "coordinator cohort CSV",
            lambda c: f"/partner/cohorts/{c['partner_cohort_id']}/export.csv",
            COORDINATOR,
        ),
        BenchPage("coordinator dashboard", "/dashboard", COORDINATOR),
    ]
)
