"""`flask doctor`: check that stored grades and certificates agree with the rules."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..services.certification.consistency import all_problems


@click.command("doctor")
@with_appcontext
def doctor_command() -> None:
    """Report attempts whose pass/fail contradicts their pass mark and certificates whose holder
    was not eligible at issue; exit status 1 if there is any."""
    problems = all_problems()
    for problem in problems:
        click.echo(problem.message)
    if problems:
        raise click.ClickException(f"{len(problems)} inconsistent rows found")
    click.echo(
        "ok: every graded attempt agrees with its pass mark and every certificate holder "
        "was eligible at issue"
    )


COMMANDS = [doctor_command]
