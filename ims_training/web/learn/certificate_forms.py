"""Forms for the holder's certificate pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, DecimalField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional


class ContinuingEducationForm(FlaskForm):
    completed_on = DateField(_l("Date completed"), validators=[DataRequired()])
    hours = DecimalField(
        _l("Hours"), places=1, validators=[DataRequired(), NumberRange(min=0.5, max=100)]
    )
    description = TextAreaField(
        _l("What did you do?"),
        validators=[DataRequired(), Length(max=2000)],
        description=_l("Course, conference or supervised practice, with the organiser."),
    )
    submit = SubmitField(_l("Send for approval"))


class ListingForm(FlaskForm):
    opted_in = BooleanField(_l("List me in the public register of certified practitioners"))
    display_name = StringField(_l("Name to show"), validators=[Optional(), Length(max=200)])
    city = StringField(_l("City"), validators=[Optional(), Length(max=120)])
    show_city = BooleanField(_l("Show my city"))
    profession = StringField(
        _l("Profession"),
        validators=[Optional(), Length(max=120)],
        description=_l("For example physiotherapist, physician, chiropractor."),
    )
    show_profession = BooleanField(_l("Show my profession"))
    submit = SubmitField(_l("Save"))
