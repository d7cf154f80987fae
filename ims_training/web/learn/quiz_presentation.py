"""What the browser sees of an attempt: questions by opaque keys, and review within the policy.

`question_view` never includes correct answers, explanations or scoring data; `review_items`
includes them only as far as the quiz's review options allow for the phase.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup

from ...domain import grading, quiz_policy
from ...domain.answer_keys import browser_value
from ...i18n import localised
from ...markdown import render_inline_markdown, render_markdown
from ...models import Attempt
from ...services.quizzes.attempt_rows import AttemptRow
from ...services.quizzes.attempts import definition_of, question_content


@dataclass(frozen=True)
class Choice:
    key: str
    html: Markup
    selected: bool = False


@dataclass(frozen=True)
class QuestionView:
    """One question as the trainee answers it: texts and opaque keys, nothing else."""

    slot: int
    number: int
    type: str
    points: float
    stem: Markup
    options: list[Choice] = field(default_factory=list)  # choice questions
    prompts: list[tuple[str, Markup, str | None]] = field(default_factory=list)  # matching
    choices: list[Choice] = field(default_factory=list)  # matching: the offered matches
    items: list[tuple[str, Markup, int]] = field(
        default_factory=list
    )  # ordering: key, text, position
    value: str = ""  # numeric / short text / true-false
    unit: str = ""
    flagged: bool = False
    answered: bool = False


def _inline(text: dict[str, str] | None) -> Markup:
    return Markup(render_inline_markdown(localised(text)))


def _block(text: dict[str, str] | None) -> Markup:
    return Markup(render_markdown(localised(text)).html)


def _texts(content: dict[str, Any], list_name: str, text_name: str) -> dict[str, dict[str, str]]:
    return {str(e["id"]): e[text_name] for e in content.get(list_name, [])}


def question_view(attempt: AttemptRow, slot: int) -> QuestionView:
    entry = attempt.layout[slot]
    answer = attempt.answers[slot]
    content = question_content(answer.question_version_id)
    return view_of(
        entry,
        content,
        browser_value(entry, answer.response),
        slot=slot,
        flagged=answer.flagged,
        answered=answer.response is not None,
    )


def view_of(
    entry: dict[str, Any],
    content: dict[str, Any],
    chosen: Any,
    *,
    slot: int = 0,
    flagged: bool = False,
    answered: bool = False,
) -> QuestionView:
    """A question as the trainee sees it, from its layout entry (order, opaque keys) and content."""
    kind = entry["type"]
    view: dict[str, Any] = {}
    if kind in ("single_choice", "multiple_response"):
        texts, back = (
            _texts(content, "options", "text"),
            {v: k for k, v in entry["aliases"].items()},
        )
        picked = chosen if isinstance(chosen, set) else {chosen}
        view["options"] = [
            Choice(back[o], _inline(texts[o]), back[o] in picked) for o in entry["options"]
        ]
    elif kind == "matching":
        prompts = _texts(content, "pairs", "prompt")
        matches = {**_texts(content, "pairs", "match"), **_texts(content, "distractors", "text")}
        pback = {v: k for k, v in entry["prompt_aliases"].items()}
        cback = {v: k for k, v in entry["choice_aliases"].items()}
        given = chosen or {}
        view["prompts"] = [
            (pback[p], _inline(prompts[p]), given.get(pback[p])) for p in entry["prompts"]
        ]
        view["choices"] = [Choice(cback[c], _inline(matches[c])) for c in entry["choices"]]
    elif kind == "ordering":
        texts, back = _texts(content, "items", "text"), {v: k for k, v in entry["aliases"].items()}
        # An untouched question is shown in its drawn order but sends no positions (unanswered)
        # until the trainee moves an item or keeps this order; items are listed in answer order.
        positions = chosen or {back[i]: n for n, i in enumerate(entry["items"], 1)}
        view["items"] = sorted(
            (
                (back[i], _inline(texts[i]), positions.get(back[i], n))
                for n, i in enumerate(entry["items"], 1)
            ),
            key=lambda item: item[2],
        )
    else:
        view["value"] = chosen or ""
        view["unit"] = localised(content.get("unit")) if content.get("unit") else ""
    return QuestionView(
        slot=slot,
        number=slot + 1,
        type=kind,
        points=float(content.get("points", 1)),
        stem=_block(content["stem"]),
        flagged=flagged,
        answered=answered,
        **view,
    )


# --- review ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewItem:
    """One question of a submitted attempt, with only what the review policy allows."""

    number: int
    stem: Markup
    your_answer: list[Markup]
    answered: bool
    flagged: bool
    correct: bool | None = None  # None: not shown
    partial: bool = False
    score: float | None = None
    max_score: float | None = None
    correct_answer: list[Markup] | None = None
    explanation: Markup | None = None


def describe(content: dict[str, Any], response: Any) -> list[Markup]:
    """A response as readable texts (option texts, "prompt → match", items in order)."""
    if response is None:
        return []
    kind = content["type"]
    if kind in ("single_choice", "multiple_response"):
        texts = _texts(content, "options", "text")
        ids = response if isinstance(response, list) else [response]
        return [_inline(texts[i]) for i in ids if i in texts]
    if kind == "matching":
        prompts = _texts(content, "pairs", "prompt")
        matches = {**_texts(content, "pairs", "match"), **_texts(content, "distractors", "text")}
        return [
            Markup("{} → {}").format(_inline(prompts[p]), _inline(matches.get(m)))
            for p, m in response.items()
            if p in prompts
        ]
    if kind == "ordering":
        texts = _texts(content, "items", "text")
        return [_inline(texts[i]) for i in response if i in texts]
    if kind == "true_false":
        return [Markup(_("True") if response else _("False"))]
    unit = localised(content.get("unit")) if content.get("unit") else ""
    return [
        Markup("{} {}").format(response, unit).strip() if unit else Markup("{}").format(response)
    ]


def review_phase(closed: bool) -> quiz_policy.Phase:
    return "after_close" if closed else "after_submit"


def visibility(attempt: AttemptRow | Attempt, closed: bool) -> quiz_policy.ReviewVisibility:
    definition = definition_of(attempt)
    return quiz_policy.review_visibility(
        definition.get("review"), review_phase(closed), definition.get("kind", "module")
    )


def review_items(
    attempt: AttemptRow | Attempt, shown: quiz_policy.ReviewVisibility
) -> list[ReviewItem]:
    items = []
    for answer in attempt.answers:
        content = question_content(answer.question_version_id)
        result = grading.grade(content, answer.response) if shown.correctness else None
        items.append(
            ReviewItem(
                number=answer.slot + 1,
                stem=_block(content["stem"]),
                your_answer=describe(content, answer.response),
                answered=answer.response is not None,
                flagged=answer.flagged,
                correct=result.is_correct if result else None,
                partial=bool(result and result.partial),
                score=answer.score if shown.score else None,
                max_score=answer.max_score if shown.score else None,
                correct_answer=describe(content, grading.correct_response(content))
                if shown.correct_answers
                else None,
                explanation=_block(content.get("explanation"))
                if shown.explanations and content.get("explanation")
                else None,
            )
        )
    return items
