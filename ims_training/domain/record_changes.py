"""Rules for correcting staff records (sign-offs, cases, accommodations, licences); no Flask.

- An edit form carries the record's `fingerprint` as it was when the form was shown; if the
  record has changed since (someone else saved), the edit is refused as a conflict and nothing is
  written, so neither person's work is silently lost.
- A certificate "relied on" a piece of evidence when it was issued on or after the evidence's
  own date (the day assessed or seen: eligibility counts evidence from that day on) and is not
  revoked or superseded: withdrawing that evidence does not touch
  the certificate, but the people withdrawing it are shown these certificates to review.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

RELYING_STATUSES = frozenset({"active", "suspended", "expired"})
MIN_REASON = 5


def fingerprint(values: Mapping[str, Any]) -> str:
    """A short, stable digest of a record's editable values."""
    text = json.dumps(
        {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()},
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(text.encode()).hexdigest()[:24]


@dataclass(frozen=True)
class CertificateFact:
    code: str
    issued_on: date
    status: str
    id: int = 0


def relying_certificates(
    certificates: Iterable[CertificateFact], recorded_on: date
) -> list[CertificateFact]:
    """The holder's certificates that were issued when this evidence counted."""
    return sorted(
        (c for c in certificates if c.status in RELYING_STATUSES and c.issued_on >= recorded_on),
        key=lambda c: c.issued_on,
    )


def reason_problem(reason: str | None) -> str | None:
    """None when the reason is usable, else what is wrong with it (in English, for the service)."""
    text = (reason or "").strip()
    if not text:
        return "missing"
    if len(text) < MIN_REASON:
        return "short"
    return None


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """{field: {"before": old, "after": new}} for the fields that differ (for the audit trail)."""

    def plain(v: Any) -> Any:
        return v.isoformat() if isinstance(v, date) else v

    return {
        k: {"before": plain(before.get(k)), "after": plain(after[k])}
        for k in after
        if plain(before.get(k)) != plain(after[k])
    }


def merge(
    original: Mapping[str, Any], current: Mapping[str, Any], mine: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """A three-way merge after a conflict: fields this person left as they were take the current
    (someone else's) value; fields they changed keep their input; `clashes` lists the fields both
    changed to different values, for the person to decide."""

    def plain(v: Any) -> str:
        return "" if v is None else (v.isoformat() if isinstance(v, date) else str(v))

    merged: dict[str, Any] = {}
    clashes: list[str] = []
    for key, value in mine.items():
        if plain(value) == plain(original.get(key)):
            merged[key] = current.get(key)
        else:
            merged[key] = value
            if plain(current.get(key)) != plain(original.get(key)) and plain(
                current.get(key)
            ) != plain(value):
                clashes.append(key)
    return merged, clashes
