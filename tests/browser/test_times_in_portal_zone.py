"""Times on the quiz page are in the portal's time zone, whatever the browser's: the autosave
"Saved at" agrees with the deadline, and the page says which zone it is."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from ims_training.models import Role
from tests.factories.quizzes import import_marker_bank

from ..conftest import PASSWORD
from .conftest import log_in

pytestmark = pytest.mark.browser


def test_autosave_time_and_deadline_are_in_oslo_time_for_a_browser_in_new_york(
    live_server, browser, make_user, tmp_path
):  # type: ignore[no-untyped-def]
    import_marker_bank(tmp_path, time_limit_minutes=30)
    trainee = make_user(Role.TRAINEE, email="tid@example.org")
    context = browser.new_context(locale="en-GB", timezone_id="America/New_York")
    page = context.new_page()
    try:
        log_in(page, live_server, trainee.email, PASSWORD)
        page.goto(live_server + "/learn/quizzes")
        page.get_by_role("link", name="Marker quiz").click()
        page.get_by_role("button", name="Start the quiz").click()
        page.get_by_role(
            "button", name="Start attempt 1 of 3"
        ).click()  # the confirmation of a timed quiz
        expect(page.locator(".countdown")).to_contain_text("Central European")
        page.get_by_label("Mjøsa").check()
        status = page.locator("#save-status")
        expect(status).to_contain_text("Saved at")
        shown = re.search(r"(\d{2}):(\d{2}):\d{2}", status.inner_text())
        assert shown, status.inner_text()
        oslo = datetime.now(UTC).astimezone(ZoneInfo("Europe/Oslo"))
        new_york = datetime.now(UTC).astimezone(ZoneInfo("America/New_York"))
        assert int(shown.group(1)) == oslo.hour or (
            oslo.minute == 0 and int(shown.group(1)) == (oslo.hour - 1) % 24
        )
        assert int(shown.group(1)) != new_york.hour
    finally:
        context.close()
