"""Certificate statuses, transitions, expiry arithmetic and reminders."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ims_training.domain.certificates import (
    TRANSITIONS,
    Status,
    TransitionError,
    add_months,
    effective_status,
    expiring_soon,
    expiry_date,
    renewal_expiry,
    revoke,
    transition,
)

NOW = datetime(2025, 1, 15, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("current", "action", "new"),
    [
        ("active", "expire", "expired"),
        ("active", "suspend", "suspended"),
        ("active", "renew", "active"),
        ("active", "supersede", "superseded"),
        ("expired", "renew", "active"),
        ("suspended", "reinstate", "active"),
        ("suspended", "revoke", "revoked"),
    ],
)
def test_allowed_transitions(current: str, action: str, new: str) -> None:
    assert transition(current, action, reason="audit finding") == new


@pytest.mark.parametrize(
    ("current", "action"),
    [
        ("revoked", "renew"),
        ("revoked", "reinstate"),
        ("superseded", "renew"),
        ("suspended", "renew"),
        ("expired", "suspend"),
        ("active", "reinstate"),
    ],
)
def test_refused_transitions_say_why(current: str, action: str) -> None:
    with pytest.raises(TransitionError, match=f"cannot {action} a {current} certificate"):
        transition(current, action, reason="x")


def test_final_statuses_say_nothing_is_allowed() -> None:
    with pytest.raises(TransitionError, match=r"nothing \(final status\)"):
        transition("revoked", "renew")
    assert TRANSITIONS[Status.SUPERSEDED] == {}


@pytest.mark.parametrize("reason", [None, "", "   \n"])
def test_revoking_requires_a_reason(reason: str | None) -> None:
    with pytest.raises(TransitionError, match="reason is required"):
        revoke("active", reason)
    with pytest.raises(TransitionError, match="reason is required"):
        transition("active", "suspend", reason)


def test_revoke_returns_the_cleaned_reason() -> None:
    assert revoke("active", "  licence withdrawn ") == (Status.REVOKED, "licence withdrawn")


def test_unknown_status_or_action_is_refused() -> None:
    with pytest.raises(TransitionError, match="unknown certificate status 'lost'"):
        transition("lost", "renew")
    with pytest.raises(TransitionError, match="unknown certificate action 'burn'"):
        transition("active", "burn")


@pytest.mark.parametrize(
    ("issued", "months", "expires"),
    [
        (date(2025, 1, 15), 24, date(2027, 1, 15)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # leap day clamps
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2023, 12, 31), 2, date(2024, 2, 29)),
        (date(2025, 8, 31), 3, date(2025, 11, 30)),
        (date(2025, 11, 30), 2, date(2026, 1, 30)),
    ],
)
def test_expiry_date_clamps_to_month_end(issued: date, months: int, expires: date) -> None:
    assert expiry_date(issued, months) == expires


def test_expiry_date_keeps_the_time_of_a_datetime() -> None:
    issued = datetime(2024, 3, 31, 14, 30, tzinfo=UTC)
    assert expiry_date(issued, 1) == datetime(2024, 4, 30, 14, 30, tzinfo=UTC)


def test_expiry_date_needs_positive_validity() -> None:
    with pytest.raises(ValueError, match="positive"):
        expiry_date(date(2025, 1, 1), 0)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2900, 1, 1)), st.integers(0, 1200))
def test_add_months_lands_in_the_right_month_never_later_day(when: date, months: int) -> None:
    result = add_months(when, months)
    assert (result.year * 12 + result.month) - (when.year * 12 + when.month) == months
    assert result.day <= when.day


def test_renewal_before_expiry_extends_from_the_current_expiry() -> None:
    current = NOW + timedelta(days=30)
    assert renewal_expiry(current, NOW, 24) == datetime(2027, 2, 14, 10, 0, tzinfo=UTC)


def test_renewal_after_expiry_extends_from_now() -> None:
    assert renewal_expiry(NOW - timedelta(days=300), NOW, 24) == datetime(
        2027, 1, 15, 10, 0, tzinfo=UTC
    )


def test_active_certificate_past_expiry_is_effectively_expired() -> None:
    assert effective_status("active", NOW - timedelta(seconds=1), NOW) is Status.EXPIRED
    assert effective_status("active", NOW, NOW) is Status.EXPIRED
    assert effective_status("active", NOW + timedelta(seconds=1), NOW) is Status.ACTIVE
    assert effective_status("active", None, NOW) is Status.ACTIVE


def test_date_expiry_holds_through_its_day() -> None:
    assert effective_status("active", NOW.date(), NOW) is Status.ACTIVE
    assert effective_status("active", NOW.date() - timedelta(days=1), NOW) is Status.EXPIRED


def test_other_statuses_are_kept_past_expiry() -> None:
    past = NOW - timedelta(days=1)
    assert effective_status("revoked", past, NOW) is Status.REVOKED
    assert effective_status("suspended", past, NOW) is Status.SUSPENDED


def test_expiring_soon_lists_active_certificates_within_the_window_soonest_first() -> None:
    certs = [
        {"id": 1, "status": "active", "expires_at": NOW + timedelta(days=60)},
        {"id": 2, "status": "active", "expires_at": NOW + timedelta(days=10)},
        {"id": 3, "status": "active", "expires_at": NOW + timedelta(days=120)},
        {"id": 4, "status": "active", "expires_at": NOW - timedelta(days=1)},
        {"id": 5, "status": "revoked", "expires_at": NOW + timedelta(days=5)},
        {"id": 6, "status": "active", "expires_at": None},
        {"id": 7, "status": "active", "expires_at": (NOW + timedelta(days=30)).date()},
        {"id": 8, "status": "active", "expires_at": NOW + timedelta(days=90)},
    ]
    assert [c["id"] for c in expiring_soon(certs, NOW)] == [2, 7, 1, 8]
    assert [c["id"] for c in expiring_soon(certs, NOW, days=20)] == [2]
