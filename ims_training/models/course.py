"""Course content imported from `course/` and each trainee's progress through it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..course_source.front_matter import STATUSES as FILE_STATUSES
from ..extensions import Model
from .types import UTCDateTime, one_of, utcnow

RETIRED = "retired"  # a lesson no longer in the course files; kept for trainees' progress
LESSON_STATUSES = (*FILE_STATUSES, RETIRED)


class CourseModule(Model):
    __tablename__ = "course_modules"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[dict[str, str]] = mapped_column(JSON)  # {"en": ..., "nb": ...}
    summary: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    objectives: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict)
    prerequisites: Mapped[list[str]] = mapped_column(JSON, default=list)  # module slugs
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="module", order_by="Lesson.position"
    )


class Lesson(Model):
    __tablename__ = "lessons"
    __table_args__ = (one_of("status", LESSON_STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)  # the `id` in front matter
    module_id: Mapped[int] = mapped_column(ForeignKey("course_modules.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    estimated_minutes: Mapped[int] = mapped_column(Integer, default=10)
    prerequisites: Mapped[list[str]] = mapped_column(JSON, default=list)  # lesson keys
    status: Mapped[str] = mapped_column(String(16), default="published")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    module: Mapped[CourseModule] = relationship(back_populates="lessons")
    translations: Mapped[list[LessonTranslation]] = relationship(
        back_populates="lesson", cascade="all, delete-orphan"
    )


class LessonTranslation(Model):
    __tablename__ = "lesson_translations"
    __table_args__ = (UniqueConstraint("lesson_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(200))
    objectives: Mapped[list[str]] = mapped_column(JSON, default=list)
    body_markdown: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)  # rendered once at import through the choke point
    toc: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    search_text: Mapped[str] = mapped_column(Text)  # case-folded title + text for search
    content_hash: Mapped[str] = mapped_column(String(64))
    source_path: Mapped[str] = mapped_column(String(300))

    lesson: Mapped[Lesson] = relationship(back_populates="translations")


class LessonProgress(Model):
    """A trainee's progress on one lesson; kept when lessons change or retire."""

    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("user_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id"), index=True)
    first_viewed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_viewed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
