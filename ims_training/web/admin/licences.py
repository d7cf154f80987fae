"""Administrators check trainees' professional licences (verify, or reject with a note)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from ...models.certification import LICENCE_STATUSES as STATUSES
from ...services.evidence import licences, record_corrections
from ..service_call import call_service
from ..urls import page_arg
from . import bp


class LicenceCheckForm(FlaskForm):
    decision = RadioField(
        _l("Decision"),
        choices=[("verify", _l("Verify")), ("reject", _l("Reject"))],
        validators=[DataRequired()],
    )
    note = StringField(
        _l("Note"),
        validators=[Optional(), Length(max=500)],
        description=_l("Required when rejecting; the trainee sees it."),
    )
    submit = SubmitField(_l("Save check"))


@bp.route("/licences")
def licences_list() -> ResponseReturnValue:
    status = request.args.get("status", "pending")
    status = status if status in STATUSES or status == "" else "pending"
    pagination, holders = licences.listing(status, page_arg())
    return render_template(
        "admin/licences.html", pagination=pagination, holders=holders, status=status
    )


@bp.route("/licences/<int:licence_id>/check", methods=["POST"])
def check_licence(licence_id: int) -> ResponseReturnValue:
    licence = licences.get_licence(licence_id) or abort(404)
    form = LicenceCheckForm()
    if not form.validate_on_submit():
        flash(_("Choose verify or reject."), "error")
    elif call_service(
        lambda: licences.check_licence(
            licence, form.decision.data == "verify", form.note.data, actor=current_user
        )
    ):
        flash(_("The licence is checked."), "success")
    return redirect(url_for("admin.licences_list", status=request.args.get("status", "pending")))


@bp.route("/licences/<int:licence_id>/withdraw", methods=["POST"])
def withdraw_licence(licence_id: int) -> ResponseReturnValue:
    """Withdraw a submission (e.g. a duplicate) with a reason; the row stays, marked withdrawn."""
    licences.get_licence(licence_id) or abort(404)
    form = FlaskForm()
    if not form.validate_on_submit():
        abort(400)
    if call_service(
        lambda: record_corrections.withdraw_licence(
            licence_id, reason=request.form.get("reason"), actor=current_user
        )
    ):
        flash(
            _("The licence submission is withdrawn; the reason is in the audit trail."), "success"
        )
    return redirect(url_for("admin.licences_list", status=request.args.get("status", "pending")))
