"""An instructor fixes a broken bank file in the browser and finds the imported question."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ims_training.models import Role
from tests.factories.bank import BROKEN, single_choice, write_bank

from ..conftest import PASSWORD
from .conftest import log_in, serve

pytestmark = pytest.mark.browser


@pytest.fixture
def bank_server(app, _migrated, tmp_path: Path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The portal with CSRF on, an empty bank directory and uploads staged under tmp_path."""
    (tmp_path / "bank").mkdir()
    with serve(_migrated, QUESTION_BANK_DIR=str(tmp_path / "bank"), BANK_UPLOAD_DIR=str(tmp_path / "uploads")) as base:
        yield base


def test_instructor_uploads_broken_then_good_file_previews_imports_and_finds_it(bank_server, page, make_user,
                                                                                 tmp_path: Path):
    instructor = make_user(Role.INSTRUCTOR, email="ingrid@example.org")
    log_in(page, bank_server, instructor.email, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Question bank").click()
    page.get_by_role("link", name="Upload a bank file").click()

    page.get_by_label("Bank file").set_input_files(str(BROKEN / "single_choice_two_correct.yaml"))
    page.get_by_role("button", name="Check the file").click()
    problems = page.get_by_role("alert")
    assert "single_choice_two_correct.yaml:7:" in problems.inner_text()
    assert "exactly one option with 'correct: true', found 2" in problems.inner_text()
    assert page.get_by_role("button", name="Import these questions").count() == 0

    good = write_bank(tmp_path / "src", [single_choice("browser-question", "Which decade saw **IMS** begin?")])
    page.get_by_role("link", name="Upload a corrected file").click()
    page.get_by_label("Bank file").set_input_files(str(good))
    page.get_by_role("button", name="Check the file").click()
    assert page.get_by_text("No errors: 1 questions and 0 quizzes are ready to import.").is_visible()
    assert page.locator(".bank-preview__stem strong").inner_text() == "IMS"
    key = page.locator("details.bank-preview__key")
    assert not key.locator("ul").is_visible()  # the answer key stays folded until asked for
    key.locator("summary").click()
    assert key.get_by_text("Option b").is_visible()

    page.get_by_role("button", name="Import these questions").click()
    assert page.get_by_text("Imported. Questions: 1 added").is_visible()
    page.get_by_label("Id contains").fill("browser")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="browser-question").click()
    assert page.get_by_role("heading", name="browser-question", exact=True).is_visible()
    assert page.get_by_text("Version 1").is_visible()
