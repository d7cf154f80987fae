"""Demo data: the real question bank from QUESTION_BANK_DIR (a full import, so it is idempotent)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app

from ..bank import load_bank
from ..services.bank.bank_import import import_bank

if TYPE_CHECKING:
    from . import DemoReport


def seed(password: str, report: DemoReport, echo: Callable[[str], None]) -> None:
    bank_dir = Path(current_app.config["QUESTION_BANK_DIR"])
    result = load_bank([bank_dir])
    if result.errors:
        for problem in result.errors:
            echo(str(problem))
        raise RuntimeError(f"the question bank in {bank_dir} has errors; run `flask bank validate`")
    summary = import_bank(result, retire_missing=True)
    echo(f"question bank: questions {summary.questions}; quizzes {summary.quizzes}")
    report.notes.append(
        f"{len(result.questions)} questions and {len(result.quizzes)} quizzes in the bank"
    )
