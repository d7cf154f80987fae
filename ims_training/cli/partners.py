"""`flask partners ...`: training partners, coordinators, cohorts and members from the shell."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar

import click
from flask import current_app
from flask.cli import with_appcontext

from ..models import Cohort, Partner
from ..services import ServiceError
from ..services.partners import partners

T = TypeVar("T")


def _partner(slug_or_name: str) -> Partner:
    partner = partners.partner_by_name(slug_or_name)
    if partner is None:
        raise click.ClickException(
            f"No partner {slug_or_name!r}. Create it with `flask partners create`."
        )
    return partner


def _cohort(partner: Partner, name: str) -> Cohort:
    cohort = partners.cohort_by_name(partner, name)
    if cohort is None:
        raise click.ClickException(f"{partner.name} has no cohort {name!r}.")
    return cohort


def _run(action: Callable[[], T]) -> T:
    """Run a service; its messages are translated, which needs a request context (English here)."""
    try:
        with current_app.test_request_context("/"):
            return action()
    except ServiceError as e:
        raise click.ClickException(f"{e.field or 'input'}: {e.message}") from e


@click.group("partners")
def partners_group() -> None:
    """Manage training partners and their cohorts (recorded in the audit trail)."""


@partners_group.command("list")
@with_appcontext
def list_partners() -> None:
    """Every partner with its slug, cohorts and coordinators."""
    for partner, n_cohorts, n_coordinators in partners.all_partners():
        click.echo(
            f"{partner.slug:30} {partner.name} ({partner.kind}): {n_cohorts} cohorts, {n_coordinators} coordinators"
        )


@partners_group.command("create")
@click.argument("name")
@click.option(
    "--kind", type=click.Choice(partners.PARTNER_KINDS), default="school", show_default=True
)
@with_appcontext
def create(name: str, kind: str) -> None:
    """Create a partner organisation."""
    partner = _run(lambda: partners.create_partner(name, kind, actor=None))
    click.echo(f"Created partner {partner.name} (slug {partner.slug}).")


@partners_group.command("add-coordinator")
@click.argument("partner")
@click.argument("email")
@with_appcontext
def add_coordinator(partner: str, email: str) -> None:
    """Make the account EMAIL a coordinator of PARTNER (slug or name)."""
    p = _partner(partner)
    user = _run(lambda: partners.add_coordinator(p, email, actor=None))
    click.echo(f"{user.email} now coordinates {p.name}.")


@partners_group.command("create-cohort")
@click.argument("partner")
@click.argument("name")
@click.option("--starts-on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None)
@with_appcontext
def create_cohort(partner: str, name: str, starts_on: datetime | None) -> None:
    """Create the cohort NAME for PARTNER."""
    p = _partner(partner)
    day: date | None = starts_on.date() if starts_on is not None else None
    cohort = _run(lambda: partners.create_cohort(p, name, day, actor=None))
    click.echo(f"Created cohort {cohort.name} for {p.name}.")


@partners_group.command("add-member")
@click.argument("partner")
@click.argument("cohort")
@click.argument("email")
@with_appcontext
def add_member(partner: str, cohort: str, email: str) -> None:
    """Add the trainee EMAIL to COHORT of PARTNER."""
    p = _partner(partner)
    c = _cohort(p, cohort)
    user = _run(lambda: partners.add_member(c, email, actor=None))
    click.echo(f"{user.email} is now a member of {c.name} ({p.name}).")


COMMANDS = [partners_group]
