"""Instructors: trainees and their evidence; recording practical sign-offs and clinical cases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ...models import Program, User
from ...services.evidence import evidence, signoffs, trainees
from ...services.quizzes import accommodations, quiz_reports
from .. import checklist
from ..fields import LocalFloatField
from ..service_call import call_service
from ..urls import page_arg
from . import bp


class SignoffForm(FlaskForm):
    assessment_key = SelectField(
        _l("Practical assessment"), validate_choice=False, validators=[DataRequired()]
    )
    assessed_on = DateField(_l("Date assessed"), validators=[InputRequired()])
    region = StringField(
        _l("Region needled"),
        validators=[DataRequired(), Length(max=120)],
        description=_l("For example: cervical paraspinals C5-C6, right side."),
    )
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Record sign-off"))


class CaseForm(FlaskForm):
    seen_on = DateField(_l("Date of the case"), validators=[InputRequired()])
    hours = LocalFloatField(
        _l("Hours"),
        validators=[InputRequired()],
        description=_l("Supervised time, e.g. 1.5 or 1,5."),
    )
    summary = TextAreaField(
        _l("Summary"),
        validators=[DataRequired(), Length(max=4000)],
        description=_l(
            "No patient identifiers: no names, identity numbers, addresses or phone numbers."
        ),
    )
    supervisor_id = SelectField(
        _l("Supervisor"), coerce=int, validate_choice=False, validators=[InputRequired()]
    )
    submit = SubmitField(_l("Record clinical case"))


@bp.route("/trainees", endpoint="trainees")
def trainees_index() -> ResponseReturnValue:
    q = (request.args.get("q") or "").strip()
    pagination = trainees.search(q, page_arg())
    summaries = trainees.summaries(
        [u.id for u in pagination.items], evidence.default_program(), datetime.now(UTC)
    )
    return render_template("author/trainees.html", pagination=pagination, q=q, summaries=summaries)


def _trainee_or_404(user_id: int) -> User:
    return trainees.get_trainee(user_id) or abort(404)


def _page(
    trainee: User,
    signoff_form: SignoffForm | None = None,
    case_form: CaseForm | None = None,
    error: str | None = None,
    status: int = 200,
) -> tuple[str, int]:
    program = evidence.default_program()
    signoff_form = signoff_form or SignoffForm(formdata=None)
    case_form = case_form or CaseForm(formdata=None, supervisor_id=current_user.id)
    signoff_form.assessment_key.choices = checklist.assessment_choices(program) if program else []
    case_form.supervisor_id.choices = [
        (u.id, u.name) for u in trainees.supervisors() if u.id != trainee.id
    ]
    return render_template(
        "author/trainee_detail.html",
        trainee=trainee,
        program=program,
        error=error,
        checklist=checklist.checklist_for(trainee.id, program, datetime.now(UTC))
        if program
        else None,
        evidence=evidence.evidence_for(trainee.id, program),
        signoff_form=signoff_form,
        case_form=case_form,
        accommodations=accommodations.active_accommodations(trainee.id),
    ), status


@bp.route("/trainees/<int:user_id>")
def trainee_detail(user_id: int) -> ResponseReturnValue:
    return _page(_trainee_or_404(user_id))


def _record(
    user_id: int,
    form: FlaskForm,
    write: Callable[[User, Program], object],
    done: str,
    **forms: FlaskForm,
) -> ResponseReturnValue:
    """Validate, call the service, put its refusal at the field (or on top), re-render on error."""
    trainee = _trainee_or_404(user_id)
    program = evidence.default_program() or abort(404)
    if not form.validate_on_submit():
        return _page(trainee, status=422, **forms)
    written = call_service(lambda: write(trainee, program), form=form, page_error=True)
    if not written:
        return _page(trainee, error=written.page_error, status=422, **forms)
    flash(done, "success")
    return redirect(url_for("author.trainee_detail", user_id=trainee.id))


@bp.route("/trainees/<int:user_id>/signoffs", methods=["POST"])
def record_signoff(user_id: int) -> ResponseReturnValue:
    form = SignoffForm()
    return _record(
        user_id,
        form,
        lambda t, p: signoffs.record_signoff(
            t,
            p,
            assessment_key=form.assessment_key.data or "",
            assessed_on=form.assessed_on.data,
            region=form.region.data or "",
            notes=form.notes.data,
            actor=current_user,
        ),
        _("The sign-off is recorded."),
        signoff_form=form,
    )


@bp.route("/trainees/<int:user_id>/cases", methods=["POST"])
def record_case(user_id: int) -> ResponseReturnValue:
    form = CaseForm()
    return _record(
        user_id,
        form,
        lambda t, p: signoffs.record_clinical_case(
            t,
            p,
            seen_on=form.seen_on.data,
            hours=form.hours.data,
            summary=form.summary.data or "",
            supervisor=trainees.get_user(form.supervisor_id.data),
            actor=current_user,
        ),
        _("The clinical case is recorded."),
        case_form=form,
    )


@bp.route("/trainees/<int:user_id>/gradebook")
def trainee_gradebook(user_id: int) -> ResponseReturnValue:
    """Every attempt of one trainee, per quiz: start, finish, time taken, score, result."""
    trainee = _trainee_or_404(user_id)
    groups = [
        (quiz, title, [(a, trainee) for a in attempts])
        for quiz, title, attempts in quiz_reports.trainee_attempts(trainee.id)
    ]
    return render_template("author/trainee_gradebook.html", trainee=trainee, groups=groups)
