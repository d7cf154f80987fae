"""Question forms: the bank schema's rules and messages at the form fields, nothing saved on error."""

from __future__ import annotations

import html

from ims_training.models import Role

from .conftest import field_error, revision_count, single_choice_form


def post(client, data):  # type: ignore[no-untyped-def]
    return client.post("/author/studio/questions/new", data=data)


def test_a_valid_question_is_saved_as_a_draft_with_its_note(client, login_as):
    login_as(Role.INSTRUCTOR)
    response = post(client, single_choice_form())
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Revision 1" in page and "Draft" in page and "first draft" in page


def test_no_correct_option_is_an_error_at_the_options(client, login_as):
    login_as(Role.INSTRUCTOR)
    response = post(client, single_choice_form(**{"options-1-correct": None}))
    assert response.status_code == 422
    assert "exactly one option with 'correct: true', found 0" in html.unescape(
        field_error(response.get_data(as_text=True), "options")
    )
    assert revision_count() == 0


def test_two_correct_options_suggest_multiple_response(client, login_as):
    login_as(Role.INSTRUCTOR)
    response = post(client, single_choice_form(**{"options-0-correct": "1"}))
    assert response.status_code == 422
    assert "use multiple_response" in field_error(response.get_data(as_text=True), "options")


def test_an_empty_english_stem_is_an_error_at_the_stem(client, login_as):
    login_as(Role.INSTRUCTOR)
    response = post(client, single_choice_form(**{"stem-en": ""}))
    assert response.status_code == 422
    assert "missing required key 'en'" in html.unescape(
        field_error(response.get_data(as_text=True), "stem-en")
    )
    assert revision_count() == 0


def test_a_matching_pair_without_its_match_is_an_error_at_that_row(client, login_as):
    login_as(Role.INSTRUCTOR)
    data = {
        "lock": "0",
        "type": "matching",
        "id": "studio-match",
        "module": "anatomy",
        "stem-en": "Match",
        "stem-nb": "Koble",
        "pairs-0-id": "c5",
        "pairs-0-prompt-en": "C5",
        "pairs-0-match-en": "Deltoid",
        # row 1 left blank: the error must still name the row the instructor typed in (row 2)
        "pairs-2-id": "l5",
        "pairs-2-prompt-en": "L5",
    }
    response = post(client, data)
    assert response.status_code == 422
    assert "missing required key 'match'" in html.unescape(
        field_error(response.get_data(as_text=True), "pairs-2-match-en")
    )
    assert revision_count() == 0


def test_a_match_offered_twice_is_ambiguous(client, login_as):
    login_as(Role.INSTRUCTOR)
    data = {
        "lock": "0",
        "type": "matching",
        "id": "studio-match",
        "module": "anatomy",
        "stem-en": "Match",
        "pairs-0-id": "c5",
        "pairs-0-prompt-en": "C5",
        "pairs-0-match-en": "Deltoid",
        "pairs-1-id": "c6",
        "pairs-1-prompt-en": "C6",
        "pairs-1-match-en": "Deltoid",
    }
    response = post(client, data)
    assert response.status_code == 422
    assert "offered twice" in html.unescape(
        field_error(response.get_data(as_text=True), "pairs-1-match-en")
    )


def test_numeric_range_upside_down_and_a_bad_id_are_both_reported(client, login_as):
    login_as(Role.INSTRUCTOR)
    data = {
        "lock": "0",
        "type": "numeric",
        "id": "Not An Id",
        "module": "anatomy",
        "stem-en": "How many?",
        "answer-min": "6",
        "answer-max": "4",
    }
    body = post(client, data).get_data(as_text=True)
    assert "min (6) is greater than max (4)" in field_error(body, "answer-min")
    assert "lowercase letters" in field_error(body, "id")


