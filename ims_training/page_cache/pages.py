"""A versioned cache of rendered pages, for views marked `@cached_page`.

Why: the lesson page, the course module list and the public verification page are read far more
often than the data under them changes, and rendering them costs ten to thirty times a bare Flask
response (see `make bench`). A cached copy is served after the login, the role guard, the session
timeouts and the rate limit have run, so caching changes how fast a page is, never who sees it.

Invalidated by versions, not by waiting for expiry:

* The key holds the viewer's id and `User.page_version`, the shared `content` generation, the
  language, host, path with query, and today's date. Every write bumps the right version in its
  own transaction (ims_training/page_cache/versions.py). The viewer's version is read with
  the viewer on every request, so their own changes show at once on every worker. The shared
  generation is read at most once a second per worker (PAGE_CACHE_GENERATION_SECONDS) and at
  once after the worker's own content writes: a course import, or a revocation made on another
  worker, reaches a cached page within that second. That is the one staleness we accept, for
  anonymous verification hits that then touch no database at all.
* The CSRF token is a hole: the stored copy has a placeholder where this session's token was, and
  each response gets the token of the session asking for it. The server's clock for a script
  (`server_now`, a countdown's skew) is another hole, filled with the time of each response.
* A page that changes by itself at a known moment (a deadline passes, a wait ends) says so with
  `valid_until`; its stored copy is not served from that moment on.
* Not cached: anything but a plain 200 from a GET; a page that showed or left a flash message; a
  response that set its own cookie; any request while a flash message is pending.

Entries also expire after PAGE_CACHE_SECONDS (default 300) to bound memory and time-of-day text;
PAGE_CACHE_SIZE entries per worker (default 5000, 0 turns the cache off). Only mark a view whose
page shows content and the viewer's own data: never other users' data or audit history.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from typing import Any, ParamSpec, overload

from cachetools import LRUCache, TTLCache
from flask import Flask, Response, current_app, g, request, session
from flask.globals import request_ctx
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from ..database import read_rows
from ..i18n import current_language
from .versions import CONTENT_GENERATION, local_content_commits

P = ParamSpec("P")
View = Callable[P, ResponseReturnValue]  # a view function with parameters P
# body, mimetype, has a CSRF hole, has a clock hole, not served from this time.time() on (or None)
Entry = tuple[str, str | None, bool, bool, float | None]

CSRF_HOLE = "__ims-csrf-token__"
NOW_HOLE = "__ims-server-now__"
EXTENSION = "page_cache"


class PageCache:
    """Rendered pages of one worker: key -> Entry."""

    def __init__(self, size: int, seconds: float, generation_seconds: float) -> None:
        self._entries: TTLCache[tuple[Any, ...], Entry] = TTLCache(maxsize=size, ttl=seconds)
        self._lock = threading.Lock()
        self._signed_tokens: LRUCache[str, str] = LRUCache(maxsize=size)
        self.hits = 0
        self.misses = 0
        self._generation_seconds = generation_seconds
        self._generation: tuple[int | None, float, int] | None = (
            None  # value, read at, local commits
        )

    def generation(self) -> int | None:
        """The shared content generation, read at most once per PAGE_CACHE_GENERATION_SECONDS,
        and again at once after this worker commits a content change. Another worker's change
        therefore reaches this worker's anonymous pages within that interval (one second)."""
        now, commits = time.monotonic(), local_content_commits()
        memo = self._generation
        if memo is not None and memo[2] == commits and now - memo[1] < self._generation_seconds:
            return memo[0]
        rows = read_rows(CONTENT_GENERATION)  # a plain read: a cache hit opens no ORM session
        value = rows[0][0] if rows else None
        self._generation = (value, now, commits)
        return value

    def get(self, key: tuple[Any, ...]) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[4] is not None and time.time() >= entry[4]:
                del self._entries[key]  # the page has changed by itself (a deadline passed)
                entry = None
            if entry is None:
                self.misses += 1
            else:
                self.hits += 1
            return entry

    def put(self, key: tuple[Any, ...], entry: Entry) -> None:
        with self._lock:
            self._entries[key] = entry

    def signed_token(self, raw: str, sign: Callable[[], str]) -> str:
        with self._lock:
            signed = self._signed_tokens.get(raw)
        if signed is None:
            signed = sign()
            with self._lock:
                self._signed_tokens[raw] = signed
        return signed


def init_page_cache(app: Flask) -> None:
    size = int(app.config["PAGE_CACHE_SIZE"])
    if size > 0:
        app.extensions[EXTENSION] = PageCache(
            size,
            float(app.config["PAGE_CACHE_SECONDS"]),
            float(app.config["PAGE_CACHE_GENERATION_SECONDS"]),
        )


