"""Anonymous visitors get no session and no CSRF token until a page has a form (issue 13, point 4)."""

from __future__ import annotations

from ims_training.extensions import db
from ims_training.models import Role
from tests.conftest import PASSWORD, make_test_app


def _cookie_names(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {c.split("=", 1)[0] for c in response.headers.getlist("Set-Cookie")}


def test_anonymous_pages_without_forms_set_no_cookie_and_carry_no_token(_migrated: str) -> None:
    app = make_test_app(_migrated, WTF_CSRF_ENABLED=True)
    with app.app_context():
        client = app.test_client()
        for path in ("/", "/verify"):
            response = client.get(path)
            if path == "/verify":  # the verification form posts a credential: it has a token
                assert 'name="csrf_token"' in response.get_data(as_text=True)
                continue
            assert response.status_code == 200
            assert "session" not in _cookie_names(response), path
            assert "csrf_token" not in response.get_data(as_text=True), path
        login = client.get("/login")
        assert 'name="csrf_token"' in login.get_data(as_text=True)
        assert "session" in _cookie_names(login)
        db.session.remove()


def test_anonymous_language_switch_needs_no_session_but_a_logged_in_one_needs_the_token(
    _migrated: str,
) -> None:
    app = make_test_app(_migrated, WTF_CSRF_ENABLED=True)
    with app.app_context():
        client = app.test_client()
        response = client.post("/language", data={"lang": "nb", "next": "/"})
        assert response.status_code == 302
        assert _cookie_names(response) == {"lang"}
        assert 'lang="nb"' in client.get("/").get_data(as_text=True)

        from ims_training.services.accounts import accounts

        accounts.create_user(
            "switch@example.org", "Switch", PASSWORD, (Role.TRAINEE,), check_policy=False
        )
        page = client.get("/login").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
        assert (
            client.post(
                "/login",
                data={"email": "switch@example.org", "password": PASSWORD, "csrf_token": token},
            ).status_code
            == 302
        )
        refused = client.post("/language", data={"lang": "en", "next": "/"})
        assert refused.status_code == 400
        db.session.expire_all()
        user = accounts.find_user_by_email("switch@example.org")
        assert user is not None and user.locale is None
        db.session.remove()
