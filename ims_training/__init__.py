"""IMS Training Portal: the application factory.

`create_app()` only builds and wires the app: no migrations, no table creation, no network.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import (
    PROJECT_ROOT,
    _default_sqlite_url,
    _normalise_database_url,
    resolve_config,
    runtime_env,
    trusted_hosts,
)


def create_app(config: Any = None) -> Flask:
    """Build the app. `config`: a config class, a name (development|testing|production) or a dict
    of overrides on top of the environment's configuration."""
    app = Flask(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    overrides: dict[str, Any] = {}
    if isinstance(config, dict):
        overrides = config
        config = overrides.pop("CONFIG", None)
    config_cls = resolve_config(config)
    config_cls.check()
    app.config.from_object(config_cls)
    app.config.update(runtime_env(config_cls))
    app.config.update(overrides)
    url = app.config.get("SQLALCHEMY_DATABASE_URI") or app.config.get("DATABASE_URL")
    app.config["SQLALCHEMY_DATABASE_URI"] = (
        _normalise_database_url(url) if url else _default_sqlite_url(app.instance_path)
    )
    if app.config.get("RESTRICT_HOSTS") and app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = trusted_hosts(
            app.config["PUBLIC_BASE_URL"], os.environ.get("TRUSTED_HOSTS", "")
        )

    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_cli(app)
    register_wsgi_layers(app)
    return app


def register_wsgi_layers(app: Flask) -> None:
    """The page-cache layer sees the request as Flask does: inside ProxyFix, which fixes the
    client address, scheme and host first."""
    from .page_cache.layer import install as install_page_cache_layer

    install_page_cache_layer(app)
    if app.config.get("PROXY_FIX_HOPS"):
        hops = app.config["PROXY_FIX_HOPS"]
        # Flask's documented way to add WSGI middleware; mypy refuses assigning to a method.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]


def register_extensions(app: Flask) -> None:
    from flask_babel import lazy_gettext
    from sqlalchemy.orm import Session

    from . import i18n
    from .database import configure_sqlite
    from .extensions import csrf, db, limiter, login_manager, migrate
    from .mail import init_mailer
    from .page_cache.pages import init_page_cache
    from .page_cache.versions import install as install_page_versions
    from .security.headers import init_security_headers
    from .security.sessions import init_login, init_session_timeouts

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")).parent.mkdir(
            parents=True, exist_ok=True
        )
    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    # Every limit is a route decorator, and a decorated view checks its own limits. The
    # extension's app-wide before_request check would only look for default limits we do not
    # set, at ~15% of a cheap request, so it is taken out (tests prove the limits still hold).
    checks = app.before_request_funcs.get(None, [])
    if limiter._check_request_limit in checks:
        checks.remove(limiter._check_request_limit)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # Flask-Login's own "Please log in to access this page." is English only; ours is translated.
    login_manager.login_message = lazy_gettext("Please log in to access this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    init_login(login_manager)
    i18n.init_app(app)
    init_mailer(app)
    init_security_headers(app)
    init_session_timeouts(app)
    install_page_versions(Session)
    init_page_cache(app)


def register_blueprints(app: Flask) -> None:
    from .formats import init_formats
    from .web import BLUEPRINTS
    from .web.labels import init_labels
    from .web.navigation import init_navigation
    from .web.urls import BoundedIntConverter

    app.url_map.converters["int"] = BoundedIntConverter  # before any rule is added
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    init_navigation(app)
    init_labels(app)
    init_formats(app)


def register_errorhandlers(app: Flask) -> None:
    from .web.errors import init_error_handlers

    init_error_handlers(app)


def register_cli(app: Flask) -> None:
    from .cli import init_cli

    init_cli(app)
