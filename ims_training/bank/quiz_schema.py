"""Pydantic models of a quiz: fixed questions or a blueprint, rules and review options."""

from __future__ import annotations

from collections import Counter
from typing import Any, Literal

from pydantic import Field, TypeAdapter, model_validator

from .common import (
    Difficulty,
    FieldError,
    LocalText,
    LocatedModel,
    ModuleSlug,
    QuestionType,
    QuizKind,
    StableId,
    StrictModel,
    Tag,
)


class ReviewOptions(StrictModel):
    """What a trainee sees of an attempt in one review phase."""

    score: bool = False
    correctness: bool = False
    correct_answers: bool = False
    explanations: bool = False


FULL_REVIEW = ReviewOptions(score=True, correctness=True, correct_answers=True, explanations=True)
SCORE_ONLY = ReviewOptions(score=True)


class Review(StrictModel):
    """Review options right after submitting and after the quiz closes."""

    after_submit: ReviewOptions | None = None
    after_close: ReviewOptions | None = None


class BlueprintEntry(StrictModel):
    """Draw `count` questions matching all given filters (any-of within a list)."""

    count: int = Field(ge=1, le=500)
    module: ModuleSlug | None = None
    tags: list[Tag] | None = None
    difficulty: list[Difficulty] | None = None
    types: list[QuestionType] | None = None

    def matches(self, question: Any) -> bool:
        """Whether a validated question passes every filter of this entry."""
        if self.module is not None and question.module != self.module:
            return False
        if self.tags and not set(self.tags) & set(question.tags):
            return False
        if self.difficulty and question.difficulty not in self.difficulty:
            return False
        return not (self.types and question.type not in self.types)


class UnlockRule(StrictModel):
    """What must be done before a quiz opens (domain/quiz_gate.py); unset: the kind's default."""

    lessons: Literal["none", "module", "all"] = "none"
    module_quizzes: bool = False
    quizzes: list[StableId] = Field(default_factory=list)
    certificate: bool = False


class Quiz(LocatedModel):
    """A quiz: which questions, the pass mark and the attempt and review rules."""

    id: StableId
    kind: QuizKind
    module: ModuleSlug | None = None
    title: LocalText
    questions: list[StableId] | None = None
    blueprint: list[BlueprintEntry] | None = None
    pass_mark: float = Field(ge=0, le=100)
    time_limit_minutes: int | None = Field(default=None, ge=1, le=24 * 60)
    attempts_allowed: int | None = Field(default=None, ge=1)
    wait_between_attempts_minutes: int = Field(default=0, ge=0)
    grading_method: Literal["highest", "latest"] = "highest"
    shuffle_questions: bool = True
    shuffle_options: bool = True
    review: Review = Field(default_factory=Review)
    unlocked_by: UnlockRule | None = None

    @model_validator(mode="before")
    @classmethod
    def _pass_mark_range(cls, data: Any) -> Any:
        # A clearer message than pydantic's bound error for the most common slip.
        if isinstance(data, dict):
            mark = data.get("pass_mark")
            if isinstance(mark, int | float) and not isinstance(mark, bool):
                if not 0 <= mark <= 100:
                    raise FieldError(
                        f"pass_mark is a percentage from 0 to 100, got {mark:g}", ("pass_mark",)
                    )
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Any:
        if (self.questions is None) == (self.blueprint is None):
            raise FieldError("give either a fixed 'questions' list or a 'blueprint', not both")
        if self.questions is not None:
            if not self.questions:
                raise FieldError("'questions' is empty", ("questions",))
            ids = list(self.questions)
            for dup, n in Counter(ids).items():
                if n > 1:
                    raise FieldError(
                        f"question '{dup}' is listed twice",
                        ("questions", [i for i, q in enumerate(ids) if q == dup][1]),
                    )
        if self.blueprint is not None and not self.blueprint:
            raise FieldError("'blueprint' is empty", ("blueprint",))
        if self.kind == "module" and self.module is None:
            raise FieldError("a quiz of kind 'module' needs 'module'")
        if self.unlocked_by is not None:
            if self.unlocked_by.lessons == "module" and self.module is None:
                raise FieldError(
                    "unlocked_by: 'lessons: module' needs the quiz's 'module'",
                    ("unlocked_by", "lessons"),
                )
            if self.id in self.unlocked_by.quizzes:
                raise FieldError(
                    f"unlocked_by: quiz '{self.id}' cannot be unlocked by passing itself",
                    ("unlocked_by", "quizzes"),
                )
        default = SCORE_ONLY if self.kind == "final" else FULL_REVIEW
        self.review = Review(
            after_submit=self.review.after_submit or default,
            after_close=self.review.after_close or default,
        )
        return self


QUIZ_ADAPTER: TypeAdapter[Quiz] = TypeAdapter(Quiz)
