"""Bank files uploaded by instructors: staged server-side, validated with the bank, then imported.

The upload is kept under `instance/bank_uploads/<token>/` (a random token, tied to the uploader);
the import step reads that copy again, never one sent back by the browser. Validation runs the
upload together with the files of QUESTION_BANK_DIR, so an id that another bank file already uses
is caught; a bank file with the same name as the upload is left out (the upload replaces it).
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from ...bank import BankLoadResult, Problem, load_bank
from ...bank.schema import Question as BankQuestion
from ...bank.schema import Quiz as BankQuiz
from ...bank.validate import ALL_SUFFIXES, bank_files
from ...models import User
from .. import ServiceError
from .bank_import import ImportSummary, import_bank

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
KEEP_SECONDS = 24 * 3600


class UnknownUpload(ServiceError):
    """No staged upload with this token belongs to this user (expired, imported, or someone else's)."""

    def __init__(self) -> None:
        super().__init__("unknown upload")


@dataclass(frozen=True)
class Shown:
    """A problem as the instructor sees it: the uploaded file's name instead of the temp path."""

    where: str
    message: str
    severity: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class UploadCheck:
    """The validation of one staged upload."""

    token: str
    filename: str
    default_module: str | None
    result: BankLoadResult
    errors: list[Shown]
    warnings: list[Shown]
    questions: list[BankQuestion]
    quizzes: list[BankQuiz]

    @property
    def ok(self) -> bool:
        return not self.errors


def _root() -> Path:
    configured = current_app.config.get("BANK_UPLOAD_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "bank_uploads"


def _folder(token: str) -> Path:
    if not TOKEN_RE.match(token or ""):
        raise UnknownUpload()
    return _root() / token


def _sweep() -> None:
    """Forget uploads older than a day (abandoned previews)."""
    root = _root()
    if not root.is_dir():
        return
    limit = time.time() - KEEP_SECONDS
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)


def stage_upload(upload: FileStorage, user: User, default_module: str | None = None) -> str:
    """Keep the uploaded file server-side; returns the token that names it."""
    name = secure_filename(upload.filename or "") or "upload.yaml"
    if Path(name).suffix.lower() not in ALL_SUFFIXES:
        raise ServiceError("use a .yaml, .yml, .gift, .txt or .xml file", field="file")
    _sweep()
    token = secrets.token_urlsafe(24)
    folder = _root() / token
    folder.mkdir(parents=True)
    upload.save(folder / name)
    meta = {"user_id": user.id, "filename": name, "default_module": default_module}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def _staged(token: str, user: User) -> tuple[Path, dict[str, Any]]:
    folder = _folder(token)
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise UnknownUpload() from None
    if meta.get("user_id") != user.id:
        raise UnknownUpload()
    return folder / meta["filename"], meta


def _bank_dir() -> Path:
    return Path(current_app.config["QUESTION_BANK_DIR"])


def _show(problem: Problem, staged: Path, filename: str, bank_dir: Path) -> Shown:
    path = Path(problem.path)
    if path == staged:
        name = filename
    else:
        try:
            name = str(Path(bank_dir.name) / path.relative_to(bank_dir))
        except ValueError:
            name = path.name
    # Messages may cite another place ("also defined at <path>:<line>"): no server paths on the page.
    message = problem.message.replace(str(staged), filename).replace(str(bank_dir), bank_dir.name)
    return Shown(f"{name}:{problem.line}:{problem.column}", message, problem.severity)


def check_upload(token: str, user: User) -> UploadCheck:
    """Validate the staged upload together with the current bank files."""
    staged, meta = _staged(token, user)
    bank_dir = _bank_dir()
    others: list[Path] = []
    if bank_dir.is_dir():
        files, _ = bank_files([bank_dir])
        others = [p for p in files if p.name != staged.name]
    result = load_bank([*others, staged], meta.get("default_module"))
    filename = meta["filename"]

    def shown(problems: list[Problem]) -> list[Shown]:
        ordered = sorted(problems, key=lambda p: (Path(p.path) != staged, p.path, p.line, p.column))
        return [_show(p, staged, filename, bank_dir) for p in ordered]

    mine = str(staged)
    return UploadCheck(
        token=token,
        filename=filename,
        default_module=meta.get("default_module"),
        result=result,
        errors=shown(result.errors),
        warnings=shown([w for w in result.warnings if w.path == mine]),
        questions=[q for q in result.questions if q.source_file == mine],
        quizzes=[z for z in result.quizzes if z.source_file == mine],
    )


def import_upload(token: str, user: User) -> ImportSummary:
    """Validate the staged file again and import its questions and quizzes in one transaction."""
    check = check_upload(token, user)
    if not check.ok:
        raise ServiceError(f"the file has {len(check.errors)} errors; nothing was imported")
    summary = import_bank(
        BankLoadResult(questions=check.questions, quizzes=check.quizzes),
        retire_missing=False,
        actor=user,
    )
    discard_upload(token, user)
    return summary


def discard_upload(token: str, user: User) -> None:
    """Delete a staged upload (after import, or when the instructor starts over)."""
    staged, _ = _staged(token, user)
    shutil.rmtree(staged.parent, ignore_errors=True)
