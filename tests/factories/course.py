"""Write small course trees for tests: modules.yaml, lesson files in en/nb, one figure."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ims_training.course_source import load_course
from ims_training.services.course.course_import import CourseImportSummary, import_course

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>\n'


@dataclass
class LessonSpec:
    id: str
    module: str
    order: int
    title: dict[str, str]
    body: dict[str, str]
    status: str = "published"
    prerequisites: list[str] = field(default_factory=list)
    minutes: int = 10


MODULES = [
    {
        "slug": "foundations",
        "order": 1,
        "title": {"en": "Foundations", "nb": "Grunnlaget"},
        "summary": {"en": "Where it comes from.", "nb": "Hvor det kommer fra."},
        "objectives": {"en": ["Tell the story"], "nb": ["Fortelle historien"]},
        "prerequisites": [],
    },
    {
        "slug": "safety",
        "order": 2,
        "title": {"en": "Safety", "nb": "Sikkerhet"},
        "summary": {"en": "Staying safe.", "nb": "Trygg behandling."},
        "objectives": {"en": ["Name the danger zones"], "nb": ["Kjenne faresonene"]},
        "prerequisites": ["foundations"],
    },
]

ORIGINS_EN = """\
Gunn developed IMS in the 1970s.

## Where it started

He worked with injured workers in Vancouver.

![](figure:root-exit)

### Two groups

| Group | Back at work |
|---|---:|
| Needling | 18 of 29 |
| Control | 4 of 27 |
"""

ORIGINS_NB = """\
Gunn utviklet IMS på 1970-tallet.

## Første møte

Han behandlet skadde arbeidstakere, særlig på sagbruk.

![](figure:root-exit)
"""

LESSONS = [
    LessonSpec(
        "foundations-origins",
        "foundations",
        1,
        {"en": "Where IMS comes from", "nb": "Hvor IMS kommer fra"},
        {"en": ORIGINS_EN, "nb": ORIGINS_NB},
    ),
    LessonSpec(
        "foundations-model",
        "foundations",
        2,
        {"en": "The nerve-root model"},
        {"en": "## The model\n\nSupersensitivity follows neuropathy.\n"},
    ),
    LessonSpec(
        "foundations-draft",
        "foundations",
        3,
        {"en": "Unfinished lesson", "nb": "Uferdig leksjon"},
        {"en": "Work in progress about needles.\n", "nb": "Under arbeid om nåler.\n"},
        status="draft",
    ),
    LessonSpec(
        "safety-consent",
        "safety",
        1,
        {"en": "Consent", "nb": "Samtykke"},
        {
            "en": "## Asking first\n\nAsk before needling.\n",
            "nb": "## Spør først\n\nSpør før nålebehandling.\n",
        },
    ),
]


def _front_matter(lesson: LessonSpec, lang: str) -> str:
    data = {
        "id": lesson.id,
        "module": lesson.module,
        "order": lesson.order,
        "language": lang,
        "title": lesson.title[lang],
        "objectives": [f"Objective of {lesson.id}"],
        "estimated_minutes": lesson.minutes,
        "prerequisites": lesson.prerequisites,
        "status": lesson.status,
    }
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n"


def write_course(
    root: Path, lessons: list[LessonSpec] | None = None, modules: list[dict] | None = None
) -> Path:
    """Write a valid course tree at `root` (replacing lesson files already there)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "modules.yaml").write_text(
        yaml.safe_dump(modules or MODULES, allow_unicode=True), "utf-8"
    )
    figures = root / "figures"
    figures.mkdir(exist_ok=True)
    (figures / "root-exit.svg").write_text(SVG, "utf-8")
    (figures / "figures.yaml").write_text(
        textwrap.dedent("""\
        root-exit:
          alt: {en: Nerve roots leaving the spine, nb: Nerverøtter som går ut av ryggraden}
          caption: {en: Root exit levels, nb: Utgangsnivåer for røttene}
        """),
        "utf-8",
    )
    for old in root.glob("*/*.md"):
        old.unlink()
    for lesson in LESSONS if lessons is None else lessons:
        directory = root / lesson.module
        directory.mkdir(exist_ok=True)
        for lang, body in lesson.body.items():
            name = f"{lesson.order:02d}-{lesson.id}.{lang}.md"
            (directory / name).write_text(_front_matter(lesson, lang) + "\n" + body, "utf-8")
    return root


def import_tree(root: Path) -> CourseImportSummary:
    result = load_course(root)
    assert result.ok, [str(p) for p in result.errors]
    return import_course(result)
