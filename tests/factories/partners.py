"""Test data for certification evidence, partners and cohorts (commits straight to the test db)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from ims_training.extensions import db
from ims_training.models import (
    Attempt,
    Cohort,
    CohortMember,
    CourseModule,
    Lesson,
    LessonProgress,
    Partner,
    PartnerCoordinator,
    Program,
    Quiz,
    QuizVersion,
    User,
)
from tests.factories.quizzes import stored_definition

REQUIREMENTS: dict[str, Any] = {
    "quizzes": ["quiz-foundations", "quiz-final-exam"],
    "practical_assessments": [
        {
            "key": "cervical-paraspinals",
            "title": {"en": "Cervical paraspinals", "nb": "Cervikale paraspinale muskler"},
        },
        {
            "key": "lumbar-paraspinals",
            "title": {"en": "Lumbar paraspinals", "nb": "Lumbale paraspinale muskler"},
        },
    ],
    "clinical": {"cases": 3},
    "licence_required": True,
}


def make_program(
    key: str = "ims-practitioner", requirements: dict[str, Any] | None = None
) -> Program:
    program = Program(
        key=key,
        title={"en": "IMS practitioner", "nb": "IMS-behandler"},
        requirements=requirements or REQUIREMENTS,
    )
    db.session.add(program)
    db.session.commit()
    return program


def make_quiz(key: str, title: str | None = None) -> Quiz:
    quiz = Quiz(key=key, kind="module")
    db.session.add(quiz)
    db.session.flush()
    version = QuizVersion(
        quiz_id=quiz.id,
        version=1,
        content_hash="x" * 64,
        definition=stored_definition(key, title or key),
    )
    db.session.add(version)
    db.session.flush()
    quiz.current_version_id = version.id
    db.session.commit()
    return quiz


def add_attempt(
    user: User,
    quiz: Quiz,
    percent: float,
    *,
    passed: bool,
    at: datetime | None = None,
    number: int = 1,
) -> Attempt:
    at = at or datetime.now(UTC) - timedelta(days=1)
    attempt = Attempt(
        user_id=user.id,
        quiz_id=quiz.id,
        quiz_version_id=quiz.current_version_id,
        number=number,
        status="submitted",
        started_at=at - timedelta(minutes=20),
        submitted_at=at,
        layout=[],
        score=percent,
        max_score=100,
        percent=percent,
        passed=passed,
    )
    db.session.add(attempt)
    db.session.commit()
    return attempt


def make_lessons(count: int, *, drafts: int = 0) -> list[Lesson]:
    module = CourseModule(
        slug="foundations", position=1, title={"en": "Foundations", "nb": "Grunnlaget"}
    )
    db.session.add(module)
    db.session.flush()
    lessons = [
        Lesson(
            key=f"lesson-{i}",
            module_id=module.id,
            position=i,
            status="published" if i < count else "draft",
        )
        for i in range(count + drafts)
    ]
    db.session.add_all(lessons)
    db.session.commit()
    return lessons[:count]


def complete(user: User, lessons: list[Lesson]) -> None:
    now = datetime.now(UTC)
    for lesson in lessons:
        db.session.add(LessonProgress(user_id=user.id, lesson_id=lesson.id, completed_at=now))
    db.session.commit()


def make_partner(
    name: str,
    *,
    cohort: str = "Cohort A",
    coordinators: tuple[User, ...] = (),
    members: tuple[User, ...] = (),
) -> tuple[Partner, Cohort]:
    partner = Partner(slug=name.lower().replace(" ", "-"), name=name, kind="school")
    db.session.add(partner)
    db.session.flush()
    group = Cohort(partner_id=partner.id, name=cohort)
    db.session.add(group)
    db.session.flush()
    for user in coordinators:
        db.session.add(PartnerCoordinator(partner_id=partner.id, user_id=user.id))
    for user in members:
        db.session.add(CohortMember(cohort_id=group.id, user_id=user.id))
    db.session.commit()
    return partner, group
