"""The schema is made only by migrations, and the models agree with them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic import command
from flask import Flask
from flask_migrate import check, downgrade, upgrade
from sqlalchemy import CheckConstraint, create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from ims_training.config import TestConfig, _normalise_database_url
from ims_training.extensions import db
from ims_training.models import (
    Certificate,
    ContinuingEducation,
    LessonTranslation,
    Partner,
    ProfessionalLicence,
    Role,
    StudioRevision,
    User,
    UserRole,
)
from ims_training.services.accounts import accounts
from ims_training.services.certification import certificates
from ims_training.services.certification import continuing_education as ce
from ims_training.services.quizzes import attempts

from ..conftest import PASSWORD, make_test_app
from ..factories.certification import NOW, certificate
from ..factories.partners import complete, make_lessons, make_partner
from ..factories.quizzes import import_marker_bank

BEFORE = "0003_studio"  # the revision before 0004_invariants
HEAD = "0005_answer_version_index"


def test_models_and_migrations_agree(app):
    """`flask db check`: exits 1 when autogenerate would produce any operation."""
    try:
        check()
    except SystemExit as exc:
        pytest.fail(f"models and migrations differ (exit {exc.code}): run `flask db migrate`")


def _allowed(sql: str) -> frozenset[str]:
    return frozenset(re.findall(r"'([^']*)'", sql))


def _partial_unique_indexes() -> set[str]:
    inspector = inspect(db.engine)
    return {
        index["name"]
        for table in inspector.get_table_names()
        for index in inspector.get_indexes(table)
        if index["unique"]
        and any(key.endswith("_where") for key in index.get("dialect_options", {}))
    }


def test_the_database_checks_the_values_the_models_list(app):
    """`flask db check` does not compare CHECK constraints: a status added to an enum without a
    migration that widens its constraint fails here, not on the first write in production."""
    models = {
        c.name: _allowed(str(c.sqltext))
        for table in db.metadata.sorted_tables
        for c in table.constraints
        if isinstance(c, CheckConstraint)
    }
    inspector = inspect(db.engine)
    stored = {
        c["name"]: _allowed(c["sqltext"])
        for table in db.metadata.sorted_tables
        for c in inspector.get_check_constraints(table.name)
    }
    assert stored == models
    assert models["ck_certificates_status"] == {
        "active",
        "expired",
        "suspended",
        "revoked",
        "superseded",
    }
    assert _partial_unique_indexes() == {"uq_attempts_one_open", "uq_certificates_one_current"}


@pytest.mark.parametrize(
    "row",
    [
        lambda user: ProfessionalLicence(
            user_id=user.id,
            profession="Physiotherapist",
            licence_number="1",
            country="NO",
            status="archived",
        ),
        lambda user: ContinuingEducation(
            user_id=user.id, completed_on=date(2026, 1, 1), hours=1, description="x", status="maybe"
        ),
        lambda user: UserRole(user_id=user.id, role="superuser"),
        lambda user: Partner(slug="p", name="P", kind="hospital"),
    ],
    ids=["licence status", "CE status", "role", "partner kind"],
)
def test_the_database_refuses_a_value_outside_the_list(app, make_user, row):
    db.session.add(row(make_user()))
    with pytest.raises(IntegrityError, match=r"(?i)check"):
        db.session.commit()
    db.session.rollback()


@pytest.fixture
def scratch_url(tmp_path: Path, worker_id: str) -> Iterator[str]:
    """An empty database of the suite's kind: a SQLite file, or a fresh PostgreSQL database on
    TEST_DATABASE_URL's server (dropped afterwards)."""
    url = TestConfig.DATABASE_URL
    if not url or not url.startswith("postgres"):
        yield "sqlite:///" + str(tmp_path / "m.sqlite3")
        return
    base = make_url(_normalise_database_url(url))
    name = f"{base.database}_migrations_{worker_id}"
    server = create_engine(base, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@pytest.fixture
def scratch_app(scratch_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = make_test_app(scratch_url, SIGNING_KEY_PATH=str(tmp_path / "keys" / "signing.pem"))
    with app.app_context(), app.test_request_context("/"):
        yield app
        db.session.remove()
        db.engine.dispose()


def test_migrations_downgrade_to_base_and_upgrade_again(scratch_app):
    upgrade()
    assert "users" in inspect(db.engine).get_table_names()
    downgrade(revision="base")
    assert "users" not in inspect(db.engine).get_table_names()
    upgrade()
    assert "certificates" in inspect(db.engine).get_table_names()


def _some_of_everything(tmp_path: Path) -> tuple[User, User]:
    """Accounts, a certificate with its evidence and history, an open attempt with an answer, a
    partner with a cohort, lessons with a translation and progress, CE hours, a studio draft:
    rows in every table 0004 rebuilds on SQLite, and in their ON DELETE CASCADE children."""
    admin = accounts.create_user(
        "admin@example.org",
        "Admin",
        PASSWORD,
        (Role.ADMINISTRATOR, Role.INSTRUCTOR),
        check_policy=False,
    )
    trainee = accounts.create_user(
        "kari@example.org", "Kari Nordmann", PASSWORD, check_policy=False
    )
    cert = certificate(trainee, admin)
    certificates.change_status(
        cert, "suspend", actor=admin, reason="Complaint under review", now=NOW
    )
    quiz = import_marker_bank(
        tmp_path,
        question_list=[
            {"id": "txt-0", "type": "short_text", "stem": {"en": "Word"}, "accepted": ["w"]}
        ],
        questions=["txt-0"],
    )
    attempt = attempts.start_attempt(trainee, quiz)
    attempts.save_answer(trainee, attempt.id, 0, {"answer": ["w"]})
    make_partner("Oslo School", coordinators=(admin,), members=(trainee,))
    lessons = make_lessons(2, drafts=1)
    complete(trainee, lessons)
    db.session.add(
        LessonTranslation(
            lesson_id=lessons[0].id,
            language="en",
            title="One",
            body_markdown="x",
            body_html="<p>x</p>",
            search_text="x",
            content_hash="h",
            source_path="a.md",
        )
    )
    db.session.add(
        StudioRevision(
            kind="question",
            key="txt-0",
            number=1,
            content={},
            content_hash="h",
            status="draft",
            author_id=admin.id,
            created_at=datetime.now(UTC),
        )
    )
    db.session.commit()
    ce.submit(trainee, completed_on=NOW.date(), hours=2, description="Workshop", now=NOW)
    return admin, trainee


def _row_counts() -> dict[str, int]:
    db.session.remove()
    with db.engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in db.metadata.sorted_tables
        }


def _emails() -> list[str]:
    with db.engine.connect() as conn:
        return list(conn.execute(text("SELECT email FROM users ORDER BY id")).scalars())


def _set_email(old: str, new: str) -> None:
    """Write an address as older code (or a hand-made row) could have stored it."""
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE users SET email = :new WHERE email = :old"), {"new": new, "old": old}
        )


