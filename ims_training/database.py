"""Engine set-up: SQLite pragmas, BEGIN IMMEDIATE for writes that must not lose updates."""

from __future__ import annotations

import functools
import logging
import os
import threading
import weakref
from collections import namedtuple
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import Flask, current_app
from flask_sqlalchemy.session import Session as _FlaskSession
from sqlalchemy import Executable, Select, Table, event
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


# Set by `reads_outside_context`: (app, engine) for `read_rows` when no app context is pushed.
_READS_OUTSIDE_CONTEXT: ContextVar[tuple[Flask, Engine] | None] = ContextVar(
    "ims_reads_outside_context", default=None
)


def plain_read_engine(app: Flask) -> Engine | None:
    """The engine `read_rows` reads from for `app`, or None when its reads must go through the
    ORM session's bind (a test binding every session to one outer connection: `_read_bind`).
    Needs an app context; the answer holds for the app's life, except for that test plumbing,
    which `reads_outside_context` asks about again each time."""
    with app.app_context():
        bind = _read_bind()
    return bind if isinstance(bind, Engine) else None


def reads_outside_context(app: Flask, engine: Engine) -> Any:
    """Let `read_rows` read for `app` from `engine` in this thread without an app context, until
    `end_reads_outside_context(token)`; None (nothing set) when the ORM session is bound elsewhere
    (then the caller pushes an app context instead).

    Why: the page-cache layer answers a hit with one read (the session's user) and, for a few
    pages, a vary function's read; pushing and popping an app context around them (Flask's
    signals, the URL adapter, Flask-SQLAlchemy's session teardown) cost about as much as the read
    itself (issue 13). Only `read_rows` may be called meanwhile: anything else that needs the app
    context raises, as it would outside a request."""
    if not _session_is_unbound():
        return None
    return _READS_OUTSIDE_CONTEXT.set((app, engine))


def end_reads_outside_context(token: Any) -> None:
    _READS_OUTSIDE_CONTEXT.reset(token)


def _session_is_unbound() -> bool:
    factory = db.session.session_factory
    return (
        getattr(factory, "class_", None) is not None
        and factory.class_.get_bind is _FlaskSession.get_bind
    )


def _read_bind() -> Engine | Connection:
    """The app's engine, unless the session class binds elsewhere (a test that runs every request
    inside one outer transaction binds its sessions to that connection): then the same bind, so
    these reads see what the ORM sees. Asking the class, not a session, creates no session."""
    if _session_is_unbound():
        return db.engine
    return db.session.get_bind()


def read_rows(statement: Executable, params: dict[str, Any] | None = None) -> Sequence[Any]:
    """One plain Core read outside the ORM session: the statement (compiled once), the rows. No
    Session, no identity map, no transaction: on SQLite no BEGIN, on PostgreSQL autocommit, so
    each statement sees what is committed at that moment (a single SELECT is consistent on its
    own). For the request path's hot reads (the logged-in user, the page-cache generation);
    anything that writes uses the ORM session.

    Rows are read by name (`row.page_version`) or position. When nothing listens to the engine's
    statements (tests, instrumentation and echo do), the compiled SQL goes straight to the
    driver: SQLAlchemy's execution machinery cost several times the SELECT itself, on every
    logged-in request (issue 13). Each thread keeps its read connection between requests
    (without BEGIN on SQLite, in autocommit on PostgreSQL: `_held_read_connection`)."""
    outside = _READS_OUTSIDE_CONTEXT.get()
    bind: Engine | Connection
    if outside is not None:
        app, bind = outside
    else:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        bind = _read_bind()
    params = params or {}
    if isinstance(bind, Connection):
        return bind.execute(statement, params).all()
    plain = None if _observed(bind) else _plain_statement(statement, bind.dialect)
    connection = _held_read_connection(bind, app)
    if connection is None:  # every connection this app may hold is held by other threads
        with bind.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT")
            return (
                plain.read(connection, params)
                if plain is not None
                else connection.execute(statement, params).all()
            )
    try:
        return (
            plain.read(connection, params)
            if plain is not None
            else connection.execute(statement, params).all()
        )
    except Exception:
        _forget_read_connection(connection, app)  # a broken connection is not handed out again
        if plain is None:
            raise
    # The driver failed: once more through SQLAlchemy on a new connection, which either succeeds
    # (the old connection had broken, e.g. the server restarted) or raises SQLAlchemy's error.
    with bind.connect() as fresh:
        if fresh.dialect.name != "sqlite":
            fresh.execution_options(isolation_level="AUTOCOMMIT")
        return fresh.execute(statement, params).all()


def _observed(engine: Engine) -> bool:
    """Whether anything watches this engine's statements: event listeners, or its log (echo, or
    logging set to INFO for sqlalchemy.engine)."""
    dispatch = engine.dispatch
    return bool(
        dispatch.before_cursor_execute
        or dispatch.after_cursor_execute
        or dispatch.before_execute
        or dispatch.after_execute
        or engine.logger.isEnabledFor(logging.INFO)
    )


