"""Registration, log-in, passwords and sessions, as a visitor experiences them."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import func, select

from ims_training.extensions import db
from ims_training.models import AuditEvent, PasswordResetToken, Role, User
from ims_training.security.sessions import LOGIN_AT
from ims_training.services.accounts import accounts

from ..conftest import PASSWORD

GOOD = {
    "name": "Kari Nordmann",
    "email": "kari@example.org",
    "password": "tre blå fjell over fjorden",
    "confirm": "tre blå fjell over fjorden",
}


def _count_users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_registration_creates_a_trainee_who_is_told_by_email_and_then_logs_in(app, client):
    # Issue 10: the answer is the same for new and known e-mails, so nobody is logged in here.
    response = client.post("/register", data=GOOD)
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    user = accounts.find_user_by_email("KARI@example.org")
    assert user is not None and user.roles == {Role.TRAINEE}
    mail = app.extensions["mailer"].sent[-1]
    assert mail.to == "kari@example.org" and "account is ready" in mail.body
    client.post("/login", data={"email": "kari@example.org", "password": GOOD["password"]})
    assert "Kari Nordmann" in client.get("/dashboard").get_data(as_text=True)


def test_registration_with_existing_email_answers_as_for_a_new_one_and_tells_the_owner(
    app, client, make_user
):
    make_user(email="kari@example.org")
    before = _count_users()
    known = client.post(
        "/register", data=GOOD | {"email": "Kari@Example.ORG"}, follow_redirects=True
    )
    fresh = client.post(
        "/register", data=GOOD | {"email": "ola@example.org"}, follow_redirects=True
    )
    assert known.status_code == fresh.status_code == 200
    assert known.get_data(as_text=True).replace("kari@", "X@") == fresh.get_data(
        as_text=True
    ).replace("ola@", "X@")
    assert _count_users() == before + 1  # only ola's
    owner_mail = [m for m in app.extensions["mailer"].sent if m.to == "kari@example.org"]
    assert len(owner_mail) == 1 and "already has one" in owner_mail[0].body
    assert accounts.authenticate("kari@example.org", PASSWORD) is not None  # nothing changed


def test_registration_refuses_malformed_email_common_and_short_passwords(client):
    for data, field in [
        (GOOD | {"email": "not-an-email"}, "email"),
        (GOOD | {"password": "password1234", "confirm": "password1234"}, "password"),
        (GOOD | {"password": "short", "confirm": "short"}, "password"),
        (GOOD | {"name": "x" * 121}, "name"),
        (GOOD | {"confirm": "something else entirely"}, "confirm"),
    ]:
        response = client.post("/register", data=data)
        assert response.status_code == 200
        assert f'id="{field}-error"' in response.get_data(as_text=True), field
    assert _count_users() == 0


def test_login_works_with_the_address_in_another_case_and_with_spaces(client, make_user):
    make_user(email="kari@example.org")
    response = client.post("/login", data={"email": "  Kari@EXAMPLE.org ", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 200


def test_login_with_wrong_password_fails_without_saying_which_part_was_wrong(client, make_user):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": "wrong password here"})
    assert response.status_code == 200
    assert "not correct" in response.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 302


def test_login_starts_a_new_session(client, make_user, auth):
    user = make_user()
    client.get("/login")
    with client.session_transaction() as s:
        s["planted"] = "by an attacker"
    auth.login(user)
    with client.session_transaction() as s:
        assert "planted" not in s and s.get("_user_id", "").startswith(f"{user.id}:")


def test_logout_needs_post_and_ends_the_session(client, login_as):
    login_as(Role.TRAINEE)
    assert client.get("/logout").status_code == 405
    client.post("/logout")
    assert client.get("/dashboard").status_code == 302


def test_disabled_account_loses_its_open_session_at_once(client, login_as):
    user = login_as(Role.TRAINEE)
    assert client.get("/dashboard").status_code == 200
    accounts.set_enabled(user, False, actor=None)
    assert client.get("/dashboard").status_code == 302


def test_idle_session_times_out(client, login_as, app):
    login_as(Role.TRAINEE)
    with client.session_transaction() as s:
        s["_seen_at"] = (
            int(time.time()) - int(app.config["SESSION_IDLE_TIMEOUT"].total_seconds()) - 5
        )
    assert client.get("/dashboard").status_code == 302


def test_absolute_session_lifetime_ends_an_active_session(client, login_as, app):
    login_as(Role.TRAINEE)
    with client.session_transaction() as s:
        s[LOGIN_AT] = (
            int(time.time()) - int(app.config["SESSION_ABSOLUTE_TIMEOUT"].total_seconds()) - 5
        )
    assert client.get("/dashboard").status_code == 302


def test_change_password_ends_other_sessions(app, client, login_as, auth):
    user = login_as(Role.TRAINEE)
    other = app.test_client()
    other.post("/login", data={"email": user.email, "password": PASSWORD})
    assert other.get("/dashboard").status_code == 200
    new = "a brand new passphrase for me"
    response = client.post(
        "/account/password", data={"current_password": PASSWORD, "password": new, "confirm": new}
    )
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 200  # this session continues
    assert other.get("/dashboard").status_code == 302  # the other one is gone


def test_password_reset_token_works_once(app, client, make_user):
    user = make_user()
    client.post("/password/forgot", data={"email": user.email})
    mail = app.extensions["mailer"].sent[-1]
    link = next(line for line in mail.body.splitlines() if "/password/reset/" in line)
    path = link[link.index("/password/reset/") :]
    new = "the river runs north in spring"
    assert client.post(path, data={"password": new, "confirm": new}).status_code == 302
    assert accounts.authenticate(user.email, new) is not None
    again = client.post(
        path,
        data={"password": "another long passphrase", "confirm": "another long passphrase"},
        follow_redirects=True,
    )
    assert "already been used" in again.get_data(as_text=True)
    assert accounts.authenticate(user.email, new) is not None


def test_expired_reset_token_is_refused(app, client, make_user):
    user = make_user()
    _user, token = accounts.create_reset_token(user.email)
    row = db.session.scalar(select(PasswordResetToken))
    db.session.execute(
        PasswordResetToken.__table__.update().values(
            expires_at=datetime.now(UTC) - timedelta(minutes=1)
        )
    )
    db.session.commit()
    assert row is not None
    response = client.post(
        f"/password/reset/{token}",
        data={"password": "the river runs north", "confirm": "the river runs north"},
        follow_redirects=True,
    )
    assert "expired" in response.get_data(as_text=True)
    assert accounts.authenticate(user.email, PASSWORD) is not None


def test_forgot_password_does_not_reveal_whether_an_account_exists(client, app, make_user):
    make_user(email="known@example.org")
    a = client.post(
        "/password/forgot", data={"email": "known@example.org"}, follow_redirects=True
    ).get_data(as_text=True)
    b = client.post(
        "/password/forgot", data={"email": "unknown@example.org"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "If an account exists" in a and "If an account exists" in b
    assert len(app.extensions["mailer"].sent) == 1


def test_admin_grants_and_removes_roles_in_the_browser_and_each_change_is_recorded(
    client, login_as, make_user
):
    admin = login_as(Role.ADMINISTRATOR)
    user = make_user(Role.TRAINEE)
    client.post(f"/admin/users/{user.id}/roles", data={"roles": ["trainee", "instructor"]})
    assert db.session.get(User, user.id).roles == {Role.TRAINEE, Role.INSTRUCTOR}
    client.post(f"/admin/users/{user.id}/roles", data={"roles": ["instructor"]})
    assert db.session.get(User, user.id).roles == {Role.INSTRUCTOR}
    events = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.target_user_id == user.id, AuditEvent.actor_id == admin.id
        )
    ).all()
    assert [(e.action, e.details["role"]) for e in events] == [
        ("role.granted", "instructor"),
        ("role.removed", "trainee"),
    ]


def test_login_is_throttled_per_account_and_says_when_to_try_again(client, make_user):
    user = make_user()
    # Time stands still, so the limit's whole minute is ahead (mid-second: the reset is rounded up).
    with time_machine.travel(datetime.now(UTC).replace(microsecond=500_000), tick=False):
        codes = [
            client.post(
                "/login", data={"email": user.email, "password": "wrong password x"}
            ).status_code
            for _ in range(6)
        ]
        assert codes[:5] == [200] * 5 and codes[5] == 429
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "Try again in" in response.get_data(as_text=True)
    # The breached limit is "5 per minute" (not "30 per hour"); header and page agree on its reset.
    assert response.headers["Retry-After"] == "60"
    assert "Try again in 60 seconds." in response.get_data(as_text=True)
