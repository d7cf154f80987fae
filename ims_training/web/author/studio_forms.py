"""Forms of the instructor studio. The question and quiz fields themselves are dynamic (named after
their YAML path, see `bank/studio_form.py`); these forms carry CSRF, the lock and the notes."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..labels import AUDIT_ACTIONS


class StudioSaveForm(FlaskForm):
    lock = IntegerField(validators=[InputRequired(), NumberRange(min=0)])
    base = IntegerField(validators=[Optional(), NumberRange(min=0)])
    # the note's length is checked by the service, so the message appears at the field
    note = StringField(_l("What changed (for the reviewer)"), validators=[Optional()])
    action = HiddenField()


class ReviewForm(FlaskForm):
    note = TextAreaField(_l("Review note"), validators=[Optional(), Length(max=2000)])


class ActionForm(FlaskForm):
    """A bare POST (submit for review, publish): only the CSRF token."""


STATUS_LABELS = {
    "draft": _l("Draft"),
    "in_review": _l("In review"),
    "approved": _l("Approved"),
    "published": _l("Published"),
    "rejected": _l("Changes requested"),
    "superseded": _l("Superseded"),
}

AUDIT_ACTIONS.update({
    "studio.approved": _l("Studio change approved"),
    "studio.rejected": _l("Studio change sent back"),
    "studio.published": _l("Studio change published"),
})
