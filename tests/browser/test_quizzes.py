"""A trainee takes a quiz in a real browser: autosave survives a reload, flag, submit, result."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ims_training.models import Role
from tests.factories.quizzes import import_marker_bank

from ..conftest import PASSWORD
from .conftest import log_in

pytestmark = pytest.mark.browser


def test_trainee_answers_reloads_flags_submits_and_sees_the_result(
    live_server, page, make_user, tmp_path
):
    import_marker_bank(tmp_path)
    trainee = make_user(Role.TRAINEE, email="quiz@example.org")
    log_in(page, live_server, trainee.email, PASSWORD)
    page.goto(live_server + "/learn/quizzes")
    page.get_by_role("link", name="Marker quiz").click()
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_text("This is attempt 1 of 3.")).to_be_visible()
    page.get_by_role("button", name="Start attempt 1 of 3").click()
    expect(page.get_by_text("Question 1 of 7")).to_be_visible()

    page.get_by_label("Mjøsa").check()  # autosaves on change, no button pressed
    page.locator("#save-status").get_by_text("Saved at").wait_for()
    page.get_by_label("Flag this question").check()
    page.locator("#save-status").get_by_text("Saved at").wait_for()
    page.reload()
    expect(page.get_by_label("Mjøsa")).to_be_checked()
    expect(page.get_by_label("Flag this question")).to_be_checked()

    page.get_by_role("button", name="Save and next").click()
    expect(page.get_by_text("Question 2 of 7")).to_be_visible()
    page.get_by_label("Galdhøpiggen").check()
    page.get_by_role("button", name="Save and finish").click()
    expect(page.get_by_text("2 of 7 questions answered.")).to_be_visible()
    expect(page.get_by_role("heading", name="Flagged for review")).to_be_visible()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("heading", name="Result of attempt 1")).to_be_visible()
    expect(page.get_by_text("Not passed.")).to_be_visible()
    expect(page.get_by_text("Because SECRETEXPLAIN says so").first).to_be_visible()
