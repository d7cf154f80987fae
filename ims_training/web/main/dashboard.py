"""What each role's dashboard shows, in the order listed in `DASHBOARD_PANELS`.

Every panel is built from real data by one builder here; a builder returns None when it has nothing
to show. A feature adds a panel by writing its builder and listing it: the order is this list's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from ...domain.certificates import Status
from ...i18n import current_language, localised
from ...models import Role, User
from ...services.accounts import accounts
from ...services.audit import audit_log
from ...services.bank import bank_catalog
from ...services.certification.certificate_queries import (
    EXPIRING_DAYS,
    holder_certificates,
    status_now,
)
from ...services.certification.ready import ready_to_certify
from ...services.course import course
from ...services.evidence import evidence, licences
from ...services.partners import cohort_report, partners
from ...services.quizzes.quiz_progress import quiz_groups
from .. import checklist


@dataclass
class Panel:
    """One dashboard panel: a template partial and the data it shows."""

    role: Role
    template: str
    data: dict[str, Any] = field(default_factory=dict)


Builder = Callable[[User], Panel | None]


def panels_for(user: User) -> list[Panel]:
    """The user's panels: for each of their roles (in `Role` order), that role's builders in order."""
    panels: list[Panel] = []
    for role in Role:
        if user.has_role(role):
            for build in DASHBOARD_PANELS[role]:
                panel = build(user)
                if panel is not None:
                    panels.append(panel)
    return panels


# -- trainees ------------------------------------------------------------------------------------


def certification_checklist_panel(user: User) -> Panel | None:
    """The trainee's certification checklist in short; none without a program."""
    program = evidence.default_program()
    if program is None:
        return None
    return Panel(
        Role.TRAINEE,
        "main/_panel_certification.html",
        {"checklist": checklist.checklist_for(user.id, program, datetime.now(UTC))},
    )


def course_panel(user: User) -> Panel | None:
    """ "Continue where you left off": overall progress and the next lesson."""
    overview = course.course_overview(course.Viewer.of(user, current_language()))
    if overview.viewer.preview or not overview.total:
        return None
    current = next(
        (
            m
            for m in overview.modules
            if m.slug == getattr(overview.next_lesson, "module_slug", None)
        ),
        None,
    )
    return Panel(
        Role.TRAINEE,
        "main/_panel_course.html",
        {"overview": overview, "module_title": localised(current.title) if current else ""},
    )


def certificate_panel(user: User, now: datetime | None = None) -> Panel | None:
    """The holder's newest certificate that is not superseded; no panel without one."""
    now = now or datetime.now(UTC)
    certs = [c for c in holder_certificates(user.id) if c.status != Status.SUPERSEDED.value]
    if not certs:
        return None
    cert = certs[0]
    status = status_now(cert, now)
    soon = (
        status is Status.ACTIVE and cert.expires_on <= (now + timedelta(days=EXPIRING_DAYS)).date()
    )
    return Panel(
        Role.TRAINEE,
        "main/_panel_certificate.html",
        {
            "cert": cert,
            "status": status,
            "expiring_soon": soon,
            "days_left": (cert.expires_on - now.date()).days,
        },
    )


def quizzes_panel(user: User) -> Panel | None:
    """Every quiz with its state; none without quizzes."""
    # A recertification quiz the trainee cannot take yet (no certificate) is not part of their work.
    lines = [
        line
        for group in quiz_groups(user)
        for line in group.lines
        if not (line.quiz.kind == "recertification" and line.locked)
    ]
    if not lines:
        return None
    counts: dict[str, Any] = defaultdict(int)
    for line in lines:
        counts[line.state.status] += 1
    return Panel(Role.TRAINEE, "main/_panel_quizzes.html", {"lines": lines, "counts": dict(counts)})


# -- instructors ---------------------------------------------------------------------------------


def instructor_overview_panel(user: User) -> Panel:
    questions, quizzes = bank_catalog.in_use_counts()
    trainees = accounts.count_with_role(Role.TRAINEE)
    return Panel(
        Role.INSTRUCTOR,
        "main/_panel_instructor.html",
        {"questions": questions, "quizzes": quizzes, "trainees": trainees},
    )


def bank_panel(user: User) -> Panel | None:
    """The question bank: size by module, recent changes, flags."""
    facets = bank_catalog.facet_counts()
    return Panel(
        Role.INSTRUCTOR,
        "main/_panel_bank.html",
        {
            "by_module": facets["module"],
            "total": facets["total"],
            "recent": bank_catalog.recent_versions(6),
            "flagged": bank_catalog.flagged_items(6),
        },
    )


# -- administrators ------------------------------------------------------------------------------


def admin_overview_panel(user: User) -> Panel:
    counts = accounts.account_counts()
    return Panel(
        Role.ADMINISTRATOR,
        "main/_panel_admin.html",
        {
            "total": counts.total,
            "disabled": counts.disabled,
            "by_role": counts.by_role,
            "recent": audit_log.recent(8),
        },
    )


def partners_admin_panel(user: User) -> Panel:
    """The licence queue and the partners."""
    return Panel(
        Role.ADMINISTRATOR,
        "main/_panel_partner_admin.html",
        {"pending_licences": licences.pending_count(), "partners": len(partners.all_partners())},
    )


def ready_panel(user: User) -> Panel | None:
    """How many trainees wait for their certificate."""
    program = evidence.default_program()
    if program is None:
        return None
    return Panel(
        Role.ADMINISTRATOR,
        "main/_panel_ready.html",
        {"count": len(ready_to_certify(program, datetime.now(UTC)))},
    )


# -- coordinators --------------------------------------------------------------------------------


def coordinator_panel(user: User) -> Panel:
    """The coordinator's cohorts at a glance."""
    return Panel(
        Role.COORDINATOR,
        "main/_panel_partner.html",
        {"summaries": cohort_report.summaries(partners.coordinated_cohorts(user))},
    )


DASHBOARD_PANELS: dict[Role, tuple[Builder, ...]] = {
    Role.TRAINEE: (certification_checklist_panel, course_panel, certificate_panel, quizzes_panel),
    Role.INSTRUCTOR: (instructor_overview_panel, bank_panel),
    Role.ADMINISTRATOR: (admin_overview_panel, partners_admin_panel, ready_panel),
    Role.COORDINATOR: (coordinator_panel,),
}
