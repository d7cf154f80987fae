"""Review workflow: draft -> in review -> approved by another instructor -> published."""

from __future__ import annotations

import html

from sqlalchemy import select

from ims_training.extensions import db
from ims_training.models import AuditEvent, Question, QuestionVersion, Role

from .conftest import as_user, latest, revision_count, single_choice_form


def _write_and_submit(client, auth, writer, key="studio-decade"):  # type: ignore[no-untyped-def]
    as_user(client, auth, writer)
    assert (
        client.post("/author/studio/questions/new", data=single_choice_form(key)).status_code == 302
    )
    revision = latest(key)
    assert client.post(f"/author/studio/revisions/{revision.id}/submit").status_code == 302
    return revision.id


def test_another_instructor_approves_and_the_question_is_published(client, auth, writer, reviewer):
    revision_id = _write_and_submit(client, auth, writer)
    as_user(client, auth, reviewer)
    assert (
        client.post(
            f"/author/studio/revisions/{revision_id}/approve", data={"note": "Clear"}
        ).status_code
        == 302
    )
    assert (
        db.session.scalar(select(Question).where(Question.key == "studio-decade")) is None
    )  # not yet published
    as_user(client, auth, writer)
    done = client.post(f"/author/studio/revisions/{revision_id}/publish", follow_redirects=True)
    assert "Published." in done.get_data(as_text=True)
    question = db.session.scalar(select(Question).where(Question.key == "studio-decade"))
    version = db.session.get(QuestionVersion, question.current_version_id)
    assert version.content["stem"]["nb"] == "I hvilket **tiår** begynte Gunn med IMS?"
    assert version.created_by_id == writer.id and version.source_path == "studio"
    events = {e.action: e for e in db.session.scalars(select(AuditEvent))}
    assert (
        events["studio.approved"].actor_id == reviewer.id
        and events["studio.approved"].reason == "Clear"
    )
    assert events["studio.published"].actor_id == writer.id
    assert events["studio.published"].subject_id == "studio-decade"


def test_nobody_approves_their_own_change(client, auth, writer):
    revision_id = _write_and_submit(client, auth, writer)
    response = client.post(f"/author/studio/revisions/{revision_id}/approve", data={"note": "mine"})
    assert response.status_code == 409
    assert "You cannot approve your own change" in response.get_data(as_text=True)
    assert latest("studio-decade").status == "in_review"
    assert (
        db.session.scalar(select(AuditEvent).where(AuditEvent.action == "studio.approved")) is None
    )


def test_publishing_without_approval_is_refused(client, auth, writer):
    revision_id = _write_and_submit(client, auth, writer)
    response = client.post(f"/author/studio/revisions/{revision_id}/publish")
    assert response.status_code == 409
    assert "Only an approved revision can be published" in response.get_data(as_text=True)
    assert db.session.scalar(select(Question).where(Question.key == "studio-decade")) is None


def test_a_reviewer_can_send_a_change_back_with_a_note(client, auth, writer, reviewer):
    revision_id = _write_and_submit(client, auth, writer)
    as_user(client, auth, reviewer)
    empty = client.post(f"/author/studio/revisions/{revision_id}/reject", data={"note": ""})
    assert empty.status_code == 409 and "Say what should change." in empty.get_data(as_text=True)
    assert (
        client.post(
            f"/author/studio/revisions/{revision_id}/reject", data={"note": "Cite the source"}
        ).status_code
        == 302
    )
    revision = latest("studio-decade")
    assert revision.status == "rejected" and revision.review_note == "Cite the source"


def _publish(client, auth, writer, reviewer, key="studio-decade"):  # type: ignore[no-untyped-def]
    revision_id = _write_and_submit(client, auth, writer, key)
    as_user(client, auth, reviewer)
    client.post(f"/author/studio/revisions/{revision_id}/approve", data={"note": ""})
    assert client.post(f"/author/studio/revisions/{revision_id}/publish").status_code == 302


