"""Safe YAML reading that remembers the line and column of every value for error messages."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import BankFileError, Problem, Severity

MAX_FILE_BYTES = 2 * 1024 * 1024
Pos = tuple[int, int]

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_STD + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
_COLLECTION_TAGS = {_STD + "map", _STD + "seq"}
_STR, _NULL, _BOOL, _INT = (_STD + name for name in ("str", "null", "bool", "int"))
_ScalarEvent, _SequenceStart, _MappingStart = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent
_SequenceEnd, _MappingEnd = yaml.SequenceEndEvent, yaml.MappingEndEvent
# A bank file nests about six levels; far deeper input is hostile (or a mistake) and would
# otherwise exhaust the interpreter's recursion limit.
MAX_DEPTH = 50


@dataclass
class YamlDoc:
    """Plain data from one YAML file plus the position of every value in it."""

    path: str
    data: Any
    root: Pos
    # id(container) -> position of each child value (dict key -> pos, or list of pos)
    children: dict[int, dict[Any, Pos] | list[Pos]] = field(default_factory=dict)

    def position(self, loc: tuple[Any, ...]) -> Pos:
        """Line and column of the deepest value reachable along a pydantic `loc` path."""
        node, pos = self.data, self.root
        for part in loc:
            kids = self.children.get(id(node))
            if isinstance(node, dict) and isinstance(kids, dict) and part in kids:
                node, pos = node[part], kids[part]
            elif isinstance(node, list) and isinstance(kids, list) and isinstance(part, int):
                if 0 <= part < len(node):
                    node, pos = node[part], kids[part]
            # anything else (a union tag, a missing key) keeps the parent's position
        return pos

    def problem(self, pos: Pos, message: str, severity: Severity = "error") -> Problem:
        """A problem at a position of this document."""
        return Problem(self.path, pos[0], pos[1], message, severity)


def _fail(path: str, line: int, column: int, message: str) -> BankFileError:
    return BankFileError(Problem(path, line, column, message))


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The file as UTF-8 text, refusing oversized, non-UTF-8 and empty files before parsing."""
    name = str(path)
    size = os.stat(path).st_size
    if size > max_bytes:
        raise _fail(
            name, 1, 1, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit; split it"
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _fail(
            name,
            line,
            column,
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} on line {line}); save the file as UTF-8",
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise _fail(name, 1, 1, "file is empty")
    return text


def _check_tabs(name: str, text: str) -> None:
    if "\t" not in text:
        return
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            raise _fail(
                name,
                number,
                indent.index("\t") + 1,
                f"tab used for indentation on line {number}; YAML needs spaces",
            )


