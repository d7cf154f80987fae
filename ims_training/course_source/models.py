"""Plain dataclasses that a validated course tree is loaded into; no Flask, no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..file_checks import Problem as Problem  # the one problem type, shared with the bank

LANGUAGES: tuple[str, ...] = ("en", "nb")
FALLBACK_LANGUAGE = "en"


@dataclass(frozen=True)
class ModuleSource:
    """One module from modules.yaml."""

    slug: str
    order: int
    title: dict[str, str]
    summary: dict[str, str]
    objectives: dict[str, list[str]]
    prerequisites: list[str]
    path: str = ""
    line: int = 0


@dataclass(frozen=True)
class LessonTranslationSource:
    """One language file of a lesson."""

    title: str
    objectives: list[str]
    body_markdown: str
    path: str
    content_hash: str
    body_line: int = 1  # line in the file where the body starts, for error messages


@dataclass(frozen=True)
class LessonSource:
    """One lesson: language-independent fields plus its translations keyed by language."""

    id: str
    module: str
    order: int
    estimated_minutes: int
    prerequisites: list[str]
    status: str
    translations: dict[str, LessonTranslationSource]

    @property
    def is_published(self) -> bool:
        return self.status == "published"


@dataclass(frozen=True)
class FigureSource:
    """One figure: its SVG file and localised alt text and caption."""

    name: str
    path: Path
    alt: dict[str, str]
    caption: dict[str, str]


@dataclass
class CourseLoadResult:
    """Everything `load_course` found: the course (when clean) and every problem on the way."""

    modules: list[ModuleSource] = field(default_factory=list)
    lessons: list[LessonSource] = field(default_factory=list)
    figures: dict[str, FigureSource] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    glossary: Any = None  # course_source.glossary.Glossary when course/glossary.yaml exists

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings do not block an import)."""
        return not self.errors
