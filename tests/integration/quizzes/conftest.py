"""Fixtures for quiz services: the marker bank imported, a trainee, answering helpers."""

from __future__ import annotations

import pytest

from ims_training.domain import grading
from ims_training.domain.answer_keys import to_fields
from ims_training.models import Role
from ims_training.services.quizzes import attempts
from tests.factories.quizzes import import_marker_bank


@pytest.fixture
def quiz(app, tmp_path):  # type: ignore[no-untyped-def]
    return import_marker_bank(tmp_path)


@pytest.fixture
def trainee(make_user):  # type: ignore[no-untyped-def]
    return make_user(Role.TRAINEE)


def right_fields(attempt, slot: int) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    entry = attempt.layout[slot]
    return to_fields(
        entry, grading.correct_response(attempts.question_content(entry["version_id"]))
    )


def answer_all_correctly(user, attempt) -> None:  # type: ignore[no-untyped-def]
    for slot in range(len(attempt.layout)):
        attempts.save_answer(user, attempt.id, slot, right_fields(attempt, slot))


@pytest.fixture(autouse=True)
def _request_context(app):  # type: ignore[no-untyped-def]
    """Service messages are translated, which needs a request (as in the web and CLI paths)."""
    with app.test_request_context():
        yield