def _revision() -> str:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()


def test_0004_upgrades_a_database_with_data_keeps_every_row_and_downgrades(scratch_app, tmp_path):
    upgrade(revision=BEFORE)
    _some_of_everything(tmp_path)
    _set_email("kari@example.org", "  Kari@Example.ORG ")
    before = _row_counts()
    assert all(
        before[t] > 0
        for t in (
            "attempt_answers",
            "cohorts",
            "lesson_translations",
            "certificate_events",
            "partner_coordinators",
            "user_roles",
            "continuing_education",
        )
    )
    upgrade()
    assert _row_counts() == before
    assert _emails() == ["admin@example.org", "kari@example.org"]
    assert accounts.authenticate("KARI@example.org", PASSWORD) is not None
    db.session.remove()
    assert _partial_unique_indexes() == {"uq_attempts_one_open", "uq_certificates_one_current"}
    if db.engine.dialect.name == "sqlite":  # switched off for the rebuilds only
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1

    downgrade(revision=BEFORE)
    assert _row_counts() == before
    assert _partial_unique_indexes() == {"uq_attempts_one_open"}
    inspector = inspect(db.engine)
    assert [
        c for t in inspector.get_table_names() for c in inspector.get_check_constraints(t)
    ] == []
    upgrade()
    assert _row_counts() == before and _revision() == HEAD


