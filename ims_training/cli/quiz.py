"""`flask quiz ...`: quiz maintenance from the command line (cron-friendly)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..services.quizzes.attempts import close_overdue


@click.group("quiz")
def quiz_group() -> None:
    """Quiz attempts."""


@quiz_group.command("close-overdue")
@with_appcontext
def close_overdue_command() -> None:
    """Close and grade every open attempt whose deadline has passed."""
    closed = close_overdue()
    passed = sum(1 for a in closed if a.passed)
    click.echo(
        f"closed {len(closed)} overdue attempts at their deadline: "
        f"{passed} passed, {len(closed) - passed} not passed"
    )
    for attempt in closed:
        click.echo(
            f"  attempt {attempt.id} (user {attempt.user_id}, quiz {attempt.quiz_id}): "
            f"{attempt.percent or 0:.0f} %"
        )


COMMANDS = [quiz_group]
