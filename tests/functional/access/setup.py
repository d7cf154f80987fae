"""Hooks that add feature data to the role-matrix world (e.g. a lesson, a certificate).

A feature appends `fn(world)` to HOOKS and stores what its URLs need in `world.extra`.
"""

from collections.abc import Callable
from typing import Any

HOOKS: list[Callable[[Any], None]] = []
