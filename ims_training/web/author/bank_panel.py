"""The instructors' dashboard panel for the question bank: size by module, recent changes, flags."""

from __future__ import annotations

from ...models import Role, User
from ...services import bank_catalog
from ...services.dashboard import PANEL_BUILDERS, Panel


def bank_panel(user: User) -> Panel | None:
    facets = bank_catalog.facet_counts()
    return Panel(Role.INSTRUCTOR, "main/_panel_bank.html", {
        "by_module": facets["module"], "total": facets["total"],
        "recent": bank_catalog.recent_versions(6), "flagged": bank_catalog.flagged_items(6),
    })


PANEL_BUILDERS[Role.INSTRUCTOR].append(bank_panel)
