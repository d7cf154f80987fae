"""Quiz attempts: start (draw), save answers, submit (grade once), close at the deadline.

Every write locks the attempt (BEGIN IMMEDIATE on SQLite, `FOR UPDATE` on PostgreSQL) and runs in
one transaction, so concurrent saves never lose an answer and a double submit grades once.
Grading is `domain.grading`; the rules (may start, deadline, pass) are `domain.quiz_policy`.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import and_, bindparam, exists, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ...database import table_of, write_immediately, write_statement, write_transaction
from ...domain import grading, quiz_policy
from ...domain.answer_keys import Fields, parse_fields
from ...extensions import db
from ...formats import when
from ...models import Attempt, AttemptAnswer, Quiz, User
from ...page_cache import versions as page_versions
from .. import ServiceError
from . import immutable_rows
from .accommodations import effective_accommodation
from .drawing import layout_for, question_content
from .quiz_gate import gate_for, refusal

_ATTEMPTS = table_of(Attempt)
_ANSWERS = table_of(AttemptAnswer)
_USERS = table_of(User)


class AttemptNotFound(ServiceError):
    """No such attempt, or it belongs to someone else (the web layer answers 404)."""


class AttemptClosed(ServiceError):
    """The attempt is submitted or past its deadline; nothing was saved."""


class QuizLocked(ServiceError):
    """The quiz's unlock rule is not met (domain/quiz_gate.py); no attempt was made."""


class InvalidAnswer(ServiceError):
    """The answer does not fit its question (unknown option, wrong shape); nothing was saved."""


@dataclass(frozen=True)
class SaveResult:
    slot: int
    revision: int
    saved_at: datetime
    flagged: bool
    answered: bool


def now() -> datetime:
    """The current time, timezone-aware UTC (time_machine freezes it in tests)."""
    return datetime.now(UTC)


def _now(value: datetime | None) -> datetime:
    return value or now()


def definition_of(attempt: Attempt | Any) -> dict[str, Any]:
    """The quiz definition the attempt was drawn from (an `Attempt` or an `AttemptRow`)."""
    return _quiz_definition(attempt.quiz_version_id)


def _quiz_definition(quiz_version_id: int) -> dict[str, Any]:
    definition = immutable_rows.quiz_definition(quiz_version_id)  # versions never change
    if definition is None:  # pragma: no cover
        raise ServiceError("quiz version missing")
    return definition


def current_definition(quiz: Quiz | Any) -> dict[str, Any]:
    """The quiz's current definition (a `Quiz` or a row with its `current_version_id`)."""
    if quiz.current_version_id is None:
        raise ServiceError(_("This quiz has no published version."))
    return _quiz_definition(quiz.current_version_id)


def facts(attempts: Sequence[Attempt | Any]) -> list[quiz_policy.AttemptFact]:
    return [quiz_policy.AttemptFact(a.started_at, a.submitted_at, a.percent) for a in attempts]


def attempts_of(user_id: int, quiz_id: int, lock: bool = False) -> list[Attempt]:
    stmt = select(Attempt).where(Attempt.user_id == user_id, Attempt.quiz_id == quiz_id)
    if lock:
        stmt = stmt.with_for_update()
    return list(db.session.scalars(stmt.order_by(Attempt.number)))


def attempt_statuses(user_id: int, quiz_id: int) -> list[str]:
    """The states of the trainee's attempts at the quiz, oldest first (no rows built)."""
    return list(
        db.session.scalars(
            select(Attempt.status)
            .where(Attempt.user_id == user_id, Attempt.quiz_id == quiz_id)
            .order_by(Attempt.number)
        )
    )


def own_attempt(user: User, attempt_id: int) -> Attempt | None:
    """The attempt if it is `user`'s, else None (another trainee's attempt does not exist)."""
    return db.session.scalar(
        select(Attempt).where(Attempt.id == attempt_id, Attempt.user_id == user.id)
    )


def _locked(user_id: int, attempt_id: int) -> Attempt:
    """The attempt, locked for this transaction, with its answers (grading reads them all)."""
    attempt = db.session.scalar(
        select(Attempt)
        .where(Attempt.id == attempt_id, Attempt.user_id == user_id)
        .with_for_update()
        .options(selectinload(Attempt.answers))
    )
    if attempt is None:
        raise AttemptNotFound(_("There is no such attempt."))
    return attempt


# --- start -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _StartPlan:
    """What a start will write, decided from the trainee's attempts as `previous` read them."""

    previous: tuple[tuple[int, str], ...]  # (id, status) of the attempts the plan was made on
    quiz_version_id: int | None  # as the quiz had it when its definition was read
    number: int
    layout: list[dict[str, Any]]
    deadline_at: datetime | None


def _plan_start(
    user: User, quiz: Quiz, previous: list[Attempt], now: datetime, rng: random.Random | None
) -> Attempt | _StartPlan:
    """The open attempt to resume, or the plan of a new one; raises when the start is refused
    (QuizLocked, ServiceError) or an open attempt is overdue (_OverdueFirst)."""
    if any(
        a.status == "in_progress" and quiz_policy.is_overdue(now, a.deadline_at) for a in previous
    ):
        raise _OverdueFirst  # closed in its own transaction, kept even if this start fails
    open_ = next((a for a in previous if a.status == "in_progress"), None)
    if open_ is not None:
        return open_
    version_id = quiz.current_version_id
    definition = current_definition(quiz)
    gate = gate_for(user, definition, now)
    if not gate.open:
        raise QuizLocked(refusal(gate))
    accommodation = effective_accommodation(user.id, quiz.id, now)
    decision = quiz_policy.can_start(now, definition, facts(previous), accommodation)
    if not decision.allowed:
        raise ServiceError(_refusal(decision))
    return _StartPlan(
        previous=tuple((a.id, a.status) for a in previous),
        quiz_version_id=version_id,
        number=len(previous) + 1,
        layout=layout_for(definition, rng or random.Random(secrets.randbits(64))),
        deadline_at=quiz_policy.deadline(
            now, definition.get("time_limit_minutes"), accommodation.time_multiplier
        ),
    )


def start_attempt(
    user: User, quiz: Quiz, now: datetime | None = None, rng: random.Random | None = None
) -> Attempt:
    """Start a new attempt, or return the open one (a reload or second tab resumes it).

    Refused (QuizLocked, nothing written) while the quiz's unlock rule is not met.

    In two steps, so that the write lock (SQLite's is the whole database's) is held only for the
    write (issue 13: 200 trainees starting at once queued behind each other's reads): the plan
    (gate, accommodation, attempt rules, the draw) is made on an ordinary read, then under the
    lock the trainee's attempts at the quiz are read again, locked, and the plan is written only
    if they are exactly the ones it was made on; otherwise it is made again under the lock. What
    must be exact -- one open attempt, the attempt count and number -- is so decided under the
    lock; the unlock facts (lessons, passed quizzes) are those of a read a moment before the
    write, as they always were on PostgreSQL, where no lock covers them either.
    """
    now = _now(now)
    user_id, quiz_id = user.id, quiz.id
    try:
        plan = _plan_start(user, quiz, attempts_of(user_id, quiz_id), now, rng)
        if isinstance(plan, Attempt):
            return plan  # a resume writes nothing
        with write_transaction(keep_loaded=True):  # the caller goes on with the new attempt's id
            # Serialise starts per trainee on PostgreSQL; SQLite's BEGIN IMMEDIATE already does.
            db.session.execute(select(User.id).where(User.id == user_id).with_for_update())
            previous = attempts_of(user_id, quiz_id, lock=True)
            if tuple((a.id, a.status) for a in previous) != plan.previous:
                plan = _plan_start(user, quiz, previous, now, rng)
                if isinstance(plan, Attempt):
                    return plan
            attempt = Attempt(
                user_id=user_id,
                quiz_id=quiz_id,
                quiz_version_id=plan.quiz_version_id,
                number=plan.number,
                status="in_progress",
                started_at=now,
                layout=plan.layout,
                deadline_at=plan.deadline_at,
            )
            db.session.add(attempt)
            db.session.flush()
            # One empty answer row per question, in one statement (not one ORM object each).
            db.session.execute(
                insert(_ANSWERS),
                [
                    {
                        "attempt_id": attempt.id,
                        "slot": slot,
                        "question_version_id": entry["version_id"],
                        "response": None,
                        "flagged": False,
                        "saved_at": now,
                        "revision": 0,
                    }
                    for slot, entry in enumerate(plan.layout)
                ],
                execution_options=page_versions.owned_by(user_id),
            )
        return attempt
    except _OverdueFirst:
        close_overdue_for(user, quiz, now)
        return start_attempt(user, quiz, now, rng)
    except IntegrityError:
        # A concurrent start won the race: resume the attempt it opened.
        db.session.rollback()
        open_ = next((a for a in attempts_of(user_id, quiz_id) if a.status == "in_progress"), None)
        if open_ is None:
            raise
        return open_


class _OverdueFirst(Exception):
    """The trainee's open attempt at this quiz is past its deadline: close it, then start."""


def _refusal(decision: quiz_policy.Decision) -> str:
    if decision.reason_code == "no_attempts_left":
        return _("You have no attempts left at this quiz.")
    if decision.reason_code == "wait" and decision.opens_at is not None:
        return _("Your next attempt opens %(when)s.", when=when(decision.opens_at))
    return _("You cannot start this quiz now.")


# --- answers -----------------------------------------------------------------------------------


# The autosave, in its usual case, is one write that checks everything the rules need in the
# database itself: the answer row is updated only while its attempt is the viewer's, is the very
# attempt whose layout the answer was checked against (its start), is open and is not past its
# deadline. The layout comes from the per-worker cache (it never changes). Anything else -- no
# such attempt, submitted, overdue, a layout not yet kept -- falls to `_save_checked`, the
# locked read-then-write that says exactly why (and grades an overdue attempt).
_WRITABLE = and_(
    _ATTEMPTS.c.id == bindparam("attempt"),
    _ATTEMPTS.c.user_id == bindparam("owner"),
    _ATTEMPTS.c.started_at == bindparam("started", type_=_ATTEMPTS.c.started_at.type),
    _ATTEMPTS.c.status == "in_progress",
    or_(
        _ATTEMPTS.c.deadline_at.is_(None),
        _ATTEMPTS.c.deadline_at >= bindparam("saved", type_=_ATTEMPTS.c.deadline_at.type),
    ),
)
_NEW_VALUES = {
    "response": bindparam("new_response", type_=_ANSWERS.c.response.type),
    "flagged": func.coalesce(
        bindparam("new_flag", type_=_ANSWERS.c.flagged.type), _ANSWERS.c.flagged
    ),
    "revision": _ANSWERS.c.revision + 1,
    "saved_at": bindparam("saved", type_=_ANSWERS.c.saved_at.type),
}
_THE_ANSWER = and_(
    _ANSWERS.c.slot == bindparam("at_slot"),
    _ANSWERS.c.question_version_id == bindparam("question_version"),
)
# SQLite, inside BEGIN IMMEDIATE (the write lock is the whole database's): the answer, if the
# attempt is writable; then, in the same transaction, the owner's page version.
_FAST_SAVE = (
    update(_ANSWERS)
    .where(
        _ANSWERS.c.attempt_id == bindparam("attempt"),
        _THE_ANSWER,
        exists(select(_ATTEMPTS.c.id).where(_WRITABLE)),
    )
    .values(**_NEW_VALUES)
    .returning(_ANSWERS.c.revision, _ANSWERS.c.flagged)
)
# PostgreSQL, one statement that commits by itself (no BEGIN / COMMIT round trips): the attempt
# row locked `FOR UPDATE` (a concurrent submit waits for the save, or the save sees it
# submitted), the owner's page version bumped and the answer updated, all or nothing.
_WRITABLE_LOCKED = select(_ATTEMPTS.c.id).where(_WRITABLE).with_for_update().cte("writable")
_BUMP_OWNER = (
    update(_USERS)
    .where(_USERS.c.id == bindparam("owner"), exists(select(_WRITABLE_LOCKED.c.id)))
    .values(page_version=_USERS.c.page_version + 1)
    .cte("bumped")
)
_FAST_SAVE_ONE_STATEMENT = (
    update(_ANSWERS)
    .where(_ANSWERS.c.attempt_id == _WRITABLE_LOCKED.c.id, _THE_ANSWER)
    .values(**_NEW_VALUES)
    .returning(_ANSWERS.c.revision, _ANSWERS.c.flagged)
    .add_cte(_BUMP_OWNER)
)

