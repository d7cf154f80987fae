"""The one safe YAML reader: plain data only, with the line and column of every key and value.

Refused with one problem at `path:line:column` (raised as `UnreadableFile`): text over
`MAX_CHARS`, a tab in indentation, a syntax error, more than one document, any tag but YAML's
own plain-data ones (so `!!python/...`, `!custom`, `!!binary`, `!!set`), anchors and aliases,
merge keys (`<<`), a key given twice, a key that is not a scalar, and nesting deeper than
`MAX_DEPTH`. Because no alias is ever followed, the work is linear in the text.

It builds plain data straight from the parser's events (libyaml's when installed), so a big
bank is read without PyYAML's node tree, and records positions as it goes.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problem import Problem, Severity, UnreadableFile

MAX_CHARS = 2 * 1024 * 1024
# A bank file nests about six levels, front matter two; far deeper input is hostile (or a
# mistake) and would otherwise exhaust the interpreter's recursion limit.
MAX_DEPTH = 50
Pos = tuple[int, int]
# a mapping entry keeps (value line, value column, key line, key column); a list item (line, column)
_Entry = tuple[int, ...]

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_STD + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
_STR, _NULL, _BOOL, _INT, _MERGE = (_STD + name for name in ("str", "null", "bool", "int", "merge"))
_ScalarEvent, _SequenceStart, _MappingStart = (
    yaml.ScalarEvent,
    yaml.SequenceStartEvent,
    yaml.MappingStartEvent,
)
_SequenceEnd, _MappingEnd = yaml.SequenceEndEvent, yaml.MappingEndEvent


@dataclass
class YamlDoc:
    """Plain data from one YAML text plus the position of every key and value in it."""

    path: str
    data: Any  # None for an empty text
    root: Pos
    # id(container) -> position of each child: dict key -> _Entry, or a list of (line, column)
    children: dict[int, dict[Any, _Entry] | list[_Entry]] = field(default_factory=dict)
    # (key, start, end) of each scalar value of a key in `span_keys`, or item of a list under one
    spans: list[tuple[str, Pos, Pos]] = field(default_factory=list)
    text: str = ""
    first_line: int = 1  # the file line of the text's first line

    def _find(self, loc: tuple[Any, ...]) -> tuple[_Entry, bool]:
        node, last_found = self.data, True
        pos: _Entry = self.root
        for part in loc:
            kids = self.children.get(id(node))
            last_found = False
            if isinstance(node, dict) and isinstance(kids, dict) and part in kids:
                node, pos, last_found = node[part], kids[part], True
            elif isinstance(node, list) and isinstance(kids, list) and isinstance(part, int):
                if 0 <= part < len(node):
                    node, pos, last_found = node[part], kids[part], True
            # anything else (a pydantic union tag, a missing key) keeps the parent's position
        return pos, last_found

    def position(self, loc: tuple[Any, ...]) -> Pos:
        """Line and column of the deepest value reachable along a (pydantic `loc`) path."""
        pos, _ = self._find(loc)
        return pos[0], pos[1]

    def key_position(self, loc: tuple[Any, ...]) -> Pos:
        """Where the key that ends `loc` is written; for a list item or a missing key, `position`."""
        pos, found = self._find(loc)
        return (pos[2], pos[3]) if found and len(pos) == 4 else (pos[0], pos[1])

    def problem(self, pos: Pos, message: str, severity: Severity = "error") -> Problem:
        """A problem at a position of this document."""
        return Problem(self.path, pos[0], message, severity, column=pos[1])


def _fail(path: str, line: int, column: int, message: str) -> UnreadableFile:
    return UnreadableFile(Problem(path, line, message, column=column))


def _check_tabs(path: str, text: str, first_line: int) -> None:
    if "\t" not in text:
        return
    for number, line in enumerate(text.splitlines(), start=first_line):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            raise _fail(
                path,
                number,
                indent.index("\t") + 1,
                f"tab used for indentation on line {number}; YAML needs spaces",
            )


class _Builder:
    """Turns parser events into plain data, refusing aliases, unknown tags and duplicate keys."""

    def __init__(
        self, path: str, loader: yaml.SafeLoader, first_line: int, span_keys: Collection[str]
    ) -> None:
        self.path = path
        self.loader = loader
        self.resolve = loader.resolve
        self.base = first_line  # added to a mark's 0-based line gives the file line
        self.depth = 0
        # plain scalar -> resolved tag; keys and many values repeat throughout a bank file
        self.resolved: dict[str, str] = {}
        self.children: dict[int, dict[Any, _Entry] | list[_Entry]] = {}
        self.span_keys = span_keys
        self.spans: list[tuple[str, Pos, Pos]] = []
        self.list_span: str | None = None  # the span key whose list value starts next
        self.quiet = 0  # > 0 inside a collection item of such a list: no spans are taken there

    def pos(self, event: Any) -> Pos:
        return event.start_mark.line + self.base, event.start_mark.column + 1

    def _end(self, event: Any) -> Pos:
        return event.end_mark.line + self.base, event.end_mark.column + 1

    def _refuse(self, event: Any, message: str) -> UnreadableFile:
        line, column = self.pos(event)
        return _fail(self.path, line, column, message)

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
        if tag == _MERGE:
            raise self._refuse(event, "merge keys (<<) are not allowed; write the keys out")
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
        positions: list[_Entry] = []
        get = self.loader.get_event
        value = self.value
        base = self.base
        span, self.list_span = self.list_span, None
        while True:
            event = get()
            if type(event) is _SequenceEnd:
                break
            self._enter(event)
            mark = event.start_mark
            positions.append((mark.line + base, mark.column + 1))
            if span is None:
                items.append(value(event))
            elif type(event) is _ScalarEvent:
                self.spans.append((span, self.pos(event), self._end(event)))
                items.append(value(event))
            else:
                self.quiet += 1
                items.append(value(event))
                self.quiet -= 1
            self.depth -= 1
        self.children[id(items)] = positions
        return items

    def _mapping(self) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        positions: dict[Any, _Entry] = {}
        get = self.loader.get_event
        value = self.value
        base = self.base
        span_keys = self.span_keys
        while True:
            event: Any = get()
            if type(event) is _MappingEnd:
                break
            if type(event) is not _ScalarEvent:
                raise self._refuse(event, "a mapping key must be a plain scalar")
            key_event: Any = event
            key = value(event)
            if key in mapping:
                first = positions[key]
                raise self._refuse(event, f"duplicate key '{key}' (first given on line {first[0]})")
            value_event: Any = get()
            self._enter(value_event)
            mark, key_mark = value_event.start_mark, key_event.start_mark
            positions[key] = (
                mark.line + base,
                mark.column + 1,
                key_mark.line + base,
                key_mark.column + 1,
            )
            if key in span_keys and not self.quiet:
                if type(value_event) is _ScalarEvent:
                    self.spans.append((key, self.pos(value_event), self._end(value_event)))
                elif type(value_event) is _SequenceStart:
                    self.list_span = key
            mapping[key] = value(value_event)
            self.depth -= 1
        self.children[id(mapping)] = positions
        return mapping


def parse_yaml(
    text: str,
    path: str,
    *,
    first_line: int = 1,
    span_keys: Collection[str] = frozenset(),
    max_chars: int = MAX_CHARS,
) -> YamlDoc:
    """Read YAML text safely (see the module docstring); raise UnreadableFile naming the place.

    `first_line` is the file line the text starts on (front matter starts on line 2);
    `span_keys` asks for the extent of those keys' text values (`YamlDoc.spans`), for checks
    that look inside the text, such as the glossary's.
    """
    if len(text) > max_chars:
        raise _fail(
            path,
            first_line,
            1,
            f"YAML text is {len(text):,} characters, over the {max_chars:,}-character limit; split it",
        )
    _check_tabs(path, text, first_line)
    loader = _Loader(text)
    builder = _Builder(path, loader, first_line, span_keys)
    root, data = (first_line, 1), None
    try:
        loader.get_event()  # StreamStart
        if not isinstance(loader.get_event(), yaml.StreamEndEvent):  # DocumentStart
            root_event = loader.get_event()
            root = builder.pos(root_event)
            data = builder.value(root_event)
            loader.get_event()  # DocumentEnd
            extra = loader.get_event()
            if not isinstance(extra, yaml.StreamEndEvent):
                raise builder._refuse(extra, "only one YAML document per file is allowed")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + first_line, mark.column + 1) if mark else (first_line, 1)
        detail = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        if exc.context_mark and mark and exc.context_mark.line != mark.line:
            detail += f" (started on line {exc.context_mark.line + first_line})"
        raise _fail(path, line, column, f"YAML syntax error: {detail}") from None
    except yaml.YAMLError as exc:
        raise _fail(path, first_line, 1, f"YAML error: {exc}") from None
    finally:
        loader.dispose()
    return YamlDoc(path, data, root, builder.children, builder.spans, text, first_line)
