"""Small shape checks shared by the front matter, modules.yaml and figures.yaml validators."""

from __future__ import annotations

import re
from typing import Any

from .models import FALLBACK_LANGUAGE, LANGUAGES, Problem

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def type_name(value: Any) -> str:
    """A reader-friendly name of a YAML value's type."""
    names = {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a mapping",
        type(None): "empty",
    }
    return names.get(type(value), type(value).__name__)


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def is_text_list(value: Any) -> bool:
    return isinstance(value, list) and all(is_text(item) for item in value)


def check_keys(
    data: dict[str, Any], required: set[str], optional: set[str], path: str, line: int, what: str
) -> list[Problem]:
    """Missing and unknown keys of a mapping, in a stable order."""
    problems = [
        Problem(path, line, f"{what}: missing field '{key}'")
        for key in sorted(required - data.keys())
    ]
    problems += [
        Problem(path, line, f"{what}: unknown field '{key}'")
        for key in sorted(str(k) for k in data.keys() - required - optional)
    ]
    return problems


def check_localized(
    value: Any, path: str, line: int, what: str, *, of_lists: bool = False, required: bool = True
) -> tuple[dict[str, Any], list[Problem]]:
    """Validate `{en: ..., nb: ...}`: en required, nb missing is a warning, other keys an error."""
    if value is None and not required:
        return {}, []
    expected = "a list of text" if of_lists else "text"
    if not isinstance(value, dict):
        return {}, [
            Problem(
                path,
                line,
                f"{what} must be a mapping of language to {expected}, got {type_name(value)}",
            )
        ]
    problems: list[Problem] = []
    result: dict[str, Any] = {}
    for lang, text in value.items():
        if lang not in LANGUAGES:
            problems.append(
                Problem(
                    path,
                    line,
                    f"{what}: unknown language '{lang}' (expected one of {', '.join(LANGUAGES)})",
                )
            )
        elif not (is_text_list(text) if of_lists else is_text(text)):
            problems.append(
                Problem(path, line, f"{what}.{lang} must be {expected}, got {type_name(text)}")
            )
        else:
            result[lang] = [t.strip() for t in text] if of_lists else text.strip()
    if FALLBACK_LANGUAGE not in value:
        problems.append(Problem(path, line, f"{what}: missing '{FALLBACK_LANGUAGE}'"))
    for lang in LANGUAGES:
        if lang not in value and lang != FALLBACK_LANGUAGE:
            problems.append(
                Problem(
                    path,
                    line,
                    f"{what}: missing '{lang}' (falls back to {FALLBACK_LANGUAGE})",
                    "warning",
                )
            )
    return result, problems