# The checked save: the attempt row locked (BEGIN IMMEDIATE on SQLite, FOR UPDATE on PostgreSQL)
# and its state read, then the one answer updated.
_FOR_SAVE = (
    select(_ATTEMPTS.c.status, _ATTEMPTS.c.deadline_at, _ATTEMPTS.c.layout)
    .where(_ATTEMPTS.c.id == bindparam("attempt"), _ATTEMPTS.c.user_id == bindparam("owner"))
    .with_for_update()
)
_SAVE = (
    update(_ANSWERS)
    .where(_ANSWERS.c.attempt_id == bindparam("attempt"), _ANSWERS.c.slot == bindparam("at_slot"))
    .values(**_NEW_VALUES)
    .returning(_ANSWERS.c.revision, _ANSWERS.c.flagged)
)


def _checked_response(entry: dict[str, Any], fields: Fields) -> Any:
    try:
        response = parse_fields(entry, fields)
        grading.validate_response(question_content(entry["version_id"]), response)
    except grading.InvalidResponse as error:
        raise InvalidAnswer(
            _("The answer was not saved: %(problem)s.", problem=str(error))
        ) from error
    return response


def save_answer(
    user: User | Any,
    attempt_id: int,
    slot: int,
    fields: Fields,
    *,
    flagged: bool | None = None,
    now: datetime | None = None,
) -> SaveResult:
    """Save one question's answer (and flag); refused after submit or the deadline.

    Usually one write and no read, outside the ORM session (see `_FAST_SAVE`); the owner's page
    version is bumped in the same transaction. Whatever that write cannot settle goes to the checked save."""
    now = _now(now)
    kept = immutable_rows.attempt_layout(attempt_id)
    if kept is not None and kept.user_id == user.id and 0 <= slot < len(kept.layout):
        entry = kept.layout[slot]
        try:
            response = _checked_response(entry, fields)
        except InvalidAnswer:
            response = _UNSETTLED  # the checked save says so, from the row itself
        if response is not _UNSETTLED:
            params = {
                "attempt": attempt_id,
                "owner": user.id,
                "started": kept.started_at,
                "at_slot": slot,
                "question_version": entry["version_id"],
                "new_response": response,
                "new_flag": flagged,
                "saved": now,
            }
            if db.session.get_bind().dialect.name == "postgresql":
                saved = write_statement(_FAST_SAVE_ONE_STATEMENT, params)
            else:  # the answer, then (only if it was written) the owner's page version
                saved = write_immediately(
                    (_FAST_SAVE, params), (page_versions.BUMP_OWNER, {"owner": user.id})
                )[0]
            if saved:
                return SaveResult(
                    slot, saved[0].revision, now, bool(saved[0].flagged), response is not None
                )
    return _save_checked(user, attempt_id, slot, fields, flagged=flagged, now=now)


_UNSETTLED = object()


