"""Quiz titles in the current language, by quiz key, from each quiz's current version."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from ...extensions import db
from ...i18n import localised
from ...models import Quiz, QuizVersion


def quiz_titles(keys: Iterable[str]) -> dict[str, str]:
    """Quiz key -> its title in the current language; a quiz without a title shows its key."""
    wanted = list(keys)
    if not wanted:
        return {}
    rows = db.session.execute(
        select(Quiz.key, QuizVersion.definition)
        .join(QuizVersion, QuizVersion.id == Quiz.current_version_id)
        .where(Quiz.key.in_(wanted))
    )
    return {key: localised((definition or {}).get("title")) or key for key, definition in rows}
