"""What each role's dashboard shows; every panel is built from real data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from ..extensions import db
from ..models import AuditEvent, Question, Quiz, Role, User, UserRole


@dataclass
class Panel:
    """One dashboard panel: a template partial and the data it shows."""

    role: Role
    template: str
    data: dict[str, Any] = field(default_factory=dict)


# Features add their own panel builders: PANEL_BUILDERS[Role.TRAINEE].append(fn); fn(user) -> Panel|None
PANEL_BUILDERS: dict[Role, list[Callable[[User], Panel | None]]] = {r: [] for r in Role}


def panels_for(user: User) -> list[Panel]:
    panels: list[Panel] = []
    for role in Role:
        if user.has_role(role):
            for build in PANEL_BUILDERS[role]:
                panel = build(user)
                if panel is not None:
                    panels.append(panel)
    return panels


def _admin_overview(user: User) -> Panel:
    counts = dict(db.session.execute(select(UserRole.role, func.count()).group_by(UserRole.role)).all())
    total = db.session.scalar(select(func.count()).select_from(User)) or 0
    disabled = db.session.scalar(select(func.count()).select_from(User).where(User.is_enabled.is_(False))) or 0
    recent = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(8)).all()
    return Panel(Role.ADMINISTRATOR, "main/_panel_admin.html",
                 {"total": total, "disabled": disabled, "by_role": counts, "recent": recent})


def _instructor_overview(user: User) -> Panel:
    questions = db.session.scalar(select(func.count()).select_from(Question).where(Question.retired_at.is_(None))) or 0
    quizzes = db.session.scalar(select(func.count()).select_from(Quiz).where(Quiz.retired_at.is_(None))) or 0
    trainees = db.session.scalar(select(func.count()).select_from(UserRole).where(UserRole.role == Role.TRAINEE.value)) or 0
    return Panel(Role.INSTRUCTOR, "main/_panel_instructor.html",
                 {"questions": questions, "quizzes": quizzes, "trainees": trainees})


PANEL_BUILDERS[Role.ADMINISTRATOR].append(_admin_overview)
PANEL_BUILDERS[Role.INSTRUCTOR].append(_instructor_overview)
