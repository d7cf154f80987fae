"""Fixtures for the certification pages."""

from __future__ import annotations

import pytest

from ims_training.models import Role
from tests.factories.certification import certificate


@pytest.fixture
def issued(app, make_user):  # type: ignore[no-untyped-def]
    """An active certificate issued today to a trainee with a Norwegian-Turkish name."""
    from datetime import UTC, datetime

    admin = make_user(Role.ADMINISTRATOR)
    holder = make_user(Role.TRAINEE, name="Åse Şahin Ødegård")
    with app.test_request_context("/"):
        return certificate(holder, admin, now=datetime.now(UTC))
