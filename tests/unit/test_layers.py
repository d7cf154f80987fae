"""The layers hold: rules import no framework, use cases never import pages."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import ims_training

PACKAGE = Path(ims_training.__file__).parent


def imported_modules(path: Path) -> set[str]:
    """Absolute names of everything a module imports (relative imports resolved)."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = (
        module.rsplit(".", 1)[0] if path.name != "__init__.py" else module.removesuffix(".__init__")
    )
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names.add(target)
            names.update(f"{target}.{alias.name}" for alias in node.names)
    return names


def offenders(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for path in sorted((PACKAGE / folder).rglob("*.py")):
        for name in imported_modules(path):
            if name.startswith(forbidden):
                found.append(f"{path.relative_to(PACKAGE)} imports {name}")
    return found


@pytest.mark.parametrize("folder", ["domain", "bank", "course_source", "file_checks"])
def test_rules_and_formats_import_no_framework(folder):
    assert (
        offenders(
            folder,
            (
                "flask",
                "sqlalchemy",
                "flask_sqlalchemy",
                "ims_training.web",
                "ims_training.services",
                "ims_training.models",
            ),
        )
        == []
    )


def test_use_cases_never_import_pages():
    assert offenders("services", ("ims_training.web",)) == []


def test_page_versions_never_import_pages():
    assert [line for line in offenders("page_cache", ("ims_training.web",))] == []
