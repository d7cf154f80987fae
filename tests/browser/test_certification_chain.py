"""The learn → pass → certify chain in a real browser: locked quizzes, the guided module, the
confirmation before a limited attempt, issuing from the ready list, revoking needs a reason."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from ims_training.extensions import db
from ims_training.models import Attempt, Certificate, Role
from tests.factories.certification import certificate, make_eligible, program
from tests.factories.real_content import import_real_course_and_bank, lessons_of

from ..conftest import PASSWORD
from .conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def content(app):  # type: ignore[no-untyped-def]
    import_real_course_and_bank()


def test_a_new_trainee_cannot_start_the_final_exam_or_a_locked_modules_quiz(
    live_server, page, make_user, content
):
    trainee = make_user(Role.TRAINEE, email="new@example.org")
    log_in(page, live_server, trainee.email, PASSWORD)
    page.goto(live_server + "/learn/quizzes")
    expect(page.locator('[data-locked="quiz-final-exam"]')).to_be_visible()
    page.get_by_role("link", name="IMS certification: final exam").click()
    expect(page.get_by_text("This quiz is locked.")).to_be_visible()
    expect(page.get_by_text("Complete every lesson of the course (0 of")).to_be_visible()
    expect(page.get_by_role("button", name="Start the quiz")).to_have_count(0)
    page.goto(live_server + "/learn/quizzes/quiz-neuropathy")
    expect(page.get_by_text("This quiz is locked.")).to_be_visible()
    expect(page.get_by_text("Complete the module Foundations of Gunn IMS first")).to_be_visible()
    expect(page.get_by_role("button", name="Start the quiz")).to_have_count(0)
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 0


def test_complete_and_continue_walks_module_one_into_its_quiz_which_asks_before_starting(
    live_server, page, make_user, content
):
    trainee = make_user(Role.TRAINEE, email="walker@example.org")
    log_in(page, live_server, trainee.email, PASSWORD)
    page.goto(live_server + "/learn/course/foundations")
    expect(page.locator("#module-quiz")).to_contain_text(
        "Opens when every lesson above is complete"
    )
    lessons = lessons_of("foundations")
    page.goto(live_server + f"/learn/lessons/{lessons[0]}")
    expect(page.locator("[autofocus]")).to_have_count(0)
    assert page.evaluate("window.scrollY") == 0  # the lesson opens at its heading
    for key in lessons[1:]:
        page.get_by_role("button", name="Complete and continue").click()
        expect(page).to_have_url(f"{live_server}/learn/lessons/{key}")
    expect(page.locator("#take-module-quiz")).to_be_visible()  # the last lesson leads to the quiz
    page.get_by_role("button", name="Complete and take the module quiz").click()
    expect(
        page.get_by_role("heading", name="Foundations of Gunn IMS: end-of-module quiz")
    ).to_be_visible()
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_text("This is attempt 1 of 3.")).to_be_visible()
    expect(
        page.get_by_text("If you do not pass, you wait 1 hour before the next attempt.")
    ).to_be_visible()
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 0  # asking costs nothing
    page.get_by_role("button", name="Start attempt 1 of 3").click()
    expect(page.get_by_text("Question 1 of")).to_be_visible()
    page.goto(live_server + "/learn/course/foundations")
    expect(page.locator("#next-module")).to_contain_text("Neuropathy")


def test_the_checklist_opens_at_its_heading(live_server, page, make_user, content):
    program()
    trainee = make_user(Role.TRAINEE, email="check@example.org")
    log_in(page, live_server, trainee.email, PASSWORD)
    page.goto(live_server + "/learn/certification")
    expect(page.get_by_text("Every lesson of the course")).to_be_visible()
    expect(page.locator("[autofocus]")).to_have_count(0)
    assert page.evaluate("window.scrollY") == 0


def test_the_admin_issues_from_the_ready_list_after_a_confirmation(live_server, page, make_user):
    admin = make_user(Role.ADMINISTRATOR, email="ada@example.org")
    ready = make_user(Role.TRAINEE, email="rita@example.org", name="Rita Klar")
    make_eligible(ready, admin, now=datetime.now(UTC))
    waiting = make_user(Role.TRAINEE, email="sam@example.org", name="Sam Venter")
    make_eligible(waiting, admin, now=datetime.now(UTC), skip=("licence",))
    log_in(page, live_server, admin.email, PASSWORD)
    page.goto(live_server + "/admin/certificates")
    page.get_by_role("link", name="Ready to certify").click()
    expect(page.locator("#ready-list")).to_contain_text("Rita Klar")
    expect(page.locator("#ready-list")).not_to_contain_text("Sam Venter")
    page.get_by_role("button", name="Issue… Rita Klar").click()
    expect(page.get_by_role("heading", name="Issue a certificate to Rita Klar?")).to_be_visible()
    expect(page.get_by_text("The certificate can be verified by anyone at once.")).to_be_visible()
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 0
    page.get_by_role("button", name="Issue the certificate").click()
    expect(page.get_by_text("Certificate issued to Rita Klar.")).to_be_visible()
    page.goto(live_server + "/admin/certificates/ready")
    expect(page.get_by_text("Nobody is waiting for a certificate.")).to_be_visible()


def test_revoking_without_a_reason_is_refused(live_server, page, make_user):
    admin = make_user(Role.ADMINISTRATOR, email="ada@example.org")
    cert = certificate(make_user(Role.TRAINEE), admin, now=datetime.now(UTC))
    log_in(page, live_server, admin.email, PASSWORD)
    url = f"{live_server}/admin/certificates/{cert.id}"
    page.goto(url)
    page.get_by_role("button", name="Revoke…").click()  # the browser holds the empty required field
    expect(page).to_have_url(url)
    expect(page.locator("#revoke-reason:invalid")).to_have_count(1)
    page.locator("#revoke-reason").evaluate(
        "el => el.removeAttribute('required')"
    )  # as a crafted form would
    page.get_by_role("button", name="Revoke…").click()
    expect(
        page.get_by_text("Give a reason: it is recorded and shown in the history.")
    ).to_be_visible()
    db.session.expire_all()
    assert db.session.get(Certificate, cert.id).status == "active"
