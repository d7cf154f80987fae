"""The course glossary for the trainee page: read from COURSE_DIR/glossary.yaml, cached per process.

The file is the single source (the same one `course validate` and `bank validate` check against),
so the page needs no database table. The parsed glossary is kept until the file's modification
time or size changes. Reading only; nothing here writes.
"""

from __future__ import annotations

import threading
from pathlib import Path

from flask import current_app

from ...course_source.glossary import Glossary, GlossaryTerm, search_glossary
from ...course_source.loader import GLOSSARY_FILE, load_glossary
from ...domain.search_text import fold, search_terms

_lock = threading.Lock()
_cache: dict[str, tuple[tuple[int, int], Glossary]] = {}


def course_glossary() -> Glossary:
    """The glossary of the configured course; empty when the file is missing or has errors."""
    root = Path(current_app.config["COURSE_DIR"])
    path = root / GLOSSARY_FILE
    try:
        stat = path.stat()
    except OSError:
        return Glossary()
    stamp = (stat.st_mtime_ns, stat.st_size)
    key = str(path)
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
    glossary, problems = load_glossary(root)
    if glossary is None or any(p.is_error for p in problems):
        current_app.logger.warning("course glossary not shown: %s has errors", path)
        glossary = Glossary()
    with _lock:
        _cache[key] = (stamp, glossary)
    return glossary


def find_terms(query: str) -> list[GlossaryTerm]:
    """Terms matching every word of `query` in either language (all terms for an empty query)."""
    return search_glossary(course_glossary(), search_terms(query[:200]), fold)
