"""Dashboard panels of this feature: the coordinator's cohorts, the trainee's checklist summary,
and the administrator's licence queue and partner links."""

from __future__ import annotations

from datetime import UTC, datetime

from ...models import Role, User
from ...services import checklist, cohort_report, evidence, licences, partners
from ...services.dashboard import PANEL_BUILDERS, Panel


def coordinator_panel(user: User) -> Panel:
    return Panel(Role.COORDINATOR, "main/_panel_partner.html",
                 {"summaries": cohort_report.summaries(partners.coordinated_cohorts(user))})


def trainee_panel(user: User) -> Panel | None:
    program = evidence.default_program()
    if program is None:
        return None
    return Panel(Role.TRAINEE, "main/_panel_certification.html",
                 {"checklist": checklist.checklist_for(user.id, program, datetime.now(UTC))})


def admin_panel(user: User) -> Panel:
    return Panel(Role.ADMINISTRATOR, "main/_panel_partner_admin.html",
                 {"pending_licences": licences.pending_count(), "partners": len(partners.all_partners())})


PANEL_BUILDERS[Role.COORDINATOR].append(coordinator_panel)
PANEL_BUILDERS[Role.TRAINEE].append(trainee_panel)
PANEL_BUILDERS[Role.ADMINISTRATOR].append(admin_panel)
