"""Services translate their messages, which needs a request context (English here)."""

import pytest


@pytest.fixture(autouse=True)
def _request_context(app):  # type: ignore[no-untyped-def]
    with app.test_request_context("/"):
        yield
