"""Fixtures of the security suite: production apps, a user holding every role, mail links."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask

from ims_training import create_app
from ims_training.config import ProductionConfig
from ims_training.models import Role, User

from ..conftest import PASSWORD

PUBLIC = "https://ims.example.org"
SHARED_STORE = (
    "redis://127.0.0.1:6379/15"  # production refuses memory://; nothing connects until used
)


@pytest.fixture
def production_app(
    monkeypatch: pytest.MonkeyPatch, _migrated: str
) -> Iterator[Callable[..., Flask]]:
    """production_app(**overrides): the production configuration on the test database."""
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("PUBLIC_BASE_URL", PUBLIC)
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", SHARED_STORE)
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)

    def _make(**overrides: object) -> Flask:
        return create_app(
            {
                "CONFIG": ProductionConfig,
                "SQLALCHEMY_DATABASE_URI": _migrated,
                "WTF_CSRF_ENABLED": False,
                **overrides,
            }
        )

    yield _make


@pytest.fixture
def superuser(make_user) -> User:  # type: ignore[no-untyped-def]
    """A user with all four roles: passes every blueprint's guard, so only ids decide."""
    return make_user(*Role, email="all-roles@example.org")


def reset_link(app: Flask) -> str:
    """The link of the last reset e-mail the app sent."""
    body = app.extensions["mailer"].sent[-1].body
    return next(line.strip() for line in body.splitlines() if "/password/reset/" in line)


__all__ = ["PASSWORD", "PUBLIC", "reset_link"]