class _Builder:
    """Turns parser events into plain data, refusing aliases, unknown tags and duplicate keys."""

    def __init__(self, name: str, loader: yaml.SafeLoader) -> None:
        self.name = name
        self.loader = loader
        self.resolve = loader.resolve
        self.depth = 0
        # plain scalar -> resolved tag; keys and many values repeat throughout a bank file
        self.resolved: dict[str, str] = {}
        self.children: dict[int, dict[Any, Pos] | list[Pos]] = {}

    @staticmethod
    def _pos(event: Any) -> Pos:
        return event.start_mark.line + 1, event.start_mark.column + 1

    def _refuse(self, event: Any, message: str) -> BankFileError:
        line, column = self._pos(event)
        return _fail(self.name, line, column, message)

    def _check_node(self, event: Any, kind: str) -> None:
        if event.anchor is not None:
            raise self._refuse(event, f"anchors (&{event.anchor}) and aliases are not allowed")
        tag = event.tag
        if tag is None or tag in ("!", _STD + kind):
            return
        if kind == "str" and tag in _ALLOWED_TAGS:
            return
        shown = tag.replace(_STD, "!!")
        raise self._refuse(event, f"tag '{shown}' is not allowed; only plain YAML data is")

    def value(self, event: Any) -> Any:
        """Build the value that starts with `event`."""
        kind = type(event)
        if kind is _ScalarEvent:
            if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                self._check_node(event, "str")
            return self._scalar(event)
        if kind is _SequenceStart:
            self._check_node(event, "seq")
            return self._sequence()
        if kind is _MappingStart:
            self._check_node(event, "map")
            return self._mapping()
        if kind is yaml.AliasEvent:
            raise self._refuse(event, f"aliases (*{event.anchor}) are not allowed")
        raise self._refuse(event, f"unexpected YAML event {kind.__name__}")

    def _scalar(self, event: Any) -> Any:
        tag = event.tag
        value = event.value
        if tag in (None, "!"):
            if not event.implicit[0]:
                return value  # quoted or block scalar: always a string
            tag = self.resolved.get(value)
            if tag is None:
                tag = self.resolve(yaml.ScalarNode, value, event.implicit)
                if len(self.resolved) < 20_000:
                    self.resolved[value] = tag
        if tag == _STR or tag == _STD + "timestamp":
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() in ("yes", "true", "on")
        if tag == _INT and value.isdigit():
            return int(value)
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        try:
            return self.loader.construct_object(node)
        except yaml.YAMLError as exc:
            raise self._refuse(event, f"cannot read scalar: {exc}") from None

    def _enter(self, event: Any) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self._refuse(event, f"nested more than {MAX_DEPTH} levels deep")

    def _sequence(self) -> list[Any]:
        items: list[Any] = []
        positions: list[Pos] = []
        get = self.loader.get_event
        value = self.value
        while True:
            event = get()
            if type(event) is _SequenceEnd:
                break
            self._enter(event)
            mark = event.start_mark
            positions.append((mark.line + 1, mark.column + 1))
            items.append(value(event))
            self.depth -= 1
        self.children[id(items)] = positions
        return items

    def _mapping(self) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        positions: dict[Any, Pos] = {}
        get = self.loader.get_event
        value = self.value
        while True:
            event = get()
            if type(event) is _MappingEnd:
                break
            if type(event) is not _ScalarEvent:
                raise self._refuse(event, "a mapping key must be a plain scalar")
            key = value(event)
            if key in mapping:
                first = positions[key]
                raise self._refuse(event, f"duplicate key '{key}' (first given on line {first[0]})")
            value_event = get()
            self._enter(value_event)
            mark = value_event.start_mark
            positions[key] = (mark.line + 1, mark.column + 1)
            mapping[key] = value(value_event)
            self.depth -= 1
        self.children[id(mapping)] = positions
        return mapping


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects that all stay alive.

    Loading a big bank creates hundreds of thousands of dicts, lists and models, none of them
    garbage; without the pause the collector scans them again and again (a third of the time).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_yaml(path: Path, max_bytes: int = MAX_FILE_BYTES) -> YamlDoc:
    """Read one YAML file safely; raise BankFileError naming `file:line:column` on refusal."""
    name = str(path)
    text = read_text(path, max_bytes)
    _check_tabs(name, text)
    loader = _Loader(text)
    try:
        loader.get_event()  # StreamStart
        start = loader.get_event()
        if isinstance(start, yaml.StreamEndEvent):
            raise _fail(name, 1, 1, "file is empty")
        builder = _Builder(name, loader)
        root_event = loader.get_event()
        root = builder._pos(root_event)
        data = builder.value(root_event)
        loader.get_event()  # DocumentEnd
        extra = loader.get_event()
        if not isinstance(extra, yaml.StreamEndEvent):
            line, column = builder._pos(extra)
            raise _fail(name, line, column, "only one YAML document per file is allowed")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        detail = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        if exc.context_mark and mark and exc.context_mark.line != mark.line:
            detail += f" (started on line {exc.context_mark.line + 1})"
        raise _fail(name, line, column, f"YAML syntax error: {detail}") from None
    except yaml.YAMLError as exc:
        raise _fail(name, 1, 1, f"YAML error: {exc}") from None
    finally:
        loader.dispose()
    if data is None:
        raise _fail(name, 1, 1, "file is empty")
    return YamlDoc(name, data, root, builder.children)
