"""Language choice and the shared pages."""

from __future__ import annotations

from ims_training.models import Role


def test_language_follows_accept_language_for_anonymous_visitors(client):
    page = client.get("/", headers={"Accept-Language": "nb-NO,nb;q=0.9,en;q=0.5"}).get_data(
        as_text=True
    )
    assert 'lang="nb"' in page and "Logg inn" in page


def test_visitor_choice_overrides_the_browser_and_is_remembered(client):
    client.post("/language", data={"lang": "nb", "next": "/"})
    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'lang="nb"' in page


def test_account_language_is_saved_and_used_after_the_next_login(app, client, login_as, auth):
    user = login_as(Role.TRAINEE)
    client.post("/language", data={"lang": "nb", "next": "/dashboard"})
    auth.logout()
    fresh = app.test_client()
    fresh.post("/login", data={"email": user.email, "password": "correct horse battery staple"})
    assert 'lang="nb"' in fresh.get("/dashboard", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )


def test_error_pages_exist_in_both_languages(client):
    assert "Page not found" in client.get("/nope").get_data(as_text=True)
    page = client.get("/nope", headers={"Accept-Language": "nb"}).get_data(as_text=True)
    assert "Fant ikke siden" in page


def test_trainee_gets_the_403_page_on_an_admin_page(client, login_as):
    login_as(Role.TRAINEE)
    response = client.get("/admin/users")
    assert response.status_code == 403 and "Access denied" in response.get_data(as_text=True)
    assert "@example.org" not in response.get_data(as_text=True)


def test_landing_page_says_who_the_portal_is_for(client):
    page = client.get("/").get_data(as_text=True)
    assert "licensed health professionals" in page


def test_admin_dashboard_shows_real_counts(client, login_as, make_user):
    login_as(Role.ADMINISTRATOR)
    make_user(Role.TRAINEE)
    make_user(Role.TRAINEE)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Accounts" in page and ">3<" in page


def test_cli_users_create_roles_and_disable(runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "ola@example.org",
            "--name",
            "Ola",
            "--role",
            "instructor",
            "--role",
            "trainee",
        ]
    )
    assert result.exit_code == 0 and "Password:" in result.output
    result = runner.invoke(
        args=["users", "roles", "ola@example.org", "--add", "coordinator", "--remove", "trainee"]
    )
    assert "coordinator, instructor" in result.output
    assert runner.invoke(args=["users", "disable", "ola@example.org"]).exit_code == 0
    result = runner.invoke(args=["users", "roles", "nobody@example.org"])
    assert result.exit_code != 0 and "No account" in result.output


def test_seed_demo_is_idempotent(runner, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
    from ims_training.extensions import db
    from ims_training.models import AuditEvent, User

    first = runner.invoke(args=["seed-demo"])
    users_after_first = db.session.query(User).count()
    second = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "admin@example.org" in second.output and "demo password for tests" in second.output
    assert db.session.query(User).count() == users_after_first
    for email in (
        "admin@example.org",
        "instructor@example.org",
        "coordinator@example.org",
        "trainee@example.org",
    ):
        assert db.session.query(User).filter_by(email=email).count() == 1
    assert db.session.query(AuditEvent).count() > 0
