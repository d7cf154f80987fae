"""Run one service call for a view and show its refusal (a `ServiceError`) where the person looks.

Two ways to show a refusal, chosen by the view:

- at a form field (`form=`): the field the refusal names, else the view's `field=` default;
- otherwise as an error flash, or, with `page_error=True`, handed back in `Outcome.page_error`
  for pages that print the refusal themselves (above the form, with their own status).

The view branches on the `Outcome` (true when the call succeeded). Nothing is rolled back here:
services run their writes in `write_transaction()`, which undoes them when they refuse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar, cast

from flask import flash
from wtforms import Field, Form

from ..services import ServiceError

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What one service call gave: its `value`, or its refusal (`error`); true when it succeeded."""

    result: T | None = None
    error: ServiceError | None = None
    field: str | None = None  # the form field that shows the refusal
    page_error: str | None = (
        None  # the refusal's message when the page shows it (`page_error=True`)
    )

    @property
    def value(self) -> T:
        """The call's result; read it only after the outcome proved true."""
        if self.error is not None:
            raise RuntimeError("the service refused; there is no value") from self.error
        return cast(T, self.result)

    @property
    def ok(self) -> bool:
        return self.error is None

    def __bool__(self) -> bool:
        return self.ok


def call_service(
    action: Callable[[], T],
    *,
    form: Form | None = None,
    field: str | None = None,
    page_error: bool = False,
) -> Outcome[T]:
    """Run `action`; on a refusal put its message at a field of `form` (the one it names, else
    `field`), else flash it as an error, or with `page_error` return it for the page to show."""
    try:
        return Outcome(result=action())
    except ServiceError as error:
        target = _target(form, error.field, field)
        if target is not None:
            target.errors = [*target.errors, error.message]
            return Outcome(error=error, field=target.short_name)
        if page_error:
            return Outcome(error=error, page_error=error.message)
        flash(error.message, "error")
        return Outcome(error=error)


def _target(form: Form | None, named: str | None, default: str | None) -> Field | None:
    if form is None:
        return None
    for name in (named, default):
        if name and name in form:
            return form[name]
    return None
