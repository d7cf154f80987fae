"""Quiz attempts, their saved answers, and per-trainee accommodations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .types import UTCDateTime, one_of, utcnow

ATTEMPT_STATUSES = ("in_progress", "submitted")
CLOSED_BY = ("trainee", "deadline")  # who ended a submitted attempt


class Attempt(Model):
    __tablename__ = "attempts"
    __table_args__ = (
        UniqueConstraint("user_id", "quiz_id", "number"),
        one_of("status", ATTEMPT_STATUSES),
        one_of("closed_by", CLOSED_BY),
        # At most one open attempt per trainee and quiz, enforced by the database itself.
        Index(
            "uq_attempts_one_open",
            "user_id",
            "quiz_id",
            unique=True,
            sqlite_where=text("status = 'in_progress'"),
            postgresql_where=text("status = 'in_progress'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id"), index=True)
    quiz_version_id: Mapped[int] = mapped_column(ForeignKey("quiz_versions.id"))
    number: Mapped[int] = mapped_column(Integer)  # 1 for the trainee's first attempt at this quiz
    status: Mapped[str] = mapped_column(String(20), default="in_progress")  # in_progress|submitted
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by: Mapped[str | None] = mapped_column(String(20))  # trainee|deadline
    # The draw: question versions in order, with each question's option/item presentation order.
    layout: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[float | None] = mapped_column(Float)
    percent: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None] = mapped_column()

    # Never loaded behind the code's back (issue 13): the pages read answers as rows
    # (services/quizzes/attempt_rows.py); grading asks for them with selectinload.
    answers: Mapped[list[AttemptAnswer]] = relationship(
        back_populates="attempt",
        order_by="AttemptAnswer.slot",
        cascade="all, delete-orphan",
        lazy="raise",
    )


class AttemptAnswer(Model):
    __tablename__ = "attempt_answers"
    __table_args__ = (UniqueConstraint("attempt_id", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempts.id", ondelete="CASCADE"), index=True
    )
    slot: Mapped[int] = mapped_column(Integer)  # position in the attempt's layout
    question_version_id: Mapped[int] = mapped_column(
        ForeignKey("question_versions.id"), index=True
    )  # item statistics, regrade: answers of a version
    response: Mapped[Any] = mapped_column(JSON, nullable=True)
    flagged: Mapped[bool] = mapped_column(default=False)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[float | None] = mapped_column(Float)

    attempt: Mapped[Attempt] = relationship(back_populates="answers", lazy="raise")


class Accommodation(Model):
    """Extra time or attempts granted to one trainee, for one quiz or (quiz_id NULL) for all."""

    __tablename__ = "accommodations"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    quiz_id: Mapped[int | None] = mapped_column(ForeignKey("quizzes.id"))
    time_multiplier: Mapped[float] = mapped_column(Float, default=1.0)
    extra_attempts: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str] = mapped_column(Text)
    granted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
