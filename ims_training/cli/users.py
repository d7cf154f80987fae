"""`flask users ...`: create accounts, change roles, disable."""

from __future__ import annotations

import secrets

import click
from flask.cli import with_appcontext

from ..models import Role, User
from ..services import ServiceError
from ..services.accounts import accounts

ROLE_CHOICE = click.Choice([r.value for r in Role])


def _user_or_fail(email: str) -> User:
    user = accounts.find_user_by_email(email)
    if user is None:
        raise click.ClickException(
            f"No account with e-mail {email!r}. Create it with `flask users create`."
        )
    return user


@click.group("users")
def users_group() -> None:
    """Manage accounts and roles."""


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option(
    "--role",
    "roles",
    multiple=True,
    type=ROLE_CHOICE,
    default=["trainee"],
    show_default=True,
    help="Repeat for several roles.",
)
@click.option(
    "--password", envvar="IMS_NEW_PASSWORD", help="Default: a generated one, printed once."
)
@with_appcontext
def create(email: str, name: str, roles: tuple[str, ...], password: str | None) -> None:
    """Create an account."""
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    try:
        user = accounts.create_user(email, name, password, tuple(Role(r) for r in roles))
    except ServiceError as e:
        raise click.ClickException(f"{e.field or 'input'}: {e.message}") from e
    click.echo(f"Created {user.email} with roles: {', '.join(sorted(roles))}")
    if generated:
        click.echo(f"Password: {password}")


@users_group.command("roles")
@click.argument("email")
@click.option("--add", "add", multiple=True, type=ROLE_CHOICE)
@click.option("--remove", "remove", multiple=True, type=ROLE_CHOICE)
@with_appcontext
def roles(email: str, add: tuple[str, ...], remove: tuple[str, ...]) -> None:
    """Show an account's roles, or add and remove them (recorded in the audit trail)."""
    user = _user_or_fail(email)
    if add or remove:
        try:
            granted, removed = accounts.set_roles(
                user, {Role(r) for r in add}, {Role(r) for r in remove}, actor=None
            )
        except ServiceError as e:
            raise click.ClickException(e.message) from e
        click.echo(
            f"Granted: {', '.join(sorted(granted)) or '-'}; removed: {', '.join(sorted(removed)) or '-'}"
        )
    click.echo(f"{user.email}: {', '.join(sorted(r.value for r in user.roles)) or '(no roles)'}")


@users_group.command("disable")
@click.argument("email")
@click.option("--reason", default=None)
@with_appcontext
def disable(email: str, reason: str | None) -> None:
    """Disable an account; its sessions stop working at once."""
    user = _user_or_fail(email)
    accounts.set_enabled(user, False, actor=None, reason=reason)
    click.echo(f"Disabled {user.email}.")


@users_group.command("enable")
@click.argument("email")
@with_appcontext
def enable(email: str) -> None:
    """Enable a disabled account again."""
    user = _user_or_fail(email)
    accounts.set_enabled(user, True, actor=None)
    click.echo(f"Enabled {user.email}.")


COMMANDS = [users_group]
