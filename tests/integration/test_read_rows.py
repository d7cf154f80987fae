"""`database.read_rows`: the hot reads go straight to the driver when nobody watches the engine,
and give the same rows SQLAlchemy gives (SQLite and PostgreSQL alike)."""

from __future__ import annotations

from sqlalchemy import event

from ims_training.database import _plain_statement, read_rows
from ims_training.extensions import db
from ims_training.models import Role, UserSession
from ims_training.page_cache.versions import CONTENT_GENERATION
from ims_training.services.accounts.sessions import _VIEWER


def test_the_driver_path_gives_sqlalchemys_rows_and_the_watched_path_shows_the_statement(
    app, login_as
):
    user = login_as(Role.TRAINEE, Role.INSTRUCTOR)
    sid_hash = db.session.scalar(
        db.select(UserSession.sid_hash).where(UserSession.user_id == user.id)
    )
    params = {"user_id": user.id, "sid_hash": sid_hash}
    assert (
        _plain_statement(_VIEWER, db.engine.dialect) is not None
    )  # the viewer's read takes the driver path
    fast = read_rows(_VIEWER, params)
    seen: list[str] = []

    def watch(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", watch)
    try:
        watched = read_rows(_VIEWER, params)
    finally:
        event.remove(db.engine, "before_cursor_execute", watch)
    assert len(seen) == 1 and "user_sessions" in seen[0]  # listeners see every statement
    assert sorted(tuple(r) for r in fast) == sorted(tuple(r) for r in watched)
    assert {r.role for r in fast} == {"trainee", "instructor"}
    assert (
        fast[0].is_enabled is True and fast[0].page_version == user.page_version
    )  # SQLite's 1 is a bool
    assert read_rows(CONTENT_GENERATION)[0].value == db.session.execute(CONTENT_GENERATION).scalar()


def test_a_read_sees_a_commit_made_after_the_previous_read(app, make_user):
    """The read connection is kept between requests but holds no transaction open."""
    user = make_user(Role.TRAINEE)
    users = db.metadata.tables["users"]
    by_id = db.select(users.c.page_version).where(users.c.id == db.bindparam("user_id"))
    before = read_rows(by_id, {"user_id": user.id})[0].page_version
    with db.engine.begin() as other:  # another worker's write
        other.execute(users.update().where(users.c.id == user.id).values(page_version=before + 5))
    assert read_rows(by_id, {"user_id": user.id})[0].page_version == before + 5


def test_each_thread_keeps_one_read_connection_within_half_the_pool_and_dispose_returns_them(
    app, make_user
):
    """Reads keep their connection between requests (no checkout per read), but never more than
    half of a server database's pool (the ORM sessions need the rest); disposing of the engine
    gives them back, as it closes the pool's own."""
    import threading

    from ims_training.database import _most_held, held_read_connections

    user = make_user(Role.TRAINEE)
    users = db.metadata.tables["users"]
    by_id = db.select(users.c.page_version).where(users.c.id == db.bindparam("user_id"))
    engine = db.engine
    read_rows(by_id, {"user_id": user.id})
    kept = held_read_connections()
    read_rows(by_id, {"user_id": user.id})
    assert held_read_connections() == kept and len(kept) == 1  # the same connection again

    threads = 2 * _most_held(engine) + 2 if engine.dialect.name != "sqlite" else 3
    answers: list[int] = []
    barrier = threading.Barrier(threads)

    def read() -> None:
        with app.app_context():
            barrier.wait()  # all alive at once: none of their connections may be released
            answers.append(read_rows(by_id, {"user_id": user.id})[0].page_version)
            barrier.wait()

    workers = [threading.Thread(target=read) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert answers == [user.page_version] * threads
    if engine.dialect.name != "sqlite":
        assert len(held_read_connections()) == _most_held(engine)  # the others used the pool
    engine.dispose()
    assert held_read_connections() == [] and engine.pool.checkedout() == 0
    assert read_rows(by_id, {"user_id": user.id})[0].page_version == user.page_version


def test_a_read_on_postgresql_leaves_no_transaction_open(app, make_user):
    """A pure read opens no transaction: autocommit, so no BEGIN, nothing idle in transaction
    holding a snapshot, no ROLLBACK round trip."""
    if db.engine.dialect.name != "postgresql":
        return
    from ims_training.database import held_read_connections

    user = make_user(Role.TRAINEE)
    users = db.metadata.tables["users"]
    by_id = db.select(users.c.page_version).where(users.c.id == db.bindparam("user_id"))
    read_rows(by_id, {"user_id": user.id})
    (connection,) = held_read_connections()
    assert connection.autocommit is True
    assert connection.info.transaction_status.name == "IDLE"


def test_a_forked_child_does_not_use_or_close_its_parents_read_connection(app, make_user):
    """After os.fork the child shares its parent's sockets: it takes a new connection, and leaves
    the inherited one open (closing it would end the parent's server session)."""
    from ims_training import database

    user = make_user(Role.TRAINEE)
    users = db.metadata.tables["users"]
    by_id = db.select(users.c.page_version).where(users.c.id == db.bindparam("user_id"))
    read_rows(by_id, {"user_id": user.id})
    (inherited,) = database.held_read_connections()
    database._after_fork_in_child()  # what os.register_at_fork runs in a child
    try:
        assert database.held_read_connections() == []
        assert read_rows(by_id, {"user_id": user.id})[0].page_version == user.page_version
        (own,) = database.held_read_connections()
        assert own is not inherited
        assert not getattr(inherited, "closed", False)  # left open for the parent
    finally:
        for connection in database._INHERITED:
            connection.close()
        database._INHERITED.clear()


def test_inline_values_and_a_parameter_used_twice_take_the_driver_path_with_the_same_rows(
    app, make_user
):
    """Statements with literals in them (rendered as anonymous parameters) and a named parameter
    used twice still go straight to the driver, with the values SQLAlchemy would bind; a
    missing parameter fails as it would through SQLAlchemy."""
    import pytest
    from sqlalchemy.exc import SQLAlchemyError

    make_user(Role.TRAINEE)
    second = make_user(Role.TRAINEE)
    users = db.metadata.tables["users"]
    statement = (
        db.select(users.c.id, users.c.page_version)
        .where(
            users.c.is_enabled == True,  # noqa: E712  (an inline literal)
            users.c.id >= 1,
            (users.c.id == db.bindparam("one")) | (users.c.page_version == db.bindparam("one")),
        )
        .order_by(users.c.id)
    )
    assert _plain_statement(statement, db.engine.dialect) is not None
    fast = read_rows(statement, {"one": second.id})
    with db.engine.connect() as connection:
        through_sqlalchemy = connection.execute(statement, {"one": second.id}).all()
    assert [tuple(r) for r in fast] == [tuple(r) for r in through_sqlalchemy]
    assert second.id in {r.id for r in fast}
    with pytest.raises((SQLAlchemyError, KeyError)):
        read_rows(statement, {})
