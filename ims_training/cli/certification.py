"""`flask programs ensure-default`, `flask certificates expire` and `flask certificates resign`."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask.cli import with_appcontext

from ..services.certification import certificates
from ..services.certification.programs import ensure_default_program


@click.group("programs")
def programs_group() -> None:
    """Certification programs."""


@programs_group.command("ensure-default")
@with_appcontext
def ensure_default() -> None:
    """Create (or update) the default "IMS Practitioner" program."""
    program, created = ensure_default_program()
    click.echo(
        f"{'Created' if created else 'Updated'} program {program.key} "
        f"(valid {program.validity_months} months, renewal {program.renewal_hours:g} CE hours)."
    )


@click.group("certificates")
def certificates_group() -> None:
    """Certificates."""


@certificates_group.command("expire")
@with_appcontext
def expire() -> None:
    """Mark every active certificate past its expiry day as expired (run daily)."""
    changed = certificates.expire_lapsed(datetime.now(UTC))
    for cert in changed:
        click.echo(
            f"  expired {cert.public_code} {cert.holder_name} (valid until {cert.expires_on})"
        )
    click.echo(f"{len(changed)} certificate(s) expired.")


@certificates_group.command("resign")
@with_appcontext
def resign() -> None:
    """Re-sign every certificate's credential with the current key (RS256, Open Badges 3.0)."""
    count = certificates.resign_credentials()
    click.echo(f"{count} credential(s) re-signed.")


COMMANDS = [programs_group, certificates_group]
