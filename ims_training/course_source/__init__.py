"""The course as files (modules.yaml, lesson Markdown, figures): load and validate, no database."""

from .loader import load_course
from .models import (
    FALLBACK_LANGUAGE,
    LANGUAGES,
    CourseLoadResult,
    FigureSource,
    LessonSource,
    LessonTranslationSource,
    ModuleSource,
    Problem,
)
from .report import format_problems, summary_line

__all__ = [
    "FALLBACK_LANGUAGE",
    "LANGUAGES",
    "CourseLoadResult",
    "FigureSource",
    "LessonSource",
    "LessonTranslationSource",
    "ModuleSource",
    "Problem",
    "format_problems",
    "load_course",
    "summary_line",
]
