"""Administrators read the audit trail: filter, page through, export as CSV."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, Field, SelectField, StringField
from wtforms.validators import Length, Optional

from ...services.audit import audit_log
from ..downloads import csv_download
from ..labels import audit_label
from ..urls import page_arg
from . import bp


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form changes nothing

    action = SelectField(_l("Action"), validators=[Optional()], validate_choice=False)
    actor = StringField(_l("Done by (name or e-mail)"), validators=[Optional(), Length(max=254)])
    target = StringField(
        _l("Concerning (name or e-mail)"), validators=[Optional(), Length(max=254)]
    )
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])


def _filter() -> tuple[AuditFilterForm, audit_log.AuditFilter]:
    form = AuditFilterForm(request.args)
    form.action.choices = [("", _l("All actions"))] + [
        (a, audit_label(a)) for a in audit_log.actions()
    ]
    form.validate()

    def ok(field: Field) -> Any:
        return None if field.errors else field.data

    return form, audit_log.AuditFilter(
        action=ok(form.action) or "",
        actor=(ok(form.actor) or "").strip(),
        target=(ok(form.target) or "").strip(),
        date_from=ok(form.date_from),
        date_to=ok(form.date_to),
    )


@bp.route("/audit")
def audit() -> ResponseReturnValue:
    form, f = _filter()
    pagination = audit_log.page(f, page_arg())
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("admin/audit.html", form=form, pagination=pagination, args=args)


@bp.route("/audit.csv")
def audit_csv() -> ResponseReturnValue:
    _form, f = _filter()
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
    return csv_download(audit_log.export_csv(f), f"audit-{stamp}.csv")
