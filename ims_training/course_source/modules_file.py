"""Read and validate `modules.yaml`: the ordered list of modules and their prerequisites."""

from __future__ import annotations

from typing import Any

from ..file_checks import YamlDoc
from .fields import SLUG_RE, check_keys, check_localized, is_int, is_text_list, type_name
from .models import ModuleSource, Problem
from .yamltext import key_line, line_of, read_yaml

REQUIRED = {"slug", "order", "title", "summary", "objectives"}
OPTIONAL = {"prerequisites"}


def read_modules(text: str, path: str) -> tuple[list[ModuleSource], list[Problem]]:
    """Validate every module entry; only fully valid entries are returned."""
    doc, problem = read_yaml(text, path)
    if doc is None:
        return [], [problem] if problem else []
    if not isinstance(doc.data, list):
        return [], [
            Problem(path, 1, f"modules.yaml must be a list of modules, got {type_name(doc.data)}")
        ]
    modules: list[ModuleSource] = []
    problems: list[Problem] = []
    seen_slugs: dict[str, int] = {}
    seen_orders: dict[int, str] = {}
    for index, item in enumerate(doc.data):
        module, found = _read_module(item, doc, index, path)
        problems += found
        if module is None:
            continue
        if module.slug in seen_slugs:
            problems.append(
                Problem(
                    path,
                    module.line,
                    f"duplicate module slug '{module.slug}' "
                    f"(also on line {seen_slugs[module.slug]})",
                )
            )
            continue
        if module.order in seen_orders:
            problems.append(
                Problem(
                    path,
                    module.line,
                    f"module '{module.slug}' has order "
                    f"{module.order}, already used by '{seen_orders[module.order]}'",
                )
            )
        seen_slugs[module.slug] = module.line
        seen_orders[module.order] = module.slug
        modules.append(module)
    return sorted(modules, key=lambda m: m.order), problems


def _read_module(
    item: Any, doc: YamlDoc, index: int, path: str
) -> tuple[ModuleSource | None, list[Problem]]:
    """One entry of the list; None when any of its fields is wrong."""
    line = line_of(doc, index)
    if not isinstance(item, dict):
        return None, [Problem(path, line, f"a module must be a mapping, got {type_name(item)}")]

    def at(key: str) -> int:
        return key_line(doc, index, key) if key in item else line

    what = f"module '{item.get('slug', '?')}'"
    problems = check_keys(item, REQUIRED, OPTIONAL, path, line, what)
    slug: Any = item.get("slug")
    order: Any = item.get("order")
    prereqs: Any = item.get("prerequisites") or []
    if "slug" in item and not (isinstance(slug, str) and SLUG_RE.match(slug)):
        problems.append(
            Problem(path, at("slug"), f"{what}: 'slug' must be lower-case letters, digits and '-'")
        )
    if "order" in item and not (is_int(order) and order >= 1):
        problems.append(Problem(path, at("order"), f"{what}: 'order' must be a whole number >= 1"))
    if not is_text_list(prereqs):
        problems.append(
            Problem(
                path, at("prerequisites"), f"{what}: 'prerequisites' must be a list of module slugs"
            )
        )
    title, found = check_localized(item.get("title"), path, at("title"), f"{what} title")
    problems += found if "title" in item else []
    summary, found = check_localized(item.get("summary"), path, at("summary"), f"{what} summary")
    problems += found if "summary" in item else []
    objectives, found = check_localized(
        item.get("objectives"), path, at("objectives"), f"{what} objectives", of_lists=True
    )
    problems += found if "objectives" in item else []
    if any(p.is_error for p in problems):
        return None, problems
    return ModuleSource(
        slug=slug,
        order=order,
        title=title,
        summary=summary,
        objectives=objectives,
        prerequisites=list(prereqs),
        path=path,
        line=line,
    ), problems
