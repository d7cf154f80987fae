"""One finding in an author's file (bank or course), located so the author can jump to it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """An error or a warning at `path:line` (and `column` where the checker knows it).

    `str()` keeps the two outputs the commands and their users rely on: with a column (the
    bank) `path:line:column: message`, its command line adding the severity itself; without
    (the course) `path:line: message`, with `warning: ` in front of a warning's message.
    """

    path: str
    line: int
    message: str
    severity: Severity = "error"
    column: int | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        if self.column is not None:
            return f"{self.path}:{self.line}:{self.column}: {self.message}"
        prefix = "" if self.is_error else f"{self.severity}: "
        return f"{self.path}:{self.line}: {prefix}{self.message}"


class UnreadableFile(Exception):
    """A file (or a YAML part of one) that cannot be read at all; carries the problem saying why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem
