"""`flask bank validate|import|export`: the question bank from files to the database and back."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..bank import BankLoadResult, load_bank
from ..bank.common import MODULE_SLUGS
from ..bank.export import export_moodle_xml, export_yaml
from ..bank.validate import bank_files
from ..course_source.glossary import Glossary
from ..course_source.loader import load_glossary
from ..services import ServiceError
from ..services.bank import bank_catalog, studio_sync
from ..services.bank.bank_import import import_bank

PROGRESS_FROM = 2000  # banks at least this big get progress lines while importing

paths_argument = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
default_module_option = click.option(
    "--default-module",
    type=click.Choice(MODULE_SLUGS),
    help="Module for Moodle (GIFT/XML) questions whose category names none.",
)


def _paths(paths: tuple[Path, ...]) -> list[Path]:
    return list(paths) or [Path(current_app.config["QUESTION_BANK_DIR"])]


def _report(result: BankLoadResult, paths: list[Path], elapsed: float) -> None:
    """Print every problem as `file:line:column: message`, then a summary line."""
    for problem in sorted(result.errors, key=lambda p: (p.path, p.line, p.column)):
        click.echo(str(problem), err=True)
    for problem in sorted(result.warnings, key=lambda p: (p.path, p.line, p.column)):
        click.echo(
            f"{problem.path}:{problem.line}:{problem.column}: warning: {problem.message}", err=True
        )
    files, _ = bank_files(paths)
    click.echo(
        f"{len(files)} files, {len(result.questions)} questions, {len(result.quizzes)} quizzes: "
        f"{len(result.errors)} errors, {len(result.warnings)} warnings ({elapsed:.1f} s)"
    )


def _glossary() -> Glossary | None:
    """The course glossary (COURSE_DIR/glossary.yaml) the bank's wording is checked against.

    A glossary that is itself broken is reported by `course validate`; here it is not used.
    """
    glossary, problems = load_glossary(Path(current_app.config["COURSE_DIR"]))
    if any(p.is_error for p in problems):
        click.echo("warning: course glossary has errors; run `course validate`", err=True)
        return None
    return glossary


def _validated(paths: tuple[Path, ...], default_module: str | None) -> BankLoadResult:
    chosen = _paths(paths)
    start = time.perf_counter()
    result = load_bank(chosen, default_module, _glossary())
    _report(result, chosen, time.perf_counter() - start)
    return result


@click.group("bank")
def bank_group() -> None:
    """Validate, import and export the question bank (YAML, Moodle GIFT and Moodle XML)."""


@bank_group.command("validate")
@paths_argument
@default_module_option
@with_appcontext
def validate(paths: tuple[Path, ...], default_module: str | None) -> None:
    """Check bank files (default: QUESTION_BANK_DIR); exit status 1 if any has an error."""
    result = _validated(paths, default_module)
    if result.errors:
        raise SystemExit(1)


@bank_group.command("import")
@paths_argument
@default_module_option
@click.option(
    "--retire-missing",
    is_flag=True,
    help="Retire questions and quizzes not in PATHs (always done when no PATH is given).",
)
@with_appcontext
def import_command(
    paths: tuple[Path, ...], default_module: str | None, retire_missing: bool
) -> None:
    """Validate, then import everything in one transaction; nothing is written if a file has an error."""
    result = _validated(paths, default_module)
    if result.errors:
        click.echo("Nothing was imported: fix the errors above and run the import again.", err=True)
        raise SystemExit(1)
    show = len(result.questions) >= PROGRESS_FROM

    def progress(done: int, total: int, what: str) -> None:
        if show:
            click.echo(f"  writing {what}: {done:,}/{total:,}", err=True)

    start = time.perf_counter()
    try:
        summary = import_bank(result, retire_missing=retire_missing or not paths, progress=progress)
    except ServiceError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"Questions: {summary.questions}")
    click.echo(f"Quizzes: {summary.quizzes}")
    click.echo("Imported." if summary.changed_anything else "Nothing changed.")
    if show:
        click.echo(f"({time.perf_counter() - start:.1f} s)", err=True)


@bank_group.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["yaml", "moodle-xml"]), default="yaml", show_default=True
)
@with_appcontext
def export(directory: Path, fmt: str) -> None:
    """Write the bank as it is now in the database (current versions, retired ones left out)."""
    questions, quizzes = bank_catalog.current_bank()
    if fmt == "yaml":
        written = export_yaml(questions, quizzes, directory)
        studio_sync.mark_exported()  # studio edits are now in the files
        click.echo(
            f"Wrote {len(questions)} questions and {len(quizzes)} quizzes in {len(written)} files to {directory}"
        )
        return
    base_url = str(current_app.config.get("PUBLIC_BASE_URL") or "") or None
    summary = export_moodle_xml(questions, directory, base_url)
    for key, why in summary.skipped:
        click.echo(f"skipped {key}: {why}", err=True)
    for key, why in summary.lossy:
        click.echo(f"approximated {key}: {why}", err=True)
    click.echo(
        f"Wrote {len(summary.exported)} questions to {summary.path} "
        f"({len(summary.skipped)} skipped, {len(summary.lossy)} approximated)"
    )


COMMANDS = [bank_group]
