"""`flask seed-demo`: demo accounts and data for trying the portal (never in production)."""

from __future__ import annotations

import os
import secrets

import click
from flask import current_app
from flask.cli import with_appcontext

from ..demo import seed_demo


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Create (or refresh) the demo accounts and data. Safe to run again."""
    if not current_app.config.get("ALLOW_DEMO_SEED"):
        raise click.ClickException(
            "seed-demo is refused under the production configuration: demo accounts have known passwords."
        )
    password = os.environ.get("DEMO_PASSWORD") or secrets.token_urlsafe(12)
    report = seed_demo(password, echo=click.echo)
    click.echo("")
    click.echo(f"Demo logins (password for all: {password})")
    for email, roles in report.accounts:
        click.echo(f"  {email:28} {', '.join(roles)}")


COMMANDS = [seed_demo_command]
