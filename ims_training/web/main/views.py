"""Landing page, per-role dashboard, language switch and the health check."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, session
from flask_login import current_user
from sqlalchemy import text

from ...extensions import db
from ...models import Role
from ...security.access import public
from ...services import accounts, dashboard
from ..auth.forms import EmptyForm
from ..page_cache import cached_page
from ..urls import safe_next
from . import bp


@bp.route("/")
@public
def landing():  # type: ignore[no-untyped-def]
    return render_template("main/landing.html")


def _trainee_only() -> bool:
    """The trainee panels show the viewer's own data and content only; other roles' panels show
    other people's (cohorts, recent audit events), so only trainee-only dashboards are cached."""
    return current_user.is_authenticated and current_user.roles == {Role.TRAINEE}


@bp.route("/dashboard", endpoint="dashboard")
@cached_page(when=_trainee_only)
def dashboard_view():  # type: ignore[no-untyped-def]
    return render_template("main/dashboard.html", panels=dashboard.panels_for(current_user))


@bp.route("/language", methods=["POST"])
@public
def set_language():  # type: ignore[no-untyped-def]
    lang = request.form.get("lang", "")
    response = redirect(safe_next(request.form.get("next"), "main.landing"))
    if EmptyForm().validate_on_submit() and lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
        if current_user.is_authenticated:
            accounts.set_locale(current_user, lang)
    return response


@bp.route("/healthz")
@public
def healthz():  # type: ignore[no-untyped-def]
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
    except Exception:
        current_app.logger.exception("health check: database unreachable")
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}
