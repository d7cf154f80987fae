"""What the GIFT and Moodle XML readers share: raw results, text conversion, ids, categories."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

import nh3

from .common import MODULE_SLUGS, slugify
from .problems import Problem


@dataclass
class RawQuestion:
    """A question read from a Moodle file, as data not yet validated by our schema."""

    data: dict[str, Any]
    name: str
    line: int
    column: int = 1


@dataclass
class ReadResult:
    """Questions and problems (unsupported types, lossy mappings) from one Moodle file."""

    items: list[RawQuestion] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


_KEEP_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "ul", "ol", "li", "div"}
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|])")
# Leading blanks of ONE line only: `\s*` would also eat newlines, so every line start would rescan
# all blank lines after it (quadratic: 12 kB of newlines took 4 s). `[^\S\n]` stays linear.
_MD_LINE_START = re.compile(r"^([^\S\n]*)([#>+\-]|\d+[.)])", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Plain text made safe to render as Markdown (no accidental emphasis, lists or links)."""
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(r"\1\\\2", text)


def _tidy(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_markdown(source: str) -> str:
    """Sanitise Moodle HTML with nh3, then turn what is left into plain Markdown-safe text."""
    clean = nh3.clean(source, tags=_KEEP_TAGS, attributes={"a": {"href"}}, link_rel=None)
    clean = clean.replace("\n", " ")
    out: list[str] = []
    link: list[str] = []
    pos = 0
    for match in re.finditer(r"<(/?)([a-z]+)([^>]*)>", clean):
        if match.start() > pos:  # adjacent tags leave nothing to escape (most of a tag soup)
            out.append(escape_markdown(html.unescape(clean[pos : match.start()])))
        pos = match.end()
        closing, tag, attrs = match.group(1), match.group(2), match.group(3)
        if tag in ("b", "strong"):
            out.append("**")
        elif tag in ("i", "em"):
            out.append("*")
        elif tag == "br":
            out.append("\n")
        elif tag in ("p", "div", "ul", "ol"):
            out.append("\n\n")
        elif tag == "li" and not closing:
            out.append("\n- ")
        elif tag == "a":
            href = re.search(r'href="([^"]*)"', attrs)
            if closing:
                out.append("]" + (f"({html.unescape(link[-1])})" if link else ""))
                link.clear()
            else:
                link[:] = [href.group(1)] if href else []
                out.append("[")
    out.append(escape_markdown(html.unescape(clean[pos:])))
    return _tidy("".join(out))


def convert_text(text: str, fmt: str) -> str:
    """Moodle text in a given format (html, moodle_auto_format, plain_text, markdown) as Markdown."""
    fmt = (fmt or "html").lower()
    if fmt == "markdown":
        return text.strip()
    if fmt in ("plain", "plain_text"):
        return _tidy(escape_markdown(text))
    return html_to_markdown(text)


def plain_text(text: str) -> str:
    """Text for fields that are plain in Moodle (matching answers, accepted answers)."""
    return " ".join(html.unescape(nh3.clean(text, tags=set())).split())


def category_target(path: str) -> tuple[str | None, str | None]:
    """(module, tag) for a Moodle category path: the last part is a module slug, or a tag."""
    parts = [p.strip() for p in path.split("/") if p.strip() and not p.strip().startswith("$")]
    if not parts:
        return None, None
    last = parts[-1]
    slug = slugify(last)
    if slug in MODULE_SLUGS:
        return slug, None
    return None, last[:60]


class IdMaker:
    """Slugs from Moodle question names, made unique against every id already taken."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken

    def make(self, name: str) -> str:
        """A new unique id based on `name`."""
        base = slugify(name, "question")
        candidate, n = base, 2
        while candidate in self.taken:
            candidate, n = f"{base}-{n}", n + 1
        self.taken.add(candidate)
        return candidate


def option_ids(count: int) -> list[str]:
    """Option ids a, b, c, ... for imported choices."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return [letters[i] if i < 26 else f"o{i + 1}" for i in range(count)]


def not_supported(path: str, line: int, kind: str, name: str) -> Problem:
    """The error every reader gives for a Moodle question type we cannot represent."""
    return Problem(path, line, 1, f"not supported: {kind} question '{name}' (not imported)")


def choice_data(
    answers: list[tuple[str, float]],
    base: dict[str, Any],
    problems: list[Problem],
    path: str,
    line: int,
    name: str,
) -> dict[str, Any]:
    """Single or multiple choice data from (text, fraction %) answers, noting lossy weights."""
    ids = option_ids(len(answers))
    options = [
        {"id": i, "text": {"en": text}, "correct": fraction > 0}
        for i, (text, fraction) in zip(ids, answers, strict=True)
    ]
    right = [f for _, f in answers if f > 0]
    wrong = [f for _, f in answers if f <= 0]
    if len(right) == 1 and abs(right[0] - 100) < 0.01 and all(f == 0 for f in wrong):
        return {**base, "type": "single_choice", "options": options}
    expected_right = 100 / len(right) if right else 0
    expected_wrong = -100 / len(wrong) if wrong else 0
    lossy = any(abs(f - expected_right) > 0.5 for f in right) or any(
        abs(f - expected_wrong) > 0.5 for f in wrong
    )
    if lossy:
        problems.append(
            Problem(
                path,
                line,
                1,
                (
                    f"question '{name}': Moodle answer weights mapped to our partial scoring "
                    f"(+1/C per correct, -1/W per wrong option)"
                ),
                "warning",
            )
        )
    return {**base, "type": "multiple_response", "scoring": "partial", "options": options}
