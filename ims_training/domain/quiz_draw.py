"""Draw the questions of a new attempt and fix their presentation order.

The result is a JSON-able layout the attempt stores, so a reload shows the same questions, in the
same order, with the same option order, and a re-grade uses the same question versions.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any

Question = Mapping[str, Any]


class DrawError(ValueError):
    """The quiz definition cannot be satisfied by the available questions."""


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple | set) else [value]


def matches(entry: Mapping[str, Any], question: Question) -> bool:
    """True when the question has every filter the blueprint entry gives (any-of within a list)."""
    if entry.get("module") is not None and question.get("module") != entry["module"]:
        return False
    tags = _as_list(entry.get("tags"))
    if tags and not set(tags) & set(question.get("tags") or []):
        return False
    difficulties = _as_list(entry.get("difficulty"))
    if difficulties and question.get("difficulty") not in difficulties:
        return False
    types = _as_list(entry.get("types"))
    return not types or question.get("type") in types


def _fixed(quiz: Mapping[str, Any], by_key: dict[str, Question]) -> list[Question]:
    keys = list(quiz.get("questions") or [])
    missing = [key for key in keys if key not in by_key]
    if missing:
        raise DrawError(
            f"quiz {quiz.get('id')!r} lists unavailable questions: {', '.join(missing)}"
        )
    if len(set(keys)) != len(keys):
        raise DrawError(f"quiz {quiz.get('id')!r} lists a question twice")
    return [by_key[key] for key in keys]


def _assign(slots: list[list[str]], taken: set[str]) -> dict[int, str] | None:
    """Give every slot a distinct candidate (bipartite matching), or None if impossible.

    Entries may overlap ("any C5 question" and "any hard question"), so a greedy pick can starve a
    later entry that a different choice would satisfy; augmenting paths find it if it exists.
    """
    owner: dict[str, int] = {}

    def place(slot: int, seen: set[str]) -> bool:
        for key in slots[slot]:
            if key in seen or key in taken:
                continue
            seen.add(key)
            if key not in owner or place(owner[key], seen):
                owner[key] = slot
                return True
        return False

    for slot in range(len(slots)):
        if not place(slot, set()):
            return None
    return {slot: key for key, slot in owner.items()}


def _blueprint(
    quiz: Mapping[str, Any], questions: Sequence[Question], rng: random.Random, taken: set[str]
) -> list[str]:
    slots: list[list[str]] = []
    for index, entry in enumerate(quiz.get("blueprint") or []):
        candidates = sorted(str(q["key"]) for q in questions if matches(entry, q))
        count = int(entry.get("count", 1))
        free = [key for key in candidates if key not in taken]
        if len(free) < count:
            raise DrawError(
                f"blueprint entry {index + 1} of quiz {quiz.get('id')!r} needs {count} "
                f"questions but only {len(free)} match"
            )
        for _ in range(count):
            slots.append(rng.sample(free, len(free)))
    assignment = _assign(slots, taken)
    if assignment is None:
        raise DrawError(
            f"the blueprint of quiz {quiz.get('id')!r} cannot be met without repeating a question"
        )
    return [assignment[slot] for slot in range(len(slots))]


def _shuffled(values: list[str], rng: random.Random, shuffle: bool) -> list[str]:
    return rng.sample(values, len(values)) if shuffle else list(values)


def _aliases(ids: list[str], rng: random.Random) -> dict[str, str]:
    """Opaque per-attempt keys (alias -> id) for ids that could give the answer away."""
    aliases: dict[str, str] = {}
    while len(aliases) < len(ids):
        alias = f"k{rng.getrandbits(40):010x}"
        if alias not in aliases:
            aliases[alias] = ids[len(aliases)]
    return aliases


def opaque_keys(ids: list[str], rng: random.Random) -> dict[str, str]:
    """Per-attempt opaque keys (alias -> id), e.g. for the options of a choice question."""
    return _aliases(ids, rng)


def presentation(content: Mapping[str, Any], rng: random.Random, shuffle: bool) -> dict[str, Any]:
    """The display order of one question's parts; ordering items are always shuffled."""
    kind = content.get("type")
    if kind in ("single_choice", "multiple_response"):
        return {"options": _shuffled([str(o["id"]) for o in content["options"]], rng, shuffle)}
    if kind == "matching":
        pairs = [str(p["id"]) for p in content["pairs"]]
        choices = pairs + [str(d["id"]) for d in content.get("distractors", [])]
        return {
            "prompts": _shuffled(pairs, rng, shuffle),
            # the choices must never line up with the prompts, whatever shuffle_options says
            "choices": _shuffled(choices, rng, True),
            # separate alias sets, or a prompt and its right match would share a key
            "prompt_aliases": _aliases(pairs, rng),
            "choice_aliases": _aliases(choices, rng),
        }
    if kind == "ordering":
        items = [str(i["id"]) for i in content["items"]]
        shown = list(items)
        while shown == items and len(set(items)) > 1:
            shown = rng.sample(items, len(items))
        return {"items": shown, "aliases": _aliases(items, rng)}
    return {}


def draw(
    quiz: Mapping[str, Any], questions: Sequence[Question], rng: random.Random
) -> list[dict[str, Any]]:
    """Choose an attempt's questions and their layout: `[{key, version_id, type, ...order}]`.

    `questions` are the available question versions (`key`, `module`, `tags`, `difficulty`,
    `type`, `version_id`, and `content` when options are to be laid out). Fixed `questions` come
    first, then the blueprint draw, which never repeats a question.
    """
    by_key = {str(q["key"]): q for q in questions}
    chosen = [str(q["key"]) for q in _fixed(quiz, by_key)]
    chosen += _blueprint(quiz, questions, rng, set(chosen))
    if not chosen:
        raise DrawError(f"quiz {quiz.get('id')!r} has no questions")
    if quiz.get("shuffle_questions"):
        rng.shuffle(chosen)
    layout = []
    for key in chosen:
        question = by_key[key]
        entry: dict[str, Any] = {
            "key": key,
            "version_id": question.get("version_id"),
            "type": question.get("type"),
        }
        if question.get("content"):
            entry.update(presentation(question["content"], rng, bool(quiz.get("shuffle_options"))))
        layout.append(entry)
    return layout
