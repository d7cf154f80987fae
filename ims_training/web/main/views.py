"""Landing page, per-role dashboard, language switch and the health check."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, session
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import text

from ...extensions import csrf, db
from ...models import Role
from ...page_cache.pages import cached_page, viewer_vary
from ...security.access import public
from ...security.current_user import CurrentUser
from ...services.accounts import accounts
from ...services.partners import partners
from ..urls import safe_next
from . import bp, dashboard


@bp.route("/")
@public
@cached_page  # content only (and, logged in, the viewer's own name): issue 13
def landing() -> ResponseReturnValue:
    return render_template("main/landing.html")


# Roles whose dashboard panels show only the viewer's own data, content, and (coordinators) their
# cohorts' members' progress, which the key follows (`_coordinator_members`). Instructors' and
# administrators' panels show other people's data no key follows (audit events, ready lists,
# item statistics): their dashboards are never cached.
_CACHED_DASHBOARD_ROLES = frozenset({Role.TRAINEE, Role.COORDINATOR})


def _cached_dashboard() -> bool:
    return current_user.is_authenticated and current_user.roles <= _CACHED_DASHBOARD_ROLES


@viewer_vary
def _coordinator_members(viewer: CurrentUser | None) -> tuple[int, int] | None:
    """The coordinator panel's cohorts' members' versions (partners.coordinated_members_version);
    None, and no query, for anyone who sees no coordinator panel on a cached dashboard."""
    if (
        viewer is None
        or Role.COORDINATOR not in viewer.roles
        or not viewer.roles <= _CACHED_DASHBOARD_ROLES
    ):
        return None
    return partners.coordinated_members_version(viewer.id)


@bp.route("/dashboard", endpoint="dashboard")
@cached_page(when=_cached_dashboard, vary=_coordinator_members)
def dashboard_view() -> ResponseReturnValue:
    return render_template("main/dashboard.html", panels=dashboard.panels_for(current_user))


@bp.route("/language", methods=["POST"])
@public
@csrf.exempt
def set_language() -> ResponseReturnValue:
    """Switch the interface language.

    Logged in, the choice is saved on the account, so the CSRF token is required (checked here,
    the view being exempt from the app-wide check). Anonymous, the switch only sets the visitor's
    own `lang` cookie: a forged one could change a browser's language and nothing else, and
    asking for a token would give every anonymous page a session and a token of its own (issue 13,
    point 4: anonymous visitors get neither until a page has a real form)."""
    lang = request.form.get("lang", "")
    response = redirect(safe_next(request.form.get("next"), "main.landing"))
    if current_user.is_authenticated and current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()  # raises CSRFError (the usual 400 page) without a valid token
    if lang in current_app.config["LANGUAGES"]:
        response.set_cookie(
            "lang",
            lang,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=True,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
        if current_user.is_authenticated:
            session["lang"] = lang
            accounts.set_locale(current_user.row(), lang)
        elif session:  # a visitor who already has a session: keep the two in step
            session["lang"] = lang
    return response


@bp.route("/healthz")
@public
def healthz() -> ResponseReturnValue:
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
    except Exception:
        current_app.logger.exception("health check: database unreachable")
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}
