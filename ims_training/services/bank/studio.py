"""The instructor studio's review workflow: save a revision, submit, approve or reject, publish.

draft -> in_review -> approved -> published (or in_review -> rejected). Every save is a new
numbered revision with its author, time and note; the revision number is the optimistic lock: the
form carries the number it was based on and a save based on an older one is refused (and the unique
(kind, key, number) constraint refuses a concurrent save that raced past the check). Nobody
approves their own revision, only an approved revision is published, and publishing creates an
ordinary bank version that quizzes draw from (attempts keep the version they drew). Approvals,
rejections and publishes go to the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from ...bank import content_hash
from ...bank.common import missing_nb
from ...bank.quiz_schema import QUIZ_ADAPTER
from ...bank.schema import QUESTION_ADAPTER
from ...bank.studio_form import BankEntry, quiz_reference_problems
from ...database import write_transaction
from ...extensions import db
from ...models import Question, QuestionVersion, Quiz, QuizVersion, StudioRevision, User
from .. import ServiceError
from ..audit.audit import record

OPEN = ("draft", "in_review", "approved")
SOURCE = "studio"  # source_path of bank versions published from the studio
NOTE_MAX = 500


class BankRuleProblems(ServiceError):
    """The item breaks a rule that needs the rest of the bank; `problems` lists them by form field."""

    def __init__(self, problems: dict[str, list[str]]) -> None:
        super().__init__("; ".join(m for ms in problems.values() for m in ms))
        self.problems = problems


class StaleEdit(ServiceError):
    """Someone saved (or imported) this item after the form was loaded; nothing was saved."""


@dataclass(frozen=True)
class EditState:
    """What an edit form starts from: the content to show and the lock it carries."""

    content: dict[str, Any] | None
    lock: int  # the latest revision number (0: none yet)
    base: int  # the bank's current version id (0: none), so an import meanwhile is noticed too
    retired: bool
    open_revision: StudioRevision | None


def _parent(kind: str, key: str) -> Question | Quiz | None:
    if kind == "question":
        return db.session.scalar(select(Question).where(Question.key == key))
    return db.session.scalar(select(Quiz).where(Quiz.key == key))


def _current_content(kind: str, parent: Question | Quiz | None) -> dict[str, Any] | None:
    if parent is None or parent.current_version_id is None:
        return None
    if kind == "question":
        version = db.session.get(QuestionVersion, parent.current_version_id)
        return dict(version.content) if version else None
    quiz_version = db.session.get(QuizVersion, parent.current_version_id)
    return dict(quiz_version.definition) if quiz_version else None


def revisions(kind: str, key: str) -> list[StudioRevision]:
    """Every revision of one item, newest first."""
    return list(
        db.session.scalars(
            select(StudioRevision)
            .where(StudioRevision.kind == kind, StudioRevision.key == key)
            .order_by(StudioRevision.number.desc())
        )
    )


def _latest_number(kind: str, key: str) -> int:
    return (
        db.session.scalar(
            select(func.max(StudioRevision.number)).where(
                StudioRevision.kind == kind, StudioRevision.key == key
            )
        )
        or 0
    )


def edit_state(kind: str, key: str) -> EditState:
    parent = _parent(kind, key)
    history = revisions(kind, key)
    latest = history[0] if history else None
    open_revision = latest if latest is not None and latest.status in OPEN else None
    # a change sent back is the starting point of its fix, so the author's text is not lost
    editable = latest if latest is not None and latest.status in (*OPEN, "rejected") else None
    content = editable.content if editable else _current_content(kind, parent)
    return EditState(
        content,
        latest.number if latest else 0,
        (parent.current_version_id or 0) if parent else 0,
        bool(parent and parent.retired_at),
        open_revision,
    )


def exists(kind: str, key: str) -> bool:
    """Whether the bank or the studio knows this item."""
    return _parent(kind, key) is not None or _latest_number(kind, key) > 0


def base_content(revision: StudioRevision) -> dict[str, Any] | None:
    """The content of the bank version a revision was based on (what review compares it with)."""
    if revision.base_version_id is None:
        return None
    if revision.kind == "question":
        version = db.session.get(QuestionVersion, revision.base_version_id)
        return dict(version.content) if version else None
    quiz_version = db.session.get(QuizVersion, revision.base_version_id)
    return dict(quiz_version.definition) if quiz_version else None


def open_revisions() -> list[StudioRevision]:
    """Revisions waiting for someone: drafts, those in review and approved ones, oldest first."""
    return list(
        db.session.scalars(
            select(StudioRevision)
            .where(StudioRevision.status.in_(OPEN))
            .order_by(StudioRevision.created_at, StudioRevision.id)
        )
    )


def _check_bank_rules(
    kind: str, content: dict[str, Any], rows: dict[str, list[int]] | None = None
) -> None:
    """The cross-file rules `bank validate` applies, against the published bank."""
    if kind != "quiz":
        return
    quiz = QUIZ_ADAPTER.validate_python(content)
    bank = db.session.execute(
        select(
            Question.key,
            Question.module_slug,
            QuestionVersion.tags,
            QuestionVersion.difficulty,
            QuestionVersion.type,
        )
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(Question.retired_at.is_(None))
    ).all()
    problems = quiz_reference_problems(quiz, [BankEntry(*row) for row in bank], rows)
    if problems:
        raise BankRuleProblems(problems)


def save(
    kind: str,
    content: dict[str, Any],
    actor: User,
    *,
    note: str,
    lock: int,
    new: bool,
    base: int | None = None,
    rows: dict[str, list[int]] | None = None,
    now: datetime | None = None,
) -> StudioRevision:
    """Store validated `content` as a new draft revision; refuse a stale lock or a retired item."""
    key = str(content["id"])
    now = now or datetime.now(UTC)
    if len(note) > NOTE_MAX:
        raise ServiceError(_("Keep the note under %(n)s characters.", n=NOTE_MAX), field="note")
    _check_bank_rules(kind, content, rows)
    try:
        with write_transaction():
            parent = _parent(kind, key)
            latest = _latest_number(kind, key)
            if new and (parent is not None or latest):
                raise ServiceError(
                    _("The id '%(key)s' is already taken; choose another.", key=key), field="id"
                )
            if parent is not None and parent.retired_at is not None:
                raise ServiceError(_("This item is retired and cannot be edited."))
            current = (parent.current_version_id or 0) if parent else 0
            if latest != lock or (base is not None and base != current):
                raise StaleEdit(
                    _(
                        "Someone else saved this item after you opened it; your changes were not "
                        "saved. They are still in the form: compare with the latest version and save "
                        "again."
                    )
                )
            db.session.execute(
                update(StudioRevision)
                .where(
                    StudioRevision.kind == kind,
                    StudioRevision.key == key,
                    StudioRevision.status.in_(OPEN),
                )
                .values(status="superseded")
            )
            revision = StudioRevision(
                kind=kind,
                key=key,
                number=latest + 1,
                content=content,
                base_version_id=parent.current_version_id if parent else None,
                content_hash=content_hash(content),
                status="draft",
                note=note.strip(),
                author_id=actor.id,
                created_at=now,
            )
            db.session.add(revision)
            db.session.flush()
        return revision
    except IntegrityError as error:
        db.session.rollback()
        raise StaleEdit(
            _(
                "Someone else saved this item at the same moment; your changes were not saved. "
                "They are still in the form: save again."
            )
        ) from error


def _locked_revision(revision_id: int) -> StudioRevision:
    revision = db.session.scalar(
        select(StudioRevision).where(StudioRevision.id == revision_id).with_for_update()
    )
    if revision is None:
        raise ServiceError(_("There is no such revision."))
    return revision


def submit(revision_id: int, actor: User, now: datetime | None = None) -> StudioRevision:
    """Send a draft for review; both languages must be complete."""
    with write_transaction():
        revision = _locked_revision(revision_id)
        if revision.status != "draft":
            raise ServiceError(_("Only a draft can be submitted for review."))
        adapter = QUESTION_ADAPTER if revision.kind == "question" else QUIZ_ADAPTER
        gaps = missing_nb(adapter.validate_python(revision.content))
        if gaps:
            raise ServiceError(
                _("Add the Norwegian (nb) text before review: %(fields)s", fields=", ".join(gaps))
            )
        revision.status, revision.submitted_at = "in_review", now or datetime.now(UTC)
    return revision


def approve(
    revision_id: int, actor: User, note: str = "", now: datetime | None = None
) -> StudioRevision:
    """Approve a revision in review; the author cannot approve their own change."""
    with write_transaction():
        revision = _locked_revision(revision_id)
        if revision.status != "in_review":
            raise ServiceError(_("Only a revision in review can be approved."))
        if revision.author_id == actor.id:
            raise ServiceError(
                _("You cannot approve your own change; another instructor must review it.")
            )
        revision.status, revision.reviewer_id = "approved", actor.id
        revision.reviewed_at, revision.review_note = now or datetime.now(UTC), note.strip() or None
        record(
            "studio.approved",
            actor=actor,
            subject_type=revision.kind,
            subject_id=revision.key,
            reason=revision.review_note,
            revision=revision.number,
        )
    return revision


def reject(revision_id: int, actor: User, note: str, now: datetime | None = None) -> StudioRevision:
    """Send a revision in review back to its author with a note saying what to change."""
    if not note.strip():
        raise ServiceError(_("Say what should change."), field="note")
    with write_transaction():
        revision = _locked_revision(revision_id)
        if revision.status != "in_review":
            raise ServiceError(_("Only a revision in review can be sent back."))
        if revision.author_id == actor.id:
            raise ServiceError(
                _("You cannot review your own change; another instructor must review it.")
            )
        revision.status, revision.reviewer_id = "rejected", actor.id
        revision.reviewed_at, revision.review_note = now or datetime.now(UTC), note.strip()
        record(
            "studio.rejected",
            actor=actor,
            subject_type=revision.kind,
            subject_id=revision.key,
            reason=revision.review_note,
            revision=revision.number,
        )
    return revision


def publish(revision_id: int, actor: User, now: datetime | None = None) -> StudioRevision:
    """Make an approved revision the current bank version (new questions and quizzes are created)."""
    now = now or datetime.now(UTC)
    with write_transaction():
        revision = _locked_revision(revision_id)
        if revision.status != "approved":
            raise ServiceError(
                _("Only an approved revision can be published; submit it for review first.")
            )
        parent = _parent(revision.kind, revision.key)
        if parent is not None and parent.retired_at is not None:
            raise ServiceError(_("This item is retired and cannot be edited."))
        current = parent.current_version_id if parent else None
        if current != revision.base_version_id:
            raise StaleEdit(
                _(
                    "The bank changed since this revision was written (an import or another "
                    "publish); edit the latest version again."
                )
            )
        _check_bank_rules(revision.kind, revision.content)
        version_id = (_publish_question if revision.kind == "question" else _publish_quiz)(
            revision, parent, now
        )
        revision.status, revision.published_by_id = "published", actor.id
        revision.published_at, revision.published_version_id = now, version_id
        record(
            "studio.published",
            actor=actor,
            subject_type=revision.kind,
            subject_id=revision.key,
            revision=revision.number,
            version_id=version_id,
            approved_by=revision.reviewer_id,
        )
    return revision


def _next_number(model: Any, fk: Any, parent_id: int) -> int:
    return (db.session.scalar(select(func.max(model.version)).where(fk == parent_id)) or 0) + 1


def _publish_question(revision: StudioRevision, parent: Any, now: datetime) -> int:
    question = QUESTION_ADAPTER.validate_python(revision.content)
    if parent is None:
        parent = Question(key=revision.key, module_slug=question.module or "", created_at=now)
        db.session.add(parent)
        db.session.flush()
    version = QuestionVersion(
        question_id=parent.id,
        version=_next_number(QuestionVersion, QuestionVersion.question_id, parent.id),
        type=question.type,
        difficulty=question.difficulty,
        tags=list(question.tags),
        content=revision.content,
        content_hash=revision.content_hash,
        source_path=SOURCE,
        created_at=now,
        created_by_id=revision.author_id,
    )
    db.session.add(version)
    db.session.flush()
    parent.current_version_id = version.id
    parent.module_slug = question.module or parent.module_slug
    return version.id


def _publish_quiz(revision: StudioRevision, parent: Any, now: datetime) -> int:
    quiz = QUIZ_ADAPTER.validate_python(revision.content)
    if parent is None:
        parent = Quiz(key=revision.key, kind=quiz.kind, module_slug=quiz.module, created_at=now)
        db.session.add(parent)
        db.session.flush()
    version = QuizVersion(
        quiz_id=parent.id,
        version=_next_number(QuizVersion, QuizVersion.quiz_id, parent.id),
        definition=revision.content,
        content_hash=revision.content_hash,
        created_at=now,
    )
    db.session.add(version)
    db.session.flush()
    parent.current_version_id, parent.kind, parent.module_slug = version.id, quiz.kind, quiz.module
    return version.id
