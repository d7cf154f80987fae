"""An instructor writes a question in the studio, another approves it, and it is published."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ims_training.models import Role

from ..conftest import PASSWORD
from .conftest import log_in

pytestmark = pytest.mark.browser


def test_write_submit_approve_by_another_instructor_publish(live_server, page, browser, make_user):
    writer = make_user(Role.INSTRUCTOR, email="wenche@example.org", name="Wenche Writer")
    reviewer = make_user(Role.INSTRUCTOR, email="rolf@example.org", name="Rolf Reviewer")

    log_in(page, live_server, writer.email, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Studio").click()
    page.get_by_role("link", name="True or false").click()
    page.locator("#f-id").fill("studio-browser-needles")
    page.locator("#f-module").select_option("safety")
    page.locator("#f-stem-en").fill("A needle is used for **one** patient only.")
    page.locator("#f-stem-nb").fill("En nål brukes til **én** pasient.")
    page.get_by_label("The statement is").select_option("true")
    # the live preview renders the trainee's view in both languages as the instructor types
    preview = page.locator("#studio-preview")
    expect(preview.locator("strong").first).to_have_text("one")
    expect(preview.get_by_text("En nål brukes til")).to_be_visible()
    expect(preview.get_by_role("radio")).to_have_count(4)  # True / False, in each language
    page.locator("#note").fill("new safety question")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Saved as draft 1.")).to_be_visible()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted for review.")).to_be_visible()
    expect(page.get_by_text("Waiting for another instructor to review it.")).to_be_visible()

    # the writer is not offered the approval of their own change (the service refuses it anyway)
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)

    context = browser.new_context(locale="en-GB", viewport={"width": 1200, "height": 900})
    other = context.new_page()
    try:
        log_in(other, live_server, reviewer.email, PASSWORD)
        other.goto(live_server + "/author/studio")
        other.get_by_role("link", name="studio-browser-needles").click()
        other.get_by_label("Review note").fill("Correct and clear")
        other.get_by_role("button", name="Approve").click()
        expect(other.get_by_text("Approved. It can now be published.")).to_be_visible()
        other.get_by_role("button", name="Publish").click()
        expect(other.get_by_text("Published. New attempts draw this version")).to_be_visible()
        expect(other.get_by_text("Reviewed by Rolf Reviewer")).to_be_visible()
        other.goto(live_server + "/author/bank/questions/studio-browser-needles")
        expect(other.locator(".bank-preview__stem strong")).to_have_text("one")
    finally:
        context.close()
