"""Instructors upload, preview and import bank files, and browse the bank with its history."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from ims_training.bank import load_bank
from ims_training.extensions import db
from ims_training.models import Question, Quiz, Role
from ims_training.services.bank.bank_import import import_bank
from tests.factories.bank import (
    MOODLE,
    REAL_BANK,
    bank_row_counts,
    graded_attempt,
    single_choice,
    write_bank,
    write_quiz,
)

from .conftest import page_text, staged_tokens, upload


def _token(response) -> str:  # type: ignore[no-untyped-def]
    return re.search(
        r"/author/bank/upload/([A-Za-z0-9_-]+)/import", response.get_data(as_text=True)
    ).group(1)


def test_good_upload_is_previewed_then_imported(client, instructor, tmp_path):
    path = write_bank(
        tmp_path / "src", [single_choice("upload-q", "Which **decade**?", tags=["history"])]
    )
    response = upload(client, path)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<strong>decade</strong>" in body  # the stem went through the Markdown renderer
    assert re.search(r"<details class=\"bank-preview__key\">.*Option b", body, re.S)
    assert bank_row_counts()["questions"] == 0  # checking never writes

    done = client.post(f"/author/bank/upload/{_token(response)}/import", follow_redirects=True)
    assert "Imported. Questions: 1 added, 0 changed, 0 unchanged." in page_text(done)
    assert "upload-q" in page_text(client.get("/author/bank"))
    assert not staged_tokens(tmp_path)  # the staged copy is gone after the import


def test_preview_is_in_the_readers_language(client, instructor, tmp_path):
    client.post("/language", data={"lang": "nb", "next": "/"})
    path = write_bank(tmp_path / "src", [single_choice("upload-nb", "Which decade?")])
    text = page_text(upload(client, path))
    assert "Which decade? (nb)" in text and "Valg a" in text


def test_upload_is_checked_against_the_whole_bank(client, instructor, bank_dir, tmp_path):
    write_bank(bank_dir, [single_choice("shared-id")], module="foundations")
    clash = write_bank(tmp_path / "src", [single_choice("shared-id", "Other?")], module="safety")
    text = page_text(upload(client, clash))
    assert (
        "safety.yaml:3:3: duplicate question id 'shared-id'; also defined at question_bank/foundations.yaml:3"
        in text
    )
    assert str(tmp_path) not in text


def test_upload_with_the_same_name_replaces_that_bank_file(client, instructor, bank_dir, tmp_path):
    write_bank(bank_dir, [single_choice("kept-id", "Old?")])
    edited = write_bank(tmp_path / "src", [single_choice("kept-id", "New?")])
    response = upload(client, edited)
    assert response.status_code == 200, page_text(response)


def test_upload_of_a_quiz_resolves_questions_from_the_bank(client, instructor, bank_dir, tmp_path):
    write_bank(bank_dir, [single_choice("quiz-member")])
    import_bank(load_bank([bank_dir]), retire_missing=False)
    quiz = write_quiz(tmp_path / "src", "uploaded-quiz", ["quiz-member"])
    response = upload(client, quiz)
    assert response.status_code == 200, page_text(response)
    client.post(f"/author/bank/upload/{_token(response)}/import")
    assert db.session.scalars(select(Quiz.key)).all() == ["uploaded-quiz"]


def test_moodle_upload_with_a_default_module_imports(client, instructor, tmp_path):
    response = upload(client, MOODLE / "export_category.xml", default_module="anatomy")
    assert response.status_code == 200, page_text(response)
    client.post(f"/author/bank/upload/{_token(response)}/import")
    assert db.session.scalars(select(Question.module_slug)).all() == ["anatomy"]


def test_moodle_essay_is_shown_by_name_and_line(client, instructor):
    response = upload(client, MOODLE / "questions.gift.txt", default_module="anatomy")
    assert "questions.gift.txt:2:1: not supported: essay question 'Q8'" in page_text(response)


def test_another_instructors_upload_cannot_be_imported(
    client, instructor, app, make_user, auth, tmp_path
):
    path = write_bank(tmp_path / "src", [single_choice("mine")])
    token = _token(upload(client, path))
    other = make_user(Role.INSTRUCTOR)
    auth.logout()
    auth.login(other)
    assert client.post(f"/author/bank/upload/{token}/import").status_code == 404
    assert bank_row_counts()["questions"] == 0


def test_browser_filters_and_counts(client, instructor):
    import_bank(load_bank([REAL_BANK]), retire_missing=True)
    text = page_text(client.get("/author/bank?module=anatomy&type=matching"))
    assert "matching questions" in text and "anatomy-" in text and "foundations-" not in text
    hard = page_text(client.get("/author/bank?difficulty=hard&module=safety"))
    assert "safety-" in hard
    pages = page_text(client.get("/author/bank"))
    assert "Page 1 of 5" in pages  # 222 questions at 50 a page (issue 12 added 28)
    tagged = page_text(client.get("/author/bank?tag=C5"))
    caption = re.search(r"(\d+) matching questions", tagged)
    assert caption and 0 < int(caption.group(1)) < 222


def test_question_page_shows_history_changes_and_statistics(
    client, instructor, make_user, tmp_path
):
    src = tmp_path / "src"
    write_bank(src, [single_choice("hist-q", "First wording?")])
    write_quiz(src / "quizzes", "hist-quiz", ["hist-q"])
    import_bank(load_bank([src]), retire_missing=False)
    question = db.session.scalars(select(Question)).one()
    quiz = db.session.scalars(select(Quiz)).one()
    for n in range(25):
        right = n % 2 == 0
        graded_attempt(
            make_user(Role.TRAINEE),
            question,
            quiz,
            1.0 if right else 0.0,
            percent=100.0 if right else 10.0 + n,
        )
    write_bank(src, [single_choice("hist-q", "Second wording?")])
    import_bank(load_bank([src]), retire_missing=False)

    text = page_text(client.get("/author/bank/questions/hist-q"))
    assert "Version 2" in text and "Version 1" in text
    assert "stem.en" in text and "First wording?" in text and "Second wording?" in text
    assert "Graded answers" in text and "25" in text and "Facility" in text
    assert client.get("/author/bank/questions/no-such-question").status_code == 404


def test_the_question_page_is_served_again_until_its_statistics_or_the_bank_change(
    client, instructor, make_user, tmp_path
):
    from ims_training.page_cache.pages import page_cache

    src = tmp_path / "src"
    write_bank(src, [single_choice("stat-q", "First wording?")])
    write_quiz(src / "quizzes", "stat-quiz", ["stat-q"])
    import_bank(load_bank([src]), retire_missing=False)
    question, quiz = (
        db.session.scalars(select(Question)).one(),
        db.session.scalars(select(Quiz)).one(),
    )

    def visit() -> tuple[bool, str]:
        """Whether the stored page was served (by the WSGI layer, before Flask), and the page."""
        hits, layer_hits = page_cache().hits, page_cache().layer_hits
        text = page_text(client.get("/author/bank/questions/stat-q"))
        assert page_cache().hits - hits == page_cache().layer_hits - layer_hits
        return page_cache().hits > hits, text

    assert visit()[0] is False
    hit, text = visit()
    assert hit and "No graded answers yet." in text
    graded_attempt(make_user(Role.TRAINEE), question, quiz, 1.0)
    hit, text = visit()
    assert not hit and "Graded answers" in text and "No graded answers yet." not in text
    write_bank(src, [single_choice("stat-q", "Second wording?")])
    import_bank(load_bank([src]), retire_missing=False)
    hit, text = visit()
    assert not hit and "Version 2" in text


def test_dashboard_panel_shows_modules_recent_changes(client, instructor):
    import_bank(load_bank([REAL_BANK]), retire_missing=True)
    text = page_text(client.get("/dashboard"))
    assert "Questions per module" in text and "Anatomy: " in text and "Recently changed" in text


def test_trainee_and_coordinator_cannot_upload(client, login_as, bank_dir, tmp_path: Path):
    path = write_bank(tmp_path / "src", [single_choice("nope")])
    for role in (Role.TRAINEE, Role.COORDINATOR):
        login_as(role)
        assert upload(client, path).status_code == 403
    assert not staged_tokens(tmp_path)


def test_the_browser_is_served_again_until_the_bank_changes(client, instructor, tmp_path):
    from ims_training.page_cache.pages import page_cache

    src = tmp_path / "src"
    write_bank(src, [single_choice("browse-q", "First wording?")])
    import_bank(load_bank([src]), retire_missing=False)

    def visit(url: str = "/author/bank?module=foundations") -> tuple[bool, str]:
        hits = page_cache().hits
        text = page_text(client.get(url))
        return page_cache().hits > hits, text

    assert visit()[0] is False
    hit, text = visit()
    assert hit and "browse-q" in text and "1 matching question" in text
    assert visit("/author/bank?module=safety")[0] is False  # another filter, another page
    write_bank(
        src,
        [single_choice("browse-q", "First wording?"), single_choice("browse-r", "Another one?")],
    )
    import_bank(load_bank([src]), retire_missing=False)
    hit, text = visit()
    assert not hit and "browse-r" in text and "2 matching questions" in text
