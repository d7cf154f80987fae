"""Engine set-up: SQLite pragmas, BEGIN IMMEDIATE for writes that must not lose updates."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from flask_sqlalchemy.session import Session as _FlaskSession
from sqlalchemy import Executable, Row, Table, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry

from .extensions import db

IMMEDIATE = "ims_begin_immediate"
# A connection with this option runs its statements without BEGIN on SQLite (each SELECT is its
# own snapshot): for single-statement reads on the request path (see `read_rows`).
NO_BEGIN = "ims_no_begin"


def table_of(model: Any) -> Table:
    """A model's Table, for prepared Core statements (`__table__` is typed as any FromClause)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def configure_sqlite(engine: Engine) -> None:
    """Apply WAL, busy_timeout and foreign keys; take over BEGIN (SQLAlchemy's pysqlite recipe).

    pysqlite's own transaction handling is switched off so that we emit BEGIN ourselves, either
    a plain (deferred) BEGIN or, for writes that read-then-update, BEGIN IMMEDIATE, which takes the
    write lock up front so two writers can never both read the old value.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        options = conn.get_execution_options()
        if options.get(NO_BEGIN, False):
            return
        conn.exec_driver_sql("BEGIN IMMEDIATE" if options.get(IMMEDIATE, False) else "BEGIN")


def _read_bind() -> Engine | Connection:
    """The app's engine, unless the session class binds elsewhere (a test that runs every request
    inside one outer transaction binds its sessions to that connection): then the same bind, so
    these reads see what the ORM sees. Asking the class, not a session, creates no session."""
    factory = db.session.session_factory
    if (
        getattr(factory, "class_", None) is not None
        and factory.class_.get_bind is _FlaskSession.get_bind
    ):
        return db.engine
    return db.session.get_bind()


def read_rows(
    statement: Executable, params: dict[str, Any] | None = None
) -> Sequence[Row[*tuple[Any, ...]]]:
    """One plain Core read outside the ORM session: a pooled connection, the statement (compiled
    once and cached by SQLAlchemy), the rows. No Session, no identity map, and on SQLite no BEGIN
    (a single SELECT is consistent on its own). For the request path's hot reads (the logged-in
    user, the page-cache generation); anything that writes uses the ORM session."""
    bind = _read_bind()
    if isinstance(bind, Connection):
        return bind.execute(statement, params or {}).all()
    with bind.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.execution_options(**{NO_BEGIN: True})
        else:  # PostgreSQL: no BEGIN / ROLLBACK round trips around the one SELECT
            conn.execution_options(isolation_level="AUTOCOMMIT")
        return conn.execute(statement, params or {}).all()


@contextmanager
def write_transaction(*, keep_loaded: bool = False) -> Iterator[None]:
    """Run a unit of work in one transaction that takes the write lock at its start.

    On SQLite this is BEGIN IMMEDIATE; on PostgreSQL an ordinary transaction (use row locks,
    `with_for_update()`, where a read decides a write). Commits on success, rolls back on error.
    `keep_loaded`: the rows the work locked and wrote keep their values after the commit (they
    are what was committed) instead of being read again on their next use.
    """
    session = db.session()
    if session.in_transaction():
        # Close whatever read transaction the request has open so the write one starts clean.
        session.commit()
    session.connection(execution_options={IMMEDIATE: True})
    try:
        yield
        expire, session.expire_on_commit = (
            session.expire_on_commit,
            not keep_loaded and session.expire_on_commit,
        )
        try:
            session.commit()
        finally:
            session.expire_on_commit = expire
    except BaseException:
        session.rollback()
        raise
