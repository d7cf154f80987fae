"""Graders: each question type, its edges, and the properties every grader keeps."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ims_training.domain.grading import (
    InvalidResponse,
    UnknownQuestionType,
    correct_response,
    grade,
    grade_attempt,
    question_types,
    validate_response,
)


def text(en: str) -> dict[str, str]:
    return {"en": en, "nb": en}


SINGLE: dict[str, Any] = {
    "id": "q-single",
    "type": "single_choice",
    "points": 1,
    "options": [
        {"id": "a", "text": text("1950s")},
        {"id": "b", "text": text("1970s"), "correct": True},
    ],
}
MULTI: dict[str, Any] = {
    "id": "q-multi",
    "type": "multiple_response",
    "points": 2,
    "options": [
        {"id": "a", "text": text("A"), "correct": True},
        {"id": "b", "text": text("B"), "correct": True},
        {"id": "c", "text": text("C")},
        {"id": "d", "text": text("D"), "correct": False},
    ],
}
TRUE_FALSE: dict[str, Any] = {"id": "q-tf", "type": "true_false", "answer": False}
MATCHING: dict[str, Any] = {
    "id": "q-match",
    "type": "matching",
    "points": 3,
    "pairs": [
        {"id": "c5", "prompt": text("C5"), "match": text("deltoid")},
        {"id": "c6", "prompt": text("C6"), "match": text("biceps")},
        {"id": "c7", "prompt": text("C7"), "match": text("triceps")},
    ],
    "distractors": [{"id": "x", "text": text("soleus")}],
}
ORDERING: dict[str, Any] = {
    "id": "q-order",
    "type": "ordering",
    "points": 4,
    "items": [{"id": i, "text": text(i)} for i in ("history", "exam", "consent", "needling")],
}
NUMERIC: dict[str, Any] = {
    "id": "q-num",
    "type": "numeric",
    "answer": {"value": 4.0, "tolerance": 0.5},
}
RANGE: dict[str, Any] = {"id": "q-range", "type": "numeric", "answer": {"min": 3, "max": 5}}
SHORT: dict[str, Any] = {"id": "q-short", "type": "short_text", "accepted": ["L5", "fifth lumbar"]}

ALL = [SINGLE, MULTI, TRUE_FALSE, MATCHING, ORDERING, NUMERIC, RANGE, SHORT]


def test_every_contract_type_has_a_grader() -> None:
    assert set(question_types()) == {
        "single_choice",
        "multiple_response",
        "true_false",
        "matching",
        "ordering",
        "numeric",
        "short_text",
    }


def test_unknown_type_is_refused() -> None:
    with pytest.raises(UnknownQuestionType, match="essay"):
        grade({"type": "essay"}, "text")


@pytest.mark.parametrize("content", ALL, ids=lambda c: c["id"])
def test_missing_response_scores_zero(content: dict[str, Any]) -> None:
    result = grade(content, None)
    assert (result.score, result.is_correct, result.partial) == (0, False, False)
    assert result.max_score == content.get("points", 1)
    validate_response(content, None)


@pytest.mark.parametrize("content", ALL, ids=lambda c: c["id"])
def test_correct_response_gets_full_marks(content: dict[str, Any]) -> None:
    result = grade(content, correct_response(content))
    assert result.is_correct and result.fraction == 1 and result.score == result.max_score


def test_single_choice_wrong_option_scores_zero() -> None:
    assert grade(SINGLE, "a").score == 0
    assert grade(SINGLE, "b").detail["correct"] == "b"


@pytest.mark.parametrize(
    ("response", "problem"),
    [(["b"], "string"), ("z", "unknown option 'z'"), (1, "string")],
)
def test_single_choice_malformed_is_invalid(response: Any, problem: str) -> None:
    with pytest.raises(InvalidResponse, match=problem):
        validate_response(SINGLE, response)


@pytest.mark.parametrize(
    ("response", "fraction"),
    [
        (["a", "b"], 1.0),
        (["a"], 0.5),
        (["a", "c"], 0.0),  # 1/2 right - 1/2 wrong
        (["a", "b", "c"], 0.5),
        (["c", "d"], 0.0),  # floored at zero
        ([], 0.0),
    ],
)
def test_multiple_response_partial_credit(response: list[str], fraction: float) -> None:
    result = grade(MULTI, response)
    assert result.fraction == fraction
    assert result.score == fraction * 2
    assert result.partial == (0 < fraction < 1)


def test_multiple_response_thirds_add_up_exactly() -> None:
    content = {**MULTI, "options": [{"id": i, "text": text(i), "correct": True} for i in "abc"]}
    assert grade(content, ["a", "b", "c"]).is_correct
    assert grade(content, ["a", "b"]).fraction == pytest.approx(2 / 3)


def test_multiple_response_with_no_wrong_options_has_no_penalty() -> None:
    content = {**MULTI, "options": [{"id": i, "text": text(i), "correct": True} for i in "ab"]}
    assert grade(content, ["b"]).fraction == 0.5


def test_multiple_response_all_or_nothing() -> None:
    content = {**MULTI, "scoring": "all_or_nothing"}
    assert grade(content, ["a"]).score == 0
    assert grade(content, ["a", "b", "c"]).score == 0
    assert grade(content, ["b", "a"]).score == 2


def test_multiple_response_detail_marks_each_option() -> None:
    detail = grade(MULTI, ["a", "c"]).detail["options"]
    assert detail["a"] == {"chosen": True, "correct": True}
    assert detail["c"] == {"chosen": True, "correct": False}
    assert detail["b"] == {"chosen": False, "correct": True}


@pytest.mark.parametrize(
    ("response", "problem"),
    [("a", "list"), (["a", "a"], "repeats"), (["a", "zz"], "unknown option"), ([1], "string")],
)
def test_multiple_response_malformed_is_invalid(response: Any, problem: str) -> None:
    with pytest.raises(InvalidResponse, match=problem):
        grade(MULTI, response)


def test_true_false() -> None:
    assert grade(TRUE_FALSE, False).is_correct
    assert not grade(TRUE_FALSE, True).is_correct


@pytest.mark.parametrize("response", ["false", 0, "true", 1])
def test_true_false_needs_a_boolean(response: Any) -> None:
    with pytest.raises(InvalidResponse, match="true or false"):
        validate_response(TRUE_FALSE, response)


def test_matching_scores_per_pair() -> None:
    result = grade(MATCHING, {"c5": "c5", "c6": "c7", "c7": "x"})
    assert result.fraction == pytest.approx(1 / 3)
    assert result.score == pytest.approx(1.0)
    assert result.partial
    assert result.detail["pairs"]["c6"] == {"chosen": "c7", "correct": False}


def test_matching_unanswered_prompts_count_as_wrong() -> None:
    assert grade(MATCHING, {"c5": "c5", "c6": "c6"}).fraction == pytest.approx(2 / 3)
    assert grade(MATCHING, {}).score == 0


@pytest.mark.parametrize(
    ("response", "problem"),
    [
        (["c5"], "object"),
        ({"c9": "c5"}, "unknown pair 'c9'"),
        ({"c5": "y"}, "unknown match 'y'"),
        ({"c5": 5}, "string"),
    ],
)
def test_matching_malformed_is_invalid(response: Any, problem: str) -> None:
    with pytest.raises(InvalidResponse, match=problem):
        validate_response(MATCHING, response)


def test_ordering_scores_per_position() -> None:
    result = grade(ORDERING, ["history", "consent", "exam", "needling"])
    assert result.fraction == 0.5
    assert result.score == 2
    assert [p["right"] for p in result.detail["positions"]] == [True, False, False, True]


def test_ordering_reversed_scores_zero() -> None:
    assert grade(ORDERING, ["needling", "consent", "exam", "history"]).score == 0


@pytest.mark.parametrize(
    ("response", "problem"),
    [
        (["history", "exam"], "all 4 items"),
        (["history", "history", "exam", "consent"], "repeats"),
        (["history", "exam", "consent", "nope"], "unknown item"),
        ("history", "list"),
    ],
)
def test_ordering_malformed_is_invalid(response: Any, problem: str) -> None:
    with pytest.raises(InvalidResponse, match=problem):
        validate_response(ORDERING, response)


@pytest.mark.parametrize(
    ("response", "right"),
    [
        (4.0, True),
        (3.5, True),  # tolerance is inclusive
        (4.5, True),
        (4.51, False),
        (3.49, False),
        (4, True),
        ("4,5", True),  # Norwegian decimal comma
        ("4.2", True),
        (" 3,75 ", True),
        ("−4", False),  # Unicode minus sign is read as a minus
        ("+4", True),
        (",5", False),
    ],
)
def test_numeric_within_tolerance(response: Any, right: bool) -> None:
    assert grade(NUMERIC, response).is_correct is right


def test_numeric_tolerance_bounds_are_exact_in_decimal() -> None:
    content = {"type": "numeric", "answer": {"value": 0.3, "tolerance": 0.1}}
    assert grade(content, 0.4).is_correct
    assert grade(content, 0.2).is_correct


def test_numeric_range_is_inclusive() -> None:
    assert [grade(RANGE, v).is_correct for v in (2.99, 3, 4, 5, "5,0", 5.01)] == [
        False,
        True,
        True,
        True,
        True,
        False,
    ]


def test_numeric_without_tolerance_needs_the_exact_value() -> None:
    content = {"type": "numeric", "answer": {"value": 25}}
    assert grade(content, "25").is_correct
    assert not grade(content, 25.1).is_correct


def test_numeric_accepts_spaces_grouping_thousands() -> None:
    content = {"type": "numeric", "answer": {"value": 1500}}
    assert grade(content, "1 500").is_correct
    assert grade(content, "1\u00a0500,0").is_correct


@pytest.mark.parametrize(
    "response",
    ["", "abc", "4,5,6", "4.5,0", "4 5", "1e3", [4], True, {}, float("nan"), float("inf")],
)
def test_numeric_malformed_is_invalid(response: Any) -> None:
    with pytest.raises(InvalidResponse):
        validate_response(NUMERIC, response)


@pytest.mark.parametrize(
    "response",
    ["L5", "l5", "  l5 ", "Fifth   Lumbar", "FIFTH\tLUMBAR", "fifth\u00a0lumbar"],
)
def test_short_text_normalises_case_and_whitespace(response: str) -> None:
    assert grade(SHORT, response).is_correct


def test_short_text_wrong_answer_scores_zero() -> None:
    assert grade(SHORT, "L4").score == 0
    assert grade(SHORT, "L 5").score == 0


def test_short_text_case_sensitive() -> None:
    content = {**SHORT, "case_sensitive": True}
    assert grade(content, " L5").is_correct
    assert not grade(content, "l5").is_correct


@pytest.mark.parametrize("word", ["blå bær på sjø", "Şişli", "Ålesund"])
def test_short_text_composed_and_decomposed_letters_compare_equal(word: str) -> None:
    composed = unicodedata.normalize("NFC", word)
    decomposed = unicodedata.normalize("NFD", word)
    assert composed != decomposed
    for accepted in (composed, decomposed):
        content = {"type": "short_text", "accepted": [accepted]}
        assert grade(content, decomposed.upper()).is_correct
        assert grade(content, composed.lower()).is_correct


def test_short_text_folds_norwegian_capitals() -> None:
    content = {"type": "short_text", "accepted": ["ØRE, ÆRE OG ÅS"]}
    assert grade(content, "øre, ære og ås").is_correct


def test_short_text_different_letters_do_not_compare_equal() -> None:
    content = {"type": "short_text", "accepted": ["sår"]}
    assert not grade(content, "sar").is_correct


@pytest.mark.parametrize("response", [5, ["L5"], "x" * 501])
def test_short_text_malformed_is_invalid(response: Any) -> None:
    with pytest.raises(InvalidResponse):
        validate_response(SHORT, response)


def test_grade_attempt_sums_scores() -> None:
    result = grade_attempt([(SINGLE, "b"), (MULTI, ["a"]), (MATCHING, None), (SHORT, "l5")])
    assert result.score == 1 + 1 + 0 + 1
    assert result.max_score == 1 + 2 + 3 + 1
    assert result.percent == pytest.approx(300 / 7)
    assert len(result.grades) == 4


def test_grade_attempt_of_nothing_is_zero_percent() -> None:
    assert grade_attempt([]).percent == 0


# --- properties --------------------------------------------------------------------------------

ids = st.lists(
    st.from_regex(r"[a-z][a-z0-9-]{0,6}", fullmatch=True), min_size=2, max_size=8, unique=True
)


@st.composite
def questions(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(question_types()))
    points = draw(st.integers(min_value=1, max_value=5))
    base: dict[str, Any] = {"id": "q", "type": kind, "points": points}
    if kind in ("single_choice", "multiple_response"):
        keys = draw(ids)
        if kind == "single_choice":
            right = {draw(st.sampled_from(keys))}
        else:
            right = set(draw(st.lists(st.sampled_from(keys), min_size=1, unique=True)))
            base["scoring"] = draw(st.sampled_from(["partial", "all_or_nothing"]))
        base["options"] = [{"id": k, "text": text(k), "correct": k in right} for k in keys]
    elif kind == "true_false":
        base["answer"] = draw(st.booleans())
    elif kind == "matching":
        keys = draw(ids)
        base["pairs"] = [{"id": k, "prompt": text(k), "match": text(k)} for k in keys[:-1]]
        base["distractors"] = [{"id": keys[-1], "text": text("other")}]
        if len(base["pairs"]) < 2:
            base["pairs"].append({"id": "zz", "prompt": text("z"), "match": text("z")})
    elif kind == "ordering":
        base["items"] = [{"id": k, "text": text(k)} for k in draw(ids)]
    elif kind == "numeric":
        value = draw(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
        tolerance = draw(st.floats(min_value=0, max_value=100, allow_nan=False))
        base["answer"] = {"value": value, "tolerance": tolerance}
    else:
        base["accepted"] = draw(st.lists(st.text(min_size=1, max_size=20), min_size=1, max_size=3))
        base["case_sensitive"] = draw(st.booleans())
    return base


@st.composite
def responses(draw: st.DrawFn, content: dict[str, Any]) -> Any:
    kind = content["type"]
    if kind == "single_choice":
        return draw(st.sampled_from([o["id"] for o in content["options"]]))
    if kind == "multiple_response":
        return draw(st.lists(st.sampled_from([o["id"] for o in content["options"]]), unique=True))
    if kind == "true_false":
        return draw(st.booleans())
    if kind == "matching":
        prompts = [p["id"] for p in content["pairs"]]
        choices = prompts + [d["id"] for d in content["distractors"]]
        return draw(st.dictionaries(st.sampled_from(prompts), st.sampled_from(choices)))
    if kind == "ordering":
        return draw(st.permutations([i["id"] for i in content["items"]]))
    if kind == "numeric":
        return draw(st.floats(min_value=-2e6, max_value=2e6, allow_nan=False))
    return draw(st.text(max_size=30))


@given(questions())
def test_property_correct_response_always_gets_full_marks(content: dict[str, Any]) -> None:
    result = grade(content, correct_response(content))
    assert result.is_correct and result.score == result.max_score


@given(st.data())
def test_property_score_stays_within_zero_and_max(data: st.DataObject) -> None:
    content = data.draw(questions())
    result = grade(content, data.draw(responses(content)))
    assert 0 <= result.score <= result.max_score
    assert 0 <= result.fraction <= 1
    assert result.is_correct == (result.fraction == 1)


@given(st.data())
def test_property_presentation_order_never_changes_the_score(data: st.DataObject) -> None:
    """Options, pairs and distractors are shown shuffled; ordering items are the key, so not."""
    content = data.draw(questions())
    response = data.draw(responses(content))
    shuffled = dict(content)
    for part in ("options", "pairs", "distractors"):
        if part in content:
            shuffled[part] = data.draw(st.permutations(content[part]))
    assert grade(shuffled, response) == grade(content, response)


@given(st.data())
def test_property_attempt_score_is_the_sum_of_its_questions(data: st.DataObject) -> None:
    items = []
    for _ in range(data.draw(st.integers(min_value=0, max_value=6))):
        content = data.draw(questions())
        items.append((content, data.draw(st.one_of(st.none(), responses(content)))))
    result = grade_attempt(items)
    assert result.score == pytest.approx(sum(grade(c, r).score for c, r in items))
    assert result.max_score == sum(c["points"] for c, _ in items)