def test_a_stale_form_is_refused_and_keeps_the_typed_text(client, auth, writer, reviewer):
    _publish(client, auth, writer, reviewer)
    edit = "/author/studio/questions/studio-decade/edit"
    page = client.get(edit).get_data(as_text=True)
    assert 'name="lock" value="1"' in page
    # both instructors opened the form at lock 1; the reviewer saves first
    assert (
        client.post(
            edit, data=single_choice_form(lock="1", **{"stem-en": "Reviewer's wording"})
        ).status_code
        == 302
    )
    as_user(client, auth, writer)
    stale = client.post(edit, data=single_choice_form(lock="1", **{"stem-en": "Writer's wording"}))
    assert stale.status_code == 409
    body = html.unescape(stale.get_data(as_text=True))
    assert "Someone else saved this item after you opened it" in body
    assert "Writer's wording" in body  # nothing typed is lost
    assert latest("studio-decade").content["stem"]["en"] == "Reviewer's wording"
    assert revision_count() == 2


def test_a_retired_question_cannot_be_edited(client, auth, writer, reviewer):
    _publish(client, auth, writer, reviewer)
    question = db.session.scalar(select(Question).where(Question.key == "studio-decade"))
    from datetime import UTC, datetime

    question.retired_at = datetime.now(UTC)
    db.session.commit()
    edit = "/author/studio/questions/studio-decade/edit"
    assert client.get(edit).status_code == 409
    refused = client.post(edit, data=single_choice_form(lock="1"))
    assert refused.status_code == 422
    assert "This item is retired and cannot be edited." in refused.get_data(as_text=True)
    assert revision_count() == 1


def test_diff_shows_both_revisions_side_by_side(client, auth, writer, reviewer):
    _publish(client, auth, writer, reviewer)
    client.post(
        "/author/studio/questions/studio-decade/edit",
        data=single_choice_form(lock="1", **{"options-0-text-en": "1960s"}),
    )
    page = html.unescape(
        client.get("/author/studio/question/studio-decade/diff").get_data(as_text=True)
    )
    assert "options[0].text.en" in page
    assert "<del>1950s</del>" in page and "<ins>1960s</ins>" in page
    assert "Wenche Writer" in page and "Rolf Reviewer" in page


def test_token_less_studio_posts_are_refused_when_csrf_is_on(_migrated, make_user):
    from tests.conftest import PASSWORD, make_test_app

    strict = make_test_app(_migrated, WTF_CSRF_ENABLED=True)
    user = make_user(Role.INSTRUCTOR)
    client = strict.test_client()
    token = (
        client.get("/login")
        .get_data(as_text=True)
        .split('name="csrf_token" type="hidden" value="')[1]
        .split('"')[0]
    )
    client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert client.post("/author/studio/questions/new", data=single_choice_form()).status_code == 400
    assert (
        client.post("/author/studio/questions/preview", data=single_choice_form()).status_code
        == 400
    )
    assert revision_count() == 0
    page = client.get("/author/studio/questions/new").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    assert (
        client.post(
            "/author/studio/questions/new", data={**single_choice_form(), "csrf_token": token}
        ).status_code
        == 302
    )


def test_a_change_sent_back_opens_with_its_own_text(client, auth, writer, reviewer):
    _publish(client, auth, writer, reviewer)
    as_user(client, auth, writer)
    client.post(
        "/author/studio/questions/studio-decade/edit",
        data=single_choice_form(lock="1", **{"stem-en": "Second thoughts"}),
    )
    revision = latest("studio-decade")
    client.post(f"/author/studio/revisions/{revision.id}/submit")
    as_user(client, auth, reviewer)
    client.post(f"/author/studio/revisions/{revision.id}/reject", data={"note": "Shorter"})
    as_user(client, auth, writer)
    page = client.get("/author/studio/questions/studio-decade/edit").get_data(as_text=True)
    assert "Second thoughts" in page and 'name="lock" value="2"' in page


def test_an_overlong_review_note_is_refused_and_nothing_changes(client, auth, writer, reviewer):
    revision_id = _write_and_submit(client, auth, writer)
    as_user(client, auth, reviewer)
    response = client.post(
        f"/author/studio/revisions/{revision_id}/approve", data={"note": "x" * 2001}
    )
    assert response.status_code == 409
    assert "The review note is too long" in response.get_data(as_text=True)
    assert latest("studio-decade").status == "in_review"
