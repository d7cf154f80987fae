"""Read one lesson file: split and validate its front matter, hash it, scan its body."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from .body import FigureRef, scan_body
from .front_matter import check_front_matter
from .models import LANGUAGES, Problem
from .yamltext import decode_utf8, key_line, read_yaml

FILE_NAME_RE = re.compile(r"^(?P<stem>\d+-[a-z0-9-]+)\.(?P<lang>[a-z]{2,3}(?:-[a-z]+)?)\.md$")


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
    doc, yaml_problem = read_yaml(front, path, first_line=2)
    if doc is None or not isinstance(doc.data, dict):
        found = yaml_problem or Problem(path, 2, "front matter must be a mapping of fields")
        return None, problems + [found] + body_problems
    data: dict[Any, Any] = doc.data
    lines = {str(key): key_line(doc, key) for key in data}
    front_matter, field_problems = check_front_matter(data, doc, path)
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
    if front_matter is None or field_problems or not name_match:
        return None, problems
    lesson = LessonFile(
        path=path,
        stem=name_match["stem"],
        id=front_matter.id,
        module=front_matter.module,
        order=front_matter.order,
        language=front_matter.language,
        title=front_matter.title.strip(),
        objectives=[o.strip() for o in front_matter.objectives],
        estimated_minutes=front_matter.estimated_minutes,
        prerequisites=list(front_matter.prerequisites or []),
        status=front_matter.status,
        body=body,
        body_line=body_line,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        figure_refs=refs,
        lines=lines,
    )
    return lesson, problems
