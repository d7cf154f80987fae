"""What every check of an author's file shares: one `Problem` type and the one safe YAML reader.

The question bank (`bank/`) and the course (`course_source/`) read YAML written by people, and
report what is wrong at `file:line`. Both use this package, so a fault is refused the same way
and named with the same words in both. It is a sibling of the two, not part of either: the bank
already uses the course's glossary, and the course must not depend on the bank's format.
Plain Python (PyYAML, no Flask, no database).
"""

from .problem import Problem, Severity, UnreadableFile
from .safe_yaml import MAX_CHARS, MAX_DEPTH, YamlDoc, parse_yaml

__all__ = [
    "MAX_CHARS",
    "MAX_DEPTH",
    "Problem",
    "Severity",
    "UnreadableFile",
    "YamlDoc",
    "parse_yaml",
]
