"""`flask doctor`: find stored results that contradict the rules (domain/consistency.py).

Reads only. Attempts are checked against the pass mark of the quiz version they served;
certificates against the program's current requirements with the facts dated up to the moment
the certificate was made (`created_at`); of the lessons, those published now that already existed
then (a lesson added to the course later was not required of earlier holders).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import select

from ...domain.consistency import Problem, attempt_problem, certificate_problem
from ...domain.eligibility import check_eligibility
from ...extensions import db
from ...models import Attempt, Certificate, Lesson, QuizVersion
from ..evidence.evidence import facts_for


def attempt_problems() -> list[Problem]:
    rows = db.session.execute(
        select(Attempt.id, Attempt.percent, Attempt.passed, QuizVersion.definition)
        .join(QuizVersion, QuizVersion.id == Attempt.quiz_version_id)
        .where(Attempt.status == "submitted")
        .order_by(Attempt.id)
    )
    problems = []
    for attempt_id, percent, passed, definition in rows:
        problem = attempt_problem(attempt_id, percent, passed, float(definition["pass_mark"]))
        if problem is not None:
            problems.append(problem)
    return problems


def _lessons_then(at: datetime) -> tuple[str, ...]:
    """Published lessons that already existed at `at` (a lesson added later was not required)."""
    return tuple(
        db.session.scalars(
            select(Lesson.key).where(Lesson.status == "published", Lesson.created_at <= at)
        )
    )


def certificate_problems() -> list[Problem]:
    problems = []
    for cert in db.session.scalars(select(Certificate).order_by(Certificate.id)):
        facts = facts_for(cert.user_id, cert.program)
        if facts.published_lessons:
            facts = replace(facts, published_lessons=_lessons_then(cert.created_at))
        report = check_eligibility(cert.program.requirements or {}, facts, cert.created_at)
        problem = certificate_problem(cert.id, cert.public_code, report)
        if problem is not None:
            problems.append(problem)
    return problems


def all_problems() -> list[Problem]:
    return attempt_problems() + certificate_problems()
