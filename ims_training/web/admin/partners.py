"""Administrators manage training partners, their coordinators, cohorts and cohort members."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, overload

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from ...models import Cohort, Partner, User
from ...services.partners import partners
from ..auth.forms import EmptyForm
from ..confirm import confirmation, confirmed
from ..service_call import call_service
from . import bp

KIND_LABELS = {
    "school": _l("School or university college"),
    "association": _l("Professional association"),
    "clinic": _l("Clinic"),
}


class PartnerForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=list(KIND_LABELS.items()))
    submit = SubmitField(_l("Add partner"))


class CoordinatorForm(FlaskForm):
    email = EmailField(_l("Coordinator's e-mail"), validators=[DataRequired(), Length(max=254)])
    submit = SubmitField(_l("Add coordinator"))


class CohortForm(FlaskForm):
    name = StringField(_l("Cohort name"), validators=[DataRequired(), Length(max=120)])
    starts_on = DateField(_l("Starts on"), validators=[Optional()])
    submit = SubmitField(_l("Add cohort"))


class MemberForm(FlaskForm):
    email = EmailField(_l("Trainee's e-mail"), validators=[DataRequired(), Length(max=254)])
    submit = SubmitField(_l("Add member"))


@overload
def _get_or_404(kind: Literal["partner"], ident: int) -> Partner: ...
@overload
def _get_or_404(kind: Literal["cohort"], ident: int) -> Cohort: ...
@overload
def _get_or_404(kind: Literal["user"], ident: int) -> User: ...
def _get_or_404(kind: Literal["partner", "cohort", "user"], ident: int) -> Partner | Cohort | User:
    return partners.get(kind, ident) or abort(404)


def _apply(form: FlaskForm, action: Callable[[], object], done: str) -> bool:
    """Validate the form and run the service; errors go to the field. True when it succeeded."""
    if not (form.validate_on_submit() and call_service(action, form=form)):
        return False
    flash(done, "success")
    return True


@bp.route("/partners", methods=["GET", "POST"])
def partners_list() -> ResponseReturnValue:
    form = PartnerForm()
    if _apply(
        form,
        lambda: partners.create_partner(form.name.data, form.kind.data, actor=current_user),
        _("The partner is added."),
    ):
        return redirect(url_for("admin.partners_list"))
    return render_template(
        "admin/partners.html", rows=partners.all_partners(), form=form, kinds=KIND_LABELS
    ), 422 if form.errors else 200


def _partner_page(
    partner: Partner,
    coordinator_form: FlaskForm | None = None,
    cohort_form: FlaskForm | None = None,
    status: int = 200,
) -> tuple[str, int]:
    cohorts = partner.cohorts
    return render_template(
        "admin/partner_detail.html",
        partner=partner,
        kinds=KIND_LABELS,
        cohorts=cohorts,
        counts=partners.member_counts([c.id for c in cohorts]),
        coordinators=partners.coordinators_of(partner),
        coordinator_form=coordinator_form or CoordinatorForm(formdata=None),
        cohort_form=cohort_form or CohortForm(formdata=None),
        remove_form=EmptyForm(),
    ), status


@bp.route("/partners/<int:partner_id>")
def partner_detail(partner_id: int) -> ResponseReturnValue:
    return _partner_page(_get_or_404("partner", partner_id))


@bp.route("/partners/<int:partner_id>/coordinators", methods=["POST"])
def add_coordinator(partner_id: int) -> ResponseReturnValue:
    partner = _get_or_404("partner", partner_id)
    form = CoordinatorForm()
    if _apply(
        form,
        lambda: partners.add_coordinator(partner, form.email.data, actor=current_user),
        _("The coordinator is added."),
    ):
        return redirect(url_for("admin.partner_detail", partner_id=partner.id))
    return _partner_page(partner, coordinator_form=form, status=422)


@bp.route("/partners/<int:partner_id>/coordinators/<int:user_id>/remove", methods=["POST"])
def remove_coordinator(partner_id: int, user_id: int) -> ResponseReturnValue:
    partner, user = _get_or_404("partner", partner_id), _get_or_404("user", user_id)
    _apply(
        EmptyForm(),
        lambda: partners.remove_coordinator(partner, user, actor=current_user),
        _("The coordinator is removed."),
    )
    return redirect(url_for("admin.partner_detail", partner_id=partner.id))


@bp.route("/partners/<int:partner_id>/cohorts", methods=["POST"])
def create_cohort(partner_id: int) -> ResponseReturnValue:
    partner = _get_or_404("partner", partner_id)
    form = CohortForm()
    if _apply(
        form,
        lambda: partners.create_cohort(
            partner, form.name.data, form.starts_on.data, actor=current_user
        ),
        _("The cohort is added."),
    ):
        return redirect(url_for("admin.partner_detail", partner_id=partner.id))
    return _partner_page(partner, cohort_form=form, status=422)


def _cohort_page(
    cohort: Cohort, form: FlaskForm | None = None, status: int = 200
) -> tuple[str, int]:
    return render_template(
        "admin/cohort_detail.html",
        cohort=cohort,
        members=partners.members_of(cohort),
        form=form or MemberForm(formdata=None),
        remove_form=EmptyForm(),
    ), status


@bp.route("/cohorts/<int:cohort_id>")
def cohort_detail(cohort_id: int) -> ResponseReturnValue:
    return _cohort_page(_get_or_404("cohort", cohort_id))


@bp.route("/cohorts/<int:cohort_id>/members", methods=["POST"])
def add_member(cohort_id: int) -> ResponseReturnValue:
    cohort = _get_or_404("cohort", cohort_id)
    form = MemberForm()
    if _apply(
        form,
        lambda: partners.add_member(cohort, form.email.data, actor=current_user),
        _("The trainee is added to the cohort."),
    ):
        return redirect(url_for("admin.cohort_detail", cohort_id=cohort.id))
    return _cohort_page(cohort, form, 422)


@bp.route("/cohorts/<int:cohort_id>/members/<int:user_id>/remove", methods=["POST"])
def remove_member(cohort_id: int, user_id: int) -> ResponseReturnValue:
    cohort, user = _get_or_404("cohort", cohort_id), _get_or_404("user", user_id)
    form = EmptyForm()
    if form.validate_on_submit() and not confirmed():
        return confirmation(
            title=_("Remove %(name)s from %(cohort)s?", name=user.name, cohort=cohort.name),
            consequences=[
                _(
                    "%(partner)s's coordinators no longer see %(name)s's progress.",
                    partner=cohort.partner.name,
                    name=user.name,
                ),
                _("The trainee's own records and results are kept."),
            ],
            action=url_for("admin.remove_member", cohort_id=cohort.id, user_id=user.id),
            button=_("Remove from the cohort"),
            cancel=url_for("admin.cohort_detail", cohort_id=cohort.id),
            danger=True,
        )
    _apply(
        form,
        lambda: partners.remove_member(cohort, user, actor=current_user),
        _("The trainee is removed from the cohort."),
    )
    return redirect(url_for("admin.cohort_detail", cohort_id=cohort.id))
