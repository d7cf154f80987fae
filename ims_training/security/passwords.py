"""Password policy in the spirit of OWASP ASVS 5: length, no composition rules, no common passwords.

Pure Python: returns problem codes that forms turn into translated messages.
"""

from __future__ import annotations

import enum
import functools
import unicodedata

MIN_LENGTH = 12
MAX_LENGTH = 256  # long passphrases are welcome; the cap only guards the KDF against abuse


class PasswordProblem(enum.StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    TOO_COMMON = "too_common"
    CONTAINS_EMAIL = "contains_email"
    REPETITIVE = "repetitive"


@functools.cache
def _common_passwords() -> frozenset[str]:
    """The zxcvbn project's list of the most used passwords (about 30,000), lower-cased."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(p.lower() for p in FREQUENCY_LISTS["passwords"])


def normalise(password: str) -> str:
    """NFKC, as ASVS suggests, so the same passphrase typed on two keyboards matches."""
    return unicodedata.normalize("NFKC", password)


def password_problems(password: str, *, email: str = "", name: str = "") -> list[PasswordProblem]:
    """Everything wrong with a proposed password; an empty list means it is acceptable."""
    pw = normalise(password)
    problems: list[PasswordProblem] = []
    length = len(pw)
    if length < MIN_LENGTH:
        problems.append(PasswordProblem.TOO_SHORT)
    if length > MAX_LENGTH:
        problems.append(PasswordProblem.TOO_LONG)
    lowered = pw.lower()
    stripped = lowered.rstrip("0123456789!?.")
    if lowered in _common_passwords() or stripped in _common_passwords():
        problems.append(PasswordProblem.TOO_COMMON)
    local = email.split("@", 1)[0].lower()
    if len(local) >= 4 and local in lowered:
        problems.append(PasswordProblem.CONTAINS_EMAIL)
    if length >= 1 and len(set(lowered)) <= 2:
        problems.append(PasswordProblem.REPETITIVE)
    return problems
