"""Point 1: links in e-mails come from PUBLIC_BASE_URL; production refuses unknown hosts."""

from __future__ import annotations

from ims_training.extensions import db

from ..conftest import make_test_app
from .conftest import PUBLIC, reset_link


def test_reset_link_ignores_a_forged_host_header(app, client, make_user):
    user = make_user()
    client.post(
        "/password/forgot", data={"email": user.email}, headers={"Host": "attacker.example"}
    )
    link = reset_link(app)
    assert link.startswith(app.config["PUBLIC_BASE_URL"].rstrip("/") + "/password/reset/")
    assert "attacker" not in link


def test_reset_link_ignores_x_forwarded_host_behind_a_proxy(app, _migrated, make_user):
    user = make_user()
    proxied = make_test_app(_migrated, PROXY_FIX_HOPS=1, PUBLIC_BASE_URL=PUBLIC)
    with proxied.app_context():
        response = proxied.test_client().post(
            "/password/forgot",
            data={"email": user.email},
            headers={"X-Forwarded-Host": "attacker.example", "X-Forwarded-Proto": "https"},
        )
        assert response.status_code == 302
        link = reset_link(proxied)
        db.session.remove()
    assert link.startswith(PUBLIC + "/password/reset/") and "attacker" not in link


def test_production_answers_400_to_an_unknown_host(production_app):
    app = production_app()
    assert app.config["TRUSTED_HOSTS"] == ["ims.example.org"]
    with app.app_context():
        client = app.test_client()
        assert client.get("/login", headers={"Host": "ims.example.org"}).status_code == 200
        assert client.get("/login", headers={"Host": "ims.example.org:443"}).status_code == 200
        assert client.get("/login", headers={"Host": "attacker.example"}).status_code == 400
        forgot = client.post(
            "/password/forgot",
            data={"email": "a@example.org"},
            headers={"Host": "attacker.example"},
        )
        assert forgot.status_code == 400
        assert (
            app.extensions["mailer"].sent == type(app.extensions["mailer"].sent)()
        )  # nothing sent


def test_production_behind_a_proxy_refuses_a_forged_x_forwarded_host(production_app):
    app = production_app(PROXY_FIX_HOPS=1)
    with app.app_context():
        client = app.test_client()
        good = {"Host": "10.0.0.5", "X-Forwarded-Host": "ims.example.org"}
        assert client.get("/login", headers=good).status_code == 200
        bad = good | {"X-Forwarded-Host": "attacker.example"}
        assert client.get("/login", headers=bad).status_code == 400


def test_extra_trusted_hosts_come_from_the_environment(production_app, monkeypatch):
    monkeypatch.setenv("TRUSTED_HOSTS", "10.0.0.5, .internal.example")
    app = production_app()
    assert app.config["TRUSTED_HOSTS"] == ["ims.example.org", "10.0.0.5", ".internal.example"]
    with app.app_context():
        assert (
            app.test_client().get("/healthz", headers={"Host": "lb.internal.example"}).status_code
            == 200
        )