def test_an_id_already_in_use_is_refused_at_the_id(client, login_as):
    login_as(Role.INSTRUCTOR)
    assert post(client, single_choice_form()).status_code == 302
    response = post(client, single_choice_form())
    assert response.status_code == 422
    assert "already taken" in field_error(response.get_data(as_text=True), "id")
    assert revision_count() == 1


def test_missing_norwegian_is_a_warning_and_blocks_review(client, login_as):
    login_as(Role.INSTRUCTOR)
    response = post(client, single_choice_form(**{"stem-nb": "", "action": "preview"}))
    assert response.status_code == 200
    assert 'id="stem-nb-warning"' in response.get_data(as_text=True)
    assert post(client, single_choice_form(**{"stem-nb": ""})).status_code == 302
    from .conftest import latest

    revision = latest("studio-decade")
    refused = client.post(f"/author/studio/revisions/{revision.id}/submit")
    assert refused.status_code == 409
    assert "Add the Norwegian (nb) text before review: stem" in html.unescape(
        refused.get_data(as_text=True)
    )
    assert latest("studio-decade").status == "draft"


def test_every_type_can_be_written_in_the_form(client, login_as):
    login_as(Role.INSTRUCTOR)
    forms = {
        "true_false": {"answer": "true"},
        "ordering": {
            "items-0-id": "a",
            "items-0-text-en": "First",
            "items-1-id": "b",
            "items-1-text-en": "Second",
        },
        "short_text": {"accepted": "L5\nfifth lumbar"},
        "numeric": {"answer-value": "5", "answer-tolerance": "0.5", "unit-en": "vertebrae"},
        "multiple_response": {
            "scoring": "all_or_nothing",
            "options-0-id": "a",
            "options-0-text-en": "A",
            "options-0-correct": "1",
            "options-1-id": "b",
            "options-1-text-en": "B",
        },
        "matching": {
            "pairs-0-id": "a",
            "pairs-0-prompt-en": "C5",
            "pairs-0-match-en": "Deltoid",
            "pairs-1-id": "b",
            "pairs-1-prompt-en": "L5",
            "pairs-1-match-en": "Gluteus medius",
            "distractors-0-id": "x",
            "distractors-0-text-en": "Masseter",
        },
    }
    for qtype, extra in forms.items():
        data = {
            "lock": "0",
            "type": qtype,
            "id": f"studio-{qtype.replace('_', '-')}",
            "module": "safety",
            "stem-en": f"A {qtype} question",
            **extra,
        }
        assert post(client, data).status_code == 302, qtype
    assert revision_count() == len(forms)


def test_the_preview_shows_the_trainee_view_without_answer_ids(client, login_as):
    login_as(Role.INSTRUCTOR)
    response = client.post(
        "/author/studio/questions/preview",
        data=single_choice_form(**{"options-0-id": "wrong-x", "options-1-id": "right-y"}),
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "In which <strong>decade</strong> did Gunn begin IMS?" in body
    assert "I hvilket <strong>tiår</strong> begynte Gunn med IMS?" in body
    trainee_part = body.split('<details class="bank-preview__key">')[0]
    assert 'type="radio" name="answer"' in trainee_part  # the quiz page's own inputs
    assert "wrong-x" not in body and "right-y" not in body  # options go by opaque keys only


def test_the_preview_lists_the_errors_while_the_form_is_invalid(client, login_as):
    login_as(Role.INSTRUCTOR)
    response = client.post(
        "/author/studio/questions/preview", data=single_choice_form(**{"options-1-correct": None})
    )
    assert response.status_code == 422
    assert "found 0" in html.unescape(response.get_data(as_text=True))


def test_an_overlong_note_is_an_error_at_the_note(client, login_as):
    login_as(Role.INSTRUCTOR)
    response = post(client, single_choice_form(note="x" * 501))
    assert response.status_code == 422
    assert "Keep the note under 500 characters." in field_error(
        response.get_data(as_text=True), "note"
    )
    assert revision_count() == 0
