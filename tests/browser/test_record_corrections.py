"""Two staff members correct the same clinical case in two browser tabs: the second is told, keeps
their input, and saves after checking; every step is audited."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from ims_training.extensions import db
from ims_training.models import ClinicalCase, Role

from ..conftest import PASSWORD
from ..factories.certification import make_eligible
from .conftest import log_in

pytestmark = pytest.mark.browser


def test_a_concurrent_correction_is_refused_with_both_versions_kept(
    live_server, browser, page, make_user
):
    instructor = make_user(Role.INSTRUCTOR, email="ingrid@example.org", name="Ingrid Instruktør")
    trainee = make_user(Role.TRAINEE, name="Tor Trainee")
    make_eligible(trainee, instructor, cases=1)
    case_id = db.session.scalar(select(ClinicalCase.id).where(ClinicalCase.user_id == trainee.id))
    log_in(page, live_server, instructor.email, PASSWORD)
    page.get_by_role("link", name="Trainees").click()
    page.get_by_role("link", name="Tor Trainee").click()
    page.get_by_role("link", name="Correct or withdraw").last.click()
    expect(
        page.get_by_role("heading", name="Supervised clinical case: Tor Trainee")
    ).to_be_visible()
    other = page.context.new_page()  # a second tab, as a colleague would have it open
    other.goto(page.url)

    page.get_by_label("Hours").fill("2")
    page.get_by_label("Reason for the change").fill("The case took two hours")
    page.get_by_role("button", name="Save the correction").click()
    expect(
        page.get_by_text("The correction is saved and recorded in the audit trail.")
    ).to_be_visible()

    other.get_by_label("Summary").fill("Cervical case, C6")
    other.get_by_label("Reason for the change").fill("Level was wrong")
    other.get_by_role("button", name="Save the correction").click()
    expect(other.get_by_role("alert")).to_contain_text(
        "Someone changed this record while you were editing it"
    )
    expect(other.get_by_label("Summary")).to_have_value("Cervical case, C6")  # nothing lost
    # What this person left untouched now shows the colleague's value, so saving again loses nothing.
    expect(other.get_by_label("Hours")).to_have_value("2")
    expect(other.locator("section", has_text="As recorded now")).to_contain_text("2")
    other.get_by_role("button", name="Save the correction").click()
    expect(
        other.get_by_text("The correction is saved and recorded in the audit trail.")
    ).to_be_visible()
    db.session.rollback()  # end the test's read transaction to see the server's writes
    case = db.session.get(ClinicalCase, case_id)
    assert case.hours == 2 and case.summary == "Cervical case, C6"
