"""Server-side sessions: a row per logged-in session, so log-out ends it for good.

The session cookie carries a random id (`_sid`); the database keeps only its SHA-256. Flask-Login's
user loader accepts a cookie only while its row exists and the account's session token matches, in
one query. See models.accounts.UserSession and docs/security.md.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import delete, select

from ..database import write_transaction
from ..extensions import db
from ..models import User, UserSession

SID = "_sid"  # the key of the session id in the (signed) session cookie


def _hash(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


def open_session(user: User) -> str:
    """A new session id for `user`; the account's sessions past the absolute lifetime are pruned."""
    sid = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    oldest = now - current_app.config["SESSION_ABSOLUTE_TIMEOUT"]
    with write_transaction():
        db.session.execute(delete(UserSession).where(UserSession.user_id == user.id,
                                                     UserSession.created_at < oldest))
        db.session.add(UserSession(user_id=user.id, sid_hash=_hash(sid), created_at=now))
    return sid


def close_session(sid: str | None) -> None:
    """End one session on the server (log-out); an unknown id is ignored."""
    if sid:
        with write_transaction():
            db.session.execute(delete(UserSession).where(UserSession.sid_hash == _hash(sid)))


def close_other_sessions(user: User, sid: str | None) -> int:
    """End every session of `user` except the one with id `sid`; returns how many ended."""
    with write_transaction():
        result = db.session.execute(delete(UserSession).where(
            UserSession.user_id == user.id, UserSession.sid_hash != _hash(sid or "")))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def forget_all_sessions(user_id: int) -> None:
    """Delete every session row of an account, inside the caller's transaction (no commit)."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user_id))


def user_of_session(user_id: int, account_token: str, sid: str) -> User | None:
    """The enabled user whose account token and open session match the cookie, or None."""
    stmt = (
        select(User)
        .join(UserSession, UserSession.user_id == User.id)
        .where(User.id == user_id, UserSession.sid_hash == _hash(sid))
    )
    user = db.session.execute(stmt).unique().scalar_one_or_none()
    if user is None or not user.is_enabled or not secrets.compare_digest(user.session_token, account_token):
        return None
    return user
