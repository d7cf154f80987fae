"""The pages the benchmark measures: (name, path, who is logged in).

Features add theirs in a module `bench/pages_<feature>.py` that appends to PAGES (and, for pages
that need data, to SEEDERS: fn(context) -> None, run after the users are seeded). `path` may be a
function (context) -> path.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class BenchPage:
    name: str
    path: str | Callable[[dict[str, Any]], str]
    login: str | None = "trainee0@bench.example.org"
    goal: float = 0.5  # the ratio to bare Flask the page should reach (issue 13)


PAGES: list[BenchPage] = [
    BenchPage("landing page", "/", login=None, goal=0.8),
    BenchPage("trainee dashboard", "/dashboard", goal=0.9),
]

SEEDERS: list[Callable[[dict[str, Any]], None]] = []


def seed_pages_database(users: int, env: dict[str, str]) -> dict[str, Any]:
    """With `env` set for this process (DATABASE_URL names the database), migrate, seed `users`
    trainees and run every feature's SEEDERS; returns the context they filled (page paths and
    the app)."""
    from flask_migrate import upgrade

    from ims_training import create_app
    from ims_training.extensions import db

    from .seed import seed_users

    load_feature_pages()
    os.environ.update(env)
    app = create_app()
    context: dict[str, Any] = {"app": app}
    with app.app_context():
        upgrade()
        seed_users(users)
        for seeder in SEEDERS:
            seeder(context)
        db.session.remove()
        db.engine.dispose()
    return context


def load_feature_pages() -> None:
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name.startswith("pages_"):
            importlib.import_module(f"bench.{info.name}")
