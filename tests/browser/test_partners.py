"""Coordinator, instructor and trainee in a real browser: cohort chart and CSV, a sign-off, the checklist."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ims_training.models import Role

from ..conftest import PASSWORD
from ..factories.partners import complete, make_lessons, make_partner, make_program
from .conftest import log_in

pytestmark = pytest.mark.browser


def test_coordinator_opens_their_cohort_sees_the_chart_and_downloads_the_csv(
    live_server, page, make_user
):
    make_program()
    lessons = make_lessons(4)
    coordinator = make_user(Role.COORDINATOR, email="kari@example.org")
    ase = make_user(Role.TRAINEE, email="ase@example.org", name="Åse Bjørnstad")
    complete(ase, lessons[:2])
    make_partner(
        "IMS Norge",
        cohort="Kull 2025",
        coordinators=(coordinator,),
        members=(ase, make_user(Role.TRAINEE, name="Ola Nordmann")),
    )

    log_in(page, live_server, coordinator.email, PASSWORD)
    page.get_by_role("link", name="Cohorts").click()
    page.get_by_role("link", name="Kull 2025").click()
    expect(page.get_by_role("heading", name="Kull 2025")).to_be_visible()
    chart = page.get_by_role("img", name="Members by course progress")
    expect(chart).to_be_visible()
    expect(page.get_by_role("table").filter(has_text="The chart's data")).to_be_visible()
    expect(
        page.get_by_role("row", name="Åse Bjørnstad").get_by_text("2 / 4 (50 %)")
    ).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename == "ims-norge-kull-2025.csv"
    data = open(download.path(), "rb").read()
    assert data.startswith(b"\xef\xbb\xbf") and "Åse Bjørnstad".encode() in data


def test_instructor_records_a_sign_off_and_the_trainee_sees_the_checklist_update(
    live_server, page, make_user
):
    make_program()
    trainee = make_user(Role.TRAINEE, email="tor@example.org", name="Tor Trainee")
    instructor = make_user(Role.INSTRUCTOR, email="ingrid@example.org")

    log_in(page, live_server, instructor.email, PASSWORD)
    page.get_by_role("link", name="Trainees").click()
    page.get_by_role("link", name="Tor Trainee").click()
    page.get_by_label("Practical assessment").select_option("lumbar-paraspinals")
    page.get_by_label("Date assessed").fill("2024-05-02")
    page.get_by_label("Region needled").fill("L4-L5 paraspinals")
    page.get_by_role("button", name="Record sign-off").click()
    expect(page.get_by_text("The sign-off is recorded.")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    log_in(page, live_server, trainee.email, PASSWORD)
    page.get_by_role("link", name="Certification").first.click()
    item = page.locator(".checklist__item", has_text="Lumbar paraspinals")
    expect(item).to_contain_text("Signed off")
    expect(page.get_by_text("1 of 6 requirements met")).to_be_visible()
    expect(page.locator("progress").first).to_have_attribute("value", re.compile(r"^16(\.0)?$"))
