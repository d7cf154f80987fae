"""Certification programs as data: the default "IMS Practitioner" program and lookups."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ...database import write_transaction
from ...extensions import db
from ...models import Program

MODULE_QUIZZES = [
    "quiz-foundations",
    "quiz-neuropathy",
    "quiz-anatomy",
    "quiz-trigger-points",
    "quiz-clinical",
    "quiz-safety",
]
RECERTIFICATION_QUIZ = "quiz-recertification"

DEFAULT_PROGRAM: dict[str, Any] = {
    "key": "ims-practitioner",
    "title": {"en": "IMS Practitioner", "nb": "IMS-praktiker"},
    "requirements": {
        "lessons": "all",  # every published lesson of the course (domain/eligibility.py)
        "quizzes": [*MODULE_QUIZZES, "quiz-final-exam"],
        "practical_assessments": [
            {
                "key": "cervical-paraspinals",
                "title": {
                    "en": "Supervised needling: cervical paraspinals",
                    "nb": "Veiledet nålebehandling: cervikale paraspinale muskler",
                },
            },
            {
                "key": "lumbar-paraspinals",
                "title": {
                    "en": "Supervised needling: lumbar paraspinals",
                    "nb": "Veiledet nålebehandling: lumbale paraspinale muskler",
                },
            },
        ],
        "clinical": {"cases": 10},
        "licence_required": True,
        "recertification_quiz": RECERTIFICATION_QUIZ,
        # the recertification quiz stays open this long after a certificate expires
        "recertification_window_days": 180,
    },
    "validity_months": 24,
    "renewal_hours": 10.0,
}


def ensure_default_program() -> tuple[Program, bool]:
    """Create the default program, or bring its definition up to date; (program, created)."""
    spec = DEFAULT_PROGRAM
    with write_transaction():
        program = db.session.scalar(select(Program).where(Program.key == spec["key"]))
        created = program is None
        if program is None:
            program = Program(key=spec["key"])
            db.session.add(program)
        program.title = dict(spec["title"])
        program.requirements = dict(spec["requirements"])
        program.validity_months = spec["validity_months"]
        program.renewal_hours = spec["renewal_hours"]
        program.is_active = True
    return program, created


def active_programs() -> list[Program]:
    return list(
        db.session.scalars(select(Program).where(Program.is_active.is_(True)).order_by(Program.key))
    )


def program_by_key(key: str) -> Program | None:
    return db.session.scalar(select(Program).where(Program.key == key))


def assessment_titles() -> dict[str, dict[str, str]]:
    """Every practical assessment's title (by language) by key, over all programs (the first one wins)."""
    titles: dict[str, dict[str, str]] = {}
    for requirements in db.session.scalars(select(Program.requirements)):
        for a in (requirements or {}).get("practical_assessments") or []:
            if a.get("title"):
                titles.setdefault(str(a["key"]), a["title"])
    return titles
