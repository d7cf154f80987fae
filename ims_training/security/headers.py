"""Security headers on every response: one list, written by Flask and by the page-cache layer."""

from __future__ import annotations

import functools

from flask import Flask, Response

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


@functools.cache
def security_headers(secure_cookies: bool) -> tuple[tuple[str, str, bool], ...]:
    """(name, value, replace) for every response; `replace` False keeps a response's own value.

    Used by Flask's after_request below and by the page-cache WSGI layer, so a page served before
    Flask carries exactly the headers Flask would have written."""
    headers = [
        ("Content-Security-Policy", CSP, False),
        ("X-Content-Type-Options", "nosniff", True),
        ("X-Frame-Options", "DENY", True),
        ("Referrer-Policy", "strict-origin-when-cross-origin", True),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=()", False),
    ]
    if secure_cookies:
        headers.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains", True))
    # Pages, documents and JSON are personal or change (a revoked certificate): no caching
    # unless a response says otherwise (static files and course figures set their max-age).
    headers.append(("Cache-Control", "no-store", False))
    return tuple(headers)


def init_security_headers(app: Flask) -> None:
    @app.after_request
    def _headers(response: Response) -> Response:
        for name, value, replace in security_headers(bool(app.config.get("SESSION_COOKIE_SECURE"))):
            if replace:
                response.headers[name] = value
            else:
                response.headers.setdefault(name, value)
        return response
