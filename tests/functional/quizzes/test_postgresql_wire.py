"""What the quiz pages send to PostgreSQL, counted on the wire (issue 13, "the PostgreSQL run"):
a page-cache hit is one prepared statement in one round trip and opens no transaction; the
autosave is one statement that commits by itself, in two round trips with the viewer's read.
SQLAlchemy's statement events do not see the driver's BEGIN, the pool's reset or the server-side
prepares; libpq's trace does (bench/wire.py)."""

from __future__ import annotations

import pytest

from bench.wire import WireTrace
from ims_training.config import TestConfig
from ims_training.database import held_read_connections
from ims_training.extensions import db
from ims_training.page_cache.pages import page_cache

pytestmark = pytest.mark.skipif(
    not (TestConfig.DATABASE_URL or "").startswith("postgres"),
    reason="counts PostgreSQL's protocol messages (TEST_DATABASE_URL)",
)


def test_a_layer_hit_is_one_prepared_statement_in_one_round_trip_outside_a_transaction(
    app, client, attempt_id
):
    url = f"/learn/attempts/{attempt_id}?q=2"
    for _ in range(8):  # stored, then hits: psycopg prepares the viewer's statement on its 5th run
        assert client.get(url).status_code == 200
    cache = page_cache()
    layer_hits = cache.layer_hits
    with WireTrace(db.engine) as wire:
        for _ in range(5):
            assert client.get(url).status_code == 200
        sent = wire.take()
    assert cache.layer_hits == layer_hits + 5  # served before Flask
    assert (sent.statements, sent.round_trips) == (5, 5), sent
    assert sent.parses == 0, sent.texts  # bound and executed, not parsed and planned again
    assert not any(t.split()[0].upper() in ("BEGIN", "COMMIT", "ROLLBACK") for t in sent.texts)
    # and no transaction left open on the connection the read used
    assert [c.info.transaction_status.name for c in held_read_connections()] == ["IDLE"]


def test_the_autosave_is_one_statement_in_two_round_trips_without_a_transaction(
    app, client, attempt_id
):
    db.session.remove()
    client.post(  # a first save, so that the statements below are the steady state
        f"/learn/attempts/{attempt_id}/answers", json={"slot": 4, "fields": {"answer": ["1"]}}
    )
    with WireTrace(db.engine) as wire:
        saved = client.post(
            f"/learn/attempts/{attempt_id}/answers",
            json={"slot": 5, "fields": {"answer": ["7,25"]}, "flagged": True},
        )
        sent = wire.take()
    assert saved.status_code == 200 and saved.get_json()["revision"] == 1
    commands = [t.split()[0].upper() for t in sent.texts if t.split()[0].upper().isalpha()]
    # the viewer; then one statement in autocommit: the attempt locked, the owner's page version
    # and the answer (data-modifying CTEs). No BEGIN, COMMIT or ROLLBACK round trips.
    assert not {"BEGIN", "COMMIT", "ROLLBACK"} & set(commands), sent.texts
    assert commands == ["SELECT", "WITH"], sent.texts
    assert (sent.statements, sent.round_trips) == (2, 2), sent
