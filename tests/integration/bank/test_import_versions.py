"""Importing the bank: versions are immutable, attempts keep their version, nothing is deleted."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ims_training.bank import load_bank
from ims_training.extensions import db
from ims_training.models import (
    Attempt,
    AttemptAnswer,
    AuditEvent,
    Question,
    QuestionVersion,
    Quiz,
    Role,
)
from ims_training.services import ServiceError
from ims_training.services.bank.bank_import import import_bank
from tests.factories.bank import REAL_BANK, bank_row_counts, single_choice, write_bank, write_quiz


def _import(*paths, retire_missing=False, **kwargs):  # type: ignore[no-untyped-def]
    result = load_bank(list(paths))
    assert result.ok, [str(p) for p in result.errors]
    return import_bank(result, retire_missing=retire_missing, **kwargs)


def _question(key: str) -> Question:
    # current_version never loads lazily (models/bank.py): ask for it
    db.session.expire_all()
    return db.session.scalars(
        select(Question).where(Question.key == key).options(joinedload(Question.current_version))
    ).one()


def test_the_real_bank_imports_and_a_second_import_changes_nothing(app):
    first = _import(REAL_BANK, retire_missing=True)
    assert first.questions.added >= 150 and first.quizzes.added == 8
    counts = bank_row_counts()
    again = _import(REAL_BANK, retire_missing=True)
    assert again.questions.unchanged == first.questions.added
    assert (again.questions.added, again.questions.changed, again.questions.retired) == (0, 0, 0)
    assert again.quizzes.unchanged == 8 and not again.changed_anything
    assert bank_row_counts() == counts


def test_changed_question_gets_a_new_version_and_an_old_attempt_keeps_version_one(
    app, tmp_path, make_user
):
    bank = write_bank(tmp_path, [single_choice("q-one", "Old stem?")])
    write_quiz(tmp_path / "quizzes", "quiz-one", ["q-one"])
    _import(tmp_path)
    v1 = _question("q-one").current_version
    assert v1 is not None and v1.version == 1
    quiz = db.session.scalars(select(Quiz)).one()
    trainee = make_user(Role.TRAINEE)
    attempt = Attempt(
        user_id=trainee.id,
        quiz_id=quiz.id,
        quiz_version_id=quiz.current_version_id,
        number=1,
        status="submitted",
        layout=[{"question_version_id": v1.id}],
        percent=100.0,
    )
    attempt.answers.append(
        AttemptAnswer(slot=0, question_version_id=v1.id, response="b", score=1, max_score=1)
    )
    db.session.add(attempt)
    db.session.commit()

    write_bank(tmp_path, [single_choice("q-one", "New stem?")], name=bank.name)
    summary = _import(tmp_path)

    assert (summary.questions.changed, summary.questions.added) == (1, 0)
    question = _question("q-one")
    assert question.current_version.version == 2
    assert question.current_version.content["stem"]["en"] == "New stem?"
    answer = db.session.scalars(select(AttemptAnswer)).one()
    assert answer.question_version_id == v1.id
    assert db.session.get(QuestionVersion, v1.id).content["stem"]["en"] == "Old stem?"


def test_full_import_retires_missing_questions_without_deleting_history(app, tmp_path):
    write_bank(tmp_path, [single_choice("q-stays"), single_choice("q-goes", "Other?")])
    _import(tmp_path, retire_missing=True)
    before = bank_row_counts()
    write_bank(tmp_path, [single_choice("q-stays")])
    summary = _import(tmp_path, retire_missing=True)
    assert summary.questions.retired == 1 and summary.questions.unchanged == 1
    assert _question("q-goes").retired_at is not None
    assert bank_row_counts() == before  # nothing deleted, nothing added


def test_import_without_retire_missing_leaves_other_questions_alone(app, tmp_path):
    write_bank(tmp_path / "a", [single_choice("q-a")])
    write_bank(tmp_path / "b", [single_choice("q-b", "B?")])
    _import(tmp_path / "a")
    summary = _import(tmp_path / "b")
    assert summary.questions.retired == 0
    assert _question("q-a").retired_at is None


def test_retired_question_that_comes_back_is_reinstated(app, tmp_path):
    write_bank(tmp_path, [single_choice("q-back"), single_choice("q-other", "Other?")])
    _import(tmp_path, retire_missing=True)
    write_bank(tmp_path, [single_choice("q-other", "Other?")])
    _import(tmp_path, retire_missing=True)
    assert _question("q-back").retired_at is not None

    write_bank(tmp_path, [single_choice("q-back"), single_choice("q-other", "Other?")])
    summary = _import(tmp_path, retire_missing=True)
    assert summary.questions.reinstated == 1 and summary.questions.changed == 0
    question = _question("q-back")
    assert question.retired_at is None and question.current_version.version == 1


def test_retired_question_that_comes_back_changed_is_reinstated_with_a_new_version(app, tmp_path):
    write_bank(tmp_path, [single_choice("q-back"), single_choice("q-other", "Other?")])
    _import(tmp_path, retire_missing=True)
    write_bank(tmp_path, [single_choice("q-other", "Other?")])
    _import(tmp_path, retire_missing=True)
    write_bank(tmp_path, [single_choice("q-back", "Reworded?"), single_choice("q-other", "Other?")])
    summary = _import(tmp_path, retire_missing=True)
    assert summary.questions.reinstated == 1 and summary.questions.changed == 1
    assert _question("q-back").current_version.version == 2


def test_a_bank_with_errors_is_refused_and_nothing_is_written(app, tmp_path):
    write_bank(tmp_path, [single_choice("q-good"), single_choice("q-bad", right="z")])
    result = load_bank([tmp_path])
    assert result.errors
    with pytest.raises(ServiceError, match="nothing was imported"):
        import_bank(result, retire_missing=True)
    assert bank_row_counts() == {
        "questions": 0,
        "question_versions": 0,
        "quizzes": 0,
        "quiz_versions": 0,
    }


def test_an_import_that_fails_half_way_writes_nothing(app, tmp_path):
    write_bank(tmp_path, [single_choice(f"q-{n}", f"Question {n}?") for n in range(1500)])
    result = load_bank([tmp_path])

    def fail_after_first_chunk(done: int, total: int, what: str) -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        import_bank(result, retire_missing=False, progress=fail_after_first_chunk)
    db.session.rollback()
    assert bank_row_counts()["questions"] == 0


def test_import_is_recorded_in_the_audit_trail_with_its_counts(app, tmp_path, make_user):
    actor = make_user(Role.INSTRUCTOR)
    write_bank(tmp_path, [single_choice("q-audit")])
    _import(tmp_path, actor=actor, now=datetime(2026, 3, 1, tzinfo=UTC))
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "bank.imported")).one()
    assert event.actor_id == actor.id and event.details["questions"]["added"] == 1
    version = _question("q-audit").current_version
    assert version.created_by_id == actor.id and version.created_at == datetime(
        2026, 3, 1, tzinfo=UTC
    )
