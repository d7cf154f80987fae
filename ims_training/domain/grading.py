"""Graders for every question type: validate a response, score it, name the correct answer.

A grader receives the canonical question content (docs/contracts.md, "Question bank") and a
plain-JSON response. Validation and grading are separate so the web layer can refuse a malformed
answer before saving it; grading a response that fails validation raises `InvalidResponse`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Protocol

from ims_training.domain.responses import (
    MAX_TEXT_LENGTH,
    InvalidResponse,
    normalise_text,
    parse_number,
    require_id_list,
    require_known,
    require_str,
)

__all__ = [
    "AttemptGrade",
    "Grade",
    "InvalidResponse",
    "UnknownQuestionType",
    "correct_response",
    "grade",
    "grade_attempt",
    "normalise_text",
    "parse_number",
    "question_types",
    "register",
    "validate_response",
]


class UnknownQuestionType(ValueError):
    """Content whose `type` has no registered grader."""


@dataclass(frozen=True)
class Grade:
    """The result of grading one response; `detail` holds per-part information for review."""

    score: float
    max_score: float
    fraction: float
    is_correct: bool
    partial: bool
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AttemptGrade:
    """The sum over the questions of one attempt."""

    score: float
    max_score: float
    grades: tuple[Grade, ...]

    @property
    def percent(self) -> float:
        """Score as a percentage of the maximum, 0 for an empty attempt."""
        return 100.0 * self.score / self.max_score if self.max_score else 0.0


class Grader(Protocol):
    """What each question type provides."""

    def validate(self, content: dict[str, Any], response: Any) -> None: ...

    def score(self, content: dict[str, Any], response: Any) -> tuple[Fraction, dict[str, Any]]: ...

    def correct(self, content: dict[str, Any]) -> Any: ...


_GRADERS: dict[str, Grader] = {}


def register(question_type: str) -> Callable[[type[Any]], type[Any]]:
    """Class decorator adding a grader for `question_type` to the registry."""

    def add(cls: type[Any]) -> type[Any]:
        _GRADERS[question_type] = cls()
        return cls

    return add


def question_types() -> list[str]:
    """The registered question types, sorted."""
    return sorted(_GRADERS)


def _grader(content: dict[str, Any]) -> Grader:
    question_type = content.get("type")
    grader = _GRADERS.get(question_type) if isinstance(question_type, str) else None
    if grader is None:
        raise UnknownQuestionType(f"no grader for question type {question_type!r}")
    return grader


def validate_response(content: dict[str, Any], response: Any) -> None:
    """Raise `InvalidResponse` if `response` cannot be an answer to this question; None is allowed."""
    if response is not None:
        _grader(content).validate(content, response)


def grade(content: dict[str, Any], response: Any) -> Grade:
    """Grade one response; a missing (None) response scores 0."""
    grader = _grader(content)
    max_score = float(content.get("points", 1))
    if response is None:
        fraction, detail = Fraction(0), {"answered": False}
    else:
        grader.validate(content, response)
        fraction, detail = grader.score(content, response)
        detail = {"answered": True, **detail}
    return Grade(
        score=float(fraction * Fraction(str(max_score))),
        max_score=max_score,
        fraction=float(fraction),
        is_correct=fraction == 1,
        partial=0 < fraction < 1,
        detail=detail,
    )


def grade_attempt(items: Iterable[tuple[dict[str, Any], Any]]) -> AttemptGrade:
    """Grade (content, response) pairs and sum their scores."""
    grades = tuple(grade(content, response) for content, response in items)
    return AttemptGrade(
        score=sum(g.score for g in grades),
        max_score=sum(g.max_score for g in grades),
        grades=grades,
    )


def correct_response(content: dict[str, Any]) -> Any:
    """The response that earns full marks, in the canonical response shape."""
    return _grader(content).correct(content)


# --- shared checks -----------------------------------------------------------------------------


def _ids(entries: list[dict[str, Any]]) -> list[str]:
    return [str(entry["id"]) for entry in entries]


# --- the question types ------------------------------------------------------------------------


@register("single_choice")
class SingleChoice:
    """One option is right."""

    def validate(self, content: dict[str, Any], response: Any) -> None:
        require_known(require_str(response, "response"), _ids(content["options"]), "option")

    def score(self, content: dict[str, Any], response: Any) -> tuple[Fraction, dict[str, Any]]:
        right = self.correct(content)
        return Fraction(int(response == right)), {"chosen": response, "correct": right}

    def correct(self, content: dict[str, Any]) -> Any:
        return next(str(o["id"]) for o in content["options"] if o.get("correct"))


@register("multiple_response")
class MultipleResponse:
    """Several options are right; partial credit unless `scoring: all_or_nothing`."""

    def validate(self, content: dict[str, Any], response: Any) -> None:
        require_id_list(response, _ids(content["options"]), "option")

    def score(self, content: dict[str, Any], response: Any) -> tuple[Fraction, dict[str, Any]]:
        right = set(self.correct(content))
        wrong = set(_ids(content["options"])) - right
        chosen = set(response)
        detail = {
            "options": {
                oid: {"chosen": oid in chosen, "correct": oid in right}
                for oid in _ids(content["options"])
            }
        }
        if content.get("scoring") == "all_or_nothing":
            return Fraction(int(chosen == right)), detail
        gained = Fraction(len(chosen & right), len(right))
        lost = Fraction(len(chosen & wrong), len(wrong)) if wrong else Fraction(0)
        return max(Fraction(0), gained - lost), detail

    def correct(self, content: dict[str, Any]) -> Any:
        return [str(o["id"]) for o in content["options"] if o.get("correct")]


@register("true_false")
class TrueFalse:
    """A statement is true or false."""

    def validate(self, content: dict[str, Any], response: Any) -> None:
        if not isinstance(response, bool):
            raise InvalidResponse(f"response must be true or false, got {type(response).__name__}")

    def score(self, content: dict[str, Any], response: Any) -> tuple[Fraction, dict[str, Any]]:
        answer = bool(content["answer"])
        return Fraction(int(response is answer)), {"chosen": response, "correct": answer}

    def correct(self, content: dict[str, Any]) -> Any:
        return bool(content["answer"])


@register("matching")
class Matching:
    """Each prompt gets one match; credit per right pair. Unanswered prompts are wrong."""

    def validate(self, content: dict[str, Any], response: Any) -> None:
        if not isinstance(response, dict):
            raise InvalidResponse(f"response must be an object, got {type(response).__name__}")
        pairs = _ids(content["pairs"])
        choices = pairs + _ids(content.get("distractors", []))
        for prompt, match in response.items():
            require_known(require_str(prompt, "each prompt id"), pairs, "pair")
            require_known(require_str(match, "each match id"), choices, "match")

    def score(self, content: dict[str, Any], response: Any) -> tuple[Fraction, dict[str, Any]]:
        pairs = _ids(content["pairs"])
        detail = {
            pid: {"chosen": response.get(pid), "correct": response.get(pid) == pid} for pid in pairs
        }
        right = sum(1 for part in detail.values() if part["correct"])
        return Fraction(right, len(pairs)), {"pairs": detail}

    def correct(self, content: dict[str, Any]) -> Any:
        return {pid: pid for pid in _ids(content["pairs"])}


@register("ordering")
class Ordering:
    """Items in `content` are listed in the right order; credit per item in its right position."""

    def validate(self, content: dict[str, Any], response: Any) -> None:
        items = _ids(content["items"])
        require_id_list(response, items, "item")
        if len(response) != len(items):
            raise InvalidResponse(
                f"response must order all {len(items)} items, got {len(response)}"
            )

    def score(self, content: dict[str, Any], response: Any) -> tuple[Fraction, dict[str, Any]]:
        items = _ids(content["items"])
        positions = [
            {"chosen": got, "correct": want, "right": got == want}
            for got, want in zip(response, items, strict=True)
        ]
        right = sum(1 for p in positions if p["right"])
        return Fraction(right, len(items)), {"positions": positions}

    def correct(self, content: dict[str, Any]) -> Any:
        return _ids(content["items"])


def _decimal(value: Any) -> Decimal:
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


@register("numeric")
class Numeric:
    """A number within `value ± tolerance` or within `[min, max]`, bounds included."""

    def validate(self, content: dict[str, Any], response: Any) -> None:
        parse_number(response)

    def bounds(self, content: dict[str, Any]) -> tuple[Decimal, Decimal]:
        """The inclusive range of accepted values, computed in decimal so 0.3 ± 0.1 holds 0.4."""
        answer = content["answer"]
        if "value" in answer:
            value, tolerance = _decimal(answer["value"]), abs(_decimal(answer.get("tolerance", 0)))
            return value - tolerance, value + tolerance
        return _decimal(answer["min"]), _decimal(answer["max"])

    def score(self, content: dict[str, Any], response: Any) -> tuple[Fraction, dict[str, Any]]:
        number = parse_number(response)
        low, high = self.bounds(content)
        detail = {"value": float(number), "min": float(low), "max": float(high)}
        return Fraction(int(low <= number <= high)), detail

    def correct(self, content: dict[str, Any]) -> Any:
        answer = content["answer"]
        if "value" in answer:
            return answer["value"]
        low, high = self.bounds(content)
        return float((low + high) / 2)


@register("short_text")
class ShortText:
    """A typed answer that must match one of the accepted answers after normalisation."""

    def validate(self, content: dict[str, Any], response: Any) -> None:
        if len(require_str(response, "response")) > MAX_TEXT_LENGTH:
            raise InvalidResponse(f"response is longer than {MAX_TEXT_LENGTH} characters")

    def score(self, content: dict[str, Any], response: Any) -> tuple[Fraction, dict[str, Any]]:
        case_sensitive = bool(content.get("case_sensitive", False))
        given = normalise_text(response, case_sensitive)
        accepted = {normalise_text(a, case_sensitive) for a in content["accepted"]}
        return Fraction(int(given in accepted)), {"given": given}

    def correct(self, content: dict[str, Any]) -> Any:
        return content["accepted"][0]
