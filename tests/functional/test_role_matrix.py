"""Every URL rule, every kind of visitor: the expected answer, and no rule without an entry."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy.engine import Connection

from ims_training.extensions import db as _db
from ims_training.extensions import limiter
from ims_training.models import Role, User
from ims_training.page_cache.pages import init_page_cache
from ims_training.services.accounts import accounts
from tests.conftest import PASSWORD, AuthActions, _truncate_all, make_test_app

from . import access
from .access import VISITORS, Expect

ROLE_OF = {
    "trainee": Role.TRAINEE,
    "instructor": Role.INSTRUCTOR,
    "coordinator": Role.COORDINATOR,
    "administrator": Role.ADMINISTRATOR,
}


def _all_expectations() -> dict[str, Expect]:
    merged: dict[str, Expect] = {}
    for info in pkgutil.iter_modules(access.__path__):
        module = importlib.import_module(f"{access.__name__}.{info.name}")
        for endpoint, expect in getattr(module, "EXPECTATIONS", {}).items():
            assert endpoint not in merged, f"{endpoint} is in the role matrix twice"
            merged[endpoint] = expect
    return merged


EXPECTATIONS = _all_expectations()
CASES = [
    (ep, method, visitor)
    for ep, ex in sorted(EXPECTATIONS.items())
    for method in ex.methods
    for visitor in VISITORS
]


@dataclass
class World:
    """What the matrix URLs point at: one user per role, plus anything a feature's setup adds."""

    users: dict[str, User]
    extra: dict[str, Any] = field(default_factory=dict)


def test_every_registered_rule_has_an_entry_in_the_matrix(app):
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint not in EXPECTATIONS:
            missing.append(f"{rule.endpoint} ({rule.rule})")
            continue
        declared = set(EXPECTATIONS[rule.endpoint].methods)
        served = set(rule.methods or ()) - {"HEAD", "OPTIONS"}
        if served - declared:
            missing.append(f"{rule.endpoint} methods {sorted(served - declared)}")
    assert not missing, (
        "Routes without a role-matrix entry in tests/functional/access/: " + ", ".join(missing)
    )


def test_matrix_has_no_stale_entries(app):
    registered = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert set(EXPECTATIONS) <= registered, f"stale entries: {set(EXPECTATIONS) - registered}"


def _build_world() -> World:
    users = {
        name: accounts.create_user(
            f"matrix-{name}@example.org",
            f"Matrix {name.title()}",
            PASSWORD,
            (role,),
            check_policy=False,
        )
        for name, role in ROLE_OF.items()
    }
    world = World(users=users)
    from .access import setup as feature_setup

    for hook in feature_setup.HOOKS:
        hook(world)
    # Plain values from here on: the cases run in their own sessions, long after this one.
    world.users = {
        name: SimpleNamespace(id=u.id, email=u.email, name=u.name) for name, u in users.items()
    }  # type: ignore[misc]
    return world


@pytest.fixture(scope="module")
def matrix(
    _migrated: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Flask, World]]:
    """One app and one world per module (per xdist worker), committed once; see `isolated_case`.
    No app context is held while the cases run: each request pushes its own, as in production."""
    app = make_test_app(
        _migrated, SIGNING_KEY_PATH=str(tmp_path_factory.mktemp("keys") / "signing.pem")
    )
    with app.app_context():
        world = _build_world()
        _db.session.remove()
    try:
        yield app, world
    finally:
        with app.app_context():
            _truncate_all()
            _db.session.remove()


@contextmanager
def isolated_case(app: Flask) -> Iterator[None]:
    """Run one case inside a transaction that is rolled back, so the next case sees the same world.

    Every session the requests open is bound to one connection whose outer transaction never
    commits: the services' commits become SAVEPOINT releases (SQLAlchemy's "joining a session
    into an external transaction" recipe). Rebuilding every feature's data per case was about 80 %
    of the matrix's time.
    """
    with app.app_context():  # only to reach the engine
        connection = _db.engine.connect()
    outer = connection.begin()

    class BoundSession(FlaskSession):
        def get_bind(self, *args: Any, **kwargs: Any) -> Connection:  # type: ignore[override]
            return connection

    original = _db.session
    _db.session = _db._make_scoped_session(
        {"class_": BoundSession, "join_transaction_mode": "create_savepoint"}
    )
    limiter.reset()
    init_page_cache(app)  # an empty page cache: no case is served a page another case rendered
    try:
        yield
    finally:
        _db.session = original  # each request removed its own session when its context ended
        outer.rollback()
        connection.close()


@pytest.mark.parametrize(
    ("endpoint", "method", "visitor"), CASES, ids=[f"{e}-{m}-{v}" for e, m, v in CASES]
)
def test_visitor_gets_the_expected_answer(matrix, endpoint, method, visitor):  # type: ignore[no-untyped-def]
    app, world = matrix
    expect = EXPECTATIONS[endpoint]
    client = app.test_client()
    with isolated_case(app):
        if visitor != "anonymous":
            assert AuthActions(client).login(world.users[visitor].email).status_code == 302
        with app.app_context():  # a URL may need the app (the signing key's thumbprint)
            url = expect.url(world) if callable(expect.url) else expect.url
        response = client.open(url, method=method, data=expect.data if method != "GET" else None)
        wanted = expect.expected(visitor, method)
        location = response.headers.get("Location", "")
        got = response.status_code
        if wanted == "login":
            assert got == 302 and "/login" in location, (
                f"{method} {url} as {visitor}: {got} {location}"
            )
        elif wanted == "ok":
            assert got < 500 and got not in (401, 403, 404, 405), (
                f"{method} {url} as {visitor}: {got}"
            )
            assert not (got == 302 and "/login" in location), (
                f"{method} {url} as {visitor} sent to log in"
            )
        else:
            assert got == wanted, (
                f"{method} {url} as {visitor}: expected {wanted}, got {got} {location}"
            )
