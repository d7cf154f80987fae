"""What a request sends to PostgreSQL, counted on the wire: libpq's protocol trace of every
connection the engine hands out (psycopg's `pgconn.trace`), read back as round trips and
statements. Unlike SQLAlchemy's statement events, it sees what the events miss (the driver's own
BEGIN, the pool's reset ROLLBACK, server-side prepares) and, listening to the pool rather than
to statements, it leaves `database.read_rows` on its fast path (`_observed` is false).

    with WireTrace(engine) as wire:
        client.get(path)
    wire.round_trips, wire.statements, wire.texts
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine


@dataclass
class WireCount:
    round_trips: int = 0  # a simple Query or a Sync: each waits for the server's ReadyForQuery
    statements: int = 0  # a simple Query or an Execute
    parses: int = 0  # Parse messages (statements the server plans again)
    texts: list[str] = field(default_factory=list)  # the SQL of each Query and Parse

    def add(self, line: str) -> None:
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 3 or parts[0] != "F":
            return
        kind = parts[2]
        detail = parts[3].strip() if len(parts) > 3 else ""
        if kind == "Query":
            self.round_trips += 1
            self.statements += 1
            self.texts.append(detail.strip('"'))
        elif kind == "Sync":
            self.round_trips += 1
        elif kind == "Execute":
            self.statements += 1
        elif kind == "Parse":  # "statement name" "query" ...
            self.parses += 1
            quoted = detail.split('"')
            self.texts.append(quoted[3] if len(quoted) > 3 else detail)


class WireTrace:
    """Trace every connection of a PostgreSQL engine's pool while the block runs (a connection
    already in the pool is traced when next checked out). On SQLite it counts nothing."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.enabled = engine.dialect.name == "postgresql"
        fd, self.path = tempfile.mkstemp(prefix="ims-wire-", suffix=".txt")
        self._file = os.fdopen(fd, "w")
        self._traced: dict[int, Any] = {}
        self._offset = 0

    def _on_checkout(self, dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        pgconn = getattr(dbapi_connection, "pgconn", None)
        if pgconn is None or id(pgconn) in self._traced:
            return
        from psycopg import pq

        pgconn.trace(self._file.fileno())
        pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)
        self._traced[id(pgconn)] = pgconn

    def __enter__(self) -> WireTrace:
        if self.enabled:
            event.listen(self.engine, "checkout", self._on_checkout)
            from ims_training.database import held_read_connections

            for dbapi_connection in held_read_connections():  # checked out between requests
                self._on_checkout(dbapi_connection, None, None)
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.enabled:
            event.remove(self.engine, "checkout", self._on_checkout)
            for pgconn in self._traced.values():
                if pgconn.status == 0:  # CONNECTION_OK
                    pgconn.untrace()
        self._file.close()
        os.unlink(self.path)

    def take(self) -> WireCount:
        """What was sent since the last take()."""
        count = WireCount()
        if not self.enabled:
            return count
        self._file.flush()
        with open(self.path) as trace:
            trace.seek(self._offset)
            for line in trace:
                count.add(line)
            self._offset = trace.tell()
        return count
