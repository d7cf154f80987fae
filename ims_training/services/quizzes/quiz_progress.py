"""What a trainee has achieved in quizzes: states per quiz, passed quizzes, the dashboard panel.

`passed_quiz_keys(user)` is the one function other features (course progress, certification
eligibility) use to ask "which quizzes has this trainee passed, and when".

The list reads plain rows (issue 13): quizzes, the trainee's attempts, modules and grants come
from prepared Core statements, never as ORM objects; quiz definitions from the per-worker cache.
`quiz_line` takes either rows or ORM objects (it only reads their attributes).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, select

from ...domain import quiz_gate, quiz_policy
from ...extensions import db
from ...models import Accommodation, Attempt, CourseModule, Quiz, User
from .accommodations import combine, effective_accommodation
from .attempts import close_if_overdue, current_definition, facts
from .quiz_gate import gate_facts

MODULE_ORDER = ["foundations", "neuropathy", "anatomy", "trigger-points", "clinical", "safety"]


@dataclass(frozen=True)
class QuizLine:
    """One quiz in a trainee's list, with everything the template shows."""

    quiz: Quiz | Any  # a Quiz or a row with its key, kind, module_slug, id, current_version_id
    title: dict[str, str]
    pass_mark: float
    time_limit_minutes: int | None
    state: quiz_policy.QuizState
    open_attempt_id: int | None
    last_submitted_id: int | None
    attempts_used: int
    gate: quiz_gate.Gate = quiz_gate.Gate(True)
    your_minutes: float | None = None  # the time limit with this trainee's accommodation
    open_deadline_at: datetime | None = None  # the open attempt's deadline, if timed

    @property
    def your_minutes_text(self) -> str:
        return f"{self.your_minutes:g}" if self.your_minutes is not None else ""

    @property
    def locked(self) -> bool:
        """Locked by its unlock rule; an attempt already open can always be resumed."""
        return not self.gate.open and self.open_attempt_id is None


@dataclass(frozen=True)
class QuizGroup:
    module_slug: str | None
    title: dict[str, str] | None
    lines: list[QuizLine]


_QUIZZES = Quiz.__table__
_ATTEMPTS = Attempt.__table__
_GRANTS = Accommodation.__table__
_MODULES = CourseModule.__table__
_LIVE_QUIZZES = (
    select(
        _QUIZZES.c.id,
        _QUIZZES.c.key,
        _QUIZZES.c.kind,
        _QUIZZES.c.module_slug,
        _QUIZZES.c.current_version_id,
    )
    .where(_QUIZZES.c.retired_at.is_(None), _QUIZZES.c.current_version_id.is_not(None))
    .order_by(_QUIZZES.c.key)
)
_ATTEMPTS_OF = (
    select(
        _ATTEMPTS.c.id,
        _ATTEMPTS.c.user_id,
        _ATTEMPTS.c.quiz_id,
        _ATTEMPTS.c.number,
        _ATTEMPTS.c.status,
        _ATTEMPTS.c.started_at,
        _ATTEMPTS.c.deadline_at,
        _ATTEMPTS.c.submitted_at,
        _ATTEMPTS.c.percent,
        _ATTEMPTS.c.passed,
    )
    .where(_ATTEMPTS.c.user_id == bindparam("user_id"))
    .order_by(_ATTEMPTS.c.number)
)
_GRANTS_OF = select(_GRANTS.c.quiz_id, _GRANTS.c.time_multiplier, _GRANTS.c.extra_attempts).where(
    _GRANTS.c.user_id == bindparam("user_id"), _GRANTS.c.revoked_at.is_(None)
)
_MODULE_TITLES = select(_MODULES.c.slug, _MODULES.c.position, _MODULES.c.title)


def _live_quizzes() -> list[Any]:
    return list(db.session.execute(_LIVE_QUIZZES).all())


def _attempts_by_quiz(user_id: int) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for attempt in db.session.execute(_ATTEMPTS_OF, {"user_id": user_id}):
        grouped[attempt.quiz_id].append(attempt)
    return grouped


