"""A trainee takes the course in a real browser: read, complete, watch progress, switch language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ims_training.course_source import load_course
from ims_training.models import Role
from ims_training.services.course import course
from ims_training.services.course.course_import import import_course

from ..conftest import PASSWORD
from .conftest import log_in

pytestmark = pytest.mark.browser

FOUNDATIONS = (
    "foundations-origins",
    "foundations-model",
    "foundations-ims-and-acupuncture",
    "foundations-1980-trial",
)


@pytest.fixture
def trainee(app, make_user):  # type: ignore[no-untyped-def]
    import_course(load_course(Path(app.config["COURSE_DIR"])))
    return make_user(Role.TRAINEE, email="kari@example.org", name="Kari Kursdeltaker")


def test_trainee_reads_a_lesson_completes_it_and_reads_it_in_norwegian(live_server, page, trainee):
    log_in(page, live_server, trainee.email, PASSWORD)
    page.get_by_role("link", name="Course", exact=True).click()
    expect(page.get_by_role("heading", name="The IMS course")).to_be_visible()
    expect(page.get_by_text("licensed health professionals in training").first).to_be_visible()
    page.get_by_role("heading", name="Foundations of Gunn IMS").get_by_role("link").click()
    page.get_by_role("link", name="Where IMS comes from").click()
    expect(page.get_by_role("heading", level=1, name="Where IMS comes from")).to_be_visible()
    bar = page.get_by_label("Progress in Foundations of Gunn IMS")
    expect(bar).to_have_attribute("value", "0")

    page.get_by_role("link", name="iSTOP and the UBC Gunn IMS Program").click()
    expect(page).to_have_url(re.compile(r"#istop-and-the-ubc-gunn-ims-program$"))
    page.get_by_role("button", name="Mark lesson as complete").click()
    expect(page.get_by_text("Lesson marked as complete.")).to_be_visible()
    expect(page.get_by_label("Progress in Foundations of Gunn IMS")).to_have_attribute(
        "value", "25"
    )
    expect(page.get_by_text("You have completed this lesson.")).to_be_visible()

    page.get_by_role("button", name="Norsk").click()
    expect(page.get_by_role("heading", level=1, name="Hvor IMS kommer fra")).to_be_visible()
    expect(page.locator("#lesson-content")).to_have_attribute("lang", "nb")
    expect(page.get_by_text("Du har fullført denne leksjonen.")).to_be_visible()

    page.goto(live_server + "/dashboard")
    expect(page.get_by_text("Fortsett der du slapp:")).to_be_visible()
    expect(
        page.get_by_role("link", name="Den radikulonevropatiske modellen i korte trekk")
    ).to_be_visible()


def test_lesson_page_fits_a_phone_and_shows_its_figure(live_server, phone_page, trainee):
    for key in FOUNDATIONS:  # anatomy opens once foundations is complete
        course.complete_lesson(trainee, key)
    page = phone_page
    log_in(page, live_server, trainee.email, PASSWORD)
    page.goto(live_server + "/learn/lessons/anatomy-spinal-nerves")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    figure = page.locator("figure img").first
    figure.scroll_into_view_if_needed()
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=figure.element_handle()
    )
    assert figure.get_attribute("alt")
    button = page.get_by_role("button", name="Mark lesson as complete")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert (
        box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375 and box["height"] >= 44
    )
