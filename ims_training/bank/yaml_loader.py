"""Bank files from disk: size, UTF-8 and emptiness checks, then the one safe YAML reader.

The YAML rules themselves (no tags, anchors, merge keys or duplicate keys, bounded depth,
positions) are in `ims_training/file_checks/safe_yaml.py`, shared with the course.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..file_checks import MAX_CHARS, Problem, UnreadableFile, YamlDoc, parse_yaml
from .problems import BankFileError

# a file within this many bytes always holds text within the reader's own bound
MAX_FILE_BYTES = MAX_CHARS

__all__ = ["MAX_FILE_BYTES", "YamlDoc", "load_yaml", "paused_gc", "read_text"]


def _fail(path: str, line: int, column: int, message: str) -> BankFileError:
    return UnreadableFile(Problem(path, line, message, column=column))


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


def load_yaml(
    path: Path, max_bytes: int = MAX_FILE_BYTES, span_keys: Collection[str] = frozenset()
) -> YamlDoc:
    """Read one YAML bank file safely; raise BankFileError naming `file:line:column` on refusal."""
    name = str(path)
    doc = parse_yaml(read_text(path, max_bytes), name, span_keys=span_keys)
    if doc.data is None:
        raise _fail(name, 1, 1, "file is empty")
    return doc