class _PlainStatement:
    """A SELECT compiled once for one dialect, run on the driver's cursor, rows as named tuples
    with SQLAlchemy's own result conversions (e.g. SQLite's 0/1 to booleans)."""

    def __init__(self, statement: Select[Any], dialect: Any, keys: list[str]) -> None:
        compiled = statement.compile(dialect=dialect)
        columns = list(statement.selected_columns)
        self.sql = compiled.string
        self.compiled = compiled
        self.order = tuple(compiled.positiontup or ()) if compiled.positional else None
        # Each parameter the driver sees, by the name it is rendered under: the key a caller
        # gives it by, and the statement's own value for one not given (an inline literal).
        # `construct_params` without its per-call machinery; _plain_statement admits only
        # parameters that need no conversion and no callable.
        binds = {name: bind for bind, name in compiled.bind_names.items()}
        self.names = self.order if self.order is not None else tuple(dict.fromkeys(binds))
        self.spec = tuple((binds[name].key, binds[name].value) for name in self.names)
        self.required = frozenset(bind.key for bind in binds.values() if bind.required)
        self.row: Any = namedtuple("row", keys)  # type: ignore[misc]  # noqa: PYI024
        processors = [c.type.result_processor(dialect, None) for c in columns]
        self.processors = [(i, p) for i, p in enumerate(processors) if p is not None]

    def read(self, connection: Connection, params: dict[str, Any]) -> list[Any]:
        if self.required and not self.required <= params.keys():
            raise KeyError(f"no value for {sorted(self.required - params.keys())}")
        values = [params[key] if key in params else value for key, value in self.spec]
        arguments: Any = (
            values if self.order is not None else dict(zip(self.names, values, strict=True))
        )
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(self.sql, arguments)
            raw = cursor.fetchall()
        finally:
            cursor.close()
        make, processors = self.row._make, self.processors
        if not processors:
            return [make(r) for r in raw]
        rows = []
        for values in raw:
            converted = list(values)
            for i, process in processors:
                converted[i] = process(converted[i])
            rows.append(make(converted))
        return rows


@functools.lru_cache(maxsize=64)
def _plain_statement(statement: Executable, dialect: Any) -> _PlainStatement | None:
    """The driver-level form of a simple SELECT, or None (then SQLAlchemy runs it): parameters
    that need conversion or expansion, or columns without distinct names, are left to it."""
    if not isinstance(statement, Select):
        return None
    compiled = statement.compile(dialect=dialect)
    if compiled.positional and compiled.positiontup is None:
        return None
    for bind in compiled.binds.values():
        if (
            bind.expanding
            or bind.literal_execute
            or bind.callable is not None
            or bind.type.bind_processor(dialect) is not None
        ):
            return None
    if compiled.escaped_bind_names:
        return None  # names escaped for the driver: left to SQLAlchemy
    keys = [c.key for c in statement.selected_columns]
    names = [k for k in keys if isinstance(k, str) and k.isidentifier() and not k.startswith("_")]
    if len(set(names)) != len(keys):
        return None
    return _PlainStatement(statement, dialect, names)


_READ_CONNECTIONS = "ims_read_connections"
_read_lock = threading.Lock()


def _held_read_connection(engine: Engine, app: Flask) -> Connection | None:
    """This thread's connection for `read_rows`, kept checked out between requests, with no
    transaction: SQLite's without BEGIN (`NO_BEGIN`), PostgreSQL's in autocommit. None when the
    app already holds as many as it may (PostgreSQL): then the read takes one from the pool.

    Why: checking a connection out of the pool and back around one SELECT cost more than the
    SELECT itself (issue 13: the logged-in user is read on every request, and a page-cache hit is
    little else). On PostgreSQL each checkout also switched the connection to autocommit and back
    on its return; a held connection is switched once, and keeps psycopg's server-side prepared
    form of the viewer's statement (prepared on its fifth run, then only bound and executed).

    Kept per app and thread (SQLite connections stay in their thread; a psycopg connection is
    not to be shared by threads at once), returned to the pool when the app goes away or its
    engine is disposed. A SQLite connection is a file handle. A PostgreSQL one is a server
    process: the held ones come out of the engine's own pool, so they count against its size like
    any other, and at most half of `pool_size` are held (a gunicorn sync worker holds one,
    `make run`'s four threads two), so the ORM sessions keep the rest. A child process forgets
    what its parent held (`os.fork`)."""
    held: dict[int, Connection] | None = app.extensions.get(_READ_CONNECTIONS)
    if held is None:
        with _read_lock:
            held = app.extensions.get(_READ_CONNECTIONS)
            if held is None:
                held = app.extensions[_READ_CONNECTIONS] = _HeldConnections()
                weakref.finalize(app, _close_all, held)
                _ALL_HELD.add(held)
                # engine.dispose() closes what the pool holds; these are checked out of it
                event.listen(engine, "engine_disposed", lambda _engine: _close_all(held))
    thread = threading.get_ident()
    connection = held.get(thread)
    if connection is not None and not connection.closed and not connection.invalidated:
        return connection
    if engine.dialect.name == "sqlite":
        connection = engine.connect().execution_options(**{NO_BEGIN: True})
    else:
        with _read_lock:  # counted and taken at once (a thread's first read only)
            if len(held) >= _most_held(engine):
                _release_unused(held)
            if len(held) >= _most_held(engine):
                return None
            connection = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            held[thread] = connection
            return connection
    held[thread] = connection
    return connection


