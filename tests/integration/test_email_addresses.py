"""E-mail addresses are stored normalised, so finding an account is equality on an indexed column."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import event, text

from ims_training.extensions import db
from ims_training.models import Role, User
from ims_training.services.accounts import accounts


def test_every_write_stores_the_address_stripped_and_lower_cased(app, make_user):
    user = make_user(Role.TRAINEE, email="  Kari.Nordmann@Example.ORG ")
    assert user.email == "kari.nordmann@example.org"
    user.email = "Kari@Example.NO"  # any later write too, not only the service's
    db.session.commit()
    stored = db.session.execute(
        text("SELECT email FROM users WHERE id = :id"), {"id": user.id}
    ).scalar()
    assert stored == "kari@example.no"
    assert accounts.find_user_by_email(" KARI@example.no") == user


def _lookup_statement(email: str) -> tuple[str, Any]:
    """The SQL (and its parameters) that finding an account by e-mail sends."""
    sent: list[tuple[str, Any]] = []

    def listener(_conn, _cursor, statement, parameters, *_args):  # type: ignore[no-untyped-def]
        if "FROM users" in statement:
            sent.append((statement, parameters))

    db.session.remove()
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        accounts.find_user_by_email(email)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(sent) == 1, sent
    return sent[0]


def test_finding_an_account_by_email_uses_the_unique_index(app, make_user):
    make_user(email="kari@example.org")
    statement, parameters = _lookup_statement("KARI@example.org")
    with db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            # A few rows would be scanned anyway; forbid that, so the plan shows whether the
            # index can answer at all (for lower(email) = ... it cannot: still a Seq Scan).
            conn.exec_driver_sql("SET enable_seqscan = off")
            plan = "\n".join(conn.exec_driver_sql("EXPLAIN " + statement, parameters).scalars())
            assert "Index Scan using uq_users_email on users" in plan, plan
        else:
            plan = "\n".join(
                row[-1]
                for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
            )
            assert re.search(r"SEARCH users USING (COVERING )?INDEX \S+ \(email=\?\)", plan), plan
        conn.rollback()


def test_an_address_differing_only_in_case_is_the_same_account(app, make_user):
    kari = make_user(email="kari@example.org")
    assert accounts.find_user_by_email("Kari@EXAMPLE.org ") == kari
    assert (
        accounts.register("KARI@example.org", "Someone Else", "a long enough passphrase here")
        is None
    )
    assert db.session.query(User).count() == 1
