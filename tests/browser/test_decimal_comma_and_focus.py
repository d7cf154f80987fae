"""An instructor in Norwegian records a case of "1,5" hours; the page opens at its top (no
autofocus far down), so the confirmation is in view, and the hours read "1,5"."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ims_training.models import Role
from ims_training.services.certification.programs import ensure_default_program

from ..conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_norwegian_hours_with_a_comma_and_the_confirmation_in_view(live_server, browser, make_user):  # type: ignore[no-untyped-def]
    ensure_default_program()
    instructor = make_user(Role.INSTRUCTOR, email="ingrid@example.org", name="Ingrid Instruktør")
    trainee = make_user(Role.TRAINEE, name="Tor Trainee")
    context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(live_server + "/login")
        page.get_by_label("E-post").fill(instructor.email)
        page.get_by_label("Passord").fill(PASSWORD)
        page.get_by_role("button", name="Logg inn").click()
        page.goto(f"{live_server}/author/trainees/{trainee.id}")
        expect(page.get_by_role("heading", level=1, name="Tor Trainee")).to_be_in_viewport()
        assert page.evaluate("window.scrollY") == 0  # no autofocused field pulls the page down
        page.get_by_label("Dato for kasuset").fill("2026-11-02")
        page.get_by_label("Timer").fill("1,5")
        page.get_by_label("Sammendrag").fill("Veiledet behandling, lumbal")
        page.get_by_role("button", name="Registrer klinisk kasus").click()
        expect(page.get_by_text("Det kliniske kasuset er registrert.")).to_be_in_viewport()
        expect(page.locator("td.num", has_text="1,5")).to_have_count(1)
    finally:
        context.close()