def test_0004_refuses_rows_that_break_the_new_rules_naming_them_and_changes_nothing(
    scratch_app, tmp_path
):
    upgrade(revision=BEFORE)
    admin, trainee = _some_of_everything(tmp_path)
    cert = db.session.scalar(select(Certificate).where(Certificate.user_id == trainee.id))
    twin = Certificate(
        public_code=certificates.new_public_code(),
        user_id=trainee.id,
        program_id=cert.program_id,
        holder_name=cert.holder_name,
        issued_on=cert.issued_on,
        expires_on=cert.expires_on,
        status="active",
        status_changed_at=NOW,
        issued_by_id=admin.id,
    )
    db.session.add(twin)
    ola = accounts.create_user("ola@example.org", "Ola", PASSWORD, check_policy=False)
    other = accounts.create_user("ola.other@example.org", "Ola O", PASSWORD, check_policy=False)
    db.session.commit()
    licence_id = db.session.scalar(
        select(ProfessionalLicence.id).where(ProfessionalLicence.user_id == trainee.id)
    )
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE professional_licences SET status = 'archived' WHERE id = :id"),
            {"id": licence_id},
        )
    _set_email("ola.other@example.org", "Ola@Example.org")
    _set_email("kari@example.org", "Kari@Example.org")
    ids = {
        "cert": cert.id,
        "twin": twin.id,
        "ola": ola.id,
        "other": other.id,
        "user": trainee.id,
        "program": cert.program_id,
        "codes": (cert.public_code, twin.public_code),
    }
    before, emails = _row_counts(), _emails()

    config = scratch_app.extensions["migrate"].migrate.get_config()
    with pytest.raises(RuntimeError) as refused:
        command.upgrade(config, "head")
    message = str(refused.value)
    assert "nothing was changed; fix these rows, then upgrade again" in message
    assert (
        f"professional_licences.status: 1 row(s) hold a value outside pending, verified, rejected, "
        f"withdrawn: id {licence_id} ('archived')"
    ) in message
    assert (
        f"certificates: user_id {ids['user']} holds 2 current (active or suspended) certificates in "
        f"program_id {ids['program']}: id {ids['cert']} ({ids['codes'][0]}), id {ids['twin']} "
        f"({ids['codes'][1]}); revoke all but one"
    ) in message
    assert (
        f"users.email: id {ids['ola']} ('ola@example.org'), id {ids['other']} ('Ola@Example.org') are one "
        f"address once lower-cased ('ola@example.org')"
    ) in message
    assert _revision() == BEFORE and _row_counts() == before and _emails() == emails

    with db.engine.begin() as conn:  # what the administrator would do, then upgrade again
        conn.execute(
            text("UPDATE professional_licences SET status = 'rejected' WHERE id = :id"),
            {"id": licence_id},
        )
        conn.execute(
            text("UPDATE certificates SET status = 'revoked' WHERE id = :id"), {"id": ids["twin"]}
        )
    _set_email("Ola@Example.org", "ola.other@example.org")
    command.upgrade(config, "head")
    assert _revision() == HEAD and "kari@example.org" in _emails()


def test_a_questions_graded_answers_are_found_by_index_not_by_reading_every_answer(app):
    """The bank question page reads one question's item statistics on every request."""
    from ims_training.services.bank.question_history import _GRADED

    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's plan is stable on an empty table; PostgreSQL's depends on its size")
    sql = str(_GRADED.compile(dialect=db.engine.dialect))
    with db.engine.connect() as conn:
        plan = [
            row[-1]
            for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, ("k", "submitted", 0))
        ]
    assert not [step for step in plan if step.startswith("SCAN attempt_answers")], plan
    assert any("ix_attempt_answers_question_version_id" in step for step in plan), plan
