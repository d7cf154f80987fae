"""Cache hits before Flask: a WSGI layer that serves a stored page when it can prove Flask would
serve that same entry, and hands every other request to Flask untouched (issue 13, point 2).

Why: a page-cache hit served by Flask still pays for Flask's request machinery (contexts,
routing, hooks, Flask-Login, Babel, the session), several times what the hit itself costs. The
layer asks the same questions with the same functions, on plain values:

* the session: the app's own session interface opens the cookie; security/session_checks judges
  it (the session row, the account token, the account enabled, the idle and absolute timeouts,
  Flask-Login's session protection), as Flask-Login's loader and the timeouts hook do;
* the language (i18n.pick_language), the key (pages.page_key), the CSRF token
  (pages.sign_csrf, kept per session), the filled body (pages.Entry.body_for) and the security
  headers (security/headers) come from the functions Flask's path uses;
* rate limits: the limits Flask-Limiter counted when the page was stored are counted again for
  this client in the same storage, so a page served here counts exactly as one served by Flask;
  a breach goes to Flask, which answers 429 (docs/performance.md).

Access: an entry is found only under the exact key Flask stored it under (viewer, their page
version, language, host, path and query), so Flask answered 200 to this viewer at this version;
roles, enabling and everything else the access checks read bump that version.

`vary=` pages (a cohort, a bank question): the raw path is matched with the app's url_map (once
per path) to the endpoint and view arguments; the vary function `@cached_page` registered on the
endpoint's view gives the same key part Flask adds (pages.vary_part). Anything else only misses.

Flask answers instead: anything but GET; a path no page was stored for; a cookie that does not
verify; a session Flask would write to (idle stamp due, Flask-Login's protection, a remember-me
change, a cookie refreshed on every response) or that carries a flash message; a session past a
timeout, whose row is gone or whose account token rotated; an entry with a CSRF token when the
session has no raw token yet or tokens expire; an entry past its `valid_until`; limits that
cannot be replayed or are breached; any database error.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from flask_limiter.constants import HeaderNames
from flask_login import COOKIE_NAME
from itsdangerous import BadSignature
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, SecurityError
from werkzeug.http import http_date
from werkzeug.wrappers import Request
from werkzeug.wsgi import get_host

from ..database import end_reads_outside_context, plain_read_engine, reads_outside_context
from ..extensions import limiter, login_manager
from ..i18n import LANG_COOKIE, language_code, pick_language
from ..security.current_user import CurrentUser
from ..security.headers import security_headers
from ..security.session_checks import (
    USER_ID,
    Lifetime,
    lifetime,
    protection_changes_session,
    session_identifier,
    viewer_of,
)
from .pages import (
    EXTENSION,
    STALE,
    VARY,
    Entry,
    Limits,
    PageCache,
    page_key,
    sign_csrf,
    vary_part,
)

_T = TypeVar("_T")


class Route(NamedTuple):
    """A `vary=` page a raw path routes to."""

    endpoint: str
    vary: Callable[..., Any]
    view_args: Mapping[str, Any]


class Opened:
    """A Cookie header as the layer opened it: the cookies, the session's contents (None: Flask
    decides), when the session was signed, and the CSRF token signed for it (filled on first
    use: the session's raw token is part of the cookie)."""

    __slots__ = ("cookies", "csrf", "data", "logged_in", "signed_at")

    def __init__(
        self, cookies: Mapping[str, str], data: Mapping[str, Any] | None, signed_at: int | None
    ) -> None:
        self.cookies, self.data, self.signed_at = cookies, data, signed_at
        self.logged_in = data is not None and USER_ID in data
        self.csrf: str | None = None


if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment


class PageCacheLayer:
    """WSGI middleware around the Flask app's own wsgi_app (inside ProxyFix, see create_app)."""

    def __init__(self, app: Flask, wsgi_app: WSGIApplication, size: int = 10_000) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self._max_age = int(
            app.permanent_session_lifetime.total_seconds()
        )  # as Flask opens sessions
        self._size = size
        # Memos of this worker, plain dicts (a lookup under the GIL needs no lock), each emptied
        # when it reaches `size` entries: hosts, paths and cookies come from the client.
        # Cookie header -> Opened (see _cookies).
        self._opened: dict[str, Opened] = {}
        # (PATH_INFO, QUERY_STRING) -> (Flask's request.full_path, the `vary=` route or None).
        self._paths: dict[tuple[str, str], tuple[str, Route | None]] = {}
        # (Host header, server name, port, scheme) -> the host Flask sees, or None (untrusted).
        self._hosts: dict[tuple[Any, ...], str | None] = {}
        # Content type -> the headers of a hit but Content-Length and the rate limits.
        self._fixed_headers: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = {}
        self._engine: Engine | None = None  # what read_rows reads from (plain_read_engine)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "GET":
            cache: PageCache | None = self.app.extensions.get(EXTENSION)
            if cache is not None and cache.has_path(
                (environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""))
            ):
                answer = self.answer(cache, environ)
                if answer is not None:
                    headers, body = answer
                    start_response("200 OK", headers)
                    return [body]
        return self.wsgi_app(environ, start_response)

    def answer(
        self, cache: PageCache, environ: WSGIEnvironment
    ) -> tuple[list[tuple[str, str]], bytes] | None:
        """The stored page's headers and body for this request, or None: Flask must answer."""
        config = self.app.config
        host = self._host(environ)
        if host is None:
            return None
        found = self._cookies(environ)
        if found is None:
            return None
        opened, data = found
        cookies = opened.cookies
        if data and protection_changes_session(
            data,
            session_identifier(
                environ.get("HTTP_X_FORWARDED_FOR"),
                environ.get("REMOTE_ADDR"),
                environ.get("HTTP_USER_AGENT"),
            ),
            config.get("SESSION_PROTECTION", login_manager.session_protection),
        ):
            return None
        logged_in = opened.logged_in
        if (data.get("_permanent") and config["SESSION_REFRESH_EACH_REQUEST"]) or (
            logged_in and config.get("REMEMBER_COOKIE_REFRESH_EACH_REQUEST")
        ):
            return None  # Flask would re-send a cookie on every response
        if (
            logged_in
            and lifetime(
                data,
                int(time.time()),
                config["SESSION_IDLE_TIMEOUT"].total_seconds(),
                config["SESSION_ABSOLUTE_TIMEOUT"].total_seconds(),
            )
            is not Lifetime.LIVE
        ):
            return None  # ended or stamped by Flask (security/sessions.py)
        full_path, route = self._path(environ)
        viewer, generation = None, cache.known_generation()
        varied: tuple[Any, ...] = ()
        if logged_in or generation is STALE or route is not None:
            # the database is asked (`read_rows` only), without an app context when it can be
            try:
                asked = self._with_reads(lambda: self._read(cache, environ, data, logged_in, route))
            except SQLAlchemyError:
                return None
            if asked is None:
                return None
            viewer, generation, varied = asked
        if not isinstance(generation, int):
            return None  # no generation row: nothing is cached (as in Flask's path)
        languages = tuple(config["LANGUAGES"])
        language = language_code(
            pick_language(
                viewer.locale if viewer else None,
                data.get("lang"),
                cookies.get(LANG_COOKIE),
                environ.get("HTTP_ACCEPT_LANGUAGE"),
                languages,
                config["BABEL_DEFAULT_LOCALE"],
            ),
            languages,
        )
        key = page_key(
            host,
            full_path,
            viewer.id if viewer else None,
            viewer.page_version if viewer else 0,
            generation,
            language,
        )
        if varied:
            key = (*key, *varied)
        entry = cache.layer_get(key)
        if entry is None or entry.limits is None or entry.expired():
            return None
        token = self._csrf_token(cache, entry, opened, data)
        if entry.has_hole and token is None:
            return None
        limit_headers = _count(
            entry.limits, environ.get("REMOTE_ADDR") or "127.0.0.1"
        )  # as get_remote_address
        if limit_headers is None:
            return None
        body = entry.body_for(token)
        cache.count_layer_hit()
        return self._headers(entry, body, limit_headers), body

    def _with_reads(self, work: Callable[[], _T]) -> _T:
        """`work()` with the database reads it makes (`read_rows` only: the viewer, the
        generation, a vary function) running without an app context
        (database.reads_outside_context), unless the ORM session is bound elsewhere (test
        plumbing): then in the app's context, never a request context."""
        if self._engine is None:
            self._engine = plain_read_engine(self.app)  # None again while bound elsewhere
        token = reads_outside_context(self.app, self._engine) if self._engine else None
        if token is None:
            with self.app.app_context():
                return work()
        try:
            return work()
        finally:
            end_reads_outside_context(token)

    def _read(
        self,
        cache: PageCache,
        environ: WSGIEnvironment,
        data: Mapping[str, Any],
        logged_in: bool,
        route: Route | None,
    ) -> tuple[CurrentUser | None, int | None | object, tuple[Any, ...]] | None:
        """The viewer, the shared generation and the vary part, read from the database; None
        when Flask must answer (no such viewer, a vary function that failed)."""
        viewer = viewer_of(data, environ) if logged_in else None
        if logged_in and viewer is None:
            return None
        generation = cache.generation()
        if route is None:
            return viewer, generation, ()
        varied = self._vary(route, viewer)
        if varied is None:
            return None
        return viewer, generation, varied

    def _host(self, environ: WSGIEnvironment) -> str | None:
        """The host Flask's request sees (werkzeug's get_host with TRUSTED_HOSTS), or None for an
        untrusted one (Flask answers 400); kept per Host header, server name, port and scheme,
        which are all it reads."""
        seen = (
            environ.get("HTTP_HOST"),
            environ.get("SERVER_NAME"),
            environ.get("SERVER_PORT"),
            environ.get("wsgi.url_scheme"),
        )
        hosts = self._hosts
        if seen in hosts:
            return hosts[seen]
        try:
            host: str | None = get_host(environ, self.app.config["TRUSTED_HOSTS"])
        except SecurityError:
            host = None
        if len(hosts) >= self._size:
            hosts.clear()
        hosts[seen] = host
        return host

    def _path(self, environ: WSGIEnvironment) -> tuple[str, Route | None]:
        """Flask's `request.full_path` (the decoded path and the query) and the `vary=` page the
        raw path routes to (endpoint, vary function, view arguments), as Flask's url_map matches
        it; else None, and the key has no vary part, under which no `vary=` entry can be found
        (its key is longer): so a path that routes nowhere, or routing that is not a function of
        the path alone (host or subdomain matching, URL value preprocessors that may change the
        view arguments) only ever finds other pages' entries. Kept per raw path and query: the
        url_map does not change once the app serves."""
        raw = (environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""))
        paths = self._paths
        known = paths.get(raw)
        if known is None:
            known = (self.app.request_class(environ).full_path, self._match(environ))
            if len(paths) >= self._size:
                paths.clear()
            paths[raw] = known
        return known

    def _match(self, environ: WSGIEnvironment) -> Route | None:
        app = self.app
        if (
            app.url_map.host_matching
            or app.subdomain_matching
            or any(app.url_value_preprocessors.values())
        ):
            return None
        adapter = app.url_map.bind_to_environ(  # as Flask.create_url_adapter binds it
            environ,
            server_name=app.config["SERVER_NAME"],
            subdomain=app.url_map.default_subdomain or "",
        )
        try:
            endpoint, view_args = adapter.match(method="GET")
        except HTTPException:  # not found, a redirect (a missing slash)
            return None
        vary = getattr(app.view_functions.get(endpoint), VARY, None)
        if vary is None:
            return None
        return Route(str(endpoint), vary, MappingProxyType(dict(view_args)))

    def _vary(self, route: Route, viewer: CurrentUser | None) -> tuple[Any, ...] | None:
        """The vary part of the page's key (pages.vary_part, as `@cached_page` adds it), or None
        when the vary function fails: Flask then answers (and shows the error, if any)."""
        try:
            return vary_part(route.endpoint, route.vary, route.view_args, viewer)
        except SQLAlchemyError:
            raise
        except Exception:  # e.g. a vary function that needs a request context
            self.app.logger.warning(
                "page cache layer: the vary of %s failed, Flask answers",
                route.endpoint,
                exc_info=True,
            )
            return None

    def _cookies(self, environ: WSGIEnvironment) -> tuple[Opened, Mapping[str, Any]] | None:
        """The request's cookies and its session's contents as Flask opens them (no cookie: an
        empty session); None when Flask must decide: a session cookie that opened to nothing (a
        bad signature, an expired one, an empty session), one with a flash message or a
        remember-me change, or a remember-me cookie (Flask-Login could log the visitor in).

        Kept per Cookie header: a browser sends the same one until the session changes, and
        parsing and verifying it cost as much as the rest of a hit. A kept session is used only
        while its signature's age is within the session lifetime, as itsdangerous checks it."""
        header = environ.get("HTTP_COOKIE", "")
        opened = self._opened
        known = opened.get(header)
        if known is None:
            known = self._open(self.app.request_class(environ))
            if len(opened) >= self._size:
                opened.clear()
            opened[header] = known
        data = known.data
        if data is None or (
            known.signed_at is not None
            and not 0 <= int(time.time()) - known.signed_at <= self._max_age
        ):
            return None
        return known, data

    def _open(self, request: Request) -> Opened:
        interface, config = self.app.session_interface, self.app.config
        cookies = (
            request.cookies.to_dict()
        )  # the first of each name, as request.cookies.get() gives
        if config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME) in cookies:
            return Opened(cookies, None, None)  # Flask-Login could log the visitor in from it
        value = cookies.get(interface.get_cookie_name(self.app))
        if not value:
            return Opened(cookies, MappingProxyType({}), None)
        serializer = (
            interface.get_signing_serializer(self.app)
            if isinstance(interface, SecureCookieSessionInterface)
            else None
        )
        if serializer is None:
            return Opened(cookies, None, None)
        try:
            data, signed_at = serializer.loads(value, max_age=self._max_age, return_timestamp=True)
        except BadSignature:  # expired ones too (SignatureExpired)
            return Opened(cookies, None, None)
        if not data or "_flashes" in data or "_remember" in data:
            return Opened(cookies, None, None)
        return Opened(cookies, MappingProxyType(data), int(signed_at.timestamp()))

    def _csrf_token(
        self, cache: PageCache, entry: Entry, opened: Opened, data: Mapping[str, Any]
    ) -> str | None:
        if not entry.has_hole or self.app.config.get("WTF_CSRF_TIME_LIMIT") is not None:
            return None
        if opened.csrf is not None:
            return opened.csrf
        raw = data.get(self.app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
        if not isinstance(raw, str):
            return None  # Flask's generate_csrf would make one and re-send the cookie
        opened.csrf = cache.signed_token(raw, lambda: sign_csrf(self.app, raw))
        return opened.csrf

    def _headers(
        self, entry: Entry, body: bytes, limit_headers: list[tuple[str, str]]
    ) -> list[tuple[str, str]]:
        """The headers Flask writes on a cache hit, in its order: the body's (and a download's
        Content-Disposition), the security headers (after_request), the rate-limit headers
        (Flask-Limiter), `Vary: Cookie` (the session was read). All but the length, the
        disposition and the limits are kept per content type."""
        fixed = self._fixed_headers.get(entry.content_type)
        if fixed is None:
            secure = bool(self.app.config.get("SESSION_COOKIE_SECURE"))
            fixed = (
                [(name, value) for name, value, _replace in security_headers(secure)],
                [("Vary", "Cookie")],
            )
            if len(self._fixed_headers) < 64:
                self._fixed_headers[entry.content_type] = fixed
        security, vary = fixed
        own = [("Content-Type", entry.content_type), ("Content-Length", str(len(body)))]
        if entry.disposition is not None:
            own.append(("Content-Disposition", entry.disposition))
        return [
            *own,
            *security,
            *limit_headers,
            *vary,
        ]


def _count(limits: Limits, address: str) -> list[tuple[str, str]] | None:
    """Count this request in the limits the stored page was counted in (Flask-Limiter's storage
    and strategy, the client's address); their headers as Flask-Limiter writes them, or None when
    a limit is breached (Flask then answers 429; a fixed window counted twice past its limit
    answers as once)."""
    if not limits.items:
        return []
    strategy = limiter.limiter
    counted = []
    for item, parts in limits.items:
        args = [address if part is None else part for part in parts]
        try:
            if not strategy.hit(item, *args):
                return None
        except Exception:  # storage unreachable: Flask-Limiter's own handling decides
            return None
        counted.append((item, args))
    if limits.header is None or not (limiter.enabled and limiter._headers_enabled):
        return []
    item, args = counted[limits.header]
    reset_at, remaining = strategy.get_window_stats(item, *args)
    reset = int(reset_at + 1)
    names = limiter._header_mapping
    retry = (
        http_date(reset) if limiter._retry_after == "http-date" else str(int(reset - time.time()))
    )
    return [
        (names[HeaderNames.LIMIT], str(item.amount)),
        (names[HeaderNames.REMAINING], str(remaining)),
        (names[HeaderNames.RESET], str(reset)),
        (names[HeaderNames.RETRY_AFTER], retry),
    ]


def install(app: Flask) -> None:
    """Put the layer in front of the app's wsgi_app (before ProxyFix wraps both)."""
    app.wsgi_app = PageCacheLayer(app, app.wsgi_app)  # type: ignore[method-assign]
