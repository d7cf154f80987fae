"""The trainee's certification checklist, their licence submission and certificate status."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from ...services.evidence import evidence, licences
from .. import checklist
from ..service_call import call_service
from . import bp


class LicenceForm(FlaskForm):
    profession = StringField(
        _l("Profession"),
        validators=[DataRequired(), Length(max=120)],
        description=_l("For example physiotherapist, chiropractor or physician."),
    )
    licence_number = StringField(
        _l("Licence number"),
        validators=[DataRequired(), Length(max=64)],
        description=_l("Your authorisation number (in Norway: HPR number)."),
    )
    country = StringField(
        _l("Country (ISO code)"),
        validators=[DataRequired(), Length(max=2)],
        default="NO",
        description=_l("Two letters, for example NO for Norway or SE for Sweden."),
    )
    submit = SubmitField(_l("Submit licence"))


def _render(form: LicenceForm, status: int = 200) -> tuple[str, int]:
    program = evidence.default_program()
    return render_template(
        "learn/certification.html",
        form=form,
        program=program,
        checklist=checklist.checklist_for(current_user.id, program, datetime.now(UTC))
        if program
        else None,
        evidence=evidence.evidence_for(current_user.id, program),
    ), status


@bp.route("/certification")
def certification() -> ResponseReturnValue:
    return _render(LicenceForm())


@bp.route("/certification/licence", methods=["POST"])
def submit_licence() -> ResponseReturnValue:
    form = LicenceForm()
    if form.validate_on_submit() and call_service(
        lambda: licences.submit_licence(
            current_user, form.profession.data, form.licence_number.data, form.country.data
        ),
        form=form,
        field="profession",
    ):
        flash(_("Your licence is submitted. An administrator will check it."), "success")
        return redirect(url_for("learn.certification"))
    return _render(form, 422)
