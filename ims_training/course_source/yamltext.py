"""The course's side of the one safe YAML reader, and UTF-8 decoding that names a bad line."""

from __future__ import annotations

from dataclasses import replace

from ..file_checks import Problem, UnreadableFile, YamlDoc, parse_yaml


def decode_utf8(raw: bytes, path: str) -> tuple[str | None, Problem | None]:
    """Decode bytes as UTF-8 (a BOM is dropped); on failure name the line of the first bad byte."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start]
        return None, Problem(path, line, f"invalid UTF-8 (byte 0x{byte:02x} at offset {exc.start})")
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text, None


def read_yaml(text: str, path: str, first_line: int = 1) -> tuple[YamlDoc | None, Problem | None]:
    """The document, or the reader's problem naming `path:line` (course output has no column).

    `first_line` is the file line the text starts on (front matter starts on line 2). An empty
    text gives a document whose `data` is None.
    """
    try:
        return parse_yaml(text, path, first_line=first_line), None
    except UnreadableFile as exc:
        return None, replace(exc.problem, column=None)


def key_line(doc: YamlDoc, *loc: object) -> int:
    """The file line of the key that ends `loc` (the line of a field is the line of its key)."""
    return doc.key_position(loc)[0]


def line_of(doc: YamlDoc, *loc: object) -> int:
    """The file line where the value at `loc` starts."""
    return doc.position(loc)[0]
