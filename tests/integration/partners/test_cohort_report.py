"""The coordinator's cohort report: right numbers, and a fixed number of queries at any size."""

from datetime import UTC, datetime

from sqlalchemy import event

from ims_training.extensions import db
from ims_training.models import Certificate, Role
from ims_training.services.partners import cohort_report

from ...factories.partners import (
    add_attempt,
    complete,
    make_lessons,
    make_partner,
    make_program,
    make_quiz,
)

NOW = datetime.now(UTC)


def test_each_member_shows_lessons_quizzes_and_certification(app, make_user):
    program = make_program()
    lessons = make_lessons(4, drafts=2)
    quiz = make_quiz("quiz-foundations", "Foundations quiz")
    ada, bo = make_user(Role.TRAINEE, name="Ada"), make_user(Role.TRAINEE, name="Bo")
    outsider = make_user(Role.TRAINEE, name="Outsider")
    _partner, cohort = make_partner("Kristiania", members=(ada, bo))
    complete(ada, lessons[:3])
    complete(outsider, lessons)
    add_attempt(ada, quiz, 55, passed=False)
    add_attempt(ada, quiz, 85, passed=True, number=2)
    db.session.add(
        Certificate(
            public_code="c1",
            user_id=bo.id,
            program_id=program.id,
            holder_name="Bo",
            issued_on=NOW.date(),
            expires_on=NOW.date(),
            issued_by_id=bo.id,
            status="active",
        )
    )
    db.session.commit()

    report = cohort_report.cohort_report(cohort, NOW)

    rows = {r.name: r for r in report.rows}
    assert set(rows) == {"Ada", "Bo"}
    assert (rows["Ada"].lessons_completed, rows["Ada"].lessons_total, rows["Ada"].percent) == (
        3,
        4,
        75,
    )
    assert rows["Ada"].passed_quizzes == 1 and rows["Ada"].best_scores == {"quiz-foundations": 85.0}
    assert rows["Bo"].certificate_status == "active" and rows["Ada"].certificate_status is None
    assert rows["Ada"].requirements_met == 1 and rows["Ada"].requirements_total == 6
    assert report.quizzes[0] == ("quiz-foundations", "Foundations quiz")
    assert [b.count for b in report.histogram] == [1, 0, 0, 1, 0, 0]
    assert report.mean_percent == 37


def test_csv_has_a_row_per_member_with_best_scores(app, make_user):
    make_program()
    make_quiz("quiz-foundations")
    trainee = make_user(Role.TRAINEE, name="Øystein Ødegård")
    _partner, cohort = make_partner("IMS Norge", members=(trainee,))
    text = cohort_report.cohort_csv(cohort_report.cohort_report(cohort, NOW)).decode("utf-8")
    assert text.startswith("\ufeffName,E-mail")
    assert "Øystein Ødegård" in text


def _queries_for(cohort) -> int:
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        if not statement.startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        cohort_report.cohort_report(cohort, NOW)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def test_the_number_of_queries_does_not_grow_with_the_cohort(app, make_user):
    make_program()
    lessons = make_lessons(3)
    quiz = make_quiz("quiz-foundations")
    small = [make_user(Role.TRAINEE) for _ in range(2)]
    large = [make_user(Role.TRAINEE) for _ in range(15)]
    for user in small + large:
        complete(user, lessons[:1])
        add_attempt(user, quiz, 80, passed=True)
    _p1, small_cohort = make_partner("Small", members=tuple(small))
    _p2, large_cohort = make_partner("Large", members=tuple(large))
    db.session.expire_all()
    assert _queries_for(large_cohort) == _queries_for(small_cohort) <= 13
