"""Studio tests: two instructors (one writes, the other reviews) sharing one test client."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import func, select

from ims_training.extensions import db
from ims_training.models import Role, StudioRevision


@pytest.fixture
def writer(make_user):  # type: ignore[no-untyped-def]
    return make_user(Role.INSTRUCTOR, name="Wenche Writer")


@pytest.fixture
def reviewer(make_user):  # type: ignore[no-untyped-def]
    return make_user(Role.INSTRUCTOR, name="Rolf Reviewer")


def as_user(client, auth, user) -> None:  # type: ignore[no-untyped-def]
    auth.logout()
    assert auth.login(user).status_code == 302


def single_choice_form(key: str = "studio-decade", **changes: Any) -> dict[str, Any]:
    form = {
        "lock": "0",
        "action": "save",
        "type": "single_choice",
        "id": key,
        "module": "foundations",
        "difficulty": "easy",
        "points": "1",
        "tags": "history",
        "stem-en": "In which **decade** did Gunn begin IMS?",
        "stem-nb": "I hvilket **tiår** begynte Gunn med IMS?",
        "options-0-id": "a",
        "options-0-text-en": "1950s",
        "options-0-text-nb": "1950-tallet",
        "options-1-id": "b",
        "options-1-text-en": "1970s",
        "options-1-text-nb": "1970-tallet",
        "options-1-correct": "1",
        "options-2-id": "c",
        "options-2-text-en": "1990s",
        "options-2-text-nb": "1990-tallet",
        "note": "first draft",
    }
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


def revision_count() -> int:
    return db.session.scalar(select(func.count()).select_from(StudioRevision)) or 0


def latest(key: str) -> StudioRevision:
    db.session.expire_all()
    found = db.session.scalar(
        select(StudioRevision)
        .where(StudioRevision.key == key)
        .order_by(StudioRevision.number.desc())
    )
    assert found is not None
    return found


def field_error(body: str, name: str) -> str:
    match = re.search(rf'<p class="error" id="{re.escape(name)}-error">([^<]*)</p>', body)
    assert match, f"no error shown at {name}"
    return match.group(1)
