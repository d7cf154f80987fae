"""Reading responses: shape checks, numbers with a Norwegian decimal comma, fair text compare."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

MAX_TEXT_LENGTH = 500


class InvalidResponse(ValueError):
    """A response that does not fit its question: wrong type, unknown or repeated ids."""


_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")
# "1 000,5": spaces (also no-break and thin) may only group thousands
_GROUPED = re.compile(r"[+-]?\d{1,3}([ \u00a0\u202f\u2009]\d{3})+([.,]\d*)?")
_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")


def parse_number(value: Any) -> Decimal:
    """Read a numeric response: a JSON number or a string such as "4,5" (Norwegian decimal comma)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidResponse(f"response must be a number, got {type(value).__name__}")
    if isinstance(value, str):
        text = value.strip().replace("\u2212", "-")
        if _GROUPED.fullmatch(text):
            text = _SPACES.sub("", text)
        if len(value) > MAX_TEXT_LENGTH or not _NUMBER.fullmatch(text):
            raise InvalidResponse(f"response {value[:40]!r} is not a number")
        return Decimal(text.replace(",", "."))
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation as error:  # pragma: no cover - repr of a float is always decimal
        raise InvalidResponse(f"response {value!r} is not a number") from error
    if not number.is_finite():
        raise InvalidResponse("response must be a finite number")
    return number


def normalise_text(text: str, case_sensitive: bool = False) -> str:
    """NFC, trim, collapse inner whitespace and case-fold, so "Ø" typed either way compares equal."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    # case folding can decompose (e.g. "İ"), so normalise again afterwards
    return text if case_sensitive else unicodedata.normalize("NFC", text.casefold())


def require_str(value: Any, what: str) -> str:
    """Return `value` if it is a string, else refuse it naming `what`."""
    if not isinstance(value, str):
        raise InvalidResponse(f"{what} must be a string, got {type(value).__name__}")
    return value


def require_known(value: str, known: Iterable[str], what: str) -> None:
    """Refuse an id the question does not have."""
    if value not in set(known):
        raise InvalidResponse(f"unknown {what} {value!r}")


def require_id_list(response: Any, known: list[str], what: str) -> list[str]:
    """A list of distinct known ids, e.g. the options chosen in a multiple-response question."""
    if not isinstance(response, list):
        raise InvalidResponse(
            f"response must be a list of {what} ids, got {type(response).__name__}"
        )
    for value in response:
        require_known(require_str(value, f"each {what} id"), known, what)
    if len(set(response)) != len(response):
        raise InvalidResponse(f"response repeats a {what} id")
    return response
