"""Use cases: the only code that commits. Views and CLI commands call these."""


class ServiceError(Exception):
    """A rule refused the request; `field` names the form field when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
