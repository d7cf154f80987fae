"""A bound on the work one GIFT or Moodle XML file may cause, checked before it is read.

Reading is linear in the text, but each question and answer costs far more than a character
(sanitising, Markdown, schema validation). The counts below are cheap upper bounds taken with
`str.count` (escaped markers count too), so a file over a bound is refused at once with one
clear problem instead of pinning a worker; real Moodle exports stay far below them.
"""

from __future__ import annotations

from ..file_checks import Problem

MAX_QUESTIONS_PER_FILE = 5_000
MAX_ANSWERS_PER_FILE = 30_000


def _counts(text: str, kind: str) -> tuple[int, int]:
    """(questions, answers) at most, for a file of `kind` ("gift" or "xml")."""
    if kind == "xml":
        questions = text.count("<question ") + text.count("<question>")
        return questions, text.count("<answer") + text.count("<subquestion")
    return text.count("{"), text.count("~") + text.count("=")


def work_problem(text: str, path: str, kind: str) -> Problem | None:
    """A problem naming the file when it holds more questions or answers than one upload may."""
    questions, answers = _counts(text, kind)
    if questions > MAX_QUESTIONS_PER_FILE:
        return Problem(
            path,
            1,
            f"too many questions in one file (up to {questions}); at most "
            f"{MAX_QUESTIONS_PER_FILE} per file: split it into smaller files",
            column=1,
        )
    if answers > MAX_ANSWERS_PER_FILE:
        return Problem(
            path,
            1,
            f"too many answers in one file (up to {answers}); at most "
            f"{MAX_ANSWERS_PER_FILE} per file: split it into smaller files",
            column=1,
        )
    return None
