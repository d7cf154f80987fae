"""Demo training partners with a cohort each, and demo trainees at varied stages.

coordinator@example.org coordinates IMS Norge's cohort; trainee@example.org and eight more demo
trainees belong to cohorts, with lesson progress, quiz results, sign-offs, cases and licences, so
the cohort chart and CSV show something real. Idempotent: what exists is kept.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from ..database import write_transaction
from ..extensions import db
from ..models import Program, Quiz, Role, User
from ..services.accounts import accounts
from ..services.evidence import evidence, licences, signoffs
from ..services.partners import partners
from . import _walk

if TYPE_CHECKING:
    from . import DemoReport


PARTNERS = [
    ("Høyskolen Kristiania", "school", "Videreutdanning IMS 2025"),
    ("Akupunkturforeningen", "association", "IMS-kurs høsten 2025"),
    ("IMS Norge", "association", "IMS Norge kull 2025"),
]
COORDINATED = "IMS Norge"

# name, e-mail, partner, share of lessons done, quizzes passed, sign-offs, cases, licence status
TRAINEES = [
    ("Tor Trainee", "trainee@example.org", "IMS Norge", 0.45, 1, 1, 3, "pending"),
    ("Åse Bjørnstad", "ase.bjornstad@example.org", "IMS Norge", 1.0, 7, 2, 10, "verified"),
    ("Øystein Ødegård", "oystein.odegard@example.org", "IMS Norge", 0.9, 6, 2, 7, "verified"),
    ("Kjærsti Lie", "kjaersti.lie@example.org", "IMS Norge", 0.7, 4, 1, 4, "verified"),
    ("Nils Haugen", "nils.haugen@example.org", "IMS Norge", 0.55, 3, 0, 2, "pending"),
    ("Ingrid Sæther", "ingrid.saether@example.org", "IMS Norge", 0.3, 1, 0, 0, "rejected"),
    ("Lars Østby", "lars.ostby@example.org", "IMS Norge", 0.1, 0, 0, 0, None),
    ("Marte Dahl", "marte.dahl@example.org", "Høyskolen Kristiania", 0.6, 3, 1, 1, "verified"),
    ("Jonas Berg", "jonas.berg@example.org", "Akupunkturforeningen", 0.2, 1, 0, 0, None),
]

FALLBACK_PROGRAM = {
    "quizzes": [
        "quiz-foundations",
        "quiz-neuropathy",
        "quiz-anatomy",
        "quiz-trigger-points",
        "quiz-clinical",
        "quiz-safety",
        "quiz-final-exam",
    ],
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
    "clinical": {"cases": 10},
    "licence_required": True,
}
CASE_SUMMARIES = [
    "Chronic low back pain with L5 segmental signs; paraspinals and gluteus medius treated.",
    "Lateral elbow pain with C6 segmental findings; cervical paraspinals and extensors treated.",
    "Shoulder pain with supraspinatus tenderness; C5 segment, supraspinatus and deltoid treated.",
]


def _program(echo: Callable[[str], None]) -> Program:
    program = evidence.default_program()
    if program is None:  # the certification step (before this one) normally makes it
        with write_transaction():
            program = Program(
                key=evidence.DEFAULT_PROGRAM_KEY,
                requirements=FALLBACK_PROGRAM,
                title={"en": "IMS practitioner", "nb": "IMS-behandler"},
            )
            db.session.add(program)
        echo("created the ims-practitioner program (fallback)")
    return program


def _user(name: str, email: str, password: str) -> User:
    user = accounts.find_user_by_email(email)
    return user or accounts.create_user(email, name, password, (Role.TRAINEE,), check_policy=False)


def _lessons(user: User, share: float, now: datetime) -> None:
    count = int(len(_walk.published_lessons()) * share)
    _walk.complete_lessons(user, count, now - timedelta(days=85), step=timedelta(days=1))


def _quizzes(user: User, keys: list[str], passed: int, now: datetime) -> None:
    """Pass the first `passed` quizzes the rules open to this trainee, then fail the next one once.

    Scores vary by trainee; whether an attempt passed is the grader's verdict, never set here.
    """
    quizzes = {q.key: q for q in db.session.scalars(select(Quiz).where(Quiz.key.in_(keys)))}
    rng = random.Random(user.id)
    for i, key in enumerate(keys):
        quiz = quizzes.get(key)
        if quiz is None or quiz.current_version_id is None or _walk.has_attempt(user, quiz):
            continue
        at = now - timedelta(days=40 - 2 * i, hours=user.id % 7)
        fail_share = 0.45 + 0.05 * ((user.id + i) % 4)
        if i >= passed:  # one failed attempt at the next quiz, if the rules open it
            _walk.take_quiz(user, quiz, fail_share, at, rng)
            return
        if quiz.kind == "module" and (user.id + i) % 3 == 0:  # some fail a module quiz once first
            if _walk.take_quiz(user, quiz, fail_share, at - timedelta(days=1), rng) is None:
                return
        if _walk.take_quiz(user, quiz, 0.82 + 0.03 * ((user.id + i) % 5), at, rng) is None:
            return  # locked: the trainee has not read that far


def seed(password: str, report: DemoReport, echo: Callable[[str], None]) -> None:
    now = datetime.now(UTC)
    program = _program(echo)
    instructor = accounts.find_user_by_email("instructor@example.org")
    admin = accounts.find_user_by_email("admin@example.org")
    cohorts = {}
    for name, kind, cohort_name in PARTNERS:
        partner = partners.partner_by_name(name) or partners.create_partner(name, kind, actor=admin)
        cohorts[name] = partners.cohort_by_name(partner, cohort_name) or partners.create_cohort(
            partner,
            cohort_name,
            (now - timedelta(days=90)).date(),
            actor=admin,
            program_id=program.id,
        )
        if name == COORDINATED and accounts.find_user_by_email("coordinator@example.org"):
            if "coordinator@example.org" not in {
                u.email for u in partners.coordinators_of(partner)
            }:
                partners.add_coordinator(partner, "coordinator@example.org", actor=admin)
    keys = [str(k) for k in (program.requirements or {}).get("quizzes") or []]
    assessments = [
        str(a["key"]) for a in (program.requirements or {}).get("practical_assessments") or []
    ]
    for name, email, partner_name, share, passed, n_signoffs, n_cases, licence in TRAINEES:
        user = _user(name, email, password)
        cohort = cohorts[partner_name]
        if user.id not in {u.id for u in partners.members_of(cohort)}:
            partners.add_member(cohort, email, actor=admin)
        _lessons(user, share, now)
        _quizzes(user, keys, passed, now)
        if instructor is None:
            continue
        fresh = evidence.evidence_for(user.id, program)
        for i, key in enumerate(assessments[:n_signoffs] if not fresh.sign_offs else []):
            signoffs.record_signoff(
                user,
                program,
                assessment_key=key,
                assessed_on=(now - timedelta(days=30 - i)).date(),
                region="C5-C6 paraspinals" if "cervical" in key else "L4-L5 paraspinals",
                notes="Demo sign-off",
                actor=instructor,
            )
        for i in range(n_cases if not fresh.cases else 0):
            signoffs.record_clinical_case(
                user,
                program,
                seen_on=(now - timedelta(days=50 - 3 * i)).date(),
                hours=1.5,
                summary=CASE_SUMMARIES[i % len(CASE_SUMMARIES)],
                supervisor=instructor,
                actor=instructor,
            )
        if licence and not fresh.licences and admin is not None:
            row = licences.submit_licence(user, "Fysioterapeut", f"HPR-{9100000 + user.id}", "NO")
            if licence != "pending":
                licences.check_licence(
                    row,
                    licence == "verified",
                    None if licence == "verified" else "The HPR number did not match the name.",
                    actor=admin,
                )
    report.notes.append(
        "Partners: coordinator@example.org follows the IMS Norge cohort (9 demo trainees)."
    )
    echo(f"partners: {len(PARTNERS)} partners, {len(TRAINEES)} demo trainees in cohorts")
