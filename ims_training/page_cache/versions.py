"""Every write bumps the version of what it changed, in its own transaction.

The page cache (ims_training/page_cache/pages.py) keys a cached page by two numbers read on every
request: the viewer's `User.page_version` and the shared `content` generation. This module keeps
them honest without any feature having to remember to: SQLAlchemy session events look at what
each flush and each bulk statement writes and bump, in the same transaction,

* the owner's `users.page_version`, when the row is private to one user (their account and roles,
  lesson progress, quiz attempts and answers, accommodations, reset tokens);
* the shared `content` generation, for everything else: course, bank, quizzes, programs,
  certificates, partners, sign-offs, and any bulk `insert`/`update`/`delete` or raw SQL write.

Unknown tables fall on the safe side (content). Audit events are the one exception: they are
append-only history that no cacheable page shows, so writing one bumps nothing. A page that shows
audit rows or other users' data must not be cached.

A write that is rolled back rolls its bump back with it; a committed write is visible to every
gunicorn worker at once, because the versions live in the database, not in a worker.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Table, bindparam, event, inspect, or_, select, update
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.orm.util import identity_key
from sqlalchemy.sql.elements import TextClause

from ..extensions import Model
from ..models import (
    Accommodation,
    Attempt,
    AttemptAnswer,
    AuditEvent,
    LessonProgress,
    PageCacheGeneration,
    PasswordResetToken,
    User,
    UserRole,
    UserSession,
)
from ..models.page_cache import CONTENT


def _table(model: type[Model]) -> Table:
    """The model's Table. `__table__` is typed FromClause (a model may map a join); ours are tables."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


# Rows that only their owner's pages show: a write to one bumps that user's page_version.
PRIVATE_TO_OWNER: tuple[type[Model], ...] = (
    UserRole,
    LessonProgress,
    Attempt,
    Accommodation,
    PasswordResetToken,
)
# Rows that no cacheable page shows: writing one bumps nothing.
NOT_ON_CACHEABLE_PAGES: tuple[type[Model], ...] = (AuditEvent, UserSession)
_NOT_ON_CACHEABLE_TABLES = {model.__tablename__ for model in NOT_ON_CACHEABLE_PAGES}
# Tables whose rows belong to one user: a bulk write to one of them that names its owner
# (`owned_by`) bumps that user's version instead of the shared generation.
_PRIVATE_MODELS: tuple[type[Model], ...] = (*PRIVATE_TO_OWNER, AttemptAnswer)
_PRIVATE_TABLES = {_table(model).name for model in _PRIVATE_MODELS}
OWNER = "ims_page_owner"

CONTENT_GENERATION = select(PageCacheGeneration.value).where(PageCacheGeneration.name == CONTENT)
_BUMP_CONTENT = (
    update(_table(PageCacheGeneration))
    .where(PageCacheGeneration.__table__.c.name == CONTENT)
    .values(value=PageCacheGeneration.__table__.c.value + 1)
)
_USERS = _table(User)
# One owner's bump as a prepared statement (param "owner"): also for Core writes made outside the
# ORM session, which no session event sees (the autosave, `database.write_immediately`).
BUMP_OWNER = _BUMP_ONE_USER = (
    update(_USERS)
    .where(_USERS.c.id == bindparam("owner"))
    .values(page_version=_USERS.c.page_version + 1)
)
_WRITE_VERBS = ("insert", "update", "delete", "replace", "upsert", "merge", "truncate")
# session.info keys: this transaction bumped the content generation / these users already /
# wrote the counter row itself.
_BUMPED = CONTENT_BUMPED = "page_content_bumped"
_BUMPED_USERS = "page_users_bumped"
_COUNTER_WRITTEN = "page_counter_written"
# How many transactions of this process have committed a content bump: a worker that memoises
# the generation for a moment re-reads it at once after its own writes.
_local_content_commits = 0


def local_content_commits() -> int:
    return _local_content_commits


def content_generation(session: Session) -> int | None:
    """The shared generation, or None when its row is missing (then nothing may be cached)."""
    return session.execute(CONTENT_GENERATION).scalar()


def _bump_content(session: Session) -> None:
    """One bump per transaction is enough: readers only ever see the value before or after it."""
    if not session.info.get(_BUMPED):
        session.connection().execute(_BUMP_CONTENT)
        session.info[_BUMPED] = True


def _after_commit(session: Session) -> None:
    global _local_content_commits
    session.info.pop(_BUMPED_USERS, None)
    bumped = session.info.pop(_BUMPED, False)
    if session.info.pop(_COUNTER_WRITTEN, False) or bumped:
        _local_content_commits += 1


