"""Engine set-up: SQLite pragmas, BEGIN IMMEDIATE for writes that must not lose updates."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine

from .extensions import db

IMMEDIATE = "ims_begin_immediate"


def configure_sqlite(engine: Engine) -> None:
    """Apply WAL, busy_timeout and foreign keys; take over BEGIN (SQLAlchemy's pysqlite recipe).

    pysqlite's own transaction handling is switched off so that we emit BEGIN ourselves, either
    a plain (deferred) BEGIN or, for writes that read-then-update, BEGIN IMMEDIATE, which takes the
    write lock up front so two writers can never both read the old value.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        immediate = conn.get_execution_options().get(IMMEDIATE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def write_transaction() -> Iterator[None]:
    """Run a unit of work in one transaction that takes the write lock at its start.

    On SQLite this is BEGIN IMMEDIATE; on PostgreSQL an ordinary transaction (use row locks,
    `with_for_update()`, where a read decides a write). Commits on success, rolls back on error.
    """
    session = db.session()
    if session.in_transaction():
        # Close whatever read transaction the request has open so the write one starts clean.
        session.commit()
    session.connection(execution_options={IMMEDIATE: True})
    try:
        yield
        session.commit()
    except BaseException:
        session.rollback()
        raise
