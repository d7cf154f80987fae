"""Drawing an attempt's questions from a fixed list or a blueprint, and laying them out."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ims_training.domain.quiz_draw import DrawError, draw, matches, presentation


def q(
    key: str,
    module: str = "anatomy",
    tags: tuple[str, ...] = (),
    difficulty: str = "easy",
    type_: str = "single_choice",
    content: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "key": key,
        "module": module,
        "tags": list(tags),
        "difficulty": difficulty,
        "type": type_,
        "version_id": hash(key) % 1000,
        "content": content,
    }


def choice_content(n: int = 5) -> dict[str, Any]:
    return {
        "type": "single_choice",
        "options": [{"id": f"o{i}", "correct": i == 0} for i in range(n)],
    }


BANK = [
    q("c5-deltoid", tags=("C5", "cervical"), difficulty="easy"),
    q("c6-biceps", tags=("C6", "cervical"), difficulty="medium"),
    q("c7-triceps", tags=("C7", "cervical"), difficulty="hard"),
    q("l4-quads", tags=("L4", "lumbar"), difficulty="easy"),
    q("l5-ehl", tags=("L5", "lumbar"), difficulty="medium", type_="short_text"),
    q("s1-calf", tags=("S1", "lumbar"), difficulty="hard", type_="true_false"),
    q("safety-pneumo", module="safety", tags=("safety-critical",), difficulty="hard"),
]


def keys(layout: list[dict[str, Any]]) -> list[str]:
    return [entry["key"] for entry in layout]


def test_fixed_questions_keep_their_order_without_shuffle() -> None:
    quiz = {"id": "quiz", "questions": ["l4-quads", "c5-deltoid"]}
    layout = draw(quiz, BANK, random.Random(1))
    assert keys(layout) == ["l4-quads", "c5-deltoid"]
    assert layout[0]["version_id"] == BANK[3]["version_id"]
    assert layout[0]["type"] == "single_choice"


def test_fixed_question_not_available_is_a_draw_error() -> None:
    with pytest.raises(DrawError, match="unavailable questions: gone"):
        draw({"id": "quiz", "questions": ["c5-deltoid", "gone"]}, BANK, random.Random(1))


def test_quiz_without_questions_is_a_draw_error() -> None:
    with pytest.raises(DrawError, match="no questions"):
        draw({"id": "quiz"}, BANK, random.Random(1))


def test_blueprint_draws_matching_questions_only() -> None:
    quiz = {"id": "quiz", "blueprint": [{"count": 2, "module": "anatomy", "tags": ["cervical"]}]}
    for seed in range(20):
        chosen = keys(draw(quiz, BANK, random.Random(seed)))
        assert len(chosen) == 2
        assert set(chosen) <= {"c5-deltoid", "c6-biceps", "c7-triceps"}


def test_blueprint_filters_combine_module_tags_difficulty_and_types() -> None:
    entry = {
        "module": "anatomy",
        "tags": ["lumbar", "C7"],
        "difficulty": ["hard"],
        "types": ["true_false"],
    }
    assert [x["key"] for x in BANK if matches(entry, x)] == ["s1-calf"]
    assert matches({"difficulty": "easy"}, BANK[0])  # a single value works like a list of one
    assert not matches({"module": "safety"}, BANK[0])


def test_blueprint_never_repeats_a_question_across_entries() -> None:
    quiz = {
        "id": "quiz",
        "blueprint": [{"count": 3, "tags": ["cervical"]}, {"count": 3, "module": "anatomy"}],
    }
    for seed in range(30):
        chosen = keys(draw(quiz, BANK, random.Random(seed)))
        assert len(chosen) == len(set(chosen)) == 6


def test_blueprint_excludes_fixed_questions() -> None:
    quiz = {
        "id": "quiz",
        "questions": ["c5-deltoid"],
        "blueprint": [{"count": 2, "tags": ["cervical"]}],
    }
    assert sorted(keys(draw(quiz, BANK, random.Random(4)))) == [
        "c5-deltoid",
        "c6-biceps",
        "c7-triceps",
    ]


def test_overlapping_entries_are_satisfied_when_some_choice_works() -> None:
    # a greedy draw could give the general entry the only hard lumbar question
    quiz = {
        "id": "quiz",
        "blueprint": [{"count": 2, "tags": ["lumbar"]}, {"count": 1, "tags": ["S1"]}],
    }
    for seed in range(30):
        assert sorted(keys(draw(quiz, BANK, random.Random(seed)))) == [
            "l4-quads",
            "l5-ehl",
            "s1-calf",
        ]


def test_entry_with_too_few_matches_is_a_draw_error() -> None:
    quiz = {"id": "quiz", "blueprint": [{"count": 2, "module": "safety"}]}
    with pytest.raises(DrawError, match="entry 1 .* needs 2 questions but only 1 match"):
        draw(quiz, BANK, random.Random(1))


def test_entries_that_together_need_too_many_questions_are_a_draw_error() -> None:
    quiz = {
        "id": "quiz",
        "blueprint": [{"count": 2, "tags": ["cervical"]}, {"count": 2, "tags": ["C5", "C6"]}],
    }
    with pytest.raises(DrawError, match="without repeating"):
        draw(quiz, BANK, random.Random(1))


def test_same_seed_gives_the_same_layout() -> None:
    bank = [q(f"q{i}", content=choice_content()) for i in range(20)]
    quiz = {
        "id": "quiz",
        "blueprint": [{"count": 8}],
        "shuffle_questions": True,
        "shuffle_options": True,
    }
    assert draw(quiz, bank, random.Random(7)) == draw(quiz, bank, random.Random(7))
    assert draw(quiz, list(reversed(bank)), random.Random(7)) == draw(quiz, bank, random.Random(7))


def test_different_seeds_draw_different_questions() -> None:
    bank = [q(f"q{i}") for i in range(20)]
    quiz = {"id": "quiz", "blueprint": [{"count": 5}]}
    assert len({tuple(keys(draw(quiz, bank, random.Random(s)))) for s in range(10)}) > 1


def test_shuffle_questions_changes_the_order_of_fixed_questions() -> None:
    fixed = [f"q{i}" for i in range(10)]
    bank = [q(k) for k in fixed]
    orders = {
        tuple(
            keys(
                draw(
                    {"id": "x", "questions": fixed, "shuffle_questions": True},
                    bank,
                    random.Random(s),
                )
            )
        )
        for s in range(5)
    }
    assert len(orders) > 1 and all(sorted(o) == sorted(fixed) for o in orders)


def test_option_order_is_shuffled_only_when_asked() -> None:
    content = choice_content(6)
    ids = [o["id"] for o in content["options"]]
    assert presentation(content, random.Random(1), shuffle=False) == {"options": ids}
    shuffled = {
        tuple(presentation(content, random.Random(s), shuffle=True)["options"]) for s in range(5)
    }
    assert len(shuffled) > 1 and all(sorted(o) == ids for o in shuffled)


def test_questions_without_parts_have_no_order() -> None:
    assert presentation({"type": "numeric", "answer": {"value": 1}}, random.Random(1), True) == {}


def test_ordering_items_are_never_shown_in_the_right_order() -> None:
    content = {"type": "ordering", "items": [{"id": "first"}, {"id": "second"}]}
    for seed in range(20):
        laid_out = presentation(content, random.Random(seed), shuffle=False)
        assert laid_out["items"] == ["second", "first"]
        assert sorted(laid_out["aliases"].values()) == ["first", "second"]


def test_matching_uses_separate_opaque_aliases_for_prompts_and_choices() -> None:
    content = {
        "type": "matching",
        "pairs": [{"id": "c5"}, {"id": "c6"}],
        "distractors": [{"id": "x"}],
    }
    laid_out = presentation(content, random.Random(3), shuffle=False)
    assert laid_out["prompts"] == ["c5", "c6"]
    assert sorted(laid_out["choices"]) == ["c5", "c6", "x"]
    assert sorted(laid_out["prompt_aliases"].values()) == ["c5", "c6"]
    assert sorted(laid_out["choice_aliases"].values()) == ["c5", "c6", "x"]
    assert not set(laid_out["prompt_aliases"]) & set(laid_out["choice_aliases"])
    assert not any(alias in ("c5", "c6", "x") for alias in laid_out["choice_aliases"])


def test_layout_is_json_serialisable() -> None:
    bank = [
        q("m", type_="matching", content={"type": "matching", "pairs": [{"id": "a"}, {"id": "b"}]}),
        q("c", content=choice_content()),
    ]
    layout = draw(
        {"id": "x", "questions": ["m", "c"], "shuffle_options": True}, bank, random.Random(2)
    )
    assert json.loads(json.dumps(layout)) == layout


@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=1, max_value=7))
def test_property_draw_is_a_permutation_without_repeats(seed: int, count: int) -> None:
    bank = [
        q(x["key"], x["module"], tuple(x["tags"]), x["difficulty"], x["type"], choice_content())
        for x in BANK
    ]
    quiz = {
        "id": "x",
        "blueprint": [{"count": count}],
        "shuffle_questions": True,
        "shuffle_options": True,
    }
    layout = draw(quiz, bank, random.Random(seed))
    assert len(set(keys(layout))) == count
    assert all(sorted(entry["options"]) == [f"o{i}" for i in range(5)] for entry in layout)
