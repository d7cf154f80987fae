"""Server-side sessions: a row per logged-in session, so log-out ends it for good.

The session cookie carries a random id (`_sid`); the database keeps only its SHA-256. Flask-Login's
user loader accepts a cookie only while its row exists and the account's session token matches, in
one query. See models.accounts.UserSession and docs/security.md.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import CursorResult, bindparam, delete, select

from ...database import read_rows, write_transaction
from ...extensions import db
from ...models import Role, User, UserRole, UserSession
from ...security.current_user import CurrentUser

SID = "_sid"  # the key of the session id in the (signed) session cookie


def _hash(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


@functools.lru_cache(maxsize=4096)
def _hash_of_cookie(sid: str) -> str:
    """`_hash` kept for the sessions a worker sees at a time (every request of a session hashes
    its id again to find its row)."""
    return _hash(sid)


@functools.lru_cache(maxsize=64)
def _roles(names: tuple[str, ...]) -> frozenset[Role]:
    return frozenset(Role(name) for name in names)


def open_session(user: User | CurrentUser) -> str:
    """A new session id for `user`; the account's sessions past the absolute lifetime are pruned."""
    sid = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    oldest = now - current_app.config["SESSION_ABSOLUTE_TIMEOUT"]
    with write_transaction():
        db.session.execute(
            delete(UserSession).where(
                UserSession.user_id == user.id, UserSession.created_at < oldest
            )
        )
        db.session.add(UserSession(user_id=user.id, sid_hash=_hash(sid), created_at=now))
    return sid


def close_session(sid: str | None) -> None:
    """End one session on the server (log-out); an unknown id is ignored."""
    if sid:
        with write_transaction():
            db.session.execute(delete(UserSession).where(UserSession.sid_hash == _hash(sid)))


def close_other_sessions(user: User | CurrentUser, sid: str | None) -> int:
    """End every session of `user` except the one with id `sid`; returns how many ended."""
    with write_transaction():
        result = db.session.execute(
            delete(UserSession).where(
                UserSession.user_id == user.id, UserSession.sid_hash != _hash(sid or "")
            )
        )
    assert isinstance(
        result, CursorResult
    )  # what a DELETE returns; Session.execute is typed as Result
    return int(result.rowcount or 0)


def forget_all_sessions(user_id: int) -> None:
    """Delete every session row of an account, inside the caller's transaction (no commit)."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user_id))


_USERS = User.__table__
_ROLES = UserRole.__table__
_SESSIONS = UserSession.__table__
# One statement, compiled once: the account, its roles (one row each) and the session's row.
_VIEWER = (
    select(
        _USERS.c.id,
        _USERS.c.name,
        _USERS.c.locale,
        _USERS.c.page_version,
        _USERS.c.session_token,
        _USERS.c.is_enabled,
        _ROLES.c.role,
    )
    .select_from(
        _USERS.join(_SESSIONS, _SESSIONS.c.user_id == _USERS.c.id).outerjoin(
            _ROLES, _ROLES.c.user_id == _USERS.c.id
        )
    )
    .where(_USERS.c.id == bindparam("user_id"), _SESSIONS.c.sid_hash == bindparam("sid_hash"))
)


def user_of_session(user_id: int, account_token: str, sid: str) -> CurrentUser | None:
    """The enabled user whose account token and open session match the cookie, or None.

    One plain Core query outside the ORM session (no BEGIN on SQLite); the answer is a small
    read-only CurrentUser (security/current_user.py), whose `.row()` is the ORM row for writes."""
    rows = read_rows(_VIEWER, {"user_id": user_id, "sid_hash": _hash_of_cookie(sid)})
    if not rows:
        return None
    first = rows[0]
    if not first.is_enabled or not secrets.compare_digest(first.session_token, account_token):
        return None
    return CurrentUser(
        id=first.id,
        name=first.name,
        locale=first.locale,
        page_version=first.page_version,
        session_token=first.session_token,
        is_enabled=bool(first.is_enabled),
        roles=_roles(tuple(sorted(r.role for r in rows if r.role is not None))),
    )
