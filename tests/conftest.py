"""Shared fixtures: an app on a real database made by the real migrations, clients, users.

The database is SQLite in a temporary folder, or the one in TEST_DATABASE_URL (PostgreSQL in CI).
The schema is built once per session with `flask db upgrade`; every test starts from empty tables.

Contexts are as in production: every request the test client makes, and every command the CLI
runner invokes, gets a new app context of its own, so its own `g` (Flask-Login's user,
Flask-Babel's locale and catalogue, the request caches) and its own database session. The test's
own setup and assertions run in the test's app context, which no request shares (like a `flask`
command beside the server); a request sees only what the test committed.
"""

from __future__ import annotations

import contextvars
import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask, has_app_context
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from ims_training import create_app
from ims_training.config import TestConfig
from ims_training.extensions import db as _db
from ims_training.extensions import limiter
from ims_training.models import Role, User
from ims_training.services.accounts import accounts

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> str:
    """SQLite in a temporary folder, or TEST_DATABASE_URL; with pytest-xdist each worker gets
    its own PostgreSQL database (<name>_gw0, ...) created on the same server."""
    url = TestConfig.DATABASE_URL
    if not url:
        return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")
    if worker_id == "master" or not url.startswith("postgres"):
        return url
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from ims_training.config import _normalise_database_url

    base = make_url(_normalise_database_url(url))
    name = f"{base.database}_{worker_id}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ).scalar()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def _migrated(database_url: str) -> str:
    app = create_app({"CONFIG": TestConfig, "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        _db.session.remove()
        _reset_schema()
        upgrade()
        _db.engine.dispose()
    return database_url


def _reset_schema() -> None:
    """Start the session from an empty database, so the migrations run from scratch every time."""
    with _db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))


def _truncate_all() -> None:
    """Empty every table (audit rows too: Core DELETE bypasses the ORM's append-only guard)."""
    _db.session.remove()
    tables = [t for t in reversed(_db.metadata.sorted_tables)]
    with _db.engine.begin() as conn:
        # DELETE beats TRUNCATE on PostgreSQL for the handful of rows a test writes.
        conn.execute(
            text(
                "UPDATE questions SET current_version_id = NULL WHERE current_version_id IS NOT NULL"
            )
        )
        conn.execute(
            text(
                "UPDATE quizzes SET current_version_id = NULL WHERE current_version_id IS NOT NULL"
            )
        )
        for table in tables:
            if (
                table.name != "page_cache_generations"
            ):  # the migration's one row stays, as in production
                conn.execute(table.delete())


FLUSHED = (
    "tests_flushed_uncommitted"  # Session.info key: written to the database, not yet committed
)


@event.listens_for(Session, "after_flush")
def _note_flush(session: Session, _context: object) -> None:
    session.info[FLUSHED] = True


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _note_transaction_end(session: Session) -> None:
    session.info.pop(FLUSHED, None)


def _end_test_transaction() -> None:
    """Before a request or a command: the test's session ends its transaction, so the other side
    is not blocked by it (SQLite's write lock, PostgreSQL's row locks) and the test reads afresh
    afterwards (its SQLite snapshot and its identity map would be stale). Uncommitted test data
    would be invisible to the request, as in production, so it is an error here."""
    if not has_app_context() or not _db.session.registry.has():
        return
    session = _db.session()
    flushed = bool(session.info.get(FLUSHED))
    dirty = [o for o in session.dirty if session.is_modified(o)]
    if session.new or session.deleted or dirty or flushed:
        with session.no_autoflush:  # naming the objects may load a relation
            raise AssertionError(
                "the test left uncommitted changes before a request or command, which would not see "
                f"them: commit them first (new {list(session.new)}, changed {dirty}, "
                f"deleted {list(session.deleted)}, flushed earlier: {flushed})"
            )
    session.rollback()


class FreshContextClient(FlaskClient):
    """A test client whose every request runs in a new app context, as under a WSGI server.

    The app is called in an empty `contextvars.Context`, so Flask finds no app context to reuse
    and pushes (and tears down) one of its own, instead of sharing the test's `g` and session.
    Each redirect followed is a request of its own too; `with client:` still hands the finished
    request's contexts to the test, as Flask's client does.
    """

    def run_wsgi_app(self, environ: Any, buffered: bool = False):  # type: ignore[no-untyped-def]
        _end_test_transaction()
        return contextvars.Context().run(super().run_wsgi_app, environ, buffered)


class FreshContextRunner(FlaskCliRunner):
    """A CLI runner whose every command pushes its own app context, as `flask ...` does."""

    def invoke(self, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        _end_test_transaction()
        return contextvars.Context().run(super().invoke, *args, **kwargs)


def make_test_app(database_url: str, **overrides: object) -> Flask:
    config = {
        "CONFIG": TestConfig,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
    }
    config.update(overrides)
    app = create_app(config)
    app.test_client_class = FreshContextClient
    app.test_cli_runner_class = FreshContextRunner
    return app


@pytest.fixture
def app(_migrated: str, tmp_path) -> Iterator[Flask]:  # type: ignore[no-untyped-def]
    """The app, with the test's own app context pushed (requests and commands get their own)."""
    app = make_test_app(_migrated, SIGNING_KEY_PATH=str(tmp_path / "keys" / "signing.pem"))
    with app.app_context():
        limiter.reset()
        yield app
        _truncate_all()
        _db.session.remove()
        _db.engine.dispose()  # close its pooled connections now, not when the app is collected


@pytest.fixture
def db(app: Flask):  # type: ignore[no-untyped-def]
    return _db


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()


@pytest.fixture
def make_user(app: Flask):  # type: ignore[no-untyped-def]
    """Factory: make_user(Role.TRAINEE, email=None, name=None, password=PASSWORD) -> User."""

    def _make(
        *roles: Role, email: str | None = None, name: str | None = None, password: str = PASSWORD
    ) -> User:
        n = next(_counter)
        return accounts.create_user(
            email or f"user{n}@example.org",
            name or f"Test User {n}",
            password,
            roles or (Role.TRAINEE,),
            check_policy=False,
        )

    return _make


class AuthActions:
    """Log a test client in and out through the real forms (flaskr's helper)."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def login(self, user_or_email: User | str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
        email = user_or_email if isinstance(user_or_email, str) else user_or_email.email
        return self.client.post("/login", data={"email": email, "password": password})

    def logout(self):  # type: ignore[no-untyped-def]
        return self.client.post("/logout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def login_as(client: FlaskClient, make_user, auth: AuthActions):  # type: ignore[no-untyped-def]
    """login_as(Role.INSTRUCTOR) -> the new logged-in user (the client carries the session)."""

    def _login(*roles: Role, **kwargs: object) -> User:
        user = make_user(*roles, **kwargs)
        response = auth.login(user)
        assert response.status_code == 302, "login failed in fixture"
        return user

    return _login
