"""The cross-file rules of a quiz, shared by `bank validate` (files) and the studio (forms).

A fixed quiz may name only known questions; a blueprint must be satisfiable: every entry matches at
least its `count` questions, and all entries together match at least their total. Problems come
back with the path inside the quiz (`("questions", 2)`, `("blueprint", 0)`, `("blueprint",)`), so
the file loader can cite a line and the studio a form field.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from .quiz_schema import Quiz

Path = tuple[str | int, ...]


def reference_problems(
    quiz: Quiz, known: Collection[str], bank: Sequence[Any]
) -> list[tuple[Path, str]]:
    """Problems of `quiz` against the question ids in `known` and the questions in `bank`
    (objects with id, module, tags, difficulty and type, as `BlueprintEntry.matches` reads them)."""
    problems: list[tuple[Path, str]] = []
    for index, ref in enumerate(quiz.questions or []):
        if ref not in known:
            problems.append(
                (("questions", index), f"quiz '{quiz.id}': unknown question id '{ref}'")
            )
    drawn: set[str] = set()
    for index, entry in enumerate(quiz.blueprint or []):
        matched = [q.id for q in bank if entry.matches(q)]
        drawn.update(matched)
        if len(matched) < entry.count:
            problems.append(
                (
                    ("blueprint", index),
                    f"quiz '{quiz.id}': blueprint entry {index + 1} asks for {entry.count} "
                    f"questions but only {len(matched)} match its filters",
                )
            )
    wanted = sum(e.count for e in quiz.blueprint or [])
    if quiz.blueprint and wanted > len(drawn):
        problems.append(
            (
                ("blueprint",),
                f"quiz '{quiz.id}': blueprint asks for {wanted} questions in all "
                f"but its entries match only {len(drawn)} distinct questions",
            )
        )
    return problems
