"""Instructor forms for quizzes: granting an accommodation."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, EmailField, IntegerField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, NumberRange


class AccommodationForm(FlaskForm):
    email = EmailField(
        _l("Trainee's e-mail"), validators=[DataRequired(), Email(), Length(max=254)]
    )
    quiz = SelectField(_l("Quiz"), choices=[], validate_choice=True)
    time_multiplier = DecimalField(
        _l("Time multiplier"),
        default=1,
        places=2,
        description=_l("1.5 gives 50 % more time; 1 keeps the time limit."),
        validators=[NumberRange(min=1, max=5)],
    )
    extra_attempts = IntegerField(
        _l("Extra attempts"), default=0, validators=[NumberRange(min=0, max=20)]
    )
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(), Length(max=1000)],
        description=_l("Recorded in the audit trail, e.g. the documented need."),
    )
    submit = SubmitField(_l("Grant accommodation"))
