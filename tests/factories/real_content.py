"""The real course and question bank, imported through the real services (for the unlock rules)."""

from __future__ import annotations

from pathlib import Path

from ims_training.bank import load_bank
from ims_training.course_source import load_course
from ims_training.services.bank.bank_import import import_bank
from ims_training.services.course.course_import import import_course

ROOT = Path(__file__).parents[2]


def import_real_course_and_bank() -> None:
    course = load_course(ROOT / "course")
    assert course.ok, [str(p) for p in course.errors]
    import_course(course)
    bank = load_bank([ROOT / "question_bank"])
    assert not bank.errors, bank.errors[:3]
    import_bank(bank, retire_missing=False)


def lessons_of(module: str) -> list[str]:
    """The lesson keys of a module of the real course, in order."""
    from sqlalchemy import select

    from ims_training.extensions import db
    from ims_training.models import CourseModule, Lesson

    return list(
        db.session.scalars(
            select(Lesson.key)
            .join(CourseModule)
            .where(CourseModule.slug == module, Lesson.status == "published")
            .order_by(Lesson.position)
        )
    )
