"""Translate between what the browser sends (form fields named by opaque keys) and responses.

The browser never sees the bank's option, pair or item ids: every question of an attempt carries
per-attempt aliases in its layout entry (`aliases`, `prompt_aliases`, `choice_aliases`). A form
POST and the autosave JSON both arrive as `{field name: [values]}`, so one parser serves both.
Unknown keys raise `InvalidResponse`; an empty answer is `None` (unanswered).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ims_training.domain.responses import MAX_TEXT_LENGTH, InvalidResponse

Fields = Mapping[str, Sequence[str]]

MATCH_PREFIX = "match-"
POSITION_PREFIX = "pos-"


def _values(fields: Fields, name: str) -> list[str]:
    return [str(v) for v in fields.get(name, ()) if str(v) != ""]


def _one(fields: Fields, name: str) -> str | None:
    values = _values(fields, name)
    if len(values) > 1:
        raise InvalidResponse("give one answer only")
    return values[0] if values else None


def _lookup(aliases: Mapping[str, str], alias: str, what: str) -> str:
    if alias not in aliases:
        raise InvalidResponse(f"unknown {what} {alias[:40]!r}")
    return aliases[alias]


def _prefixed(fields: Fields, prefix: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in fields:
        if name.startswith(prefix):
            value = _one(fields, name)
            if value is not None:
                out[name[len(prefix) :]] = value
    return out


def parse_fields(entry: Mapping[str, Any], fields: Fields) -> Any:
    """The canonical response for one question of an attempt, from the browser's form fields."""
    kind = entry.get("type")
    if kind == "single_choice":
        alias = _one(fields, "answer")
        return None if alias is None else _lookup(entry["aliases"], alias, "option")
    if kind == "multiple_response":
        chosen = _values(fields, "answer")
        if len(set(chosen)) != len(chosen):
            raise InvalidResponse("an option was chosen twice")
        return [_lookup(entry["aliases"], a, "option") for a in chosen] or None
    if kind == "true_false":
        value = _one(fields, "answer")
        if value is None:
            return None
        if value not in ("true", "false"):
            raise InvalidResponse("choose true or false")
        return value == "true"
    if kind == "matching":
        given = _prefixed(fields, MATCH_PREFIX)
        return {
            _lookup(entry["prompt_aliases"], prompt, "prompt"): _lookup(
                entry["choice_aliases"], match, "match"
            )
            for prompt, match in given.items()
        } or None
    if kind == "ordering":
        return _ordering(entry, _prefixed(fields, POSITION_PREFIX))
    if kind in ("numeric", "short_text"):
        text = _one(fields, "answer")
        if text is None or not text.strip():
            return None
        if len(text) > MAX_TEXT_LENGTH:
            raise InvalidResponse(f"the answer is longer than {MAX_TEXT_LENGTH} characters")
        return text.strip()
    raise InvalidResponse(f"unknown question type {kind!r}")


def _ordering(entry: Mapping[str, Any], positions: dict[str, str]) -> list[str] | None:
    aliases: Mapping[str, str] = entry["aliases"]
    if not positions:
        return None
    for alias in positions:
        _lookup(aliases, alias, "item")
    if set(positions) != set(aliases):
        raise InvalidResponse("give every item a position")
    try:
        numbers = {alias: int(value) for alias, value in positions.items()}
    except ValueError as error:
        raise InvalidResponse("positions must be whole numbers") from error
    if sorted(numbers.values()) != list(range(1, len(aliases) + 1)):
        raise InvalidResponse("give each position to exactly one item")
    return [aliases[alias] for alias, _ in sorted(numbers.items(), key=lambda kv: kv[1])]


def _reverse(aliases: Mapping[str, str]) -> dict[str, str]:
    return {real: alias for alias, real in aliases.items()}


def browser_value(entry: Mapping[str, Any], response: Any) -> Any:
    """What the form shows as already chosen, in aliases: the inverse of `parse_fields`."""
    if response is None:
        return None
    kind = entry.get("type")
    if kind == "single_choice":
        return _reverse(entry["aliases"]).get(response)
    if kind == "multiple_response":
        back = _reverse(entry["aliases"])
        return {back[r] for r in response if r in back}
    if kind == "true_false":
        return "true" if response else "false"
    if kind == "matching":
        prompts, choices = _reverse(entry["prompt_aliases"]), _reverse(entry["choice_aliases"])
        return {
            prompts[p]: choices[c] for p, c in response.items() if p in prompts and c in choices
        }
    if kind == "ordering":
        back = _reverse(entry["aliases"])
        return {back[item]: n for n, item in enumerate(response, 1) if item in back}
    return str(response)


def to_fields(entry: Mapping[str, Any], response: Any) -> dict[str, list[str]]:
    """The form fields a browser sends for `response` (for demo data, tests and the benchmark)."""
    value = browser_value(entry, response)
    if value is None:
        return {}
    kind = entry.get("type")
    if kind == "matching":
        return {f"{MATCH_PREFIX}{p}": [c] for p, c in value.items()}
    if kind == "ordering":
        return {f"{POSITION_PREFIX}{a}": [str(n)] for a, n in value.items()}
    if kind == "multiple_response":
        return {"answer": sorted(value)}
    return {"answer": [str(value)]}


def apply_move(entry: Mapping[str, Any], fields: Fields, move: str) -> dict[str, list[str]]:
    """The form fields after an ordering question's "move up/down" or "use this order" button.

    `move` is "<alias>:up", "<alias>:down" or "keep". The starting order is the one the form sent
    (every item's `pos-` field) or, for an untouched question, the order it was shown in. The result
    is always a complete, valid order, so re-ordering never passes through a refused state.
    """
    aliases: Mapping[str, str] = entry["aliases"]
    back = _reverse(aliases)
    positions = _prefixed(fields, POSITION_PREFIX)
    try:
        order = [
            a for a, _ in sorted(((a, int(positions[a])) for a in aliases), key=lambda kv: kv[1])
        ]
        if sorted(int(positions[a]) for a in aliases) != list(range(1, len(aliases) + 1)):
            raise ValueError
    except (KeyError, ValueError):
        order = [back[item] for item in entry["items"]]
    if move != "keep":
        alias, _sep, direction = move.partition(":")
        if alias not in aliases or direction not in ("up", "down"):
            raise InvalidResponse("unknown move")
        i = order.index(alias)
        j = i - 1 if direction == "up" else i + 1
        if 0 <= j < len(order):
            order[i], order[j] = order[j], order[i]
    moved = {
        name: list(values)
        for name, values in fields.items()
        if not name.startswith(POSITION_PREFIX)
    }
    moved.update({f"{POSITION_PREFIX}{a}": [str(n)] for n, a in enumerate(order, 1)})
    return moved
