"""Demo data, one module per feature; `seed_demo` runs them in `ORDER` and is idempotent.

A feature adds a module here with `ORDER = <int>` and `seed(password, report, echo)`. Demo data
goes only through the services real use goes through (`_walk.py`), so it obeys every rule;
`flask doctor` checks it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class DemoReport:
    accounts: list[tuple[str, list[str]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def seed_demo(password: str, echo: Callable[[str], None] = print) -> DemoReport:
    report = DemoReport()
    modules = [importlib.import_module(f"{__name__}.{m.name}") for m in pkgutil.iter_modules(__path__)
               if not m.name.startswith("_")]  # _helpers are shared code, not seed steps
    for module in sorted(modules, key=lambda m: getattr(m, "ORDER", 100)):
        module.seed(password, report, echo)
    return report
