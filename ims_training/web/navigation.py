"""The header navigation: one entry per feature page, shown to the roles that may open it.

An entry whose endpoint is not registered is skipped, so features can be added one at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..models import Role

ANYONE = None
_CACHE = "ims_navigation"


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object
    roles: tuple[Role, ...] | None  # None: everyone, logged in or not


NAV_ITEMS: list[NavItem] = [
    NavItem("main.dashboard", _l("Dashboard"), tuple(Role)),
    NavItem("learn.modules", _l("Course"), (Role.TRAINEE, Role.INSTRUCTOR, Role.ADMINISTRATOR)),
    NavItem("learn.quizzes", _l("Quizzes"), (Role.TRAINEE,)),
    NavItem("learn.certification", _l("Certification"), (Role.TRAINEE,)),
    NavItem("author.bank", _l("Question bank"), (Role.INSTRUCTOR, Role.ADMINISTRATOR)),
    NavItem("author.studio_home", _l("Studio"), (Role.INSTRUCTOR, Role.ADMINISTRATOR)),
    NavItem("author.quizzes", _l("Quiz results"), (Role.INSTRUCTOR, Role.ADMINISTRATOR)),
    NavItem("author.trainees", _l("Trainees"), (Role.INSTRUCTOR, Role.ADMINISTRATOR)),
    NavItem("partner.cohorts", _l("Cohorts"), (Role.COORDINATOR,)),
    NavItem("admin.users", _l("Users"), (Role.ADMINISTRATOR,)),
    NavItem("admin.certificates", _l("Certificates"), (Role.ADMINISTRATOR,)),
    NavItem("admin.licences_list", _l("Licences"), (Role.ADMINISTRATOR,)),
    NavItem("admin.partners_list", _l("Partners"), (Role.ADMINISTRATOR,)),
    NavItem("admin.audit", _l("Audit trail"), (Role.ADMINISTRATOR,)),
    NavItem("public.verify_form", _l("Verify a certificate"), ANYONE),
]


def _items_for(roles: frozenset[Role] | None) -> tuple[NavItem, ...]:
    """The entries for a role set (None: not logged in), worked out once per app and role set: the
    labels are lazy strings, translated where the template prints them."""
    cache: dict[frozenset[Role] | None, tuple[NavItem, ...]] = current_app.extensions.setdefault(
        _CACHE, {}
    )
    items = cache.get(roles)
    if items is None:
        items = tuple(
            item
            for item in NAV_ITEMS
            if item.endpoint in current_app.view_functions
            and (item.roles is None or (roles is not None and any(r in roles for r in item.roles)))
        )
        cache[roles] = items
    return items


def visible_nav_items() -> tuple[NavItem, ...]:
    return _items_for(frozenset(current_user.roles) if current_user.is_authenticated else None)


def init_navigation(app: Flask) -> None:
    app.jinja_env.globals["nav_items"] = visible_nav_items
