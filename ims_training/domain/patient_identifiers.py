"""Spot patient identifiers in free text (case summaries must be anonymous).

Looks for Norwegian national identity numbers (11 digits, fødselsnummer/D-nummer), e-mail
addresses and phone numbers (8 digits, optionally +47 / 0047). A heuristic: it catches the
common slips, it is no proof of anonymity.
"""

from __future__ import annotations

import re

_NATIONAL_ID = re.compile(r"(?<!\d)\d{6}[ .-]?\d{5}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_PHONE = re.compile(r"(?<![\d])(?:\+47|0047)?[ ]?(?:\d[ ]?){7}\d(?![\d])")


def identifier_kinds(text: str) -> list[str]:
    """The kinds of identifier found: 'national_id', 'email', 'phone' (in that order, no repeats)."""
    found = []
    if _NATIONAL_ID.search(text):
        found.append("national_id")
    if _EMAIL.search(text):
        found.append("email")
    without_ids = _NATIONAL_ID.sub(" ", text)
    if _PHONE.search(without_ids):
        found.append("phone")
    return found
