"""Read one lesson file: split and validate its front matter, hash it, scan its body."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from .body import FigureRef, scan_body
from .fields import SLUG_RE, check_keys, is_int, is_text, is_text_list, type_name
from .models import LANGUAGES, Problem
from .yamltext import Parsed, decode_utf8, mapping_child, parse_yaml

FILE_NAME_RE = re.compile(r"^(?P<stem>\d+-[a-z0-9-]+)\.(?P<lang>[a-z]{2,3}(?:-[a-z]+)?)\.md$")
REQUIRED = {"id", "module", "order", "language", "title", "objectives", "estimated_minutes"}
OPTIONAL = {"prerequisites", "status"}
STATUSES = ("published", "draft")


@dataclass
class LessonFile:
    """A lesson file whose front matter passed every check."""

    path: str
    stem: str
    id: str
    module: str
    order: int
    language: str
    title: str
    objectives: list[str]
    estimated_minutes: int
    prerequisites: list[str]
    status: str
    body: str
    body_line: int
    content_hash: str
    figure_refs: list[FigureRef]
    lines: dict[str, int] = field(default_factory=dict)


def split_front_matter(text: str, path: str) -> tuple[str, str, int] | Problem:
    """Return (yaml text, body, first body line) or the problem with the `---` fences."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return Problem(path, 1, "front matter must start with '---' on the first line")
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return Problem(path, 1, "front matter is not closed by a '---' line")


def _field_problems(data: dict[str, Any], path: str, line: dict[str, int]) -> list[Problem]:
    """Type and value checks of the front-matter fields that are present."""
    checks: list[tuple[str, bool, str]] = [
        (
            "id",
            isinstance(data.get("id"), str) and bool(SLUG_RE.match(data["id"])),
            "must be lower-case letters, digits and '-'",
        ),
        ("module", is_text(data.get("module")), "must be a module slug"),
        ("order", is_int(data.get("order")) and data["order"] >= 1, "must be a whole number >= 1"),
        (
            "language",
            data.get("language") in LANGUAGES,
            f"must be one of {', '.join(LANGUAGES)}",
        ),
        ("title", is_text(data.get("title")), "must be non-empty text"),
        (
            "objectives",
            is_text_list(data.get("objectives")) and bool(data.get("objectives")),
            "must be a non-empty list of text",
        ),
        (
            "estimated_minutes",
            is_int(data.get("estimated_minutes")) and data["estimated_minutes"] >= 1,
            "must be a whole number of minutes >= 1",
        ),
        (
            "prerequisites",
            is_text_list(data.get("prerequisites") or []),
            "must be a list of lesson ids",
        ),
        (
            "status",
            data.get("status", "published") in STATUSES,
            f"must be one of {', '.join(STATUSES)}",
        ),
    ]
    return [
        Problem(
            path,
            line.get(name, 1),
            f"'{name}' {reason} (got {type_name(data[name])} {data[name]!r})",
        )
        for name, ok, reason in checks
        if name in data and not ok
    ]


def read_lesson_file(
    raw: bytes, path: str, file_name: str
) -> tuple[LessonFile | None, list[Problem]]:
    """Validate one lesson file; the LessonFile is None when its front matter is unusable."""
    text, bad = decode_utf8(raw, path)
    if text is None:
        return None, [bad] if bad else []
    name_match = FILE_NAME_RE.match(file_name)
    problems: list[Problem] = []
    if not name_match:
        problems.append(Problem(path, 1, "file name must look like NN-short-name.<lang>.md"))
    elif name_match["lang"] not in LANGUAGES:
        problems.append(
            Problem(
                path,
                1,
                f"unknown language '{name_match['lang']}' in the file "
                f"name; expected one of {', '.join(LANGUAGES)}",
            )
        )
    split = split_front_matter(text, path)
    if isinstance(split, Problem):
        return None, problems + [split]
    front, body, body_line = split
    refs, body_problems = scan_body(body, path, body_line)
    parsed, yaml_problem = parse_yaml(front, path, first_line=2)
    if parsed is None or not isinstance(parsed.data, dict):
        found = yaml_problem or Problem(path, 2, "front matter must be a mapping of fields")
        return None, problems + [found] + body_problems
    data: dict[str, Any] = parsed.data
    lines = _key_lines(parsed, data)
    field_problems = check_keys(data, REQUIRED, OPTIONAL, path, 1, "front matter")
    field_problems += _field_problems(data, path, lines)
    if (
        name_match
        and data.get("language") in LANGUAGES
        and name_match["lang"] in LANGUAGES
        and name_match["lang"] != data["language"]
    ):
        field_problems.append(
            Problem(
                path,
                lines["language"],
                f"language '{data['language']}' "
                f"does not match the file name ('{name_match['lang']}')",
            )
        )
    problems += field_problems + body_problems
    if field_problems or not name_match:
        return None, problems
    lesson = LessonFile(
        path=path,
        stem=name_match["stem"],
        id=data["id"],
        module=data["module"],
        order=data["order"],
        language=data["language"],
        title=data["title"].strip(),
        objectives=[o.strip() for o in data["objectives"]],
        estimated_minutes=data["estimated_minutes"],
        prerequisites=list(data.get("prerequisites") or []),
        status=data.get("status", "published"),
        body=body,
        body_line=body_line,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        figure_refs=refs,
        lines=lines,
    )
    return lesson, problems


def _key_lines(parsed: Parsed, data: dict[str, Any]) -> dict[str, int]:
    """File line of each top-level front-matter key."""
    return {str(key): parsed.line_of(mapping_child(parsed.node, str(key))) for key in data}
