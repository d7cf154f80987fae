"""One blueprint per audience, each a package whose `__init__` creates and guards `bp`.

`ROUTE_MODULES` lists, per audience, every module that adds routes to that audience's `bp`; a new
page module is added here by name (a test fails for a module with routes that is not listed). The
audience's guard covers every route on its `bp`, so a listed module cannot forget its role check.
"""

import importlib

from . import admin, auth, author, learn, main, partner, public

AUDIENCES = [main, auth, learn, author, admin, partner, public]

ROUTE_MODULES: dict[str, tuple[str, ...]] = {
    "main": ("views",),
    "auth": ("views",),
    "learn": ("certification", "course", "my_certificates", "quizzes"),
    "author": (
        "bank",
        "quizzes",
        "records",
        "studio",
        "studio_quizzes",
        "studio_review",
        "studio_stats",
        "trainees",
    ),
    "admin": ("audit", "certificates", "licences", "partners", "views"),
    "partner": ("cohorts",),
    "public": ("badges", "register", "verify"),
}

for _package in AUDIENCES:
    for _name in ROUTE_MODULES[_package.__name__.rsplit(".", 1)[1]]:
        importlib.import_module(f"{_package.__name__}.{_name}")

BLUEPRINTS = [package.bp for package in AUDIENCES]
