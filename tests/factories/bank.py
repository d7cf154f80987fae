"""Small question banks written as real YAML files, and row counts to prove nothing changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, select

from ims_training.extensions import db
from ims_training.models import (
    Attempt,
    AttemptAnswer,
    Question,
    QuestionVersion,
    Quiz,
    QuizVersion,
    User,
)

REAL_BANK = Path(__file__).parents[2] / "question_bank"
BROKEN = Path(__file__).parents[1] / "fixtures" / "bank_broken"
MOODLE = Path(__file__).parents[1] / "fixtures" / "moodle"


def single_choice(
    key: str, stem: str = "Which decade?", right: str = "b", **extra: Any
) -> dict[str, Any]:
    """A valid single_choice question with options a-c, `right` correct."""
    return {
        "id": key,
        "type": "single_choice",
        "difficulty": extra.pop("difficulty", "easy"),
        "tags": extra.pop("tags", ["history"]),
        "stem": {"en": stem, "nb": stem + " (nb)"},
        "options": [
            {
                "id": c,
                "text": {"en": f"Option {c}", "nb": f"Valg {c}"},
                **({"correct": True} if c == right else {}),
            }
            for c in "abc"
        ],
        **extra,
    }


def write_bank(
    directory: Path,
    questions: list[dict[str, Any]],
    module: str = "foundations",
    name: str | None = None,
) -> Path:
    """Write one bank file and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / (name or f"{module}.yaml")
    path.write_text(
        yaml.safe_dump(
            {"module": module, "questions": questions}, sort_keys=False, allow_unicode=True
        ),
        encoding="utf-8",
    )
    return path


def write_quiz(directory: Path, key: str, questions: list[str], name: str = "quizzes.yaml") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    quiz = {
        "id": key,
        "kind": "final",
        "title": {"en": "A quiz", "nb": "En quiz"},
        "questions": questions,
        "pass_mark": 70,
    }
    path.write_text(yaml.safe_dump({"quizzes": [quiz]}, sort_keys=False), encoding="utf-8")
    return path


def bank_row_counts() -> dict[str, int]:
    """Rows in every bank table: compare before and after to show an import wrote nothing."""
    return {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model)) or 0
        for model in (Question, QuestionVersion, Quiz, QuizVersion)
    }


def graded_attempt(
    trainee: User, question: Question, quiz: Quiz, score: float, percent: float | None = None
) -> Attempt:
    """A submitted attempt of `trainee` whose one answer to `question` scored `score` of 1 (the
    attempt's percent `percent`, else 100 x score): the input of item statistics."""
    attempt = Attempt(
        user_id=trainee.id,
        quiz_id=quiz.id,
        quiz_version_id=quiz.current_version_id,
        number=1,
        status="submitted",
        layout=[],
        percent=100.0 * score if percent is None else percent,
    )
    attempt.answers.append(
        AttemptAnswer(
            slot=0,
            question_version_id=question.current_version_id,
            response="b",
            score=score,
            max_score=1.0,
        )
    )
    db.session.add(attempt)
    db.session.commit()
    return attempt
