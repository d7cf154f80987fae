"""The question bank in the database: questions and quizzes, each with immutable versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any, get_args

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..bank.common import Difficulty, QuestionType, QuizKind
from ..extensions import Model
from .types import UTCDateTime, one_of, utcnow


class Question(Model):
    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)  # the stable `id` in the YAML
    module_slug: Mapped[str] = mapped_column(String(64), index=True)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("question_versions.id", use_alter=True, name="fk_questions_current_version")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # lazy="raise": versions carry the whole content; the bank pages read them as rows, and code
    # that wants the objects says so (selectinload / joinedload), never one query per question.
    versions: Mapped[list[QuestionVersion]] = relationship(
        back_populates="question",
        foreign_keys="QuestionVersion.question_id",
        order_by="QuestionVersion.version",
        lazy="raise",
    )
    current_version: Mapped[QuestionVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True, lazy="raise"
    )


class QuestionVersion(Model):
    """One immutable version of a question; attempts point at the version they served."""

    __tablename__ = "question_versions"
    # A new question type or difficulty in the bank format needs a migration that widens these.
    __table_args__ = (
        UniqueConstraint("question_id", "version"),
        one_of("type", get_args(QuestionType)),
        one_of("difficulty", get_args(Difficulty)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(32), index=True)
    difficulty: Mapped[str] = mapped_column(String(16), index=True)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    content: Mapped[dict[str, Any]] = mapped_column(
        JSON
    )  # canonical content, see docs/contracts.md
    content_hash: Mapped[str] = mapped_column(String(64))
    source_path: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    question: Mapped[Question] = relationship(
        back_populates="versions", foreign_keys=[question_id], lazy="raise"
    )


class Quiz(Model):
    __tablename__ = "quizzes"
    __table_args__ = (one_of("kind", get_args(QuizKind)),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="module")
    module_slug: Mapped[str | None] = mapped_column(String(64), index=True)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("quiz_versions.id", use_alter=True, name="fk_quizzes_current_version")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # lazy="raise" as for questions: definitions come from the per-worker cache of versions.
    versions: Mapped[list[QuizVersion]] = relationship(
        back_populates="quiz",
        foreign_keys="QuizVersion.quiz_id",
        order_by="QuizVersion.version",
        lazy="raise",
    )
    current_version: Mapped[QuizVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True, lazy="raise"
    )


class QuizVersion(Model):
    __tablename__ = "quiz_versions"
    __table_args__ = (UniqueConstraint("quiz_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)  # the validated quiz YAML as JSON
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    quiz: Mapped[Quiz] = relationship(
        back_populates="versions", foreign_keys=[quiz_id], lazy="raise"
    )
