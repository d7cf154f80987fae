"""Safe YAML parsing that keeps the file's line numbers, and UTF-8 decoding that names a bad line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from .models import Problem


@dataclass(frozen=True)
class Parsed:
    """YAML data (from `yaml.safe_load`) plus the composed node tree, for line lookups."""

    data: Any
    node: yaml.Node | None
    offset: int  # add to a node's 0-based line to get the file's 1-based line

    def line_of(self, node: yaml.Node | None) -> int:
        return self.offset + (node.start_mark.line if node is not None else 0)


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


def parse_yaml(text: str, path: str, first_line: int = 1) -> tuple[Parsed | None, Problem | None]:
    """Parse with the safe loader only; a syntax error is reported at its real line in the file."""
    try:
        data = yaml.safe_load(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = first_line + (mark.line if mark is not None else 0)
        message = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and context_mark is not None and context_mark is not mark:
            message += f" ({context} started on line {first_line + context_mark.line})"
        return None, Problem(path, line, f"YAML error: {message}")
    return Parsed(data, node, first_line), None


def mapping_child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The key node of `key` in a mapping node (the line of a field is the line of its key)."""
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, _value in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node
    return None


def mapping_value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value node of `key` in a mapping node."""
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return value
    return None


def sequence_items(node: yaml.Node | None) -> list[yaml.Node]:
    """The item nodes of a sequence node (empty for anything else)."""
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []
