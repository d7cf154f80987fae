"""Ordering questions in a real browser, with and without JavaScript, in both languages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ims_training.models import Role
from tests.factories.quizzes import import_marker_bank

from ..conftest import PASSWORD
from .conftest import log_in

pytestmark = pytest.mark.browser


def _to_ordering_question(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/learn/quizzes")
    page.get_by_role("link", name="Marker quiz").click()
    page.get_by_role("button", name="Start the quiz").click()
    page.get_by_role(
        "button", name="Start attempt 1 of 3"
    ).click()  # the confirmation of a limited quiz
    page.get_by_role("button", name="5", exact=False).first.click()
    expect(page.get_by_text("Question 5 of 7")).to_be_visible()


def test_reordering_with_buttons_saves_each_complete_order(live_server, page, make_user, tmp_path):
    import_marker_bank(tmp_path)
    trainee = make_user(Role.TRAINEE, email="order@example.org")
    log_in(page, live_server, trainee.email, PASSWORD)
    _to_ordering_question(page, live_server)
    items = page.locator(".order-item__text")
    expect(page.get_by_text("Not answered yet")).to_be_visible()
    drawn = items.all_inner_texts()

    page.locator(".order-item").first.get_by_role("button", name="Move down").click()
    expect(items).to_have_text([drawn[1], drawn[0], drawn[2]])
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    expect(page.get_by_text("Not answered yet")).to_have_count(0)
    # Focus follows the moved item, so a keyboard user can keep moving it.
    expect(
        page.locator(".order-item").nth(1).get_by_role("button", name="Move down")
    ).to_be_focused()
    page.keyboard.press("Enter")
    expect(items).to_have_text([drawn[1], drawn[2], drawn[0]])
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    expect(page.locator("#save-status")).not_to_have_class("save-status is-error")

    page.reload()
    expect(items).to_have_text([drawn[1], drawn[2], drawn[0]])
    expect(page.locator("#save-status")).to_have_text("Your answer to this question is saved.")
    expect(page.get_by_role("alert")).to_have_count(0)


def test_without_javascript_the_buttons_still_reorder(live_server, browser, make_user, tmp_path):  # type: ignore[no-untyped-def]
    import_marker_bank(tmp_path)
    trainee = make_user(Role.TRAINEE, email="order-nojs@example.org")
    context = browser.new_context(locale="nb-NO", java_script_enabled=False)
    page = context.new_page()
    try:
        log_in_nb = live_server + "/login"
        page.goto(log_in_nb)
        page.get_by_label("E-post").fill(trainee.email)
        page.get_by_label("Passord").fill(PASSWORD)
        page.get_by_role("button", name="Logg inn").click()
        page.goto(live_server + "/learn/quizzes")
        page.get_by_role("link", name="Marker quiz (nb)").click()
        page.get_by_role("button", name="Start").first.click()
        page.get_by_role("button", name="Start").first.click()  # the confirmation of a limited quiz
        page.get_by_role("button", name="5", exact=False).first.click()
        items = page.locator(".order-item__text")
        expect(page.get_by_text("Ikke besvart ennå")).to_be_visible()
        drawn = items.all_inner_texts()
        page.locator(".order-item").nth(2).get_by_role("button", name="Flytt opp").click()
        expect(items).to_have_text([drawn[0], drawn[2], drawn[1]])
        expect(page.locator("#save-status")).to_have_text(
            "Svaret ditt på dette spørsmålet er lagret."
        )
        expect(page.get_by_text("Ikke besvart ennå")).to_have_count(0)
    finally:
        context.close()
