"""Deny by default: every blueprint guards all its routes in one before_request hook."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Blueprint, abort, current_app, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..extensions import login_manager
from ..models import Role

F = TypeVar("F", bound=Callable[..., object])

PUBLIC_ATTR = "_ims_public"


def public(view: F) -> F:
    """Mark one view of a guarded blueprint as open to everyone (e.g. the login page)."""
    setattr(view, PUBLIC_ATTR, True)
    return view


def guard_blueprint(bp: Blueprint, *roles: Role, allow_anonymous: bool = False) -> None:
    """Require a logged-in user holding one of `roles` for every route of `bp`.

    With no roles any logged-in user passes; with allow_anonymous everyone passes (public
    blueprints). Views marked @public are open. A route added later inherits the check.
    """

    @bp.before_request
    def _check_access() -> ResponseReturnValue | None:
        if allow_anonymous:
            return None
        view = current_app.view_functions.get(request.endpoint or "")
        if view is not None and getattr(view, PUBLIC_ATTR, False):
            return None
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if roles and not current_user.has_role(*roles):
            abort(403)
        return None
