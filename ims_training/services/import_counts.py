"""What an import (course or question bank) did to one kind of item."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Counts:
    """Added / changed / unchanged / retired (/ reinstated) counts of lessons, questions or quizzes."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    retired: int = 0
    reinstated: int = 0

    def __str__(self) -> str:
        text = f"{self.added} added, {self.changed} changed, {self.unchanged} unchanged, {self.retired} retired"
        return text + (f", {self.reinstated} reinstated" if self.reinstated else "")
