"""The pages the benchmark measures: (name, path, who is logged in).

Features add theirs in a module `bench/pages_<feature>.py` that appends to PAGES (and, for pages
that need data, to SEEDERS: fn(context) -> None, run after the users are seeded). `path` may be a
function (context) -> path.
"""

from __future__ import annotations

import importlib
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


PAGES: list[BenchPage] = [
    BenchPage("trainee dashboard", "/dashboard"),
]

SEEDERS: list[Callable[[dict[str, Any]], None]] = []


def load_feature_pages() -> None:
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name.startswith("pages_"):
            importlib.import_module(f"bench.{info.name}")
