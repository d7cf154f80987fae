"""`flask course validate [PATH]` and `flask course import [PATH]` (default: the COURSE_DIR setting)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..course_source import CourseLoadResult, format_problems, load_course
from ..services.course.course_import import import_course

PATH_ARG = click.Path(exists=True, file_okay=False, path_type=Path)


@click.group("course")
def course_group() -> None:
    """Check and load the course (modules, lessons, figures)."""


def _load(path: Path | None) -> CourseLoadResult:
    root = path or Path(current_app.config["COURSE_DIR"])
    if not root.is_dir():
        raise click.ClickException(f"{root} is not a directory")
    click.echo(f"Reading {root}")
    result = load_course(root)
    if result.problems:
        click.echo(format_problems(result.problems), err=not result.ok)
    if not result.ok:
        raise click.ClickException("the course has errors; nothing was changed")
    return result


@course_group.command("validate")
@click.argument("path", required=False, type=PATH_ARG)
@with_appcontext
def validate(path: Path | None) -> None:
    """Check every course file; each problem is printed as file:line: message."""
    result = _load(path)
    click.echo(
        f"OK: {len(result.modules)} modules, {len(result.lessons)} lessons, {len(result.figures)} figures"
    )


@course_group.command("import")
@click.argument("path", required=False, type=PATH_ARG)
@with_appcontext
def import_(path: Path | None) -> None:
    """Validate, then load the course in one transaction (safe to run again)."""
    result = _load(path)

    def progress(n: int, total: int, lesson_id: str, outcome: str) -> None:
        click.echo(f"  [{n:>3}/{total}] {lesson_id}: {outcome}")

    summary = import_course(result, progress=progress)
    click.echo(f"Modules: {summary.modules}")
    click.echo(f"Lessons: {summary.lessons}")


COMMANDS = [course_group]
