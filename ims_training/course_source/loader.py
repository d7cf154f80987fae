"""`load_course`: read a whole course tree and collect every problem in one run."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from .figures_file import read_figures
from .glossary import Glossary, check_markdown, check_yaml, read_glossary
from .graph import find_cycles
from .lesson_file import LessonFile, read_lesson_file
from .models import (
    FALLBACK_LANGUAGE,
    LANGUAGES,
    CourseLoadResult,
    LessonSource,
    LessonTranslationSource,
    ModuleSource,
    Problem,
)
from .modules_file import read_modules
from .yamltext import decode_utf8

FIGURES_DIR = "figures"
GLOSSARY_FILE = "glossary.yaml"
SHARED_FIELDS = ("id", "module", "order", "estimated_minutes", "prerequisites", "status")


def load_course(root: Path) -> CourseLoadResult:
    """Validate `root` (modules.yaml, <module>/*.md, figures/); paths start at root's name."""
    display = root.name
    result = CourseLoadResult()
    modules = _load_modules(root, display, result.problems)
    result.modules = modules
    known = {m.slug for m in modules} if (root / "modules.yaml").is_file() else None
    result.figures, found = read_figures(root / FIGURES_DIR, f"{display}/{FIGURES_DIR}")
    result.problems += found
    files = _read_lesson_files(root, display, known, result.problems)
    groups: dict[tuple[str, str], list[LessonFile]] = defaultdict(list)
    for lesson_file in files:
        groups[(Path(lesson_file.path).parent.name, lesson_file.stem)].append(lesson_file)
    lessons = _build_lessons(groups, result.problems)
    _check_lesson_graph(lessons, result.problems)
    for lesson_file in files:
        result.problems += [
            Problem(lesson_file.path, ref.line, f"unknown figure '{ref.name}'")
            for ref in lesson_file.figure_refs
            if ref.name not in result.figures
        ]
    result.glossary, found = check_glossary(root, display)
    result.problems += found
    order = {m.slug: m.order for m in modules}
    result.lessons = sorted(
        (lesson for lesson, _ in lessons), key=lambda x: (order.get(x.module, 0), x.module, x.order)
    )
    result.problems.sort(key=lambda p: (p.path, p.line, p.message))
    return result


def _load_modules(root: Path, display: str, problems: list[Problem]) -> list[ModuleSource]:
    """modules.yaml, plus unknown module prerequisites and module cycles."""
    path = root / "modules.yaml"
    shown = f"{display}/modules.yaml"
    if not path.is_file():
        problems.append(Problem(shown, 1, "modules.yaml is missing"))
        return []
    text, bad = decode_utf8(path.read_bytes(), shown)
    if text is None:
        problems += [bad] if bad else []
        return []
    modules, found = read_modules(text, shown)
    problems += found
    by_slug = {m.slug: m for m in modules}
    for module in modules:
        problems += [
            Problem(
                shown, module.line, f"module '{module.slug}': unknown prerequisite module '{slug}'"
            )
            for slug in module.prerequisites
            if slug not in by_slug
        ]
    for cycle in find_cycles({m.slug: m.prerequisites for m in modules}):
        problems.append(
            Problem(
                shown, by_slug[cycle[0]].line, f"module prerequisite cycle: {' -> '.join(cycle)}"
            )
        )
    return modules


def _read_lesson_files(
    root: Path, display: str, known: set[str] | None, problems: list[Problem]
) -> list[LessonFile]:
    """Every `<module>/*.md` file whose front matter is valid, checked against its directory."""
    files: list[LessonFile] = []
    directories = sorted(
        d
        for d in root.iterdir()
        if d.is_dir() and d.name != FIGURES_DIR and not d.name.startswith((".", "_"))
    )
    for directory in directories:
        for file in sorted(directory.glob("*.md")):
            shown = f"{display}/{directory.name}/{file.name}"
            lesson, found = read_lesson_file(file.read_bytes(), shown, file.name)
            problems += found
            if lesson is None:
                continue
            if known is not None and lesson.module not in known:
                problems.append(
                    Problem(shown, lesson.lines["module"], f"unknown module '{lesson.module}'")
                )
                continue
            if lesson.module != directory.name:
                problems.append(
                    Problem(
                        shown,
                        lesson.lines["module"],
                        f"module '{lesson.module}' does not match the directory '{directory.name}'",
                    )
                )
                continue
            files.append(lesson)
    return files


def _build_lessons(
    groups: dict[tuple[str, str], list[LessonFile]], problems: list[Problem]
) -> list[tuple[LessonSource, LessonFile]]:
    """One LessonSource per file group; language files must agree and ids must be unique."""
    lessons: list[tuple[LessonSource, LessonFile]] = []
    seen_ids: dict[str, LessonFile] = {}
    seen_orders: dict[tuple[str, int], LessonFile] = {}
    for _key, group in sorted(groups.items()):
        by_lang = {f.language: f for f in group}
        reference = by_lang.get(FALLBACK_LANGUAGE)
        if reference is None:
            problems += [
                Problem(
                    f.path, 1, f"lesson has no {FALLBACK_LANGUAGE} file (the fallback language)"
                )
                for f in group
            ]
            continue
        mismatches = [
            Problem(
                f.path,
                f.lines.get(name, 1),
                f"'{name}' is {getattr(f, name)!r} "
                f"but {getattr(reference, name)!r} in {reference.path}",
            )
            for f in group
            if f is not reference
            for name in SHARED_FIELDS
            if getattr(f, name) != getattr(reference, name)
        ]
        problems += mismatches
        other = seen_ids.get(reference.id)
        if other is not None:
            where = (
                f"duplicate lesson id '{reference.id}'"
                if other.module == reference.module
                else f"lesson id '{reference.id}' is used in modules '{other.module}' "
                f"and '{reference.module}'"
            )
            problems += [
                Problem(f.path, f.lines["id"], f"{where} (also in {other.path})") for f in group
            ]
            continue
        if mismatches:
            continue
        clash = seen_orders.get((reference.module, reference.order))
        if clash is not None:
            problems.append(
                Problem(
                    reference.path,
                    reference.lines["order"],
                    f"order {reference.order} is also used by {clash.path}",
                )
            )
        seen_ids[reference.id] = reference
        seen_orders[(reference.module, reference.order)] = reference
        for lang in LANGUAGES:
            if lang not in by_lang:
                problems.append(
                    Problem(
                        reference.path,
                        1,
                        f"no '{lang}' translation (the site falls back to {FALLBACK_LANGUAGE})",
                        "warning",
                    )
                )
        lessons.append((_lesson_source(reference, by_lang), reference))
    return lessons


def _lesson_source(reference: LessonFile, by_lang: dict[str, LessonFile]) -> LessonSource:
    translations = {
        lang: LessonTranslationSource(
            title=f.title,
            objectives=f.objectives,
            body_markdown=f.body,
            path=f.path,
            content_hash=f.content_hash,
            body_line=f.body_line,
        )
        for lang, f in sorted(by_lang.items())
    }
    return LessonSource(
        id=reference.id,
        module=reference.module,
        order=reference.order,
        estimated_minutes=reference.estimated_minutes,
        prerequisites=list(reference.prerequisites),
        status=reference.status,
        translations=translations,
    )


def _check_lesson_graph(
    lessons: list[tuple[LessonSource, LessonFile]], problems: list[Problem]
) -> None:
    """Unknown lesson prerequisites and prerequisite cycles, at the `prerequisites` line."""
    files = {lesson.id: f for lesson, f in lessons}
    for lesson, f in lessons:
        line = f.lines.get("prerequisites", 1)
        problems += [
            Problem(f.path, line, f"unknown prerequisite lesson '{pid}'")
            for pid in lesson.prerequisites
            if pid not in files
        ]
    for cycle in find_cycles({lesson.id: lesson.prerequisites for lesson, _ in lessons}):
        first = files[cycle[0]]
        problems.append(
            Problem(
                first.path,
                first.lines.get("prerequisites", 1),
                f"prerequisite cycle: {' -> '.join(cycle)}",
            )
        )


def load_glossary(root: Path, display: str | None = None) -> tuple[Glossary | None, list[Problem]]:
    """`root/glossary.yaml` parsed and validated; (None, []) when the course has no glossary."""
    path = root / GLOSSARY_FILE
    shown = f"{display or root.name}/{GLOSSARY_FILE}"
    if not path.is_file():
        return None, []
    text, bad = decode_utf8(path.read_bytes(), shown)
    if text is None:
        return None, [bad] if bad else []
    return read_glossary(text, shown)


def check_glossary(root: Path, display: str) -> tuple[Glossary | None, list[Problem]]:
    """The glossary, its own problems, and every wrong form used in the course files.

    Checked: each lesson file in its language (front matter and body), and the en/nb values of
    modules.yaml and figures/figures.yaml. A hit is an error or a warning as the glossary says.
    """
    glossary, problems = load_glossary(root, display)
    if glossary is None:
        return None, problems
    targets: list[tuple[Path, str, str | None]] = [
        (root / "modules.yaml", f"{display}/modules.yaml", None),
        (root / FIGURES_DIR / "figures.yaml", f"{display}/{FIGURES_DIR}/figures.yaml", None),
    ]
    directories = sorted(
        d
        for d in root.iterdir()
        if d.is_dir() and d.name != FIGURES_DIR and not d.name.startswith((".", "_"))
    )
    for directory in directories:
        for file in sorted(directory.glob("*.md")):
            language = file.name.rsplit(".", 2)[-2] if file.name.count(".") >= 2 else None
            if language in LANGUAGES:
                targets.append((file, f"{display}/{directory.name}/{file.name}", language))
    for file, shown, language in targets:
        if not file.is_file():
            continue
        text, _bad = decode_utf8(file.read_bytes(), shown)
        if text is None:
            continue  # reported by the file's own reader
        hits = (
            check_yaml(glossary, text)
            if language is None
            else check_markdown(glossary, language, text)
        )
        problems += [Problem(shown, h.line, h.message, h.severity) for h in hits]
    return glossary, problems
