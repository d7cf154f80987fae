"""Keep the YAML files and the studio in step: refuse imports that would overwrite web edits.

A question or quiz published from the studio is "ahead of the files" until `bank export` writes it
back. Importing a file whose content for that item differs from the web version would silently
undo the web edit (or lose the file's change), so the whole import is refused with the list of
conflicts, and nothing changes. Export the bank (or take over the file's text in the studio) first.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update

from ...bank import BankLoadResult, canonical_content, content_hash
from ...extensions import db
from ...models import Question, Quiz, StudioRevision
from .. import ServiceError


class ImportConflict(ServiceError):
    """A file changed an item that was edited in the studio since the last export."""

    def __init__(self, conflicts: list[str]) -> None:
        super().__init__(
            "import refused, nothing changed: "
            + "; ".join(conflicts)
            + ". Run `bank export` (or re-apply the file's change in the studio) first."
        )
        self.conflicts = conflicts


def _unexported(kind: str) -> dict[str, str]:
    """key -> content hash of studio publishes still current and not yet written back as YAML."""
    model = Question if kind == "question" else Quiz
    rows = db.session.execute(
        select(StudioRevision.key, StudioRevision.content_hash)
        .join(
            model,
            (model.key == StudioRevision.key)
            & (model.current_version_id == StudioRevision.published_version_id),
        )
        .where(
            StudioRevision.kind == kind,
            StudioRevision.status == "published",
            StudioRevision.exported_at.is_(None),
        )
    ).all()
    return dict(rows)


def import_conflicts(result: BankLoadResult, retire_missing: bool = False) -> list[str]:
    """Items the import would change (or, with `retire_missing`, retire) although they carry a studio
    edit the files do not have."""
    conflicts: list[str] = []
    web_questions = _unexported("question")
    if retire_missing:
        for kind, web, present in (
            ("question", web_questions, {q.id for q in result.questions}),
            ("quiz", _unexported("quiz"), {z.id for z in result.quizzes}),
        ):
            conflicts.extend(
                f"{kind} '{key}' was written in the studio and is not in the files yet; "
                "a full import would retire it"
                for key in sorted(set(web) - present)
            )
    for question in result.questions:
        digest = web_questions.get(question.id)
        if digest is not None and digest != content_hash(canonical_content(question)):
            where = (
                f"{question.source_file}:{question.line}" if question.source_file else question.id
            )
            conflicts.append(
                f"{where}: question '{question.id}' was edited in the studio since the last export"
            )
    web_quizzes = _unexported("quiz")
    for quiz in result.quizzes:
        digest = web_quizzes.get(quiz.id)
        if digest is not None and digest != content_hash(
            quiz.model_dump(mode="json", exclude_none=True)
        ):
            where = f"{quiz.source_file}:{quiz.line}" if quiz.source_file else quiz.id
            conflicts.append(
                f"{where}: quiz '{quiz.id}' was edited in the studio since the last export"
            )
    return conflicts


def refuse_conflicts(result: BankLoadResult, retire_missing: bool = False) -> None:
    """Raise ImportConflict (before anything is written) when the import would overwrite web edits."""
    conflicts = import_conflicts(result, retire_missing)
    if conflicts:
        raise ImportConflict(conflicts)


def mark_exported(now: datetime | None = None) -> int:
    """Record that the current bank was written back as YAML; the files are the source again."""
    result = db.session.execute(
        update(StudioRevision)
        .where(StudioRevision.status == "published", StudioRevision.exported_at.is_(None))
        .values(exported_at=now or datetime.now(UTC))
    )
    db.session.commit()
    return int(getattr(result, "rowcount", 0) or 0)
