"""Quiz forms: fixed lists and blueprints checked against the published bank, as `bank validate` does."""

from __future__ import annotations

import html

from sqlalchemy import select

from ims_training.extensions import db
from ims_training.models import Quiz, QuizVersion, Role
from tests.factories.quizzes import import_marker_bank

from .conftest import as_user, field_error, latest, revision_count


def quiz_form(**changes):  # type: ignore[no-untyped-def]
    form = {
        "lock": "0",
        "id": "studio-quiz",
        "kind": "module",
        "module": "foundations",
        "title-en": "Fjords",
        "title-nb": "Fjorder",
        "mode": "fixed",
        "questions": "mk-single\nmk-tf",
        "pass_mark": "70",
        "time_limit_minutes": "20",
        "attempts_allowed": "2",
        "grading_method": "highest",
        "shuffle_questions": "1",
        "review-after_submit-custom": "1",
        "review-after_submit-score": "1",
    }
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


def test_a_quiz_is_written_reviewed_and_published(client, auth, make_user, tmp_path):
    import_marker_bank(tmp_path)
    writer, reviewer = make_user(Role.INSTRUCTOR), make_user(Role.ADMINISTRATOR)
    as_user(client, auth, writer)
    assert client.post("/author/studio/quizzes/new", data=quiz_form()).status_code == 302
    revision = latest("studio-quiz")
    assert revision.content["review"]["after_submit"] == {
        "score": True,
        "correctness": False,
        "correct_answers": False,
        "explanations": False,
    }
    client.post(f"/author/studio/revisions/{revision.id}/submit")
    as_user(client, auth, reviewer)
    client.post(f"/author/studio/revisions/{revision.id}/approve", data={})
    assert client.post(f"/author/studio/revisions/{revision.id}/publish").status_code == 302
    quiz = db.session.scalar(select(Quiz).where(Quiz.key == "studio-quiz"))
    definition = db.session.get(QuizVersion, quiz.current_version_id).definition
    assert (
        definition["questions"] == ["mk-single", "mk-tf"] and definition["time_limit_minutes"] == 20
    )
    assert 'value="70"' in client.get("/author/studio/quizzes/studio-quiz/edit").get_data(
        as_text=True
    )


def test_an_unknown_question_is_an_error_at_the_list(client, login_as, tmp_path):
    import_marker_bank(tmp_path)
    login_as(Role.INSTRUCTOR)
    response = client.post(
        "/author/studio/quizzes/new", data=quiz_form(questions="mk-single\nno-such-question")
    )
    assert response.status_code == 422
    assert "unknown question id 'no-such-question'" in html.unescape(
        field_error(response.get_data(as_text=True), "questions")
    )
    assert revision_count() == 0


def test_a_blueprint_the_bank_cannot_satisfy_is_an_error_at_its_row(client, login_as, tmp_path):
    import_marker_bank(tmp_path)
    login_as(Role.INSTRUCTOR)
    # row 0 left blank: the error is shown at the row the instructor filled in
    data = quiz_form(
        mode="blueprint",
        questions=None,
        **{
            "blueprint-1-count": "5",
            "blueprint-1-module": "foundations",
            "blueprint-1-types": "true_false",
        },
    )
    response = client.post("/author/studio/quizzes/new", data=data)
    assert response.status_code == 422
    body = html.unescape(response.get_data(as_text=True))
    assert "asks for 5 questions but only 1 match its filters" in field_error(
        body, "blueprint-1-count"
    )
    assert "blueprint asks for 5 questions in all but its entries match only 1" in body
    assert revision_count() == 0


def test_pass_mark_out_of_range_and_module_quiz_without_module(client, login_as):
    login_as(Role.INSTRUCTOR)
    body = html.unescape(
        client.post("/author/studio/quizzes/new", data=quiz_form(pass_mark="170")).get_data(
            as_text=True
        )
    )
    assert "pass_mark is a percentage from 0 to 100, got 170" in body
    body = client.post("/author/studio/quizzes/new", data=quiz_form(module="")).get_data(
        as_text=True
    )
    assert "a quiz of kind 'module' needs 'module'" in html.unescape(field_error(body, "module"))
    body = client.post("/author/studio/quizzes/new", data=quiz_form(questions="")).get_data(
        as_text=True
    )
    assert "'questions' is empty" in html.unescape(field_error(body, "questions"))
    assert revision_count() == 0
