"""Points 2 and 3: reset links die together; log-out ends the session on the server."""

from __future__ import annotations

from ims_training.models import Role
from ims_training.services.accounts import accounts

from ..conftest import PASSWORD
from .conftest import reset_link

NEW = "the river runs north in spring"


def _path(link: str) -> str:
    return link[link.index("/password/reset/") :]


def _reset(client, path: str, password: str = NEW) -> str:  # type: ignore[no-untyped-def]
    return client.post(
        path, data={"password": password, "confirm": password}, follow_redirects=True
    ).get_data(as_text=True)


def test_a_successful_reset_voids_every_other_outstanding_reset_link(app, client, make_user):
    user = make_user()
    client.post("/password/forgot", data={"email": user.email})
    first = _path(reset_link(app))
    client.post("/password/forgot", data={"email": user.email})
    second = _path(reset_link(app))
    assert first != second
    assert "Log in with it now" in _reset(client, second)
    page = _reset(client, first, "someone else's passphrase here")
    assert "already been used or is not valid" in page
    assert accounts.authenticate(user.email, NEW) is not None


def test_a_password_change_voids_outstanding_reset_links(app, client, make_user, auth):
    user = make_user()
    client.post("/password/forgot", data={"email": user.email})
    captured = _path(reset_link(app))
    auth.login(user)
    client.post(
        "/account/password", data={"current_password": PASSWORD, "password": NEW, "confirm": NEW}
    )
    auth.logout()
    assert "already been used or is not valid" in _reset(
        app.test_client(), captured, "the attacker's passphrase"
    )
    assert accounts.authenticate(user.email, NEW) is not None


def test_disabling_an_account_voids_its_reset_links(app, client, make_user):
    user = make_user()
    client.post("/password/forgot", data={"email": user.email})
    captured = _path(reset_link(app))
    accounts.set_enabled(user, False, actor=None)
    accounts.set_enabled(user, True, actor=None)
    assert "already been used or is not valid" in _reset(client, captured)


def test_a_cookie_captured_before_logout_opens_nothing_afterwards(app, client, login_as):
    login_as(Role.TRAINEE)
    assert client.get("/dashboard").status_code == 200
    captured = client.get_cookie("session").value
    client.post("/logout")
    replay = app.test_client()
    replay.set_cookie("session", captured)
    response = replay.get("/dashboard")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_logging_out_ends_only_this_session(app, client, make_user, auth):
    user = make_user()
    other = app.test_client()
    other.post("/login", data={"email": user.email, "password": PASSWORD})
    auth.login(user)
    auth.logout()
    assert other.get("/dashboard").status_code == 200


def test_log_out_of_all_other_sessions_keeps_only_this_one(app, client, make_user, auth):
    user = make_user()
    phone, laptop = app.test_client(), app.test_client()
    for device in (phone, laptop):
        device.post("/login", data={"email": user.email, "password": PASSWORD})
        assert device.get("/dashboard").status_code == 200
    auth.login(user)
    page = client.get("/account/password").get_data(as_text=True)
    assert "Log out of all other sessions" in page
    response = client.post("/account/sessions/logout-others", follow_redirects=True)
    assert "All your other sessions have been logged out." in response.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 200
    assert (
        phone.get("/dashboard").status_code == 302 and laptop.get("/dashboard").status_code == 302
    )


def test_a_forged_session_id_is_refused(app, client, login_as):
    login_as(Role.TRAINEE)
    with client.session_transaction() as s:
        s["_sid"] = "guessed"
    assert client.get("/dashboard").status_code == 302
