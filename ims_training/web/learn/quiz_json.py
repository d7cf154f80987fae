"""Reading the autosave JSON: a small, capped body of a known shape, else a clear 400/413."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import gettext as _

MAX_BODY = 16 * 1024  # one question's answer; far below the app-wide upload limit
MAX_FIELDS = 60
MAX_VALUES = 30
MAX_VALUE_LENGTH = 1000


def _bad(message: str, status: int = 400) -> tuple[dict[str, Any], int]:
    return {"saved": False, "message": message}, status


def read_save_request() -> tuple[dict[str, Any], tuple[dict[str, Any], int] | None]:
    """(payload, None) for a well-formed body, or ({}, error response)."""
    if request.content_length is not None and request.content_length > MAX_BODY:
        return {}, _bad(_("The answer is too large to save."), 413)
    request.max_content_length = MAX_BODY
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return {}, _bad(_("The answer could not be read: send a JSON object."))
    slot, fields, flagged = body.get("slot"), body.get("fields", {}), body.get("flagged")
    if isinstance(slot, bool) or not isinstance(slot, int):
        return {}, _bad(_("The answer could not be read: the question number is missing."))
    if not isinstance(fields, dict) or len(fields) > MAX_FIELDS:
        return {}, _bad(_("The answer could not be read: the fields are malformed."))
    clean: dict[str, list[str]] = {}
    for name, values in fields.items():
        values = [values] if isinstance(values, str) else values
        if (
            not isinstance(values, list)
            or len(values) > MAX_VALUES
            or not all(isinstance(v, str) and len(v) <= MAX_VALUE_LENGTH for v in values)
        ):
            return {}, _bad(_("The answer could not be read: the fields are malformed."))
        clean[str(name)[:100]] = values
    if flagged is not None and not isinstance(flagged, bool):
        return {}, _bad(_("The answer could not be read: the flag must be true or false."))
    return {"slot": slot, "fields": clean, "flagged": flagged}, None
