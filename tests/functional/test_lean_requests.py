"""The lean request path (issue 13): the logged-in user from one plain query, no transaction on a
cached read, writes through the account's ORM row."""

from __future__ import annotations

from flask import Flask

from ims_training.extensions import db
from ims_training.models import Role, User
from tests.conftest import PASSWORD, make_test_app
from tests.sql_statements import recorded


def test_a_cached_page_costs_one_plain_query_for_the_viewer_and_no_transaction(
    app: Flask, client, login_as
) -> None:
    login_as(Role.TRAINEE)
    client.get("/learn/course")  # stored
    client.get("/learn/course")  # the content generation is memoised from here on
    with recorded(db.engine) as statements:
        response = client.get("/learn/course")
    assert response.status_code == 200
    assert len(statements) == 1, statements
    assert "user_sessions" in statements[0] and "user_roles" in statements[0]
    assert not any(s.strip().upper().startswith("BEGIN") for s in statements)


def test_the_viewer_is_read_only_but_writes_reach_the_account_row(
    app: Flask, client, login_as
) -> None:
    user = login_as(Role.TRAINEE)
    response = client.post("/language", data={"lang": "nb", "next": "/dashboard"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "nb"
    page = client.get("/dashboard").get_data(as_text=True)
    assert 'lang="nb"' in page
    assert user.name in page


def test_a_password_change_keeps_this_session_and_ends_the_others(
    app: Flask, login_as, auth, client
) -> None:
    user = login_as(Role.TRAINEE)
    other = app.test_client()
    other.post("/login", data={"email": user.email, "password": PASSWORD})
    assert other.get("/dashboard").status_code == 200
    new = "a different long passphrase 2026"
    response = client.post(
        "/account/password", data={"current_password": PASSWORD, "password": new, "confirm": new}
    )
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 200
    assert other.get("/dashboard").status_code == 302


def _logged_in_browser(app: Flask, email: str):  # type: ignore[no-untyped-def]
    import re

    browser = app.test_client()
    page = browser.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token is not None
    response = browser.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)}
    )
    assert response.status_code == 302
    browser.get("/learn/certification")  # shows (and so clears) the log-in's flash message
    return browser


def test_a_cached_hit_is_byte_identical_to_the_render_except_for_the_csrf_token(
    _migrated: str,
) -> None:
    """Two browsers of one account: the first renders the page, the second is served the stored
    copy with its own session's CSRF token; nothing else differs by a byte."""
    import re

    from ims_training.page_cache.pages import EXTENSION
    from ims_training.services.accounts import accounts

    app = make_test_app(_migrated, WTF_CSRF_ENABLED=True)
    with app.app_context():  # no app context held across requests: each request has its own `g`
        accounts.create_user(
            "same@example.org", "Sigrid Same", PASSWORD, (Role.TRAINEE,), check_policy=False
        )
        db.session.remove()
    first, second = (
        _logged_in_browser(app, "same@example.org"),
        _logged_in_browser(app, "same@example.org"),
    )
    first.get("/learn/certification")  # the second log-in changed the account's page version
    cache = app.extensions[EXTENSION]
    tokens = re.compile(r'name="csrf_token" value="[^"]+"')
    for path in ("/", "/dashboard"):
        hits = cache.hits
        rendered = first.get(path).get_data(as_text=True)
        served = second.get(path).get_data(as_text=True)
        assert cache.hits == hits + 1, path  # the second answer came from the cache
        assert tokens.search(rendered) and tokens.findall(rendered) != tokens.findall(
            served
        )  # each its own
        assert tokens.sub("TOKEN", served) == tokens.sub("TOKEN", rendered), path
    with app.app_context():
        db.session.remove()
