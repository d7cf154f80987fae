"""Administrator forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField, SubmitField, widgets
from wtforms.validators import Length, Optional

from ...models import Role

ROLE_LABELS = {
    Role.TRAINEE: _l("Trainee"),
    Role.INSTRUCTOR: _l("Instructor"),
    Role.ADMINISTRATOR: _l("Administrator"),
    Role.COORDINATOR: _l("Partner coordinator"),
}


class RolesForm(FlaskForm):
    roles = SelectMultipleField(
        _l("Roles"),
        choices=[(r.value, label) for r, label in ROLE_LABELS.items()],
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
        validators=[Optional()],
    )
    submit = SubmitField(_l("Save roles"))


class AccountStatusForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Save"))
