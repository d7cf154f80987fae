"""Correcting staff records: edit or withdraw a sign-off, clinical case or accommodation (with a
reason, in the audit trail, refused as a conflict when someone else changed it meanwhile), and
record several clinical cases at once."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ...domain import record_changes
from ...models import ClinicalCase, PracticalSignoff, Role
from ...services.evidence import evidence, trainees
from ...services.evidence import record_corrections as service
from ..fields import LocalFloatField
from ..service_call import Outcome, call_service
from . import bp

BATCH_ROWS = 5
WITHDRAW_PREFIX = "withdraw"  # the withdraw form shares the page with the edit form: distinct ids


class ReasonMixin:
    version = HiddenField()
    original = (
        HiddenField()
    )  # the values the form started from (JSON), for merging after a conflict
    reason = TextAreaField(
        _l("Reason for the change"),
        validators=[DataRequired(), Length(max=2000)],
        description=_l("Kept in the audit trail with the change."),
    )


class SignoffEditForm(ReasonMixin, FlaskForm):
    assessed_on = DateField(_l("Date assessed"), validators=[InputRequired()])
    region = StringField(_l("Region needled"), validators=[DataRequired(), Length(max=120)])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Save the correction"))


class CaseEditForm(ReasonMixin, FlaskForm):
    seen_on = DateField(_l("Date of the case"), validators=[InputRequired()])
    hours = LocalFloatField(_l("Hours"), validators=[InputRequired()])
    summary = TextAreaField(
        _l("Summary"),
        validators=[DataRequired(), Length(max=4000)],
        description=_l(
            "No patient identifiers: no names, identity numbers, addresses or phone numbers."
        ),
    )
    submit = SubmitField(_l("Save the correction"))


class WithdrawForm(ReasonMixin, FlaskForm):
    reason = TextAreaField(
        _l("Reason for withdrawing"),
        validators=[DataRequired(), Length(max=2000)],
        description=_l("Kept in the audit trail with the change."),
    )
    submit = SubmitField(_l("Withdraw this record"))


class CaseLineForm(FlaskForm):
    class Meta:
        csrf = False  # part of BatchCaseForm, which has the token

    seen_on = DateField(_l("Date"), validators=[Optional()])
    hours = LocalFloatField(_l("Hours"), validators=[Optional()])
    summary = StringField(_l("Summary"), validators=[Optional(), Length(max=4000)])


class BatchCaseForm(FlaskForm):
    cases = FieldList(FormField(CaseLineForm), min_entries=BATCH_ROWS, max_entries=BATCH_ROWS)
    supervisor_id = SelectField(
        _l("Supervisor"), coerce=int, validate_choice=False, validators=[InputRequired()]
    )
    submit = SubmitField(_l("Record these cases"))


EDIT_FORMS: dict[str, type[FlaskForm]] = {"signoff": SignoffEditForm, "case": CaseEditForm}


def _record_or_404(kind: str, record_id: int) -> service.Record:
    if kind not in service.KINDS:
        abort(404)
    row = service.get_record(kind, record_id)
    if row is None or trainees.get_trainee(row.user_id) is None:
        abort(404)
    return row


def _render(
    kind: str,
    row: service.Record,
    edit_form: FlaskForm | None = None,
    withdraw_form: FlaskForm | None = None,
    error: str | None = None,
    status: int = 200,
) -> tuple[str, int]:
    version = service.version_of(kind, row)
    if kind in EDIT_FORMS and edit_form is None:
        edit_form = EDIT_FORMS[kind](formdata=None, obj=row)
    withdraw_form = withdraw_form or WithdrawForm(formdata=None, prefix=WITHDRAW_PREFIX)
    current = service.values(kind, row)
    for form in (edit_form, withdraw_form):
        if form is not None:
            form.version.data = version  # a re-shown form now carries the current version
            form.original.data = json.dumps(
                {k: v.isoformat() if isinstance(v, date) else v for k, v in current.items()}
            )
    return render_template(
        "author/record_edit.html",
        kind=kind,
        row=row,
        current=service.values(kind, row),
        trainee=trainees.get_trainee(row.user_id),
        edit_form=edit_form,
        withdraw_form=withdraw_form,
        error=error,
    ), status


@bp.route("/records/<kind>/<int:record_id>")
def record_edit(kind: str, record_id: int) -> ResponseReturnValue:
    return _render(kind, _record_or_404(kind, record_id))


def _refused(
    kind: str, row: service.Record, refused: Outcome[Any], **forms: FlaskForm
) -> ResponseReturnValue:
    """A refused correction: after a conflict the current record with this person's input merged
    in (409), else the form again with the refusal at its field or on top (422)."""
    if isinstance(refused.error, service.Conflict):
        fresh = service.current_record(kind, row.id)
        if fresh is None:
            flash(refused.error.message, "error")
            return redirect(url_for("author.trainee_detail", user_id=row.user_id))
        edit_form = forms.get("edit_form")
        if edit_form is not None:
            _merge_into(edit_form, service.values(kind, fresh))
        return _render(kind, fresh, error=refused.error.message, status=409, **forms)
    return _render(kind, row, error=refused.page_error, status=422, **forms)


def _merge_into(form: FlaskForm, current: dict[str, Any]) -> None:
    """After a conflict: keep what this person changed, take the rest from the current record,
    and mark the fields both changed (see domain.record_changes.merge)."""
    try:
        original = json.loads(form.original.data or "{}")
    except ValueError:
        original = {}
    mine = {name: form[name].data for name in current if name in form}
    merged, clashes = record_changes.merge(original, current, mine)
    for name, value in merged.items():
        form[name].data = value
        if hasattr(form[name], "raw_data"):
            form[name].raw_data = None  # show .data, not the submitted text
    for name in clashes:
        form[name].errors = list(form[name].errors) + [
            _(
                "Changed meanwhile by someone else; your value is kept here. "
                "Check it before you save."
            )
        ]


@bp.route("/records/<kind>/<int:record_id>/edit", methods=["POST"])
def record_save(kind: str, record_id: int) -> ResponseReturnValue:
    row = _record_or_404(kind, record_id)
    if kind not in EDIT_FORMS:
        abort(404)
    form = EDIT_FORMS[kind]()
    if not form.validate_on_submit():
        return _render(kind, row, edit_form=form, status=422)

    def save() -> PracticalSignoff | ClinicalCase:
        if kind == "signoff":
            return service.edit_signoff(
                record_id,
                form.version.data or "",
                assessed_on=form.assessed_on.data,
                region=form.region.data or "",
                notes=form.notes.data,
                reason=form.reason.data,
                actor=current_user,
            )
        return service.edit_case(
            record_id,
            form.version.data or "",
            seen_on=form.seen_on.data,
            hours=form.hours.data,
            summary=form.summary.data or "",
            reason=form.reason.data,
            actor=current_user,
        )

    saved = call_service(save, form=form, page_error=True)
    if not saved:
        return _refused(kind, row, saved, edit_form=form)
    flash(_("The correction is saved and recorded in the audit trail."), "success")
    return redirect(url_for("author.trainee_detail", user_id=row.user_id))


@bp.route("/records/<kind>/<int:record_id>/withdraw", methods=["POST"])
def record_withdraw(kind: str, record_id: int) -> ResponseReturnValue:
    row = _record_or_404(kind, record_id)
    form = WithdrawForm(prefix=WITHDRAW_PREFIX)
    if not form.validate_on_submit():
        return _render(kind, row, withdraw_form=form, status=422)
    user_id = row.user_id
    withdrawn = call_service(
        lambda: service.withdraw(
            kind, record_id, form.version.data or "", reason=form.reason.data, actor=current_user
        ),
        form=form,
        page_error=True,
    )
    if not withdrawn:
        return _refused(kind, row, withdrawn, withdraw_form=form)
    result = withdrawn.value
    if result.relying:
        # Not a flash: the administrator must see which certificates to review, with links.
        return render_template(
            "author/record_withdrawn.html",
            result=result,
            trainee=trainees.get_trainee(user_id),
            is_admin=current_user.has_role(Role.ADMINISTRATOR),
        )
    flash(_("The record is withdrawn; the reason is in the audit trail."), "success")
    return redirect(url_for("author.trainee_detail", user_id=user_id))


def _at_case_line(form: BatchCaseForm, refused: Outcome) -> str | None:
    """Put a refusal that names a line (field `cases-<n>-<name>`) at that line's field, as "Case n: ...";
    any other refusal is returned for the top of the page."""
    named = refused.error.field if refused.error else None
    parts = (named or "").split("-")
    if len(parts) == 3 and parts[0] == "cases":
        n = int(parts[1])
        form.cases.entries[n][parts[2]].errors.append(
            _("Case %(n)s: %(problem)s", n=n + 1, problem=refused.page_error)
        )
        return None
    return refused.page_error


def batch_form(trainee_id: int) -> BatchCaseForm:
    form = (
        BatchCaseForm(supervisor_id=current_user.id) if request.method == "GET" else BatchCaseForm()
    )
    form.supervisor_id.choices = [
        (u.id, u.name) for u in trainees.supervisors() if u.id != trainee_id
    ]
    return form


@bp.route("/trainees/<int:user_id>/cases/batch", methods=["GET", "POST"])
def record_cases(user_id: int) -> ResponseReturnValue:
    trainee = trainees.get_trainee(user_id) or abort(404)
    program = evidence.default_program() or abort(404)
    form = batch_form(trainee.id)
    error = None
    if form.validate_on_submit():
        lines = [
            service.CaseLine(e.seen_on.data, e.hours.data, e.summary.data or "")
            for e in form.cases.entries
        ]
        recorded = call_service(
            lambda: service.record_cases(
                trainee,
                program,
                lines,
                supervisor=trainees.get_user(form.supervisor_id.data),
                actor=current_user,
            ),
            page_error=True,
        )
        if recorded:
            flash(
                ngettext(
                    "%(num)s clinical case is recorded.",
                    "%(num)s clinical cases are recorded.",
                    len(recorded.value),
                ),
                "success",
            )
            return redirect(url_for("author.trainee_detail", user_id=trainee.id))
        error = _at_case_line(form, recorded)
    return render_template("author/cases_batch.html", trainee=trainee, form=form, error=error), (
        422 if request.method == "POST" else 200
    )
