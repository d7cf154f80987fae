"""URLs the portal hands out or follows, made safe in one place.

- `public_url`: absolute links (e-mails, documents) from PUBLIC_BASE_URL, never from the request's
  Host or X-Forwarded-Host, so a forged header cannot send a reset token to another site.
- `safe_next`: a `next` redirect target only when it is a plain path on this site.
- `BoundedIntConverter`: `<int:...>` route arguments that fit a database integer; larger numbers
  are a 404 instead of an OverflowError in the driver.
- `page_arg`: the `?page=` number of a list, 1 when it is not a sensible page number.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, request, url_for
from werkzeug.routing import IntegerConverter

DB_INT_MAX = (
    2**31 - 1
)  # the id columns are INTEGER: 32 bits on PostgreSQL, so larger ids cannot exist
MAX_PAGE = 1_000_000  # far beyond any list here; keeps OFFSET well inside 64 bits
MAX_NEXT_LENGTH = 512

# A path on this site: one "/", then printable ASCII only. No "//" or "/\" (other hosts to a
# browser), no backslash, no whitespace or control characters (browsers drop tab and newline,
# turning "/\t/evil.example" into "//evil.example"; CR/LF would split the Location header).
_SAFE_PATH = re.compile(r"/(?![/\\])[!-\[\]-~]*")


def public_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of `endpoint` under the configured PUBLIC_BASE_URL."""
    base = urlsplit(str(current_app.config["PUBLIC_BASE_URL"]).rstrip("/"))
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


def safe_next(target: str | None, default_endpoint: str = "main.dashboard") -> str:
    """`target` when it is a relative path on this site, else the default page."""
    if target and len(target) <= MAX_NEXT_LENGTH and _SAFE_PATH.fullmatch(target):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for(default_endpoint)


class BoundedIntConverter(IntegerConverter):
    """Werkzeug's `int` converter, limited to what a database integer column can hold."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:  # noqa: A002 - werkzeug's name
        kwargs.setdefault("max", DB_INT_MAX)
        super().__init__(map, *args, **kwargs)


def page_arg(name: str = "page") -> int:
    """The page number from the query string: 1 unless it is a whole number from 1 to MAX_PAGE."""
    value = request.args.get(name, "")
    if value.isascii() and value.isdigit() and len(value) <= 7:
        number = int(value)
        if 1 <= number <= MAX_PAGE:
            return number
    return 1
