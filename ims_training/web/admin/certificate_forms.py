"""Forms for the administrators' certificate pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Email, Length, Optional


class IssueForm(FlaskForm):
    email = EmailField(
        _l("Trainee's e-mail"), validators=[DataRequired(), Email(), Length(max=254)]
    )
    program = SelectField(_l("Program"), choices=[], validators=[DataRequired()])
    submit = SubmitField(_l("Issue certificate"))


class StatusForm(FlaskForm):
    action = HiddenField(validators=[AnyOf(["suspend", "reinstate", "revoke"])])
    reason = TextAreaField(
        _l("Reason"),
        validators=[Optional(), Length(max=1000)],
        description=_l("Required to suspend or revoke; recorded in the history."),
    )


class RenewForm(FlaskForm):
    submit = SubmitField(_l("Renew"))


class RenameForm(FlaskForm):
    name = StringField(
        _l("Name as it should be printed"), validators=[DataRequired(), Length(max=200)]
    )
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Re-issue with this name"))


class ReviewForm(FlaskForm):
    decision = HiddenField(validators=[AnyOf(["approve", "reject"])])