def _after_rollback(session: Session) -> None:
    for key in (_BUMPED, _BUMPED_USERS, _COUNTER_WRITTEN):
        session.info.pop(key, None)


def _bump_users(session: Session, user_ids: set[int], attempt_ids: set[int]) -> None:
    """One UPDATE for all owners not yet bumped in this transaction. An answer's owner comes from
    its attempt in the session when loaded (autosave has it), else from a subquery."""
    unresolved = set()
    for attempt_id in attempt_ids:
        attempt = session.identity_map.get(identity_key(Attempt, attempt_id))
        if attempt is not None and attempt.__dict__.get("user_id") is not None:
            user_ids.add(attempt.__dict__["user_id"])
        else:
            unresolved.add(attempt_id)
    done: set[int] = session.info.setdefault(_BUMPED_USERS, set())
    user_ids -= done
    if not user_ids and not unresolved:
        return
    if not unresolved and len(user_ids) == 1:  # the usual case (an autosave): one prepared UPDATE
        session.connection().execute(_BUMP_ONE_USER, {"owner": next(iter(user_ids))})
        done.update(user_ids)
        return
    condition: ColumnElement[bool] = _USERS.c.id.in_(sorted(user_ids))
    if unresolved:
        owners = select(Attempt.__table__.c.user_id).where(
            Attempt.__table__.c.id.in_(sorted(unresolved))
        )
        condition = or_(condition, _USERS.c.id.in_(owners))
    session.connection().execute(
        update(_USERS).where(condition).values(page_version=_USERS.c.page_version + 1)
    )
    done.update(user_ids)


def _values(obj: Any, attribute: str) -> set[int]:
    """Every value the attribute held in this flush: a row moved or orphaned counts for both owners
    (the flush may already have cleared the foreign key of a row removed from its collection)."""
    history = inspect(obj).attrs[attribute].history
    return {v for v in (*history.added, *history.unchanged, *history.deleted) if v is not None}


def _after_flush(session: Session, _flush_context: Any) -> None:
    user_ids: set[int] = set()
    attempt_ids: set[int] = set()
    content = False
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, NOT_ON_CACHEABLE_PAGES):
            continue
        if isinstance(obj, PageCacheGeneration):
            _counter_written(session)
        elif isinstance(obj, User):
            if obj.id is not None:
                user_ids.add(obj.id)
        elif isinstance(obj, PRIVATE_TO_OWNER):
            user_ids.update(_values(obj, "user_id"))
        elif isinstance(obj, AttemptAnswer):
            attempt_ids.update(_values(obj, "attempt_id"))
        else:
            content = True
    if user_ids or attempt_ids:
        _bump_users(session, user_ids, attempt_ids)
    if content:
        _bump_content(session)


def _is_write(state: ORMExecuteState) -> bool:
    if state.is_insert or state.is_update or state.is_delete:
        return True
    statement = state.statement
    if isinstance(statement, TextClause):
        return statement.text.lstrip().lower().startswith(_WRITE_VERBS)
    return False


def _counter_written(session: Session) -> None:
    """The counter itself was written (tests, repairs): no bump, but workers must re-read it."""
    session.info[_COUNTER_WRITTEN] = True


def owned_by(user_id: int) -> dict[str, int]:
    """Execution options for a Core write (through the session) to rows private to one user,
    e.g. the autosave's UPDATE of an answer: it bumps that user's version, not the shared
    generation. A statement on any other table still bumps the shared generation."""
    return {OWNER: user_id}


def _do_orm_execute(state: ORMExecuteState) -> None:
    if not _is_write(state):
        return
    table = getattr(getattr(state.statement, "table", None), "name", None)
    if table in _NOT_ON_CACHEABLE_TABLES:
        return
    owner = state.execution_options.get(OWNER) if table in _PRIVATE_TABLES else None
    if table == PageCacheGeneration.__tablename__:
        _counter_written(state.session)
    elif owner is not None:
        _bump_users(state.session, {int(owner)}, set())
    else:
        _bump_content(state.session)


def install(session_class: Any) -> None:
    """Listen on every session of `session_class` (the app's Flask-SQLAlchemy session)."""
    if not event.contains(session_class, "after_flush", _after_flush):
        event.listen(session_class, "after_flush", _after_flush)
        event.listen(session_class, "do_orm_execute", _do_orm_execute)
        event.listen(session_class, "after_commit", _after_commit)
        event.listen(session_class, "after_rollback", _after_rollback)
