"""Pydantic models of a bank question: seven types in one union discriminated by `type`."""

from __future__ import annotations

import unicodedata
from collections import Counter
from typing import Annotated, Any, Literal, get_args

from pydantic import Field, TypeAdapter, model_validator

from .common import (
    Difficulty,
    FieldError,
    LocalId,
    LocalText,
    LocatedModel,
    ModuleSlug,
    NonEmpty,
    QuestionType,
    StableId,
    StrictModel,
    Tag,
)
from .quiz_schema import BlueprintEntry, Quiz, Review, ReviewOptions

__all__ = [
    "BlueprintEntry",
    "ChoiceOption",
    "MatchingQuestion",
    "MultipleResponseQuestion",
    "NumericAnswer",
    "NumericQuestion",
    "OrderingQuestion",
    "Question",
    "QUESTION_ADAPTER",
    "Quiz",
    "Review",
    "ReviewOptions",
    "ShortTextQuestion",
    "SingleChoiceQuestion",
    "TrueFalseQuestion",
]


def _duplicates(ids: list[str]) -> list[str]:
    return [key for key, n in Counter(ids).items() if n > 1]


def _first_index(ids: list[str], wanted: str) -> int:
    return [i for i, key in enumerate(ids) if key == wanted][1]


class QuestionBase(LocatedModel):
    """Fields every question type has; `module` is filled from the bank file."""

    id: StableId
    module: ModuleSlug | None = None
    difficulty: Difficulty = "medium"
    tags: list[Tag] = Field(default_factory=list)
    source: str | None = None
    points: float = Field(default=1, gt=0, le=100)
    stem: LocalText
    explanation: LocalText | None = None

    @model_validator(mode="after")
    def _tags_unique(self) -> Any:
        for tag in _duplicates(list(self.tags)):
            raise FieldError(f"tag '{tag}' is listed twice", ("tags",))
        return self


class ChoiceOption(StrictModel):
    """One option of a choice question."""

    id: LocalId
    text: LocalText
    correct: bool = False


class _ChoiceBase(QuestionBase):
    options: list[ChoiceOption] = Field(min_length=2, max_length=10)

    @model_validator(mode="after")
    def _option_ids_unique(self) -> Any:
        ids = [o.id for o in self.options]
        for dup in _duplicates(ids):
            raise FieldError(
                f"option id '{dup}' is used twice", ("options", _first_index(ids, dup), "id")
            )
        texts = [o.text.en.strip() for o in self.options]
        for dup in _duplicates(texts):
            raise FieldError(
                f"two options have the same text '{dup}'",
                ("options", _first_index(texts, dup), "text"),
            )
        return self


class SingleChoiceQuestion(_ChoiceBase):
    """Pick one option; exactly one option is correct."""

    type: Literal["single_choice"]

    @model_validator(mode="after")
    def _exactly_one_correct(self) -> Any:
        n = sum(o.correct for o in self.options)
        if n != 1:
            raise FieldError(
                f"single_choice needs exactly one option with 'correct: true', found {n}"
                + ("; use multiple_response for several" if n > 1 else ""),
                ("options",),
            )
        return self


class MultipleResponseQuestion(_ChoiceBase):
    """Pick every correct option; partial credit unless `all_or_nothing`."""

    type: Literal["multiple_response"]
    scoring: Literal["partial", "all_or_nothing"] = "partial"

    @model_validator(mode="after")
    def _some_correct(self) -> Any:
        if not any(o.correct for o in self.options):
            raise FieldError("multiple_response needs at least one correct option", ("options",))
        return self


class TrueFalseQuestion(QuestionBase):
    """A statement that is true or false."""

    type: Literal["true_false"]
    answer: bool


class MatchingPair(StrictModel):
    """A prompt and the match that belongs to it."""

    id: LocalId
    prompt: LocalText
    match: LocalText


class Distractor(StrictModel):
    """A match offered for choice that belongs to no prompt."""

    id: LocalId
    text: LocalText