def page_cache() -> PageCache | None:
    return current_app.extensions.get(EXTENSION)


def _key(cache: PageCache) -> tuple[Any, ...] | None:
    generation = cache.generation()
    if generation is None:  # no generation row: nothing can be invalidated, so nothing is cached
        return None
    if current_user.is_authenticated:
        viewer, version = current_user.id, current_user.page_version
    else:
        viewer, version = None, 0
    return (
        request.host,
        request.full_path,
        viewer,
        version,
        generation,
        current_language(),
        datetime.now(UTC).date(),
    )


def _csrf_token(cache: PageCache) -> str:
    """This session's CSRF token. Flask-WTF signs the session's raw token with a timestamp; with
    no time limit (WTF_CSRF_TIME_LIMIT = None) one signed token per raw token serves as well as a
    fresh one, so it is kept beside the pages instead of being signed again on every hit."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    raw = session.get(field)
    if raw is None or current_app.config.get("WTF_CSRF_TIME_LIMIT") is not None:
        return generate_csrf()
    return cache.signed_token(raw, generate_csrf)


def server_now() -> str:
    """The server's current time (ISO 8601, UTC) for a page's script, e.g. a countdown that
    corrects the browser's clock; a stored copy of the page gets the time of each response."""
    value = datetime.now(UTC).isoformat()
    g.page_cache_now = value
    return value


def valid_until(moment: datetime | None) -> None:
    """The page being rendered changes by itself at `moment` (a deadline passes, a wait ends):
    its stored copy is not served from then on. The earliest of several moments counts."""
    if moment is not None and (g.get("page_cache_until") is None or moment < g.page_cache_until):
        g.page_cache_until = moment


def _serve(cache: PageCache, entry: Entry) -> Response:
    body, mimetype, has_hole, has_now, _until = entry
    if has_hole:
        body = body.replace(CSRF_HOLE, _csrf_token(cache))
    if has_now:
        body = body.replace(NOW_HOLE, datetime.now(UTC).isoformat())
    return current_app.response_class(body, mimetype=mimetype)


def _storable(response: Response) -> Entry | None:
    if response.status_code != 200 or response.direct_passthrough or response.is_streamed:
        return None
    if "Set-Cookie" in response.headers or request_ctx.flashes or "_flashes" in session:
        return None
    body = response.get_data(as_text=True)
    token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    has_hole = bool(token) and token in body
    if has_hole:
        body = body.replace(token, CSRF_HOLE)
    now = g.get("page_cache_now")
    has_now = bool(now) and now in body
    if has_now:
        body = body.replace(now, NOW_HOLE)
    until = g.get("page_cache_until")
    return (
        body,
        response.mimetype,
        has_hole,
        has_now,
        until.timestamp() if until is not None else None,
    )


@overload
def cached_page(view: View[P], /) -> View[P]: ...
@overload
def cached_page(
    *, when: Callable[[], bool] | None = None, vary: Callable[..., Any] | None = None
) -> Callable[[View[P]], View[P]]: ...
def cached_page(
    view: View[P] | None = None,
    *,
    when: Callable[[], bool] | None = None,
    vary: Callable[..., Any] | None = None,
) -> View[P] | Callable[[View[P]], View[P]]:
    """Serve the view's page from the cache when nothing it shows has changed (see module doc).

    `@cached_page` or `@cached_page(when=predicate)`: with a predicate, only requests for which it
    returns True use the cache (e.g. a dashboard whose panels for some roles show other users'
    data). `vary(**view_args)` adds to the key what else the page depends on: a page that shows
    other users' private data (a cohort) must add their versions, or it must not be cached."""

    def decorate(view: View[P]) -> View[P]:
        @wraps(view)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> ResponseReturnValue:
            cache = page_cache()
            if cache is None or request.method != "GET" or "_flashes" in session:
                return view(*args, **kwargs)
            if when is not None and not when():
                return view(*args, **kwargs)
            key = _key(cache)
            if key is None:
                return view(*args, **kwargs)
            if vary is not None:
                key = (*key, vary(**kwargs))
            entry = cache.get(key)
            if entry is not None:
                return _serve(cache, entry)
            # g outlives the request where a test holds one app context across requests
            g.pop("page_cache_now", None)
            g.pop("page_cache_until", None)
            response = current_app.make_response(view(*args, **kwargs))
            stored = _storable(response)
            if stored is not None:
                cache.put(key, stored)
            return response

        return wrapper

    return decorate(view) if view is not None else decorate