def _save_checked(
    user: User | Any,
    attempt_id: int,
    slot: int,
    fields: Fields,
    *,
    flagged: bool | None,
    now: datetime,
) -> SaveResult:
    """The save that reads the attempt under its lock first, and says why it refuses."""
    expired = False
    with write_transaction():
        state = db.session.execute(_FOR_SAVE, {"attempt": attempt_id, "owner": user.id}).first()
        if state is None:
            raise AttemptNotFound(_("There is no such attempt."))
        if state.status != "in_progress":
            raise AttemptClosed(
                _("This attempt has been submitted; its answers can no longer change.")
            )
        if quiz_policy.is_overdue(now, state.deadline_at):
            attempt = _locked(user.id, attempt_id)
            _grade(attempt, attempt.deadline_at or now, closed_by="deadline")
            expired = True
        else:
            if not 0 <= slot < len(state.layout):
                raise InvalidAnswer(_("There is no such question in this attempt."))
            response = _checked_response(state.layout[slot], fields)
            saved = db.session.execute(
                _SAVE,
                {
                    "attempt": attempt_id,
                    "at_slot": slot,
                    "new_response": response,
                    "new_flag": flagged,
                    "saved": now,
                },
                execution_options=page_versions.owned_by(user.id),
            ).one()
            result = SaveResult(
                slot, saved.revision, now, bool(saved.flagged), response is not None
            )
    if expired:
        raise AttemptClosed(
            _("Time is up: the attempt was closed at its deadline and this answer was not saved.")
        )
    return result


# --- submit and close ---------------------------------------------------------------------------


def _grade(attempt: Attempt, submitted_at: datetime, closed_by: str) -> None:
    """Grade every answer of a locked, open attempt and close it."""
    _score_answers(attempt)
    attempt.status = "submitted"
    attempt.submitted_at = submitted_at
    attempt.closed_by = closed_by


def _score_answers(attempt: Attempt) -> None:
    items = []
    for answer in attempt.answers:
        content = question_content(answer.question_version_id)
        response = answer.response
        try:
            grading.validate_response(content, response)
        except grading.InvalidResponse:
            response = None  # cannot happen for saved answers; never let one break grading
        items.append((content, response))
    result = grading.grade_attempt(items)
    for answer, grade in zip(attempt.answers, result.grades, strict=True):
        answer.score, answer.max_score = grade.score, grade.max_score
    attempt.score, attempt.max_score, attempt.percent = (
        result.score,
        result.max_score,
        result.percent,
    )
    attempt.passed = quiz_policy.is_pass(result.percent, float(definition_of(attempt)["pass_mark"]))


def submit_attempt(user: User, attempt_id: int, now: datetime | None = None) -> Attempt:
    """Submit and grade; submitting again (or concurrently) returns the graded attempt unchanged."""
    now = _now(now)
    with write_transaction(keep_loaded=True):  # the caller reads the graded attempt: no re-read
        attempt = _locked(user.id, attempt_id)
        if attempt.status == "in_progress":
            if quiz_policy.is_overdue(now, attempt.deadline_at):
                _grade(attempt, attempt.deadline_at or now, closed_by="deadline")
            else:
                _grade(attempt, now, closed_by="trainee")
    return attempt


def close_if_overdue(attempt: Attempt | Any, now: datetime | None = None) -> bool:
    """Close and grade `attempt` (an `Attempt` or an `AttemptRow`) at its deadline if that has
    passed; True if it did (an `AttemptRow` is not changed: read it again)."""
    now = _now(now)
    if attempt.status != "in_progress" or not quiz_policy.is_overdue(now, attempt.deadline_at):
        return False
    with write_transaction():
        locked = _locked(attempt.user_id, attempt.id)
        if locked.status != "in_progress":
            return False
        _grade(locked, locked.deadline_at or now, closed_by="deadline")
    return True


def close_overdue_for(user: User, quiz: Quiz | None = None, now: datetime | None = None) -> int:
    """Close a trainee's overdue open attempts (on their next visit)."""
    now = _now(now)
    stmt = select(Attempt).where(
        Attempt.user_id == user.id, Attempt.status == "in_progress", Attempt.deadline_at < now
    )
    if quiz is not None:
        stmt = stmt.where(Attempt.quiz_id == quiz.id)
    return sum(close_if_overdue(a, now) for a in list(db.session.scalars(stmt)))


def close_overdue(now: datetime | None = None) -> list[Attempt]:
    """Close every open attempt past its deadline (the `quiz close-overdue` command)."""
    now = _now(now)
    stmt = select(Attempt).where(Attempt.status == "in_progress", Attempt.deadline_at < now)
    return [a for a in list(db.session.scalars(stmt)) if close_if_overdue(a, now)]
