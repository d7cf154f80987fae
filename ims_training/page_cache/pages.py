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
  response that set its own cookie or any header beyond its type; any request while a flash
  message is pending.

A thin WSGI layer (page_cache/layer.py) serves the same entries before Flask when it can
prove Flask would serve that entry for that request; everything else reaches this decorator.

Entries also expire after PAGE_CACHE_SECONDS (default 300) to bound memory and time-of-day text;
PAGE_CACHE_SIZE entries per worker (default 5000, 0 turns the cache off). Only mark a view whose
page shows content and the viewer's own data: never other users' data or audit history.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from functools import wraps
from typing import Any, NamedTuple, ParamSpec, overload

from cachetools import LRUCache, TTLCache
from flask import Flask, Response, current_app, g, request, session
from flask.globals import request_ctx
from flask.typing import ResponseReturnValue
from flask_limiter.util import get_remote_address
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from itsdangerous import URLSafeTimedSerializer
from limits import RateLimitItem
from werkzeug.utils import get_content_type

from ..database import read_rows
from ..extensions import limiter
from ..i18n import current_language
from .versions import CONTENT_GENERATION, local_content_commits

P = ParamSpec("P")
View = Callable[P, ResponseReturnValue]  # a view function with parameters P

CSRF_HOLE = "__ims-csrf-token__"
NOW_HOLE = "__ims-server-now__"
EXTENSION = "page_cache"
STALE = object()  # PageCache.known_generation: the memo is out of date
# Headers a view's own response may carry and still be stored: the copy keeps the body, its type
# and a download's Content-Disposition, so a page with any other header of its own is rendered
# every time; but `Cache-Control: no-store`, which every response gets anyway (security/headers).
_OWN_HEADERS = frozenset({"content-type", "content-length", "content-disposition"})
_ANY_RESPONSE_HEADERS = frozenset({("cache-control", "no-store")})


class Limits(NamedTuple):
    """The rate limits Flask-Limiter counted for a stored page, for the layer to count again:
    each limit with its storage key parts, the client's address left as None."""

    items: tuple[tuple[RateLimitItem, tuple[str | None, ...]], ...]
    header: int | None  # which one Flask-Limiter reports in the X-RateLimit-* headers


class Entry(NamedTuple):
    """A stored page: its UTF-8 body with holes for the session's CSRF token and the server's
    clock, filled for each response by `body_for` (Flask's decorator and the layer alike)."""

    body: bytes
    mimetype: str | None
    has_hole: bool  # a CSRF token
    has_now: bool  # the server's clock
    until: float | None  # not served from this time.time() on
    content_type: str
    limits: Limits | None  # None: limits the layer cannot replay, so only Flask serves it
    # The body cut at its holes (`cut`): text, hole, text, ..., the texts views into `body` (no
    # copy), so a response joins the pieces instead of searching the whole body for each hole.
    pieces: tuple[bytes | memoryview, ...] = ()
    disposition: str | None = None  # a download's Content-Disposition (a CSV export)

    def expired(self) -> bool:
        return self.until is not None and time.time() >= self.until

    def body_for(self, token: str | None) -> bytes:
        if not (self.has_hole or self.has_now):
            return self.body
        pieces = self.pieces or cut(self.body, csrf=self.has_hole, now=self.has_now)
        csrf = (token or "").encode() if self.has_hole else _CSRF_BYTES
        now = datetime.now(UTC).isoformat().encode() if self.has_now else _NOW_BYTES
        if self.has_hole != self.has_now:  # holes of one kind only (the usual CSRF token)
            return (csrf if self.has_hole else now).join(pieces[::2])
        return b"".join(
            (csrf if piece == _CSRF_BYTES else now) if i % 2 else piece
            for i, piece in enumerate(pieces)
        )


_CSRF_BYTES, _NOW_BYTES = CSRF_HOLE.encode(), NOW_HOLE.encode()
_HOLES = {
    (True, True): re.compile(re.escape(_CSRF_BYTES) + b"|" + re.escape(_NOW_BYTES)),
    (True, False): re.compile(re.escape(_CSRF_BYTES)),
    (False, True): re.compile(re.escape(_NOW_BYTES)),
}


def cut(body: bytes, *, csrf: bool, now: bool) -> tuple[bytes | memoryview, ...]:
    """`body` as text, hole, text, ... (holes at odd positions), the texts views into `body`.
    Only the kinds of hole asked for are cut: a page whose own text happens to contain the other
    placeholder keeps it as text."""
    if not (csrf or now):
        return (body,)
    view, start = memoryview(body), 0
    pieces: list[bytes | memoryview] = []
    for hole in _HOLES[csrf, now].finditer(body):
        pieces += [view[start : hole.start()], hole.group()]
        start = hole.end()
    pieces.append(view[start:])
    return tuple(pieces)


