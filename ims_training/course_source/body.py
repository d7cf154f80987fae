"""Checks on a lesson body: no raw HTML, figures referenced as `![](figure:<name>)` only."""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .models import Problem

FIGURE_SCHEME = "figure:"

# html=True here only so raw HTML shows up as tokens we can refuse; rendering keeps it off.
_scanner = MarkdownIt("commonmark", {"html": True}).enable("table")


@dataclass(frozen=True)
class FigureRef:
    """A `figure:<name>` reference and the file line it sits on."""

    name: str
    line: int


def _inline_children_with_lines(token: Token, first_line: int) -> list[tuple[Token, int]]:
    """Children of an inline token paired with their file line (line breaks move it on)."""
    line = first_line
    result = []
    for child in token.children or []:
        result.append((child, line))
        if child.type in ("softbreak", "hardbreak"):
            line += 1
    return result


def scan_body(body: str, path: str, body_line: int) -> tuple[list[FigureRef], list[Problem]]:
    """Find figure references and report raw HTML, foreign images and a `#` heading."""
    refs: list[FigureRef] = []
    problems: list[Problem] = []
    html_lines: set[int] = set()  # an inline tag pair on one line is one problem
    for token in _scanner.parse(body):
        start = body_line + (token.map[0] if token.map else 0)
        if token.type == "html_block":
            problems.append(Problem(path, start, "raw HTML is not allowed in lessons"))
        elif token.type == "heading_open" and token.tag == "h1":
            problems.append(
                Problem(
                    path, start, "the page adds the title as '#'; start sections at '##'", "warning"
                )
            )
        elif token.type == "inline":
            for child, line in _inline_children_with_lines(token, start):
                if child.type == "html_inline":
                    html_lines.add(line)
                elif child.type == "image":
                    src = str(child.attrGet("src") or "")
                    name = src.removeprefix(FIGURE_SCHEME)
                    if not src.startswith(FIGURE_SCHEME):
                        problems.append(
                            Problem(
                                path, line, f"image '{src}' is not a figure; use ![](figure:<name>)"
                            )
                        )
                    elif not name:
                        problems.append(Problem(path, line, "figure reference without a name"))
                    else:
                        refs.append(FigureRef(name, line))
    problems += [Problem(path, line, "raw HTML is not allowed in lessons") for line in html_lines]
    return refs, problems
