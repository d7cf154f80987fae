"""Whether a session cookie's contents still open a session: the one set of checks run by Flask
(Flask-Login's user loader, the timeouts hook) and by the page-cache WSGI layer in front of it.

Why one module: the layer (page_cache/layer.py) answers before Flask, so it must judge a
cookie exactly as Flask would, never by a copy of the rules that could drift. Each function takes
the session's contents (a mapping) and plain values, not Flask's request globals.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Mapping
from hashlib import sha512
from typing import Any

from ..services.accounts import sessions
from .current_user import CurrentUser

USER_ID = "_user_id"  # Flask-Login's key: "<user id>:<account token>"
LOGIN_AT = "_login_at"
SEEN_AT = "_seen_at"
# The idle-timeout stamp moves at most this often, so the cookie (re-sent when it changes) stays
# the same between stamps; a request due a new stamp is always answered by Flask.
STAMP_SECONDS = 30


VIEWER = "ims.session_viewer"  # WSGI environ: the answer for this request's session, once read


def viewer_of(data: Mapping[str, Any], environ: dict[str, Any] | None = None) -> CurrentUser | None:
    """The user a session's contents name, while its server-side row exists (log-out deletes it),
    the account token in the id matches (a password change or disabling rotates it) and the
    account is enabled; else None. One plain query (services/accounts/sessions.user_of_session), asked
    once per request: the answer is kept in the request's `environ`, so a request the page-cache
    layer hands on to Flask does not read the same row twice."""
    session_id, sid = data.get(USER_ID), data.get(sessions.SID)
    if not isinstance(session_id, str) or not isinstance(sid, str):
        return None
    user_id, _sep, token = session_id.partition(":")
    if not user_id.isdigit() or len(user_id) > 18 or not token:
        return None
    known = environ.get(VIEWER) if environ is not None else None
    if known is not None and known[0] == (session_id, sid):
        return known[1]
    viewer = sessions.user_of_session(int(user_id), token, sid)
    if environ is not None:
        environ[VIEWER] = ((session_id, sid), viewer)
    return viewer


class Lifetime(enum.Enum):
    LIVE = "live"  # within both timeouts, no new stamp due
    STAMP_DUE = "stamp due"  # live, but the idle stamp should move (Flask writes it)
    EXPIRED = "expired"  # past the idle or the absolute timeout: the session ends


def lifetime(
    data: Mapping[str, Any], now: int, idle_seconds: float, absolute_seconds: float
) -> Lifetime:
    """Where a logged-in session stands against the idle and absolute timeouts at `now`."""
    login_at, seen_at = data.get(LOGIN_AT, 0), data.get(SEEN_AT, 0)
    if now - login_at > absolute_seconds or now - seen_at > idle_seconds:
        return Lifetime.EXPIRED
    if now - seen_at >= STAMP_SECONDS:
        return Lifetime.STAMP_DUE
    return Lifetime.LIVE


def session_identifier(
    forwarded_for: str | None, remote_addr: str | None, user_agent: str | None
) -> str:
    """Flask-Login's session-protection hash of the client address and User-Agent, on the raw
    header values (installed as its identifier generator, so both paths hash alike; byte for byte
    Flask-Login's own, tested). Kept for the few distinct clients a worker sees at a time."""
    return _identifier(forwarded_for if forwarded_for is not None else remote_addr, user_agent)


@functools.lru_cache(maxsize=4096)
def _identifier(address: str | None, user_agent: str | None) -> str:
    first = address.encode("utf-8").split(b",")[0].strip() if address is not None else None
    agent = user_agent.encode("utf-8") if user_agent is not None else None
    # Flask-Login formats the bytes themselves (b'...'); repr() is what its f-string produces.
    return sha512(f"{first!r}|{agent!r}".encode()).hexdigest()


def protection_changes_session(data: Mapping[str, Any], identifier: str, mode: str | None) -> bool:
    """True when Flask-Login's session protection (`mode`: "basic", "strong" or off) would write
    to this session: a session from another address or browser is marked non-fresh (basic, or a
    permanent session) or cleared (strong); either re-sends the cookie."""
    if mode not in ("basic", "strong") or not data or data.get("_id") == identifier:
        return False
    if mode == "basic" or data.get("_permanent"):
        return data.get("_fresh") is not False
    return True
