"""Accounts: users, their roles and password-reset tokens."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..extensions import Model
from .types import UTCDateTime, one_of, utcnow

if TYPE_CHECKING:

    class UserMixin:
        """What User takes from Flask-Login's UserMixin. Flask-Login ships no types, so the real
        class is Any to mypy, and so would every attribute of User be, typos included."""

        @property
        def is_authenticated(self) -> bool: ...
        @property
        def is_anonymous(self) -> bool: ...
else:
    from flask_login import UserMixin


class Role(enum.StrEnum):
    """The four roles; a user may hold several."""

    TRAINEE = "trainee"
    INSTRUCTOR = "instructor"
    ADMINISTRATOR = "administrator"
    COORDINATOR = "coordinator"


def normalise_email(email: str) -> str:
    """The one stored and compared form of an e-mail address: stripped and lower-cased.

    Stored this way at every write (`User.email`'s validator), so a lookup is plain equality on
    the unique column and uses its index; `lower(email) = ...` could not, without a second,
    functional index (see docs/security.md, "E-mail addresses").
    """
    return email.strip().lower()


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(
        String(254), unique=True
    )  # normalise_email(), at every write
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str | None] = mapped_column(String(8))
    is_enabled: Mapped[bool] = mapped_column(default=True)
    # Part of the Flask-Login id: rotating it ends every session of this account.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    city: Mapped[str | None] = mapped_column(String(120))
    profession: Mapped[str | None] = mapped_column(String(120))
    # Bumped in the same transaction as any write to this user's own data (progress, attempts,
    # roles, the account itself), so a cached page of theirs is never served stale.
    # See ims_training/page_cache/versions.py.
    page_version: Mapped[int] = mapped_column(default=0, server_default="0")

    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="joined"
    )

    @validates("email")
    def _normalised_email(self, _key: str, email: str) -> str:
        return normalise_email(email)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.is_enabled

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(Role(r.role) for r in self.role_rows)

    def has_role(self, *roles: Role | str) -> bool:
        mine = {r.value for r in self.roles}
        return any(str(r) in mine for r in roles)

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class UserRole(Model):
    __tablename__ = "user_roles"
    __table_args__ = (one_of("role", Role),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship(back_populates="role_rows")


class PasswordResetToken(Model):
    """One-time reset token; only its SHA-256 is stored, so a database leak reveals no token."""

    __tablename__ = "password_reset_tokens"
    __table_args__ = (UniqueConstraint("token_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class UserSession(Model):
    """A logged-in session, kept on the server so that log-out really ends it.

    The cookie carries a random session id; only its SHA-256 is stored. Log-out deletes the row,
    so a cookie copied before log-out opens nothing afterwards ("log out of all other sessions"
    deletes the account's other rows). The account-wide `User.session_token` still ends every
    session at once (password change, disabling).
    """

    __tablename__ = "user_sessions"
    __table_args__ = (UniqueConstraint("sid_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    sid_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
