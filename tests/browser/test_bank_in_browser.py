"""An instructor fixes a broken bank file in the browser and finds the imported question."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ims_training.models import Role
from tests.factories.bank import BROKEN, single_choice, write_bank

from ..conftest import PASSWORD
from .conftest import log_in, serve

pytestmark = pytest.mark.browser


@pytest.fixture
def bank_server(app, _migrated, tmp_path: Path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The portal with CSRF on, an empty bank directory and uploads staged under tmp_path."""
    (tmp_path / "bank").mkdir()
    with serve(
        _migrated,
        QUESTION_BANK_DIR=str(tmp_path / "bank"),
        BANK_UPLOAD_DIR=str(tmp_path / "uploads"),
    ) as base:
        yield base


def test_instructor_uploads_broken_then_good_file_previews_imports_and_finds_it(
    bank_server, page, make_user, tmp_path: Path
):
    instructor = make_user(Role.INSTRUCTOR, email="ingrid@example.org")
    log_in(page, bank_server, instructor.email, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Question bank").click()
    page.get_by_role("link", name="Upload a bank file").click()

    page.get_by_label("Bank file").set_input_files(str(BROKEN / "single_choice_two_correct.yaml"))
    page.get_by_role("button", name="Check the file").click()
    problems = page.get_by_role("alert")
    expect(problems).to_contain_text("single_choice_two_correct.yaml:7:")
    expect(problems).to_contain_text("exactly one option with 'correct: true', found 2")
    expect(page.get_by_role("button", name="Import these questions")).to_have_count(0)

    good = write_bank(
        tmp_path / "src", [single_choice("browser-question", "Which decade saw **IMS** begin?")]
    )
    page.get_by_role("link", name="Upload a corrected file").click()
    page.get_by_label("Bank file").set_input_files(str(good))
    page.get_by_role("button", name="Check the file").click()
    expect(
        page.get_by_text("No errors: 1 questions and 0 quizzes are ready to import.")
    ).to_be_visible()
    expect(page.locator(".bank-preview__stem strong")).to_have_text("IMS")
    key = page.locator("details.bank-preview__key")
    expect(key.locator("ul")).not_to_be_visible()  # the answer key stays folded until asked for
    key.locator("summary").click()
    expect(key.get_by_text("Option b")).to_be_visible()

    page.get_by_role("button", name="Import these questions").click()
    expect(page.get_by_text("Imported. Questions: 1 added")).to_be_visible()
    page.get_by_label("Id contains").fill("browser")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="browser-question").click()
    expect(page.get_by_role("heading", name="browser-question", exact=True)).to_be_visible()
    expect(page.get_by_text("Version 1")).to_be_visible()
