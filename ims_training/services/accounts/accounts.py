"""Accounts: registration, authentication, passwords, reset tokens, roles, disabling."""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from ...database import write_transaction
from ...extensions import db
from ...models import PasswordResetToken, Role, User, UserRole
from ...models.accounts import new_session_token, normalise_email
from ...security.passwords import PasswordProblem, normalise, password_problems
from .. import ServiceError
from ..audit.audit import record
from . import sessions


@functools.lru_cache(maxsize=4)
def _dummy_hash(method: str) -> str:
    """A hash no password matches, made with the same method and scrypt parameters as real ones,
    so checking it for an unknown e-mail costs what a wrong password costs (no enumeration)."""
    return generate_password_hash(secrets.token_hex(16), method=method)


def _hash_method() -> str:
    return str(current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"))


def password_problem_message(problem: PasswordProblem) -> str:
    return {
        PasswordProblem.TOO_SHORT: _(
            "Use at least 12 characters. A passphrase of several words works well."
        ),
        PasswordProblem.TOO_LONG: _("Use at most 256 characters."),
        PasswordProblem.TOO_COMMON: _(
            "This password is among the most commonly used ones. Choose another."
        ),
        PasswordProblem.CONTAINS_EMAIL: _("Do not use your e-mail address in the password."),
        PasswordProblem.REPETITIVE: _("The password repeats the same characters. Choose another."),
    }[problem]


def check_new_password(password: str, email: str = "", name: str = "") -> None:
    problems = password_problems(password, email=email, name=name)
    if problems:
        raise ServiceError(
            " ".join(password_problem_message(p) for p in problems), field="password"
        )


def hash_password(password: str) -> str:
    return generate_password_hash(normalise(password), method=_hash_method())


def find_user_by_email(email: str) -> User | None:
    """The account with this address in any case: equality on the stored normalised form, so the
    unique index on users.email answers it."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def search_accounts(q: str, page: int, per_page: int) -> Any:
    """One page of accounts by name, those whose e-mail or name contains `q` (any case)."""
    stmt = select(User).order_by(User.name)
    if q:
        like = f"%{q.lower()}%"
        stmt = stmt.where(or_(func.lower(User.email).like(like), func.lower(User.name).like(like)))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


@dataclass(frozen=True)
class AccountCounts:
    """How many accounts there are, how many are disabled, and how many hold each role."""

    total: int
    disabled: int
    by_role: dict[str, int]


def account_counts() -> AccountCounts:
    by_role = dict(
        db.session.execute(select(UserRole.role, func.count()).group_by(UserRole.role)).all()
    )
    total = db.session.scalar(select(func.count()).select_from(User)) or 0
    disabled = (
        db.session.scalar(select(func.count()).select_from(User).where(User.is_enabled.is_(False)))
        or 0
    )
    return AccountCounts(total=total, disabled=disabled, by_role=by_role)


def count_with_role(role: Role) -> int:
    return (
        db.session.scalar(
            select(func.count()).select_from(UserRole).where(UserRole.role == role.value)
        )
        or 0
    )


def create_user(
    email: str,
    name: str,
    password: str,
    roles: tuple[Role, ...] = (Role.TRAINEE,),
    *,
    actor: User | None = None,
    check_policy: bool = True,
) -> User:
    """Create an account; the e-mail must be new (case-insensitive)."""
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise ServiceError(_("An account with this e-mail address already exists."), field="email")
    if check_policy:
        check_new_password(password, email, name)
    with write_transaction():
        user = User(email=email, name=name.strip(), password_hash=hash_password(password))
        for role in roles:
            user.role_rows.append(UserRole(role=role.value))
        db.session.add(user)
        db.session.flush()
        record(
            "account.created",
            actor=actor or user,
            target_user=user,
            roles=sorted(r.value for r in roles),
        )
        for role in roles:
            record("role.granted", actor=actor or user, target_user=user, role=role.value)
    return user


def register(email: str, name: str, password: str) -> User | None:
    """Self-registration: a new trainee account, or None when the e-mail already has one.

    The caller answers both the same way and tells the owner by e-mail, so the page never reveals
    which addresses have accounts. The password is hashed either way, so the time does not tell.
    """
    check_new_password(password, normalise_email(email), name)
    if find_user_by_email(email) is None:
        try:
            return create_user(email, name, password, check_policy=False)
        except (ServiceError, IntegrityError):  # registered by a parallel request a moment ago
            return None
    hash_password(password)
    return None


def authenticate(email: str, password: str) -> User | None:
    """The user if the e-mail and password match an enabled account, else None."""
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_dummy_hash(_hash_method()), normalise(password))
        return None
    if not check_password_hash(user.password_hash, normalise(password)):
        return None
    if not user.is_enabled:
        return None
    # A write after a read in one deferred SQLite transaction fails at once under concurrency
    # ("database is locked", not retried by busy_timeout); take the write lock up front.
    with write_transaction():
        user.last_login_at = datetime.now(UTC)
    return user


def change_password(user: User, current: str, new: str) -> None:
    if not check_password_hash(user.password_hash, normalise(current)):
        raise ServiceError(_("The current password is not correct."), field="current_password")
    check_new_password(new, user.email, user.name)
    with write_transaction():
        user.password_hash = hash_password(new)
        user.session_token = new_session_token()  # other sessions of this account end
        _void_account_secrets(user.id)
        record("account.password_changed", actor=user, target_user=user)


def _void_account_secrets(user_id: int) -> None:
    """Inside a password change, reset or disabling: every outstanding reset link of the account
    stops working and every server-side session ends (the caller starts a fresh one if needed)."""
    db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user_id, PasswordResetToken.used_at.is_(None))
        .values(used_at=datetime.now(UTC))
    )
    sessions.forget_all_sessions(user_id)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_reset_token(email: str) -> tuple[User, str] | None:
    """A one-time token for the account, or None for unknown/disabled e-mails (said nowhere)."""
    user = find_user_by_email(email)
    if user is None or not user.is_enabled:
        return None
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    with write_transaction():
        db.session.add(
            PasswordResetToken(
                user_id=user.id,
                token_hash=_token_hash(token),
                created_at=now,
                expires_at=now + current_app.config["PASSWORD_RESET_TTL"],
            )
        )
    return user, token


def reset_password(token: str, new_password: str) -> User:
    """Set a new password with a reset token; the token works once and only before it expires."""
    with write_transaction():
        row = db.session.scalar(
            select(PasswordResetToken).where(PasswordResetToken.token_hash == _token_hash(token))
        )
        now = datetime.now(UTC)
        if row is None or row.used_at is not None:
            raise ServiceError(
                _("This reset link has already been used or is not valid. Ask for a new one.")
            )
        if row.expires_at <= now:
            raise ServiceError(_("This reset link has expired. Ask for a new one."))
        user = row.user
        check_new_password(new_password, user.email, user.name)
        user.password_hash = hash_password(new_password)
        user.session_token = new_session_token()
        _void_account_secrets(user.id)
        row.used_at = now
        record("account.password_reset", actor=user, target_user=user)
    return user


def set_roles(
    user: User, add: set[Role], remove: set[Role], *, actor: User | None
) -> tuple[set[Role], set[Role]]:
    """Grant and remove roles; each change is recorded. Returns (granted, removed)."""
    current = set(user.roles)
    granted = add - current
    removed = remove & current
    if actor is not None and actor.id == user.id and Role.ADMINISTRATOR in removed:
        raise ServiceError(_("You cannot remove your own administrator role."), field="roles")
    with write_transaction():
        for role in granted:
            user.role_rows.append(UserRole(role=role.value))
            record("role.granted", actor=actor, target_user=user, role=role.value)
        for row in [r for r in user.role_rows if Role(r.role) in removed]:
            user.role_rows.remove(row)
            record("role.removed", actor=actor, target_user=user, role=row.role)
    return granted, removed


def set_enabled(
    user: User, enabled: bool, *, actor: User | None, reason: str | None = None
) -> None:
    """Disable or re-enable an account; disabling ends all its sessions at once."""
    if actor is not None and actor.id == user.id and not enabled:
        raise ServiceError(_("You cannot disable your own account."))
    with write_transaction():
        user.is_enabled = enabled
        user.session_token = new_session_token()
        _void_account_secrets(user.id)
        record(
            "account.enabled" if enabled else "account.disabled",
            actor=actor,
            target_user=user,
            reason=reason,
        )


def set_locale(user: User, locale: str) -> None:
    with write_transaction():
        user.locale = locale
