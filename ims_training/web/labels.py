"""Human words for stored codes (audit actions, roles), in the visitor's language."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

AUDIT_ACTIONS = {
    "account.created": _l("Account created"),
    "account.disabled": _l("Account disabled"),
    "account.enabled": _l("Account enabled"),
    "account.password_changed": _l("Password changed"),
    "account.password_reset": _l("Password reset"),
    "role.granted": _l("Role granted"),
    "role.removed": _l("Role removed"),
    "bank.imported": _l("Question bank imported"),
}


def audit_label(action: str) -> str:
    """The label for an audit action; features add theirs to AUDIT_ACTIONS; unknown codes show as is."""
    return str(AUDIT_ACTIONS.get(action, action))


def init_labels(app: Flask) -> None:
    app.jinja_env.filters["audit_label"] = audit_label
