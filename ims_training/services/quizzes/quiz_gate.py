"""Gather what unlocks a quiz for one trainee and ask `domain.quiz_gate`; the reasons in words.

`gate_facts(user, now)` costs a fixed number of queries, so the quiz list gates every quiz with
one call. `start_attempt` asks `gate_for` inside its transaction: a crafted POST cannot skip it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ...domain import quiz_gate
from ...domain.certificates import effective_status
from ...extensions import db
from ...i18n import localised
from ...models import Attempt, Certificate, CourseModule, Program, Quiz, User
from ..course.course import Viewer, course_overview
from ..course.course_catalog import catalog
from .quiz_titles import quiz_titles

DEFAULT_WINDOW_DAYS = 180


def _window_days(program: Program | None) -> int:
    requirements = (program.requirements if program else None) or {}
    return int(requirements.get("recertification_window_days") or DEFAULT_WINDOW_DAYS)


def _certificate(user_id: int, now: datetime) -> quiz_gate.CertificateStanding:
    cert = db.session.scalar(
        select(Certificate)
        .where(Certificate.user_id == user_id, Certificate.superseded_by_id.is_(None))
        .order_by(Certificate.issued_on.desc(), Certificate.id.desc())
        .limit(1)
    )
    if cert is None:
        return "none"
    status = effective_status(cert.status, cert.expires_on, now).value
    return quiz_gate.certificate_standing(
        status, (now.date() - cert.expires_on).days, _window_days(cert.program)
    )


def passed_keys(user_id: int) -> set[str]:
    """Keys of the quizzes the trainee has an attempt graded `passed` at."""
    return set(
        db.session.scalars(
            select(Quiz.key)
            .join(Attempt, Attempt.quiz_id == Quiz.id)
            .where(Attempt.user_id == user_id, Attempt.passed.is_(True))
            .distinct()
        )
    )


def gate_facts(
    user: User, now: datetime, rule: dict[str, Any] | None = None
) -> quiz_gate.GateFacts:
    """The trainee's own progress (never a staff preview: staff are gated like anyone). With a
    quiz's `rule` (`domain.quiz_gate.rule_of`), only the facts that rule looks at are read (a
    start asks for one quiz: a module quiz needs the lessons, not certificates or passed quizzes);
    the others stay empty, which that rule never reads."""
    wants_lessons = rule is None or bool(rule.get("lessons"))
    wants_module_quizzes = rule is None or bool(rule.get("module_quizzes"))
    wants_passed = rule is None or bool(rule.get("quizzes")) or wants_module_quizzes
    wants_certificate = rule is None or bool(rule.get("certificate"))
    lessons: dict[str, tuple[int, int]] = {}
    locked_modules: dict[str, tuple[str, ...]] = {}
    if wants_lessons:
        overview = course_overview(Viewer(user.id, "en", preview=False))
        lessons = {
            m.slug: (m.progress.completed, m.progress.total) for m in overview.modules if m.progress
        }
        locked_modules = {
            m.slug: m.progress.waiting_for for m in overview.modules if m.locked and m.progress
        }
    module_quizzes = (
        list(
            db.session.scalars(
                select(Quiz.key)
                .outerjoin(CourseModule, CourseModule.slug == Quiz.module_slug)
                .where(
                    Quiz.kind == "module",
                    Quiz.retired_at.is_(None),
                    Quiz.current_version_id.is_not(None),
                )
                .order_by(CourseModule.position, Quiz.key)
            )
        )  # in course order, for the reasons shown
        if wants_module_quizzes
        else []
    )
    return quiz_gate.GateFacts(
        lessons=lessons,
        locked_modules=locked_modules,
        passed_quizzes=passed_keys(user.id) if wants_passed else set(),
        module_quizzes=module_quizzes,
        certificate=_certificate(user.id, now) if wants_certificate else "none",
    )


def gate_for(
    user: User, definition: dict, now: datetime, facts: quiz_gate.GateFacts | None = None
) -> quiz_gate.Gate:
    """The quiz's gate for the trainee; without `facts`, reads only what its rule needs."""
    return quiz_gate.gate(definition, facts or gate_facts(user, now, quiz_gate.rule_of(definition)))


def _module_title(slug: str | None) -> str:
    module = next((m for m in catalog().modules if m.slug == slug), None)
    return localised(module.title) if module else str(slug)


def describe(missing: tuple[quiz_gate.Missing, ...]) -> list[str]:
    """Each unmet condition as a sentence in the viewer's language."""
    titles = quiz_titles([m.key for m in missing if m.kind == "quiz" and m.key])
    out = []
    for item in missing:
        if item.kind == "module_locked":
            out.append(
                _(
                    "Complete the module %(first)s first: %(module)s builds on it.",
                    first=", ".join(_module_title(w) for w in item.waiting_for) or "?",
                    module=_module_title(item.key),
                )
            )
        elif item.kind == "module_lessons":
            out.append(
                _(
                    "Complete every lesson of %(module)s (%(done)s of %(total)s done).",
                    module=_module_title(item.key),
                    done=item.done,
                    total=item.required,
                )
            )
        elif item.kind == "all_lessons":
            out.append(
                _(
                    "Complete every lesson of the course (%(done)s of %(total)s done).",
                    done=item.done,
                    total=item.required,
                )
            )
        elif item.kind == "quiz":
            out.append(_("Pass the quiz %(quiz)s.", quiz=titles.get(item.key or "", item.key)))
        else:
            out.append(
                _("Hold a certificate that is valid or expired less than its renewal window ago.")
            )
    return out


def refusal(gate: quiz_gate.Gate) -> str:
    """The message when a locked quiz is started."""
    return _(
        "This quiz is locked. To unlock it: %(missing)s", missing=" ".join(describe(gate.missing))
    )
