"""Course pages: trainees and staff (who preview); coordinators and the public are refused."""

from typing import Any

from . import Expect, setup

LEARNERS = ("trainee", "instructor", "administrator")


def _course(world: Any) -> None:
    """Import the small fixture course so lesson, module and figure URLs exist."""
    from pathlib import Path

    from ims_training.course_source import load_course
    from ims_training.services.course.course_import import import_course

    import_course(load_course(Path(__file__).parents[2] / "fixtures" / "course_good"))
    world.extra["lesson"] = "foundations-origins"
    world.extra["draft"] = "safety-consent"


setup.HOOKS.append(_course)

EXPECTATIONS = {
    "learn.modules": Expect("/learn/course", allowed=LEARNERS),
    "learn.module": Expect("/learn/course/foundations", allowed=LEARNERS),
    "learn.course_search": Expect("/learn/course/search?q=gunn", allowed=LEARNERS),
    "learn.lesson": Expect(lambda w: f"/learn/lessons/{w.extra['lesson']}", allowed=LEARNERS),
    # Trainees record progress; staff previews never do.
    "learn.complete_lesson": Expect(
        lambda w: f"/learn/lessons/{w.extra['lesson']}/complete",
        methods=("POST",),
        allowed=("trainee",),
    ),
    "learn.course_figure": Expect("/learn/figures/root-exit-levels.svg", allowed=LEARNERS),
    # The glossary is course content: learners and previewing staff; coordinators 403, anonymous to login.
    "learn.glossary": Expect("/learn/course/glossary?q=pleura", allowed=LEARNERS),
}
