"""Demo quiz attempts: the demo trainee has passed one module quiz and has one in progress.

Imports the question bank first when the database has none (idempotent either way).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import func, select

from ..bank import load_bank
from ..extensions import db
from ..models import Question, Quiz
from ..services.accounts import accounts
from ..services.bank.bank_import import import_bank
from . import _walk

if TYPE_CHECKING:
    from . import DemoReport

TRAINEE = "trainee@example.org"
PASSED_QUIZ = "quiz-foundations"
OPEN_QUIZ = "quiz-neuropathy"


def _ensure_bank(echo: Callable[[str], None]) -> None:
    if db.session.scalar(select(func.count()).select_from(Question)):
        return
    result = load_bank([Path(current_app.config["QUESTION_BANK_DIR"])])
    if result.errors:
        echo(f"question bank has {len(result.errors)} errors; no demo quiz attempts")
        return
    echo(f"imported the question bank: {import_bank(result, retire_missing=False).questions}")


def seed(password: str, report: DemoReport, echo: Callable[[str], None]) -> None:
    _ensure_bank(echo)
    user = accounts.find_user_by_email(TRAINEE)
    quizzes = {
        q.key: q
        for q in db.session.scalars(select(Quiz).where(Quiz.key.in_([PASSED_QUIZ, OPEN_QUIZ])))
    }
    if user is None or len(quizzes) < 2:
        echo("demo quiz attempts skipped (no demo trainee or quizzes)")
        return
    rng = random.Random(40)
    start = datetime.now(UTC) - timedelta(days=30)
    # The module quizzes open only after their lessons: read foundations and neuropathy first.
    _walk.complete_lessons(user, _walk.lessons_through("neuropathy"), start)
    if not _walk.has_attempt(user, quizzes[PASSED_QUIZ]):
        attempt = _walk.take_quiz(user, quizzes[PASSED_QUIZ], 1.0, start + timedelta(days=10), rng)
        echo(f"{TRAINEE} took {PASSED_QUIZ}: {attempt.percent if attempt else 'refused'}")
    if not _walk.has_attempt(user, quizzes[OPEN_QUIZ]):
        attempt = _walk.take_quiz(
            user, quizzes[OPEN_QUIZ], 0.0, datetime.now(UTC), rng, submit=False
        )
        if attempt is not None:
            echo(f"{TRAINEE} has an attempt in progress at {OPEN_QUIZ}")
    report.notes.append(f"{TRAINEE}: {PASSED_QUIZ} passed, {OPEN_QUIZ} in progress")