def quiz_line(
    user: User,
    quiz: Quiz | Any,
    attempts: Sequence[Attempt | Any],
    now: datetime,
    grants: Sequence[Accommodation | Any] | None = None,
    gates: quiz_gate.GateFacts | None = None,
) -> QuizLine:
    """One quiz's state for a trainee; `grants` and `gates` (the trainee's accommodations and
    unlock facts, for every quiz) save queries."""
    definition = current_definition(quiz)
    if grants is None:
        accommodation = effective_accommodation(user.id, quiz.id, now)
    else:
        accommodation = combine([g for g in grants if g.quiz_id in (None, quiz.id)])
    submitted = [a for a in attempts if a.status == "submitted"]
    return QuizLine(
        quiz=quiz,
        title=definition.get("title") or {"en": quiz.key},
        pass_mark=float(definition["pass_mark"]),
        time_limit_minutes=definition.get("time_limit_minutes"),
        state=quiz_policy.quiz_state(now, definition, facts(attempts), accommodation),
        open_attempt_id=next((a.id for a in attempts if a.status == "in_progress"), None),
        open_deadline_at=next((a.deadline_at for a in attempts if a.status == "in_progress"), None),
        last_submitted_id=submitted[-1].id if submitted else None,
        attempts_used=len(attempts),
        gate=quiz_gate.gate(definition, gates or gate_facts(user, now)),
        your_minutes=None
        if definition.get("time_limit_minutes") is None
        else round(float(definition["time_limit_minutes"]) * accommodation.time_multiplier, 1),
    )


def quiz_groups(
    user: User, now: datetime | None = None, *, close_overdue: bool = False
) -> list[QuizGroup]:
    """The trainee's quizzes per module (curriculum order), then the final and other quizzes.

    With `close_overdue`, open attempts past their deadline are closed and graded first (the
    trainee's list must not offer to continue them)."""
    now = now or datetime.now(UTC)
    attempts = _attempts_by_quiz(user.id)
    if close_overdue:
        overdue = [
            a
            for rows in attempts.values()
            for a in rows
            if a.status == "in_progress" and a.deadline_at is not None and a.deadline_at < now
        ]
        if sum(close_if_overdue(a, now) for a in overdue):
            attempts = _attempts_by_quiz(user.id)
    modules = {m.slug: m for m in db.session.execute(_MODULE_TITLES)}
    by_module: dict[str | None, list[QuizLine]] = defaultdict(list)
    quizzes = _live_quizzes()
    # The definitions come from the per-worker cache of quiz versions (they never change); the
    # grants in one query instead of one per quiz.
    grants = list(db.session.execute(_GRANTS_OF, {"user_id": user.id}))
    gates = gate_facts(user, now)
    for quiz in quizzes:
        slug = quiz.module_slug if quiz.kind == "module" else None
        by_module[slug].append(quiz_line(user, quiz, attempts.get(quiz.id, []), now, grants, gates))

    def order(slug: str | None) -> tuple[int, int, str]:
        if slug is None:
            return (2, 0, "")
        module = modules.get(slug)
        if module is not None:
            return (0, module.position, slug)
        return (
            1 if slug not in MODULE_ORDER else 0,
            MODULE_ORDER.index(slug) if slug in MODULE_ORDER else 0,
            slug,
        )

    return [
        QuizGroup(slug, modules[slug].title if slug in modules else None, by_module[slug])
        for slug in sorted(by_module, key=order)
    ]


def passed_quiz_keys(user: User) -> dict[str, datetime]:
    """Quiz key -> when the trainee passed it, following each quiz's grading method.

    highest: the first submitted attempt that passed; latest: the last submitted attempt, if it
    passed. Pass/fail is as graded (or re-graded) against the quiz version the attempt served.
    """
    passed: dict[str, datetime] = {}
    attempts = _attempts_by_quiz(user.id)
    for quiz in db.session.execute(
        select(_QUIZZES.c.id, _QUIZZES.c.key, _QUIZZES.c.current_version_id).where(
            _QUIZZES.c.id.in_(list(attempts))
        )
    ):
        submitted = [a for a in attempts[quiz.id] if a.status == "submitted" and a.submitted_at]
        if not submitted or quiz.current_version_id is None:
            continue
        method = current_definition(quiz).get("grading_method") or "highest"
        if method == "latest":
            last = max(submitted, key=lambda a: (a.submitted_at, a.number))
            if last.passed and last.submitted_at:
                passed[quiz.key] = last.submitted_at
        else:
            times = [a.submitted_at for a in submitted if a.passed and a.submitted_at]
            if times:
                passed[quiz.key] = min(times)
    return passed


def quiz_closed_for(user: User, quiz: Quiz, now: datetime | None = None) -> bool:
    """A quiz "closes" for a trainee once they have passed it or have no attempts left.

    Review then switches from the `after_submit` options to the `after_close` options.
    """
    now = now or datetime.now(UTC)
    attempts = _attempts_by_quiz(user.id).get(quiz.id, [])
    state = quiz_line(user, quiz, attempts, now).state
    return state.status == "passed" or (state.attempts_left == 0 and state.status != "in_progress")
