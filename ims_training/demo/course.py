"""Demo course: import the course files and give the demo trainee some real progress."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app

from ..course_source import format_problems, load_course
from ..services.accounts import accounts
from ..services.course import course
from ..services.course.course_import import import_course

if TYPE_CHECKING:
    from . import DemoReport


DEMO_TRAINEE = "trainee@example.org"
DEMO_COMPLETED = ("foundations-origins", "foundations-model", "foundations-ims-and-acupuncture")


def seed(password: str, report: DemoReport, echo: Callable[[str], None]) -> None:
    result = load_course(Path(current_app.config["COURSE_DIR"]))
    if not result.ok:
        echo(format_problems(result.errors))
        echo("course not imported: fix the errors above")
        return
    summary = import_course(result)
    echo(f"course: modules {summary.modules}; lessons {summary.lessons}")
    trainee = accounts.find_user_by_email(DEMO_TRAINEE)
    if trainee is None:
        return
    start = datetime.now(UTC) - timedelta(days=30)
    for i, key in enumerate(DEMO_COMPLETED):
        try:
            course.complete_lesson(trainee, key, now=start + timedelta(hours=i))
        except (course.LessonNotFound, course.ModuleLocked):
            echo(f"course: could not mark {key} complete for {DEMO_TRAINEE}")
    report.notes.append(f"{DEMO_TRAINEE} has completed {len(DEMO_COMPLETED)} lessons of the course")
