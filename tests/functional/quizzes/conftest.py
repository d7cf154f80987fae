"""Fixtures for the quiz pages: the marker bank, a logged-in trainee with an open attempt."""

from __future__ import annotations

import re

import pytest

from ims_training.models import Role
from tests.factories.quizzes import QUIZ_KEY, import_marker_bank


@pytest.fixture
def quiz(app, tmp_path):  # type: ignore[no-untyped-def]
    return import_marker_bank(tmp_path)


@pytest.fixture
def trainee(login_as):  # type: ignore[no-untyped-def]
    return login_as(Role.TRAINEE)


def start(client, key: str = QUIZ_KEY) -> int:  # type: ignore[no-untyped-def]
    """Start an attempt through the confirming POST (the marker quiz has limited attempts)."""
    response = client.post(f"/learn/quizzes/{key}/start", data={"confirmed": "1"})
    assert response.status_code == 302, response.data[:500]
    match = re.search(r"/learn/attempts/(\d+)", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


@pytest.fixture
def attempt_id(client, quiz, trainee) -> int:  # type: ignore[no-untyped-def]
    return start(client)
