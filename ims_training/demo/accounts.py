"""Demo accounts, one per role; re-running resets their password to the given one."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..database import write_transaction
from ..models import Role
from ..services.accounts import accounts

if TYPE_CHECKING:
    from . import DemoReport


DEMO_ACCOUNTS = [
    ("admin@example.org", "Ada Administrator", (Role.ADMINISTRATOR,)),
    ("instructor@example.org", "Ingrid Instruktør", (Role.INSTRUCTOR,)),
    ("coordinator@example.org", "Kari Koordinator", (Role.COORDINATOR,)),
    ("trainee@example.org", "Tor Trainee", (Role.TRAINEE,)),
]


def seed(password: str, report: DemoReport, echo: Callable[[str], None]) -> None:
    for email, name, roles in DEMO_ACCOUNTS:
        user = accounts.find_user_by_email(email)
        if user is None:
            user = accounts.create_user(email, name, password, roles, check_policy=False)
            echo(f"created {email}")
        else:
            with write_transaction():
                user.password_hash = accounts.hash_password(password)
                user.is_enabled = True
            accounts.set_roles(user, set(roles), set(), actor=None)
            echo(f"kept {email} (password reset to the demo password)")
        report.accounts.append((email, sorted(r.value for r in user.roles)))
