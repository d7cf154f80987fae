"""A search hit opens the lesson in the language it matched, at a heading that exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ims_training.course_source import load_course
from ims_training.models import Role
from ims_training.services.course.course_import import import_course

from ..conftest import PASSWORD
from .conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def trainee(app, make_user):  # type: ignore[no-untyped-def]
    import_course(load_course(Path(app.config["COURSE_DIR"])))
    return make_user(Role.TRAINEE, email="soker@example.org", name="Søker Søkersen")


def _open_first_hit(page, base: str, query: str, badge: str):  # type: ignore[no-untyped-def]
    page.goto(base + "/learn/course/search?q=" + query)
    hit = page.locator(".search-results li").filter(has_text=badge).first
    expect(hit.locator("[data-locked-lesson]")).to_have_count(
        0
    )  # foundations is open: no lock mark
    link = hit.get_by_role("link").first
    href = link.get_attribute("href")
    assert href and "#" in href
    link.click()
    return href.split("#", 1)[1]


def test_a_norwegian_hit_in_the_english_interface_opens_the_norwegian_lesson_at_its_heading(
    live_server, page, trainee
):
    log_in(page, live_server, trainee.email, PASSWORD)
    anchor = _open_first_hit(page, live_server, "overreagere", "in Norwegian")
    expect(page).to_have_url(re.compile(rf"lang=nb#{anchor}$"))
    expect(page.locator("#lesson-content")).to_have_attribute("lang", "nb")
    heading = page.locator(f"[id='{anchor}']")
    expect(heading).to_have_count(1)
    expect(heading).to_have_text("Hvorfor Cannons lov")
    expect(heading).to_be_in_viewport()
    expect(
        page.get_by_text("Shown in Norwegian, the language your search matched.")
    ).to_be_visible()
    page.get_by_role("link", name="Read this lesson in your language").click()
    expect(page.locator("#lesson-content")).to_have_attribute("lang", "en")


def test_an_english_hit_in_the_norwegian_interface_opens_the_english_lesson(
    live_server, page, trainee
):
    log_in(page, live_server, trainee.email, PASSWORD)
    page.get_by_role("button", name="Norsk").click()
    anchor = _open_first_hit(page, live_server, "Cannon%27s", "på engelsk")
    expect(page.locator("#lesson-content")).to_have_attribute("lang", "en")
    heading = page.locator(f"[id='{anchor}']")
    expect(heading).to_have_count(1)
    expect(heading).to_be_in_viewport()
    expect(page.get_by_text("Vist på engelsk, språket søket ditt traff.")).to_be_visible()
