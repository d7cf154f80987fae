"""Session lifetime: a fresh session at login, idle and absolute timeouts."""

from __future__ import annotations

import time

from flask import Flask, current_app, flash, request, session
from flask_babel import gettext as _
from flask_login import LoginManager, current_user, login_user, logout_user

from ..models import User
from ..services.accounts import sessions
from ..services.accounts.sessions import SID
from .current_user import CurrentUser
from .session_checks import LOGIN_AT, SEEN_AT, Lifetime, lifetime, session_identifier, viewer_of

__all__ = [
    "LOGIN_AT",
    "SEEN_AT",
    "end_session",
    "init_login",
    "init_session_timeouts",
    "start_session",
]


def start_session(user: User) -> None:
    """Log in with a brand-new session: nothing from the anonymous session carries over."""
    lang = session.get("lang")
    session.clear()
    session.permanent = True
    login_user(user)
    now = int(time.time())
    session[LOGIN_AT] = now
    session[SEEN_AT] = now
    session[SID] = sessions.open_session(user)
    if lang:
        session["lang"] = lang


def end_session() -> None:
    """Log out: the server-side row goes, so a copy of this cookie opens nothing any more."""
    lang = session.get("lang")
    sessions.close_session(session.get(SID))
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang


def _load_user(_session_id: str) -> CurrentUser | None:
    """Flask-Login's loader; the checks are session_checks.viewer_of, as in the page-cache layer."""
    return viewer_of(session, request.environ)


def init_login(login_manager: LoginManager) -> None:
    """Flask-Login judges a session with the same checks as the page-cache WSGI layer."""
    login_manager.user_loader(_load_user)
    # Flask-Login's generator, rewritten on plain values so the layer can call it without a request
    # context; the hash is the same (tests/functional/test_page_cache_layer.py).
    login_manager._session_identifier_generator = lambda: session_identifier(
        request.headers.get("X-Forwarded-For"),
        request.remote_addr,
        request.headers.get("User-Agent"),
    )


def init_session_timeouts(app: Flask) -> None:
    @app.before_request
    def _enforce_timeouts() -> None:
        if not current_user.is_authenticated:
            return
        now = int(time.time())
        config = current_app.config
        state = lifetime(
            session,
            now,
            config["SESSION_IDLE_TIMEOUT"].total_seconds(),
            config["SESSION_ABSOLUTE_TIMEOUT"].total_seconds(),
        )
        if state is Lifetime.EXPIRED:
            end_session()
            flash(_("Your session has expired. Please log in again."), "info")
            return
        if state is Lifetime.STAMP_DUE:  # at most twice a minute, to keep the cookie stable
            session[SEEN_AT] = now
