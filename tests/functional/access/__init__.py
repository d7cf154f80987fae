"""The role matrix: what every URL rule answers to each kind of visitor.

Each audience has a module here (main, auth, admin, learn, author, partner, public) with
`EXPECTATIONS`, a dict from endpoint to `Expect`. `test_role_matrix.py` fails for any registered
URL rule that has no entry, so a new route cannot ship without its access decision.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

VISITORS = ("anonymous", "trainee", "instructor", "coordinator", "administrator")

# The answer a visitor gets: an exact status code, or "login" (redirect to /login), or "ok" (any
# answer that is not a refusal: 2xx/3xx not to /login, or a 400/409/422 form error).
Outcome = int | str


@dataclass(frozen=True)
class Expect:
    """Who may use an endpoint. `url` is a path or a function (world) -> path for rules with arguments.

    allowed: visitors that get `ok_status` (default 200 for GET, "ok" for POST).
    Everybody else gets `denied` (default 403) and anonymous gets "login" unless `public`.
    `overrides` pins an exact outcome per visitor (e.g. {"trainee": 404} for another's data).
    """

    url: str | Callable[[Any], str]
    allowed: tuple[str, ...] = ()
    methods: tuple[str, ...] = ("GET",)
    public: bool = False
    ok_status: Outcome | None = None
    denied: Outcome = 403
    overrides: dict[str, Outcome] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)

    def expected(self, visitor: str, method: str) -> Outcome:
        if visitor in self.overrides:
            return self.overrides[visitor]
        if self.public or visitor in self.allowed:
            if self.ok_status is not None:
                return self.ok_status
            return 200 if method == "GET" else "ok"
        if visitor == "anonymous":
            return "login"
        return self.denied


STAFF = ("instructor", "administrator")
LOGGED_IN = ("trainee", "instructor", "coordinator", "administrator")
