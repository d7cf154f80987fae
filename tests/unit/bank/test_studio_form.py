"""Studio form fields <-> bank data: the same schema, errors at the fields the instructor typed in."""

from __future__ import annotations

import pytest

from ims_training.bank.quiz_schema import QUIZ_ADAPTER
from ims_training.bank.schema import QUESTION_ADAPTER
from ims_training.bank.studio_form import (
    question_fields,
    quiz_fields,
    validate_question,
    validate_quiz,
)
from tests.factories.quizzes import questions, quiz


@pytest.mark.parametrize("question", questions(), ids=lambda q: q["type"])
def test_every_type_survives_the_round_trip_through_the_form(question):
    stored = QUESTION_ADAPTER.validate_python({**question, "module": "foundations"}).model_dump(
        mode="json", exclude_none=True
    )
    check = validate_question(question_fields(stored))
    assert check.ok, check.errors
    assert check.model.model_dump(mode="json", exclude_none=True) == stored
    assert check.warnings == {}  # every marker text has nb


def test_a_quiz_survives_the_round_trip_through_the_form():
    stored = QUIZ_ADAPTER.validate_python(quiz(time_limit_minutes=20)).model_dump(
        mode="json", exclude_none=True
    )
    check = validate_quiz(quiz_fields(stored))
    assert check.ok, check.errors
    assert check.model.model_dump(mode="json", exclude_none=True) == stored


def test_blank_rows_are_dropped_and_errors_name_the_typed_row():
    fields = {
        "type": ["ordering"],
        "id": ["x"],
        "stem-en": ["Order"],
        "items-0-id": ["a"],
        "items-0-text-en": ["A"],
        "items-3-id": ["a"],
        "items-3-text-en": ["B"],
    }
    check = validate_question(fields)
    assert [i["id"] for i in check.data["items"]] == ["a", "a"]
    assert check.errors == {"items-3-id": ["item id 'a' is used twice"]}


def test_missing_norwegian_is_a_warning_at_the_nb_field():
    fields = {
        "type": ["true_false"],
        "id": ["x"],
        "stem-en": ["Yes?"],
        "answer": ["true"],
        "explanation-en": ["Because"],
        "explanation-nb": ["Fordi"],
    }
    check = validate_question(fields)
    assert check.ok and check.warnings == {"stem-nb": ["no Norwegian (nb) text"]}


def test_unknown_type_and_module_are_refused_before_the_schema():
    assert (
        "unknown question type"
        in validate_question({"type": ["essay"], "id": ["x"]}).errors["type"][0]
    )
    check = validate_question({"type": ["true_false"], "id": ["x"], "module": ["astrology"]})
    assert check.errors["module"][0].startswith("'module' must be one of")


def test_long_lists_are_read_whole():
    matching = {
        "id": "many-pairs",
        "type": "matching",
        "module": "anatomy",
        "stem": {"en": "Match", "nb": "Koble"},
        "pairs": [
            {
                "id": f"p{i}",
                "prompt": {"en": f"P{i}", "nb": f"P{i}"},
                "match": {"en": f"M{i}", "nb": f"M{i}"},
            }
            for i in range(12)
        ],
    }
    ordering = {
        "id": "many-items",
        "type": "ordering",
        "module": "anatomy",
        "stem": {"en": "Order", "nb": "Ordne"},
        "items": [{"id": f"i{i}", "text": {"en": f"I{i}", "nb": f"I{i}"}} for i in range(20)],
    }
    for question in (matching, ordering):
        stored = QUESTION_ADAPTER.validate_python(question).model_dump(
            mode="json", exclude_none=True
        )
        check = validate_question(question_fields(stored))
        assert check.ok and check.model.model_dump(mode="json", exclude_none=True) == stored


def test_more_options_than_the_schema_allows_is_an_error_not_a_silent_cut():
    fields = {
        "type": ["single_choice"],
        "id": ["x"],
        "stem-en": ["Pick"],
        "options-0-correct": ["1"],
    }
    for i in range(11):
        fields[f"options-{i}-id"] = [f"o{i}"]
        fields[f"options-{i}-text-en"] = [f"Option {i}"]
    assert "at most 10" in validate_question(fields).errors["options"][0]
