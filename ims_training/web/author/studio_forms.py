"""Forms of the instructor studio. The question and quiz fields themselves are dynamic (named after
their YAML path, see `bank/studio_form.py`); these forms carry CSRF, the lock and the notes."""

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ...bank.studio_form import FormCheck
from ...services.bank import studio
from ..labels import AUDIT_ACTIONS
from ..service_call import call_service


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

AUDIT_ACTIONS.update(
    {
        "studio.approved": _l("Studio change approved"),
        "studio.rejected": _l("Studio change sent back"),
        "studio.published": _l("Studio change published"),
    }
)


def save_draft(
    kind: str,
    content: dict[str, Any],
    check: FormCheck,
    form: StudioSaveForm,
    *,
    new: bool,
    page: Callable[[FormCheck, int], ResponseReturnValue],
    rows: dict[str, list[int]] | None = None,
) -> ResponseReturnValue:
    """Form -> `studio.save` -> the history page, or the form again with the refusal at its field
    (409 for a stale lock, 422 otherwise). Shared by the question and the quiz form."""
    saved = call_service(
        lambda: studio.save(
            kind,
            content,
            current_user,
            note=form.note.data or "",
            lock=form.lock.data or 0,
            new=new,
            base=form.base.data,
            rows=rows,
        ),
        page_error=True,
    )
    if saved:
        flash(
            _(
                "Saved as draft %(number)s. Submit it for review when it is ready.",
                number=saved.value.number,
            ),
            "success",
        )
        return redirect(url_for("author.studio_history", kind=kind, key=saved.value.key))
    refusal = saved.error
    if isinstance(refusal, studio.StaleEdit):  # someone saved meanwhile: said on top
        flash(refusal.message, "error")
        return page(check, 409)
    if isinstance(refusal, studio.BankRuleProblems):  # each problem at its field
        for name, messages in refusal.problems.items():
            for message in messages:
                check.add(name, message)
    elif refusal is not None:
        check.add(refusal.field or "", refusal.message)
    return page(check, 422)
