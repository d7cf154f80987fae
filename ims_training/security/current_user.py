"""The logged-in user of a request: a small read-only object from one plain query.

Why: loading the viewer through the ORM (a Session, BEGIN, a joined `User` with its roles, a
rollback at teardown) cost more than the whole rest of a cached page (issue 13). Every request
needs only the id, the name, the roles, the language, the page version and the account token, and
`services.accounts.sessions.user_of_session` reads exactly those with one Core query.

Code that writes asks for the ORM row explicitly with `current_user.row()`. For code written
against the ORM `User` (services that take `user` and read `user.email`, or set an attribute), any
other attribute is read from, and any assignment made on, that row, loaded on first use and kept
for the rest of the request; so passing `current_user` to a service still works, at the price of
the ORM load only on the requests that need it.
"""

from __future__ import annotations

from typing import Any

from ..models import Role, User

_FIELDS = ("id", "name", "locale", "page_version", "session_token", "is_enabled", "roles")


class CurrentUser:
    """What every request knows about its logged-in user (Flask-Login's user object)."""

    __slots__ = (*_FIELDS, "_row")
    is_authenticated = True
    is_anonymous = False

    id: int
    name: str
    locale: str | None
    page_version: int
    session_token: str
    is_enabled: bool
    roles: frozenset[Role]
    _row: User | None

    def __init__(
        self,
        *,
        id: int,
        name: str,
        locale: str | None,
        page_version: int,  # noqa: A002
        session_token: str,
        is_enabled: bool,
        roles: frozenset[Role],
    ) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "id", id)
        setattr_(self, "name", name)
        setattr_(self, "locale", locale)
        setattr_(self, "page_version", page_version)
        setattr_(self, "session_token", session_token)
        setattr_(self, "is_enabled", is_enabled)
        setattr_(self, "roles", roles)
        setattr_(self, "_row", None)

    @property
    def is_active(self) -> bool:
        return self.is_enabled

    def get_id(self) -> str:
        # After a write through the row (a password change rotates the token) the row is the truth.
        row = self._row
        return f"{self.id}:{row.session_token if row is not None else self.session_token}"

    def has_role(self, *roles: Role | str) -> bool:
        mine = {r.value for r in self.roles}
        return any(str(r) in mine for r in roles)

    def row(self) -> User:
        """The ORM row of this user in the request's session, for code that writes."""
        row = self._row
        if row is None:
            from ..extensions import db

            row = db.session.get(User, self.id)
            if row is None:  # deleted since the request began: nothing may be written for it
                raise LookupError(f"user {self.id} no longer exists")
            object.__setattr__(self, "_row", row)
        return row

    def __getattr__(self, name: str) -> Any:
        # Only called for attributes this object does not have (email, city, role_rows, ...).
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.row(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self.row(), name, value)
        if name in _FIELDS:
            object.__setattr__(self, name, value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CurrentUser | User):
            return other.id == self.id
        return NotImplemented

    def __hash__(self) -> int:
        return hash(("user", self.id))

    def __repr__(self) -> str:
        return f"<CurrentUser {self.id}>"
