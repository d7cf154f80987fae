"""Demo data, one module per feature; `seed_demo` runs them in `SEED_STEPS` order and is idempotent.

A feature adds a module here with `seed(password, report, echo)` and lists it in `SEED_STEPS`. Demo data
goes only through the services real use goes through (`_walk.py`), so it obeys every rule;
`flask doctor` checks it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class DemoReport:
    accounts: list[tuple[str, list[str]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


# Each step may rely on the ones before it: accounts, then content, then what people did with it.
SEED_STEPS = ("accounts", "course", "bank", "quizzes", "certification", "partners")


def seed_demo(password: str, echo: Callable[[str], None] = print) -> DemoReport:
    report = DemoReport()
    for name in SEED_STEPS:
        importlib.import_module(f"{__name__}.{name}").seed(password, report, echo)
    return report
