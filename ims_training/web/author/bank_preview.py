"""A question as a trainee will see it, plus its answer key, for instructors' previews.

Every text goes through the Markdown choke point in the reader's language (English fallback).
Matching and ordering items are shown in a fixed but not-the-answer order, like a shuffle would.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from ...i18n import localised
from ...markdown import SafeHTML, render_inline_markdown, render_markdown


@dataclass
class Preview:
    """What the preview template needs: trainee part and the instructor-only answer key."""

    key: str
    type: str
    difficulty: str
    tags: list[str]
    points: float
    stem: Any
    choices: list[SafeHTML] = field(default_factory=list)  # choice and ordering texts
    multiple: bool = False
    prompts: list[SafeHTML] = field(default_factory=list)  # matching prompts
    matches: list[SafeHTML] = field(default_factory=list)  # matching options, shuffled
    unit: str = ""
    answer_key: list[SafeHTML] = field(default_factory=list)
    explanation: Any = None


def _text(value: dict[str, str] | None, lang: str) -> str:
    return localised(value, lang) if value else ""


def _inline(value: dict[str, str] | None, lang: str) -> SafeHTML:
    return render_inline_markdown(_text(value, lang))


def _mixed(items: list[Any], key: str) -> list[Any]:
    """A stable order that is not the listed one (trainees see a shuffle; the listed order is the answer)."""
    ordered = sorted(
        items, key=lambda item: hashlib.sha256(f"{key}:{item['id']}".encode()).hexdigest()
    )
    if len(ordered) > 1 and ordered == items:
        ordered = ordered[1:] + ordered[:1]
    return ordered


def build_preview(content: dict[str, Any], lang: str) -> Preview:
    """Build the preview of one question's canonical content (see docs/contracts.md)."""
    qtype = content["type"]
    preview = Preview(
        key=content["id"],
        type=qtype,
        difficulty=content.get("difficulty", "medium"),
        tags=list(content.get("tags", [])),
        points=content.get("points", 1),
        stem=render_markdown(_text(content["stem"], lang)),
        explanation=render_markdown(_text(content["explanation"], lang))
        if content.get("explanation")
        else None,
    )
    if qtype in ("single_choice", "multiple_response"):
        options = content["options"]
        preview.multiple = qtype == "multiple_response"
        preview.choices = [_inline(o["text"], lang) for o in options]
        preview.answer_key = [_inline(o["text"], lang) for o in options if o.get("correct")]
    elif qtype == "true_false":
        preview.choices = [SafeHTML(_("True")), SafeHTML(_("False"))]
        preview.answer_key = [SafeHTML(_("True") if content["answer"] else _("False"))]
    elif qtype == "matching":
        pairs = content["pairs"]
        preview.prompts = [_inline(p["prompt"], lang) for p in pairs]
        offered = [{"id": p["id"], "text": p["match"]} for p in pairs] + list(
            content.get("distractors", [])
        )
        preview.matches = [_inline(m["text"], lang) for m in _mixed(offered, content["id"])]
        preview.answer_key = [
            SafeHTML(f"{_inline(p['prompt'], lang)} → {_inline(p['match'], lang)}") for p in pairs
        ]
    elif qtype == "ordering":
        items = content["items"]
        preview.choices = [_inline(i["text"], lang) for i in _mixed(items, content["id"])]
        preview.answer_key = [_inline(i["text"], lang) for i in items]
    elif qtype == "numeric":
        preview.unit = _text(content.get("unit"), lang)
        answer = content["answer"]
        if "min" in answer:
            key = _(
                "from %(min)s to %(max)s", min=_number(answer["min"]), max=_number(answer["max"])
            )
        else:
            key = _(
                "%(value)s ± %(tolerance)s",
                value=_number(answer["value"]),
                tolerance=_number(answer.get("tolerance", 0)),
            )
        preview.answer_key = [SafeHTML(render_inline_markdown(f"{key} {preview.unit}".strip()))]
    elif qtype == "short_text":
        preview.answer_key = [render_inline_markdown(a) for a in content["accepted"]]
    return preview


def _number(value: float) -> str:
    return f"{value:g}"
