"""`flask --app ims_training ...` commands. Each module here lists its commands in `COMMANDS`;
they call the same services as the views."""

import importlib
import pkgutil

from flask import Flask


def init_cli(app: Flask) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for command in getattr(module, "COMMANDS", []):
            app.cli.add_command(command)
