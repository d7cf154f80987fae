"""Every URL rule, every kind of visitor: the expected answer, and no rule without an entry."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Any

import pytest

from ims_training.models import Role, User

from . import access
from .access import VISITORS, Expect

ROLE_OF = {"trainee": Role.TRAINEE, "instructor": Role.INSTRUCTOR,
           "coordinator": Role.COORDINATOR, "administrator": Role.ADMINISTRATOR}


def _all_expectations() -> dict[str, Expect]:
    merged: dict[str, Expect] = {}
    for info in pkgutil.iter_modules(access.__path__):
        module = importlib.import_module(f"{access.__name__}.{info.name}")
        for endpoint, expect in getattr(module, "EXPECTATIONS", {}).items():
            assert endpoint not in merged, f"{endpoint} is in the role matrix twice"
            merged[endpoint] = expect
    return merged


EXPECTATIONS = _all_expectations()
CASES = [(ep, method, visitor) for ep, ex in sorted(EXPECTATIONS.items()) for method in ex.methods for visitor in VISITORS]


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
    assert not missing, "Routes without a role-matrix entry in tests/functional/access/: " + ", ".join(missing)


def test_matrix_has_no_stale_entries(app):
    registered = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert set(EXPECTATIONS) <= registered, f"stale entries: {set(EXPECTATIONS) - registered}"


def _build_world(make_user) -> World:  # type: ignore[no-untyped-def]
    users = {name: make_user(role, email=f"matrix-{name}@example.org") for name, role in ROLE_OF.items()}
    world = World(users=users)
    from .access import setup as feature_setup

    for hook in feature_setup.HOOKS:
        hook(world)
    return world


@pytest.mark.parametrize(("endpoint", "method", "visitor"), CASES, ids=[f"{e}-{m}-{v}" for e, m, v in CASES])
def test_visitor_gets_the_expected_answer(app, make_user, auth, client, endpoint, method, visitor):
    expect = EXPECTATIONS[endpoint]
    world = _build_world(make_user)
    if visitor != "anonymous":
        assert auth.login(world.users[visitor]).status_code == 302
    url = expect.url(world) if callable(expect.url) else expect.url
    response = client.open(url, method=method, data=expect.data if method != "GET" else None)
    wanted = expect.expected(visitor, method)
    location = response.headers.get("Location", "")
    got = response.status_code
    if wanted == "login":
        assert got == 302 and "/login" in location, f"{method} {url} as {visitor}: {got} {location}"
    elif wanted == "ok":
        assert got < 500 and got not in (401, 403, 404, 405), f"{method} {url} as {visitor}: {got}"
        assert not (got == 302 and "/login" in location), f"{method} {url} as {visitor} sent to log in"
    else:
        assert got == wanted, f"{method} {url} as {visitor}: expected {wanted}, got {got} {location}"
