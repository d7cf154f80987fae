"""Error pages in the visitor's language; JSON for JSON clients."""

from __future__ import annotations

import time

from flask import Flask, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError

from ..extensions import limiter


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.path.endswith(".json") or (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def _render(code: int, title: str, message: str) -> ResponseReturnValue:
    if _wants_json():
        return {"error": title, "message": message}, code
    return render_template("errors/error.html", code=code, title=title, message=message), code


def init_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_e: CSRFError) -> ResponseReturnValue:
        return _render(
            400,
            _("The form has expired"),
            _(
                "The form was missing its security token or it had expired. Go back, reload the page and try again."
            ),
        )

    @app.errorhandler(RateLimitExceeded)
    def rate_limited(_e: RateLimitExceeded) -> ResponseReturnValue:
        # Flask-Limiter's after_request sets Retry-After (RATELIMIT_HEADERS_ENABLED) from the
        # breached limit's reset time; the page says the same number of seconds.
        limit = limiter.current_limit
        seconds = max(1, int(limit.reset_at - time.time())) if limit else 60
        return _render(
            429,
            _("Too many attempts"),
            _(
                "Too many attempts in a short time. Try again in %(seconds)s seconds.",
                seconds=seconds,
            ),
        )

    @app.errorhandler(SecurityError)
    def untrusted_host(_e: SecurityError) -> ResponseReturnValue:
        # An unknown Host (production's TRUSTED_HOSTS): no page, as no URL of it can be built.
        return (
            _("This address is not served here."),
            400,
            {"Content-Type": "text/plain; charset=utf-8"},
        )

    @app.errorhandler(403)
    def forbidden(_e: HTTPException) -> ResponseReturnValue:
        return _render(
            403,
            _("Access denied"),
            _(
                "Your account does not have access to this page. If you think it should, ask an "
                "administrator for the right role."
            ),
        )

    @app.errorhandler(404)
    def not_found(_e: HTTPException) -> ResponseReturnValue:
        return _render(
            404,
            _("Page not found"),
            _(
                "There is no page at this address. Check the link, or start again from the home page."
            ),
        )

    @app.errorhandler(413)
    def too_large(_e: HTTPException) -> ResponseReturnValue:
        return _render(
            413,
            _("File too large"),
            _("The upload is larger than the portal accepts (8 MB). Split it into smaller files."),
        )

    @app.errorhandler(500)
    def server_error(_e: HTTPException) -> ResponseReturnValue:
        return _render(
            500,
            _("Something went wrong"),
            _(
                "An unexpected error occurred and nothing was saved. Try again; if it keeps "
                "happening, tell the portal administrators."
            ),
        )

    @app.errorhandler(HTTPException)
    def other_http(e: HTTPException) -> ResponseReturnValue:
        return _render(e.code or 500, e.name, e.description or "")
