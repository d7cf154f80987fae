"""`flask --app ims_training ...` commands. Each module listed in `COMMAND_MODULES` names its
commands in `COMMANDS`; they call the same services as the views."""

import importlib

from flask import Flask

COMMAND_MODULES = ("bank", "certification", "course", "demo", "doctor", "partners", "quiz", "users")


def init_cli(app: Flask) -> None:
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        for command in module.COMMANDS:
            app.cli.add_command(command)
