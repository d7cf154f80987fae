"""`flask doctor` passes on the demo data (made only through the services) and fails on planted rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from ims_training.extensions import db
from ims_training.models import Attempt, Certificate, Quiz, QuizVersion, Role, User
from ims_training.services.certification.certificates import new_public_code


@pytest.fixture
def demo(app):  # type: ignore[no-untyped-def]
    from ims_training.demo import seed_demo

    with app.test_request_context():
        seed_demo("demo password 1234", echo=lambda _m: None)
    return app


def test_doctor_passes_on_the_demo_data_and_its_grades_follow_the_pass_marks(demo, runner):
    result = runner.invoke(args=["doctor"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok:")
    rows = db.session.execute(
        select(Attempt.percent, Attempt.passed, QuizVersion.definition)
        .join(QuizVersion, QuizVersion.id == Attempt.quiz_version_id)
        .where(Attempt.status == "submitted")
    ).all()
    assert len(rows) > 20  # the demo trainees really took quizzes
    assert all(
        passed == (percent >= definition["pass_mark"]) for percent, passed, definition in rows
    )
    assert {passed for _p, passed, _d in rows} == {True, False}  # passes and failures, both graded


def test_doctor_fails_on_an_attempt_marked_passed_below_its_pass_mark(demo, runner):
    attempt = db.session.scalar(select(Attempt).where(Attempt.passed.is_(False)).limit(1))
    attempt.passed = True  # planted: what the old seeder did by hand
    db.session.commit()
    result = runner.invoke(args=["doctor"])
    assert result.exit_code != 0
    assert f"attempt {attempt.id}: stored passed=True" in result.output


def test_doctor_fails_on_a_certificate_whose_holder_was_not_eligible(demo, runner, make_user):
    trainee = make_user(Role.TRAINEE, email="fresh@example.org")
    admin = db.session.scalar(select(User).where(User.email == "admin@example.org"))
    program_id = db.session.scalar(select(Certificate.program_id).limit(1))
    now = datetime.now(UTC)
    planted = Certificate(
        public_code=new_public_code(),
        user_id=trainee.id,
        program_id=program_id,
        holder_name=trainee.name,
        issued_on=now.date(),
        expires_on=(now + timedelta(days=700)).date(),
        status="active",
        status_changed_at=now,
        issued_by_id=admin.id,
        created_at=now,
    )
    db.session.add(planted)
    db.session.commit()
    result = runner.invoke(args=["doctor"])
    assert result.exit_code != 0
    assert (
        f"certificate {planted.id} ({planted.public_code})" in result.output
        and "lessons" in result.output
    )


def test_no_demo_attempt_was_started_at_a_locked_quiz(demo):
    """The final exam was only taken by trainees who had passed every module quiz first."""
    final = db.session.scalar(select(Quiz).where(Quiz.key == "quiz-final-exam"))
    module_quizzes = set(db.session.scalars(select(Quiz.id).where(Quiz.kind == "module")))
    for attempt in db.session.scalars(select(Attempt).where(Attempt.quiz_id == final.id)):
        passed_before = set(
            db.session.scalars(
                select(Attempt.quiz_id).where(
                    Attempt.user_id == attempt.user_id,
                    Attempt.passed.is_(True),
                    Attempt.submitted_at <= attempt.started_at,
                )
            )
        )
        assert module_quizzes <= passed_before


def test_the_demo_has_a_trainee_ready_to_certify_and_a_certified_holder(demo):
    from datetime import UTC, datetime

    from ims_training.services.certification.ready import ready_to_certify
    from ims_training.services.evidence.evidence import default_program

    ready = [r.user.email for r in ready_to_certify(default_program(), datetime.now(UTC))]
    assert ready == ["ase.bjornstad@example.org"]
    holder = db.session.scalar(select(User).where(User.email == "certified@example.org"))
    assert (
        db.session.scalar(select(Certificate).where(Certificate.user_id == holder.id)).status
        == "active"
    )


def test_a_lesson_added_after_a_certificate_does_not_make_its_holder_ineligible_then(demo, runner):
    from ims_training.models import CourseModule, Lesson

    module = db.session.scalar(select(CourseModule).limit(1))
    from ims_training.models import LessonTranslation
    from ims_training.services.audit.audit import record
    from ims_training.services.evidence.evidence import published_lesson_keys

    lesson = Lesson(
        key="added-later",
        module_id=module.id,
        position=99,
        status="published",
        created_at=datetime.now(UTC) + timedelta(days=1),
    )
    lesson.translations = [
        LessonTranslation(
            language="en",
            title="Added later",
            body_markdown="x",
            body_html="x",
            search_text="x",
            content_hash="x",
            source_path="x.md",
        )
    ]
    db.session.add(lesson)
    record("course.imported", actor=None)  # the course catalog's revision moves, as on an import
    db.session.commit()
    assert "added-later" in published_lesson_keys()  # the holder has not read it...
    result = runner.invoke(args=["doctor"])
    assert result.exit_code == 0, result.output  # ...but it did not exist when they were certified
