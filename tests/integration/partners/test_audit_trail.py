"""The audit trail is append-only, filterable and exportable."""

import csv
import io
from datetime import UTC, date, datetime

import pytest

from ims_training.extensions import db
from ims_training.models import AuditEvent, Role
from ims_training.models.audit import AuditIsAppendOnly
from ims_training.services.audit import audit_log
from ims_training.services.audit.audit import record


def test_an_audit_event_cannot_be_changed_or_deleted(app, make_user):
    actor = make_user(Role.ADMINISTRATOR)
    event = record("signoff.recorded", actor=actor, reason="original")
    db.session.commit()
    event.reason = "rewritten"
    with pytest.raises(AuditIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, event.id))
    with pytest.raises(AuditIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(AuditEvent, event.id).reason == "original"


def _events(make_user):
    admin = make_user(Role.ADMINISTRATOR, email="boss@example.org", name="Berit Boss")
    trainee = make_user(Role.TRAINEE, email="tor@example.org", name="Tor Trainee")
    for action, at in [
        ("licence.verified", datetime(2025, 3, 1, 9, tzinfo=UTC)),
        ("signoff.recorded", datetime(2025, 3, 2, 9, tzinfo=UTC)),
        ("signoff.recorded", datetime(2025, 3, 5, 9, tzinfo=UTC)),
    ]:
        db.session.add(
            AuditEvent(
                action=action,
                at=at,
                actor_id=admin.id,
                target_user_id=trainee.id,
                reason='=HYPERLINK("x")' if action.startswith("licence") else None,
            )
        )
    db.session.commit()


def test_filters_by_action_actor_target_and_dates(app, make_user):
    _events(make_user)

    def count(**kw):
        return len(db.session.scalars(audit_log.query(audit_log.AuditFilter(**kw))).unique().all())

    assert count(action="signoff.recorded") == 2
    assert count(action="signoff.recorded", actor="berit") == 2
    assert count(action="signoff.recorded", actor="nobody") == 0
    assert count(target="tor@", date_from=date(2025, 3, 1), date_to=date(2025, 3, 31)) == 3
    assert count(date_from=date(2025, 3, 2), date_to=date(2025, 3, 2)) == 1
    assert count(action="signoff.recorded", date_from=date(2025, 3, 3)) == 1


def test_export_is_safe_csv_newest_first(app, make_user):
    _events(make_user)
    data = audit_log.export_csv(audit_log.AuditFilter(target="tor", date_to=date(2025, 12, 31)))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    actions = [r[1] for r in rows[1:]]
    assert actions[0] == "signoff.recorded" and "licence.verified" in actions
    licence_row = next(r for r in rows if r[1] == "licence.verified")
    assert licence_row[6].startswith("'=")
