"""One blueprint per audience, each a package whose `__init__` creates and guards `bp`.

Every module inside an audience package is imported here, so a feature adds its pages by adding a
module (e.g. `learn/course.py`) that decorates routes on `bp`; the guard covers them automatically.
"""

import importlib
import pkgutil

from . import admin, auth, author, learn, main, partner, public

AUDIENCES = [main, auth, learn, author, admin, partner, public]

for _package in AUDIENCES:
    for _module in pkgutil.iter_modules(_package.__path__):
        importlib.import_module(f"{_package.__name__}.{_module.name}")

BLUEPRINTS = [package.bp for package in AUDIENCES]
