"""One current (active or suspended) certificate per holder and program, held by the database.

The service's check gives the clear message; the partial unique index `uq_certificates_one_current`
holds the rule when that check is raced (PostgreSQL) or bypassed.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ims_training.extensions import db
from ims_training.models import Certificate, Program, Role, User
from ims_training.services import ServiceError
from ims_training.services.certification import certificates
from ims_training.services.certification import continuing_education as ce
from tests.factories.certification import NOW, certificate, make_eligible


@pytest.fixture
def admin(make_user):  # type: ignore[no-untyped-def]
    return make_user(Role.ADMINISTRATOR)


def _copy(cert: Certificate, status: str) -> Certificate:
    """A second certificate for the same holder and program, written past the service."""
    return Certificate(
        public_code=certificates.new_public_code(),
        user_id=cert.user_id,
        program_id=cert.program_id,
        holder_name=cert.holder_name,
        issued_on=cert.issued_on,
        expires_on=cert.expires_on,
        status=status,
        status_changed_at=NOW,
        issued_by_id=cert.issued_by_id,
    )


def _current(user_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Certificate)
            .where(Certificate.user_id == user_id, Certificate.status.in_(["active", "suspended"]))
        )
        or 0
    )


@pytest.mark.parametrize("status", ["active", "suspended"])
def test_the_database_refuses_a_second_current_certificate(app, make_user, admin, status):
    cert = certificate(make_user(Role.TRAINEE), admin)
    db.session.add(_copy(cert, status))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert _current(cert.user_id) == 1


def test_past_certificates_do_not_count_as_current(app, make_user, admin):
    cert = certificate(make_user(Role.TRAINEE), admin)
    db.session.add_all(
        [_copy(cert, status) for status in ("expired", "revoked", "superseded", "expired")]
    )
    db.session.commit()
    assert _current(cert.user_id) == 1


def test_a_lapsed_certificate_not_yet_stored_as_expired_still_counts(app, make_user, admin):
    """The rule reads the stored status: until `certificates expire` runs, the holder renews."""
    cert = certificate(make_user(Role.TRAINEE), admin)
    lapsed = NOW + timedelta(days=800)
    assert cert.expires_on < lapsed.date() and cert.status == "active"
    with pytest.raises(ServiceError, match="already holds a current certificate"):
        certificates.issue(cert.holder, cert.program, actor=admin, now=lapsed)


def test_renewing_an_expired_certificate_is_refused_while_a_newer_one_is_current(
    app, make_user, admin
):
    trainee = make_user(Role.TRAINEE)
    old = certificate(trainee, admin)
    lapsed = NOW + timedelta(days=800)
    certificates.expire_lapsed(lapsed)
    program = make_eligible(trainee, admin, now=lapsed)
    newer = certificates.issue(trainee, program, actor=admin, now=lapsed)
    entry = ce.submit(
        trainee, completed_on=lapsed.date(), hours=10, description="Congress", now=lapsed
    )
    ce.review(entry.id, approve=True, actor=admin, now=lapsed)
    with pytest.raises(
        ServiceError, match=f"already holds a current certificate \\({newer.public_code}\\)"
    ):
        certificates.renew(db.session.get(Certificate, old.id), actor=admin, now=lapsed)
    assert db.session.get(Certificate, old.id).status == "expired"
    assert _current(trainee.id) == 1


def test_two_administrators_issuing_at_once_make_one_certificate(app, make_user, admin):
    """Both requests pass the service's check before either writes; one certificate results and
    the other administrator gets the clear message, not a 500.

    On PostgreSQL (READ COMMITTED) both threads are held after the check, just before their
    INSERT, so only the partial unique index can refuse the second. SQLite's writers take the
    write lock first (BEGIN IMMEDIATE), so there the threads only start together and the second
    meets the check: a second INSERT cannot be reached there, and the outcome is the same.
    """
    trainee = make_user(Role.TRAINEE)
    program = make_eligible(trainee, admin)
    ids = (trainee.id, program.id, admin.id)
    racing = db.engine.dialect.name == "postgresql"
    db.session.remove()

    after_check = threading.Barrier(2) if racing else None

    def hold_before_insert(session: Session, _context: Any, _instances: Any) -> None:
        if after_check is not None and any(isinstance(o, Certificate) for o in session.new):
            after_check.wait(timeout=30)  # a deadlock guard only; the threads meet at once

    def issue(_n: int) -> str:
        user, prog, actor = (
            db.session.get(User, ids[0]),
            db.session.get(Program, ids[1]),
            db.session.get(User, ids[2]),
        )
        try:
            return certificates.issue(user, prog, actor=actor, now=NOW).public_code
        except ServiceError as refused:
            return f"refused: {refused.message}"

    event.listen(Session, "before_flush", hold_before_insert)
    try:
        outcomes = sorted(_in_threads(app, 2, issue, start_together=not racing))
    finally:
        event.remove(Session, "before_flush", hold_before_insert)

    current = db.session.scalars(select(Certificate).where(Certificate.user_id == trainee.id)).all()
    assert [c.status for c in current] == ["active"]
    assert outcomes == sorted(
        [
            current[0].public_code,
            f"refused: {trainee.name} already holds a current certificate "
            f"({current[0].public_code}). Renew it or correct it instead.",
        ]
    )


def _in_threads(app, count: int, work, start_together: bool) -> list[Any]:  # type: ignore[no-untyped-def]
    barrier, results, errors = threading.Barrier(count), [None] * count, []

    def run(n: int) -> None:
        with app.test_request_context("/"):
            try:
                if start_together:
                    barrier.wait(timeout=30)
                results[n] = work(n)
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    return results
