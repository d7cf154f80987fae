"""Course pages in the benchmark: the module list and a lesson page (with a table and progress).

The seeder imports the real course and gives every bench trainee the first lessons complete, so
the pages read real progress rows among many users'.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import insert, select

from ims_training.course_source import load_course
from ims_training.extensions import db
from ims_training.models import Lesson, LessonProgress, User
from ims_training.services.course.course_import import import_course

from .pages import PAGES, SEEDERS, BenchPage

LESSON_KEY = "foundations-1980-trial"  # has a table; its module is unlocked for everyone
COMPLETED = ("foundations-origins", "foundations-model", "foundations-ims-and-acupuncture")


def seed_course(context: dict[str, Any]) -> None:
    result = load_course(Path(current_app.config["COURSE_DIR"]))
    summary = import_course(result)
    print(f"  course: lessons {summary.lessons}")
    lesson_ids = db.session.scalars(select(Lesson.id).where(Lesson.key.in_(COMPLETED))).all()
    user_ids = db.session.scalars(select(User.id)).all()
    now = datetime.now(UTC)
    rows = [
        {
            "user_id": u,
            "lesson_id": lid,
            "first_viewed_at": now,
            "last_viewed_at": now,
            "completed_at": now,
        }
        for u in user_ids
        for lid in lesson_ids
    ]
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(LessonProgress), rows[start : start + 5000])
    db.session.commit()
    context["lesson_key"] = LESSON_KEY


SEEDERS.append(seed_course)
PAGES.append(BenchPage("course module list", "/learn/course", goal=0.9))
PAGES.append(
    BenchPage("lesson page", lambda context: f"/learn/lessons/{context['lesson_key']}", goal=0.9)
)