class MatchingQuestion(QuestionBase):
    """Match each prompt to one of the offered matches."""

    type: Literal["matching"]
    pairs: list[MatchingPair] = Field(min_length=2)
    distractors: list[Distractor] = Field(default_factory=list)

    @model_validator(mode="after")
    def _pairs_unambiguous(self) -> Any:
        ids = [p.id for p in self.pairs] + [d.id for d in self.distractors]
        for dup in _duplicates(ids):
            index = _first_index(ids, dup)
            at: tuple[str | int, ...] = (
                ("pairs", index, "id")
                if index < len(self.pairs)
                else ("distractors", index - len(self.pairs), "id")
            )
            raise FieldError(f"pair/distractor id '{dup}' is used twice", at)
        prompts = [p.prompt.en.strip() for p in self.pairs]
        for dup in _duplicates(prompts):
            raise FieldError(
                f"two pairs have the same prompt '{dup}'",
                ("pairs", _first_index(prompts, dup), "prompt"),
            )
        matches = [p.match.en.strip() for p in self.pairs] + [
            d.text.en.strip() for d in self.distractors
        ]
        for dup in _duplicates(matches):
            index = _first_index(matches, dup)
            at = (
                ("pairs", index, "match")
                if index < len(self.pairs)
                else ("distractors", index - len(self.pairs), "text")
            )
            raise FieldError(
                f"the match '{dup}' is offered twice, so the right answer is ambiguous", at
            )
        return self


class OrderingItem(StrictModel):
    """One item to put in order."""

    id: LocalId
    text: LocalText


class OrderingQuestion(QuestionBase):
    """Put the items in order; `items` lists them in the correct order."""

    type: Literal["ordering"]
    items: list[OrderingItem] = Field(min_length=2, max_length=20)

    @model_validator(mode="after")
    def _item_ids_unique(self) -> Any:
        ids = [i.id for i in self.items]
        for dup in _duplicates(ids):
            raise FieldError(
                f"item id '{dup}' is used twice", ("items", _first_index(ids, dup), "id")
            )
        return self


class NumericAnswer(StrictModel):
    """Either `value` with a `tolerance`, or an inclusive `min`..`max` range."""

    value: float | None = None
    tolerance: float | None = None
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Any:
        exact = self.value is not None or self.tolerance is not None
        ranged = self.min is not None or self.max is not None
        if exact and ranged:
            raise FieldError("give either value/tolerance or min/max, not both")
        if ranged:
            if self.min is None or self.max is None:
                raise FieldError("a range needs both min and max")
            if self.min > self.max:
                raise FieldError(f"min ({self.min:g}) is greater than max ({self.max:g})", ("min",))
        elif self.value is None:
            raise FieldError("give value (with optional tolerance) or min and max")
        if self.tolerance is not None and self.tolerance < 0:
            raise FieldError(
                f"tolerance must not be negative, got {self.tolerance:g}", ("tolerance",)
            )
        return self

    def bounds(self) -> tuple[float, float]:
        """The inclusive interval of accepted responses."""
        if self.min is not None and self.max is not None:
            return self.min, self.max
        value = self.value or 0.0
        tolerance = self.tolerance or 0.0
        return value - tolerance, value + tolerance


class NumericQuestion(QuestionBase):
    """A number within a tolerance or range."""

    type: Literal["numeric"]
    answer: NumericAnswer
    unit: LocalText | None = None


def normalise_text_answer(text: str, case_sensitive: bool = False) -> str:
    """NFC, trimmed, whitespace collapsed and (unless case-sensitive) case-folded."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    return text if case_sensitive else text.casefold()


class ShortTextQuestion(QuestionBase):
    """A short typed answer compared with the accepted answers."""

    type: Literal["short_text"]
    accepted: list[NonEmpty] = Field(min_length=1)
    case_sensitive: bool = False

    @model_validator(mode="after")
    def _accepted_distinct(self) -> Any:
        keys = [normalise_text_answer(a, self.case_sensitive) for a in self.accepted]
        for index, key in enumerate(keys):
            if not key:
                raise FieldError("an accepted answer is blank", ("accepted", index))
        for dup in _duplicates(keys):
            raise FieldError(
                f"accepted answer '{dup}' is listed twice (after normalising)",
                ("accepted", _first_index(keys, dup)),
            )
        return self


Question = Annotated[
    SingleChoiceQuestion
    | MultipleResponseQuestion
    | TrueFalseQuestion
    | MatchingQuestion
    | OrderingQuestion
    | NumericQuestion
    | ShortTextQuestion,
    Field(discriminator="type"),
]

QUESTION_ADAPTER: TypeAdapter[Question] = TypeAdapter(Question)
QUESTION_TYPES: tuple[str, ...] = get_args(QuestionType)
