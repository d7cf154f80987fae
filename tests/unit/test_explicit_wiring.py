"""The app's wiring is listed, not discovered: a module that adds routes or commands must be named."""

from __future__ import annotations

import re
from pathlib import Path

import ims_training
from ims_training.cli import COMMAND_MODULES
from ims_training.demo import SEED_STEPS
from ims_training.web import ROUTE_MODULES

PACKAGE = Path(ims_training.__file__).parent


def test_every_module_with_routes_is_listed():
    for audience, listed in ROUTE_MODULES.items():
        with_routes = {
            path.stem
            for path in (PACKAGE / "web" / audience).glob("*.py")
            if re.search(r"^@bp\.", path.read_text(encoding="utf-8"), re.MULTILINE)
        }
        assert with_routes == set(listed), audience


def test_every_command_module_is_listed():
    with_commands = {
        path.stem
        for path in (PACKAGE / "cli").glob("*.py")
        if re.search(r"^COMMANDS\b", path.read_text(encoding="utf-8"), re.MULTILINE)
    }
    assert with_commands == set(COMMAND_MODULES)


def test_every_demo_step_is_listed():
    steps = {
        path.stem
        for path in (PACKAGE / "demo").glob("*.py")
        if re.search(r"^def seed\(", path.read_text(encoding="utf-8"), re.MULTILINE)
    }
    assert steps == set(SEED_STEPS)
