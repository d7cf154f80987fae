"""The instructor studio: every web edit of a question or quiz is a revision under review.

A revision is immutable content plus its review state. Publishing an approved revision creates an
ordinary bank version (`QuestionVersion`/`QuizVersion`) and makes it current, so quizzes keep
drawing only published versions and attempts keep the version they drew.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .accounts import User
from .types import UTCDateTime, one_of, utcnow

REVISION_KINDS = ("question", "quiz")
REVISION_STATUSES = ("draft", "in_review", "approved", "published", "rejected", "superseded")


class StudioRevision(Model):
    """One saved change of a question or quiz (`kind`), numbered per key."""

    __tablename__ = "studio_revisions"
    # The unique number per key is the optimistic lock: two saves from the same base collide here.
    __table_args__ = (
        UniqueConstraint("kind", "key", "number", name="uq_studio_revisions_number"),
        one_of("kind", REVISION_KINDS),
        one_of("status", REVISION_STATUSES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    key: Mapped[str] = mapped_column(String(120), index=True)
    number: Mapped[int] = mapped_column(Integer)
    # The bank version current when the edit started (None for a new item).
    base_version_id: Mapped[int | None] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), index=True, default="draft")
    note: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    review_note: Mapped[str | None] = mapped_column(Text)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_version_id: Mapped[int | None] = mapped_column(Integer)  # the bank version it became
    exported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # written back as YAML

    author: Mapped[User] = relationship(foreign_keys=[author_id])
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])
