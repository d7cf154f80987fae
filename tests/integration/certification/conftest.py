"""Services are called from views: run them inside a request context (messages are translated)."""

import pytest


@pytest.fixture(autouse=True)
def _request_context(app):  # type: ignore[no-untyped-def]
    with app.test_request_context("/"):
        yield
