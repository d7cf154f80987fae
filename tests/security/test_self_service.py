"""Point 7: nobody approves their own continuing education or grants themself an accommodation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from ims_training.extensions import db
from ims_training.models import Accommodation, ContinuingEducation, Role
from ims_training.services.certification import continuing_education


def _entry(user) -> int:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    return continuing_education.submit(
        user,
        completed_on=(now - timedelta(days=3)).date(),
        hours=4,
        description="Course on shoulder pain",
        now=now,
    ).id


def _status(entry_id: int) -> str:
    db.session.expire_all()
    return db.session.get(ContinuingEducation, entry_id).status


def test_an_administrator_cannot_approve_their_own_hours(client, login_as, make_user):
    admin = login_as(Role.ADMINISTRATOR, Role.TRAINEE)
    own = _entry(admin)
    page = client.post(
        f"/admin/continuing-education/{own}", data={"decision": "approve"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "You cannot review your own continuing education" in page
    assert _status(own) == "pending"
    colleague = _entry(make_user(Role.TRAINEE))
    client.post(f"/admin/continuing-education/{colleague}", data={"decision": "approve"})
    assert _status(colleague) == "approved"  # the rule refuses only one's own


def test_an_instructor_cannot_grant_themself_an_accommodation(client, login_as, make_user):
    instructor = login_as(Role.INSTRUCTOR, Role.TRAINEE)
    form = {
        "email": instructor.email,
        "quiz": "",
        "time_multiplier": "2",
        "extra_attempts": "3",
        "reason": "documented need",
    }
    response = client.post("/author/accommodations/new", data=form)
    assert response.status_code == 400
    assert "You cannot grant yourself an accommodation" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Accommodation)) == 0
    trainee = make_user(Role.TRAINEE)
    assert (
        client.post("/author/accommodations/new", data=form | {"email": trainee.email}).status_code
        == 302
    )
    assert db.session.scalar(select(func.count()).select_from(Accommodation)) == 1
