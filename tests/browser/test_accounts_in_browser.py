"""A newcomer's first visit, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ims_training.models import Role

from ..conftest import PASSWORD
from .conftest import log_in

pytestmark = pytest.mark.browser


def test_newcomer_registers_logs_out_logs_in_and_switches_to_norwegian(live_server, page):
    page.goto(live_server + "/")
    page.get_by_role("link", name="Register").click()
    page.get_by_label("Full name").fill("Siri Sætre")
    page.get_by_label("E-mail").fill("siri@example.org")
    page.get_by_label("Password", exact=True).fill("fjorden er blank i dag")
    page.get_by_label("Repeat password").fill("fjorden er blank i dag")
    page.get_by_role("button", name="Create account").click()
    # The same answer whether or not the e-mail is known (issue 10): the next step comes by e-mail.
    expect(page.get_by_text("We have sent an e-mail to siri@example.org")).to_be_visible()
    log_in(page, live_server, "siri@example.org", "fjorden er blank i dag")
    expect(page.get_by_role("heading", name="Hello, Siri Sætre")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()

    log_in(page, live_server, "siri@example.org", "fjorden er blank i dag")
    expect(page).to_have_url(re.compile(r"/dashboard$"))

    page.get_by_role("button", name="Norsk").click()
    expect(page.get_by_role("heading", name="Hei, Siri Sætre")).to_be_visible()
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "nb")


def test_trainee_opening_an_administrator_page_is_refused(live_server, page, make_user):
    trainee = make_user(Role.TRAINEE, email="tor@example.org")
    log_in(page, live_server, trainee.email, PASSWORD)
    response = page.goto(live_server + "/admin/users")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="Access denied")).to_be_visible()


def test_weak_password_shows_the_error_at_the_field(live_server, page):
    page.goto(live_server + "/register")
    page.get_by_label("Full name").fill("Ola")
    page.get_by_label("E-mail").fill("ola@example.org")
    page.get_by_label("Password", exact=True).fill("password1234")
    page.get_by_label("Repeat password").fill("password1234")
    page.get_by_role("button", name="Create account").click()
    error = page.locator("#password-error")
    expect(error).to_contain_text("most commonly used")
    expect(page.get_by_label("Password", exact=True)).to_have_attribute("aria-invalid", "true")


def test_login_page_works_by_keyboard_alone_on_a_phone(live_server, phone_page, make_user):
    user = make_user(Role.TRAINEE, email="keys@example.org")
    page = phone_page
    page.goto(live_server + "/login")
    page.get_by_label("E-mail").focus()
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/dashboard")
    # nothing wider than the phone screen
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1
