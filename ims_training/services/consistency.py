"""`flask doctor`: find stored results that contradict the rules (domain/consistency.py).

Reads only. Attempts are checked against the pass mark of the quiz version they served;
certificates against the program's current requirements with the facts dated up to the moment
the certificate was made (`created_at`). Lessons count as published now, not as they were then.
"""

from __future__ import annotations

from sqlalchemy import select

from ..domain.consistency import Problem, attempt_problem, certificate_problem
from ..extensions import db
from ..models import Attempt, Certificate, QuizVersion
from .evidence import report_for


def attempt_problems() -> list[Problem]:
    rows = db.session.execute(
        select(Attempt.id, Attempt.percent, Attempt.passed, QuizVersion.definition)
        .join(QuizVersion, QuizVersion.id == Attempt.quiz_version_id)
        .where(Attempt.status == "submitted").order_by(Attempt.id))
    problems = []
    for attempt_id, percent, passed, definition in rows:
        problem = attempt_problem(attempt_id, percent, passed, float(definition["pass_mark"]))
        if problem is not None:
            problems.append(problem)
    return problems


def certificate_problems() -> list[Problem]:
    problems = []
    for cert in db.session.scalars(select(Certificate).order_by(Certificate.id)):
        problem = certificate_problem(cert.id, cert.public_code,
                                      report_for(cert.user_id, cert.program, cert.created_at))
        if problem is not None:
            problems.append(problem)
    return problems


def all_problems() -> list[Problem]:
    return attempt_problems() + certificate_problems()
