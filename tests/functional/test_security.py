"""Security basics every response and form must have."""

from __future__ import annotations

import pytest

from ims_training.config import ProductionConfig

from ..conftest import make_test_app


def test_every_response_has_security_headers(client):
    for path in ["/", "/login", "/no-such-page", "/healthz"]:
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert (
            "script-src 'self'" in csp
            and "unsafe-inline" not in csp
            and "frame-ancestors 'none'" in csp
        )
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_session_cookie_is_httponly_and_samesite_lax(client, make_user):
    user = make_user()
    response = client.post(
        "/login", data={"email": user.email, "password": "correct horse battery staple"}
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_post_without_csrf_token_is_refused_and_nothing_is_written(_migrated):
    from ims_training.extensions import db
    from ims_training.models import User

    app = make_test_app(_migrated, WTF_CSRF_ENABLED=True)
    with app.app_context():
        client = app.test_client()
        response = client.post(
            "/register",
            data={
                "name": "A",
                "email": "a@example.org",
                "password": "long enough passphrase",
                "confirm": "long enough passphrase",
            },
        )
        assert response.status_code == 400
        assert "security token" in response.get_data(as_text=True)
        assert db.session.query(User).count() == 0
        db.session.remove()


def test_forms_render_a_csrf_token_when_protection_is_on(_migrated):
    app = make_test_app(_migrated, WTF_CSRF_ENABLED=True)
    with app.app_context():
        page = app.test_client().get("/login").get_data(as_text=True)
        assert 'name="csrf_token"' in page


def test_production_refuses_to_start_with_the_development_secret(monkeypatch):
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/15")  # the other refusal
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://ims.example.org")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        ProductionConfig.check()
    monkeypatch.setenv("SECRET_KEY", "dev-secret-not-for-production")
    with pytest.raises(RuntimeError):
        ProductionConfig.check()
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    ProductionConfig.check()


@pytest.mark.parametrize("url", [None, "", "http://ims.example.org", "https://", "ims.example.org"])
def test_production_refuses_to_start_without_an_https_public_base_url(monkeypatch, url):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/15")  # the other refusal
    if url is None:
        monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    else:
        monkeypatch.setenv("PUBLIC_BASE_URL", url)
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL"):
        ProductionConfig.check()
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://ims.example.org")
    ProductionConfig.check()


def test_seed_demo_is_refused_under_production(monkeypatch, _migrated):
    from ims_training import create_app

    monkeypatch.setenv("SECRET_KEY", "p" * 40)
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/15")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://ims.example.org")
    app = create_app({"CONFIG": ProductionConfig, "SQLALCHEMY_DATABASE_URI": _migrated})
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0 and "production" in result.output


def test_healthz_reports_database_ok(client):
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    app = make_test_app("sqlite:///" + str(tmp_path / "missing" / "nowhere" / "x.db"))
    # the folder is created by create_app; make the database file unusable instead
    (tmp_path / "missing" / "nowhere" / "x.db").mkdir(parents=True, exist_ok=True)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.get_json()["database"] == "unreachable"


def test_production_session_cookie_is_secure_and_hsts_is_sent(monkeypatch, _migrated):
    from ims_training import create_app
    from ims_training.extensions import db

    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv(
        "PUBLIC_BASE_URL", "https://localhost"
    )  # production serves only its own host
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/15")
    app = create_app(
        {
            "CONFIG": ProductionConfig,
            "SQLALCHEMY_DATABASE_URI": _migrated,
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        client = app.test_client()
        client.post("/language", data={"lang": "nb", "next": "/"})  # writes the session
        response = client.get("/login")
        cookies = client.post("/language", data={"lang": "en", "next": "/"}).headers.getlist(
            "Set-Cookie"
        )
        assert cookies and all("Secure" in c for c in cookies)
        assert response.headers["Strict-Transport-Security"].startswith("max-age=")
        db.session.remove()
