"""Session lifetime: a fresh session at login, idle and absolute timeouts."""

from __future__ import annotations

import time

from flask import Flask, current_app, flash, session
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..models import User
from ..services.accounts import sessions
from ..services.accounts.sessions import SID

LOGIN_AT = "_login_at"
SEEN_AT = "_seen_at"


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


def init_session_timeouts(app: Flask) -> None:
    @app.before_request
    def _enforce_timeouts() -> None:
        if not current_user.is_authenticated:
            return
        now = int(time.time())
        login_at = session.get(LOGIN_AT, 0)
        seen_at = session.get(SEEN_AT, 0)
        idle = current_app.config["SESSION_IDLE_TIMEOUT"].total_seconds()
        absolute = current_app.config["SESSION_ABSOLUTE_TIMEOUT"].total_seconds()
        if now - login_at > absolute or now - seen_at > idle:
            end_session()
            flash(_("Your session has expired. Please log in again."), "info")
            return
        if now - seen_at >= 30:  # refresh at most twice a minute to keep the cookie stable
            session[SEEN_AT] = now
