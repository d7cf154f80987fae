"""Text output for the command line: one `path:line: message` per problem and a summary line."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Problem


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def summary_line(problems: Iterable[Problem]) -> str:
    """E.g. '3 errors in 2 files, 1 warning' or 'no problems'."""
    found = list(problems)
    errors = [p for p in found if p.is_error]
    warnings = [p for p in found if not p.is_error]
    if not found:
        return "no problems"
    parts = []
    if errors:
        parts.append(
            f"{_count(len(errors), 'error')} in {_count(len({p.path for p in errors}), 'file')}"
        )
    if warnings:
        parts.append(
            f"{_count(len(warnings), 'warning')} in "
            f"{_count(len({p.path for p in warnings}), 'file')}"
        )
    return ", ".join(parts)


def format_problems(problems: Iterable[Problem]) -> str:
    """Every problem on its own line, sorted by file and line, then the summary line."""
    found = sorted(problems, key=lambda p: (p.path, p.line, p.message))
    return "\n".join([*(str(p) for p in found), summary_line(found)])
