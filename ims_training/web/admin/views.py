"""Administrators: users and their roles."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db
from ...models import Role, User
from ...services.accounts import accounts
from ...services.audit import audit_log
from ..confirm import check_expected, confirmation, confirmed
from ..service_call import call_service
from ..urls import page_arg
from . import bp
from .forms import ROLE_LABELS, AccountStatusForm, RolesForm

PAGE_SIZE = 50


@bp.route("/users")
def users() -> ResponseReturnValue:
    q = (request.args.get("q") or "").strip()
    pagination = accounts.search_accounts(q, page_arg(), PAGE_SIZE)
    return render_template("admin/users.html", pagination=pagination, q=q, role_labels=ROLE_LABELS)


@bp.route("/users/<int:user_id>")
def user_detail(user_id: int) -> ResponseReturnValue:
    user = db.get_or_404(User, user_id)
    form = RolesForm(data={"roles": [r.value for r in user.roles]})
    history = audit_log.recent(50, about_user_id=user.id)
    return render_template(
        "admin/user_detail.html",
        user=user,
        form=form,
        status_form=AccountStatusForm(),
        history=history,
        role_labels=ROLE_LABELS,
    )


@bp.route("/users/<int:user_id>/roles", methods=["POST"])
def user_roles(user_id: int) -> ResponseReturnValue:
    user = db.get_or_404(User, user_id)
    form = RolesForm()
    if form.validate_on_submit():
        wanted = {Role(r) for r in form.roles.data or []}
        saved = call_service(
            lambda: accounts.set_roles(user, wanted, set(Role) - wanted, actor=current_user)
        )
        if saved:
            granted, removed = saved.value
            flash(
                _(
                    "Roles saved: %(granted)s granted, %(removed)s removed.",
                    granted=len(granted),
                    removed=len(removed),
                ),
                "success",
            )
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.route("/users/<int:user_id>/status", methods=["POST"])
def user_status(user_id: int) -> ResponseReturnValue:
    """Disable (after a confirmation naming the consequence) or enable an account."""
    user = db.get_or_404(User, user_id)
    form = AccountStatusForm()
    if form.validate_on_submit():
        state = "enabled" if user.is_enabled else "disabled"
        check_expected(state)  # a second, stale "disable" must not enable the account again
        if user.is_enabled and not confirmed():
            return confirmation(
                title=_("Disable the account of %(name)s?", name=user.name),
                consequences=[
                    _(
                        "%(email)s is logged out everywhere at once and cannot log in until the "
                        "account is enabled again.",
                        email=user.email,
                    ),
                    _("Their records, results and certificates are kept."),
                ],
                action=url_for("admin.user_status", user_id=user.id),
                button=_("Disable the account"),
                cancel=url_for("admin.user_detail", user_id=user.id),
                fields={"reason": form.reason.data or ""},
                expected=state,
                danger=True,
            )
        if call_service(
            lambda: accounts.set_enabled(
                user, not user.is_enabled, actor=current_user, reason=form.reason.data or None
            )
        ):
            flash(
                _("The account is enabled.")
                if user.is_enabled
                else _("The account is disabled and its sessions have ended."),
                "success",
            )
    return redirect(url_for("admin.user_detail", user_id=user.id))