def _release_unused(held: dict[int, Connection]) -> None:
    """Give back to the pool the connections of threads that have ended, and broken ones."""
    alive = {thread.ident for thread in threading.enumerate()}
    for thread, connection in list(held.items()):
        if thread not in alive or connection.closed or connection.invalidated:
            del held[thread]
            if not connection.closed:
                connection.close()


def _most_held(engine: Engine) -> int:
    """How many read connections an app may hold on a server database: half the pool."""
    size = getattr(engine.pool, "size", None)
    return max(1, size() // 2) if callable(size) else 1


# Every app's held connections, so that a forked child can drop its parent's (see below).
_ALL_HELD: weakref.WeakSet[Any] = weakref.WeakSet()


class _HeldConnections(dict[int, Connection]):
    """A dict that a WeakSet can hold (by identity)."""

    __hash__ = object.__hash__  # type: ignore[assignment]


_INHERITED: list[Any] = []


def _after_fork_in_child() -> None:
    """A forked child must not use its parent's connections (they share the socket), nor close
    them (that would end the parent's server session): they are kept, untouched, and forgotten."""
    for held in list(_ALL_HELD):
        _INHERITED.extend(held.values())
        held.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def held_read_connections() -> list[Any]:
    """The driver connections `read_rows` holds now, in every app of this process (for tools
    that watch what is sent to the database: bench/wire.py)."""
    return [
        c.connection.dbapi_connection
        for held in list(_ALL_HELD)
        for c in list(held.values())
        if not c.closed and not c.invalidated
    ]


def _forget_read_connection(connection: Connection, app: Flask) -> None:
    held = app.extensions.get(_READ_CONNECTIONS) or {}
    for thread, kept in list(held.items()):
        if kept is connection:
            del held[thread]
    connection.invalidate()


def _close_all(held: dict[int, Connection]) -> None:
    for connection in list(held.values()):
        connection.close()
    held.clear()


def write_statement(statement: Executable, params: dict[str, Any]) -> Sequence[Any]:
    """One write that is a whole transaction by itself (PostgreSQL autocommit: no BEGIN and
    COMMIT round trips), outside the ORM session, so no session event sees it: the statement must
    do all its transaction's work itself, locks and page-version bumps included (the autosave's
    data-modifying CTEs). Its rows (RETURNING). For PostgreSQL; a test that runs inside one outer
    transaction gets that transaction's connection, as `read_rows` does."""
    _end_session_transaction()
    bind = _read_bind()
    if isinstance(bind, Connection):
        return bind.execute(statement, params).all()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    unobserved_pg = bind.dialect.name != "sqlite" and not _observed(bind)
    held = _held_read_connection(bind, app) if unobserved_pg else None
    if held is not None:  # PostgreSQL: the thread's connection in autocommit (see read_rows)
        try:
            return held.execute(statement, params).all()
        except Exception:
            _forget_read_connection(held, app)  # a broken connection is not handed out again
            raise
    with bind.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT")
        return connection.execute(statement, params).all()


def write_immediately(*steps: tuple[Executable, dict[str, Any]]) -> list[Sequence[Any]]:
    """A few Core writes in one transaction outside the ORM session, for SQLite: BEGIN IMMEDIATE
    (the write lock from the start), the statements in order (each one's rows, RETURNING), COMMIT.
    A step runs only when the one before it returned or changed a row. No session event sees
    them: the steps must bump page versions themselves. Why: the ORM session's transaction and
    its event machinery cost more than the autosave's two statements (issue 13).
    A test that runs inside one outer transaction gets that transaction's connection."""
    _end_session_transaction()
    bind = _read_bind()
    if isinstance(bind, Connection):
        return _run_steps(bind, steps)
    with bind.connect() as connection:
        connection.execution_options(**{IMMEDIATE: True})
        with connection.begin():
            return _run_steps(connection, steps)


def _end_session_transaction() -> None:
    """Commit the read transaction the request's session may hold open (as `write_transaction`
    does), so that its next read starts after a write made beside it, not in an older snapshot."""
    session = db.session()
    if session.in_transaction():
        session.commit()


def _run_steps(
    connection: Connection, steps: tuple[tuple[Executable, dict[str, Any]], ...]
) -> list[Sequence[Any]]:
    results: list[Sequence[Any]] = []
    for statement, params in steps:
        if results and not results[-1]:
            break  # the previous step changed nothing: the rest has nothing to follow up
        result = connection.execute(statement, params)
        results.append(result.all() if result.returns_rows else [True] * max(result.rowcount, 0))
    return results


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