def page_key(
    host: str, full_path: str, viewer: int | None, version: int, generation: int, language: str
) -> tuple[Any, ...]:
    """The key of a page: the same for Flask's decorator and the WSGI layer (see module doc)."""
    return (host, full_path, viewer, version, generation, language, _today())


# The UTC day `_today` knows: when it starts and ends (time.time()), and its date.
_day: tuple[float, float, date] = (0.0, 0.0, date.min)


def _today() -> date:
    """Today's UTC date, worked out again only when the clock has left the day it knows."""
    global _day
    now = time.time()
    starts, ends, day = _day
    if starts <= now < ends:
        return day
    day = datetime.fromtimestamp(now, UTC).date()
    midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
    _day = (midnight.timestamp(), (midnight + timedelta(days=1)).timestamp(), day)
    return day


VARY = "page_cache_vary"  # attribute of a `@cached_page(vary=...)` view: its vary function


TAKES_VIEWER = "page_cache_takes_viewer"  # attribute of a vary function that reads the viewer


def viewer_vary(vary: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a vary function whose part of the key also depends on who is looking (a
    coordinator's dashboard shows their cohorts' members): it is called `vary(viewer,
    **view_args)`, `viewer` the session's `CurrentUser` (or None for a visitor), the same object
    on both paths (Flask-Login's user loader and the layer read it with one function)."""
    setattr(vary, TAKES_VIEWER, True)
    return vary


def vary_part(
    endpoint: str, vary: Callable[..., Any], view_args: Mapping[str, Any], viewer: Any = None
) -> tuple[Any, ...]:
    """What a `vary=` page adds to its key: its endpoint and `vary(**view_args)` (or, for a
    `viewer_vary` function, `vary(viewer, **view_args)`). The one rule for Flask's decorator and
    the WSGI layer, which finds `vary` on the endpoint's view function (attribute VARY) and the
    view arguments with the app's url_map. A vary function is therefore Flask-free: it takes the
    view arguments (and the viewer) only and reads with plain queries (`read_rows`), in an app
    context but no request context."""
    if getattr(vary, TAKES_VIEWER, False):
        return (endpoint, vary(viewer, **view_args))
    return (endpoint, vary(**view_args))


def sign_csrf(app: Flask, raw: str) -> str:
    """A CSRF token for the session's raw token, as Flask-WTF's generate_csrf signs it (same key,
    salt and serializer), so Flask-WTF accepts it; signed once per raw token, the time limit
    being None (see _csrf_token)."""
    secret: str | bytes = app.config.get("WTF_CSRF_SECRET_KEY") or app.secret_key  # type: ignore[assignment]
    return str(URLSafeTimedSerializer(secret, salt="wtf-csrf-token").dumps(raw))


class PageCache:
    """Rendered pages of one worker: key -> Entry."""

    def __init__(self, size: int, seconds: float, generation_seconds: float) -> None:
        self._entries: TTLCache[tuple[Any, ...], Entry] = TTLCache(maxsize=size, ttl=seconds)
        self._lock = threading.Lock()
        self._signed_tokens: LRUCache[str, str] = LRUCache(maxsize=size)
        # Raw (PATH_INFO, QUERY_STRING) of stored pages: the layer looks no further for others.
        self._paths: LRUCache[tuple[str, str], bool] = LRUCache(maxsize=size)
        self.hits = 0
        self.misses = 0
        self.layer_hits = 0  # of `hits`, those the WSGI layer served before Flask
        self._generation_seconds = generation_seconds
        self._generation: tuple[int | None, float, int] | None = (
            None  # value, read at, local commits
        )

    def generation(self) -> int | None:
        """The shared content generation, read at most once per PAGE_CACHE_GENERATION_SECONDS,
        and again at once after this worker commits a content change. Another worker's change
        therefore reaches this worker's anonymous pages within that interval (one second)."""
        known = self.known_generation()
        if known is not STALE:
            return known  # type: ignore[return-value]
        now, commits = time.monotonic(), local_content_commits()
        rows = read_rows(CONTENT_GENERATION)  # a plain read: a cache hit opens no ORM session
        value = rows[0][0] if rows else None
        self._generation = (value, now, commits)
        return value

    def known_generation(self) -> int | None | object:
        """The memoised generation while it is fresh, else STALE (then `generation()` reads it,
        which needs an app context)."""
        memo = self._generation
        if (
            memo is not None
            and memo[2] == local_content_commits()
            and time.monotonic() - memo[1] < self._generation_seconds
        ):
            return memo[0]
        return STALE

    def get(self, key: tuple[Any, ...]) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry.expired():
                del self._entries[key]  # the page has changed by itself (a deadline passed)
                entry = None
            if entry is None:
                self.misses += 1
            else:
                self.hits += 1
            return entry

    def layer_get(self, key: tuple[Any, ...]) -> Entry | None:
        """The entry for the WSGI layer; a miss is not counted (Flask then looks again)."""
        with self._lock:
            return self._entries.get(key)

    def count_layer_hit(self) -> None:
        with self._lock:
            self.hits += 1
            self.layer_hits += 1

    def put(self, key: tuple[Any, ...], entry: Entry, raw_path: tuple[str, str]) -> None:
        with self._lock:
            self._entries[key] = entry
            self._paths[raw_path] = True

    def has_path(self, raw_path: tuple[str, str]) -> bool:
        with self._lock:
            return raw_path in self._paths

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
    return page_key(
        request.host, request.full_path, viewer, version, generation, current_language()
    )


def _csrf_token(cache: PageCache) -> str:
    """This session's CSRF token. Flask-WTF signs the session's raw token with a timestamp; with
    no time limit (WTF_CSRF_TIME_LIMIT = None) one signed token per raw token serves as well as a
    fresh one, so it is kept beside the pages instead of being signed again on every hit."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    raw = session.get(field)
    if raw is None or current_app.config.get("WTF_CSRF_TIME_LIMIT") is not None:
        return generate_csrf()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    return cache.signed_token(raw, lambda: sign_csrf(app, raw))


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
    body = entry.body_for(_csrf_token(cache) if entry.has_hole else None)
    response = current_app.response_class(body, mimetype=entry.mimetype)
    if entry.disposition is not None:
        response.headers["Content-Disposition"] = entry.disposition
    return response


def _limits() -> Limits | None:
    """The limits Flask-Limiter counted for this request, for the layer to count for another
    client; None when they cannot be replayed (not keyed on the client's address alone, more
    than one, or counted only after the response, `deduct_when`)."""
    counted = limiter.current_limits
    if not counted:
        return Limits((), None)
    if limiter.context.conditional_deductions:
        return None
    if len(counted) > 1:
        return None  # a breach of one would count the others twice when Flask answers it
    address = get_remote_address()
    items = []
    for counted_limit in counted:
        args = list(counted_limit.request_args)
        if counted_limit.breached or args.count(address) != 1:
            return None
        items.append((counted_limit.limit, tuple(None if a == address else a for a in args)))
    header = next((i for i, c in enumerate(counted) if c is limiter.current_limit), None)
    return Limits(tuple(items), header)


def _storable(cache: PageCache, response: Response) -> Entry | None:
    if response.status_code != 200 or response.direct_passthrough or response.is_streamed:
        return None
    if "Set-Cookie" in response.headers or request_ctx.flashes or "_flashes" in session:
        return None
    if any(
        name.lower() not in _OWN_HEADERS and (name.lower(), value) not in _ANY_RESPONSE_HEADERS
        for name, value in response.headers.items()
    ):
        return None
    body = response.get_data(as_text=True)
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    token = g.get(field)
    has_hole = bool(token) and token in body
    if has_hole:
        body = body.replace(token, CSRF_HOLE)
        raw = session.get(field)
        if raw is not None:  # this session's signed token, for its next hits
            cache.signed_token(raw, lambda: token)
    now = g.get("page_cache_now")
    has_now = bool(now) and now in body
    if has_now:
        body = body.replace(now, NOW_HOLE)
    until = g.get("page_cache_until")
    mimetype = response.mimetype
    encoded = body.encode()
    return Entry(
        encoded,
        mimetype,
        has_hole,
        has_now,
        until.timestamp() if until is not None else None,
        get_content_type(mimetype, "utf-8") if mimetype else response.content_type or "",
        _limits(),
        cut(encoded, csrf=has_hole, now=has_now),
        response.headers.get("Content-Disposition"),
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
                viewer = current_user if current_user.is_authenticated else None
                key = (*key, *vary_part(request.endpoint or "", vary, kwargs, viewer))
            entry = cache.get(key)
            if entry is not None:
                return _serve(cache, entry)
            # g outlives the request where a test holds one app context across requests
            g.pop("page_cache_now", None)
            g.pop("page_cache_until", None)
            response = current_app.make_response(view(*args, **kwargs))
            stored = _storable(cache, response)
            if stored is not None:
                raw_path = (
                    request.environ.get("PATH_INFO", ""),
                    request.environ.get("QUERY_STRING", ""),
                )
                cache.put(key, stored, raw_path)
            return response

        if vary is not None:
            setattr(wrapper, VARY, vary)  # for the layer (see vary_part)
        return wrapper

    return decorate(view) if view is not None else decorate
