"""Demo trainees walk the course through the real services: lessons, then quizzes, graded.

Nothing here writes a row itself: lessons go through `course.complete_lesson`, attempts through
`attempts.start_attempt` / `save_answer` / `submit_attempt`, so the unlock rules and the grader
decide, and the demo can never show a grade the rules would not give. Dates lie in the past
(`now` arguments), in the order a trainee would have done things.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

from sqlalchemy import select

from ..domain import grading
from ..domain.answer_keys import to_fields
from ..extensions import db
from ..models import Attempt, Lesson, LessonProgress, Quiz, User
from ..models.course import CourseModule
from ..services.course import course
from ..services.quizzes import attempts


def published_lessons() -> list[str]:
    """Every published lesson key in course order (module, then lesson)."""
    return list(
        db.session.scalars(
            select(Lesson.key)
            .join(CourseModule)
            .where(Lesson.status == "published", CourseModule.retired_at.is_(None))
            .order_by(CourseModule.position, Lesson.position)
        )
    )


def lessons_through(module_slug: str) -> int:
    """How many lessons, in course order, make up the modules up to and including this one."""
    rows = db.session.execute(
        select(Lesson.key, CourseModule.slug)
        .join(CourseModule)
        .where(Lesson.status == "published", CourseModule.retired_at.is_(None))
        .order_by(CourseModule.position, Lesson.position)
    ).all()
    slugs = [slug for _key, slug in rows]
    return len(slugs) - slugs[::-1].index(module_slug) if module_slug in slugs else 0


def complete_lessons(
    user: User, count: int, start: datetime, step: timedelta = timedelta(hours=20)
) -> int:
    """Complete the first `count` lessons in course order (kept ones stay); how many are done.

    A module can wait for one that comes after it in the course (clinical waits for safety), so
    the walk makes passes: each completes what is open now, until a pass opens nothing new.
    """
    done_ids = set(
        db.session.scalars(
            select(LessonProgress.lesson_id).where(
                LessonProgress.user_id == user.id, LessonProgress.completed_at.is_not(None)
            )
        )
    )
    ids = {key: id_ for key, id_ in db.session.execute(select(Lesson.key, Lesson.id))}
    wanted = published_lessons()[:count]
    pending = [key for key in wanted if ids.get(key) not in done_ids]
    moment = start
    while pending:
        waiting = []
        for key in pending:
            try:
                course.complete_lesson(user, key, now=moment)
                moment += step
            except course.ModuleLocked:
                waiting.append(key)
            except course.LessonNotFound:
                continue
        if len(waiting) == len(pending):
            break
        pending = waiting
    return len(wanted) - len(pending)


def take_quiz(
    user: User,
    quiz: Quiz,
    share_correct: float,
    at: datetime,
    rng: random.Random,
    submit: bool = True,
) -> Attempt | None:
    """Start an attempt at `at`, answer about `share_correct` of it correctly, leave the rest
    unanswered, and submit it 20 minutes later; None when the rules refuse the start."""
    try:
        attempt = attempts.start_attempt(user, quiz, now=at, rng=rng)
    except attempts.ServiceError:
        return None
    right = math.ceil(len(attempt.layout) * share_correct) if submit else 1
    for slot, entry in enumerate(attempt.layout[:right]):
        content = attempts.question_content(entry["version_id"])
        attempts.save_answer(
            user,
            attempt.id,
            slot,
            to_fields(entry, grading.correct_response(content)),
            now=at + timedelta(minutes=1 + slot % 10),
            flagged=not submit,
        )
    if submit:
        attempt = attempts.submit_attempt(user, attempt.id, now=at + timedelta(minutes=20))
    return attempt


def has_attempt(user: User, quiz: Quiz) -> bool:
    return bool(attempts.attempts_of(user.id, quiz.id))
