"""The studio's live preview: a question rendered exactly as the quiz page renders it for a trainee.

The layout comes from the same `quiz_draw.presentation` (shuffled order, opaque per-attempt keys)
and the view from the same `quiz_presentation.view_of` the attempt page uses, rendered by the same
`learn/_question_fields.html` macro, so the preview shows texts and opaque keys only: no option
ids, no correctness. The instructor-only answer key is built separately
(`web/author/bank_preview.py`) and shown beside it.
"""

from __future__ import annotations

import random
from contextlib import AbstractContextManager
from typing import Any

from ...domain.quiz_draw import opaque_keys, presentation
from ...i18n import in_locale
from ..learn.quiz_presentation import QuestionView, view_of


def in_language(lang: str) -> AbstractContextManager[None]:
    """Render texts and interface strings in `lang` for a moment (both previews on one page)."""
    return in_locale(lang)


def trainee_view(content: dict[str, Any], seed: int = 0) -> QuestionView:
    """The question as a trainee sees it (call inside `in_language`; a fixed seed keeps it steady)."""
    rng = random.Random(f"{content.get('id')}:{seed}")
    entry: dict[str, Any] = {"key": content.get("id"), "type": content["type"]}
    entry.update(presentation(content, rng, shuffle=True))
    if entry["type"] in ("single_choice", "multiple_response"):
        entry["aliases"] = opaque_keys(entry["options"], rng)
    return view_of(entry, content, None)
