"""A confirmation step for actions that cost something: the first POST answers with a page that
names the consequence, and only its confirming POST (`confirmed=1`, with CSRF) acts.

Works without JavaScript. The confirming form carries the state it was made for (`expected`):
when that no longer holds (a stale page, or a form for something else), the view answers 400
and changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import abort, make_response, render_template, request
from flask_babel import gettext as _


def confirmed() -> bool:
    """True on the confirming POST."""
    return request.form.get("confirmed") == "1"


def check_expected(actual: str, *, required: bool = True) -> None:
    """400 when a confirming form (or a form that says what it expects) was made for another
    state than the current one; `required=False` accepts a confirmation that names no state."""
    given = request.form.get("expected")
    if ((confirmed() and required) or given is not None) and given != actual:
        abort(
            make_response(
                render_template(
                    "errors/error.html",
                    code=400,
                    title=_("This confirmation is out of date"),
                    message=_(
                        "The page changed after this confirmation was shown, so nothing was changed. "
                        "Go back, reload the page and try again."
                    ),
                ),
                400,
            )
        )


def confirmation(
    *,
    title: str,
    consequences: list[str],
    action: str,
    button: str,
    cancel: str,
    fields: Mapping[str, str] | None = None,
    expected: str | None = None,
    danger: bool = False,
    status: int = 200,
) -> tuple[str, int]:
    """The page that asks; its form re-posts `fields` to `action` with `confirmed=1`."""
    return render_template(
        "confirm.html",
        title=title,
        consequences=consequences,
        action=action,
        button=button,
        cancel=cancel,
        fields=dict(fields or {}),
        expected=expected,
        danger=danger,
    ), status
