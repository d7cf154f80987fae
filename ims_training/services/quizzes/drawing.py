"""What a new attempt draws: the questions it may use and their layout (order, opaque keys).

The candidates are plain rows (key, module, tags, difficulty, type, version id); a question's
content is looked up in the per-worker cache of versions only when the draw lays it out, so a
start no longer loads every candidate's content as an ORM object (issue 13).
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ...domain.quiz_draw import DrawError, draw, opaque_keys
from ...extensions import db
from ...models import Question, QuestionVersion
from .. import ServiceError
from . import immutable_rows


def question_content(version_id: int) -> dict[str, Any]:
    """The canonical content of a question version (versions never change: cached per worker)."""
    content = immutable_rows.question_content(version_id)
    if content is None:  # pragma: no cover - foreign keys prevent it
        raise ServiceError("question version missing")
    return content


class _Drawable(Mapping[str, Any]):
    """A question the draw may choose; its content is looked up (per-worker cache of versions)
    only when the draw lays the question out, not for every candidate."""

    __slots__ = ("_fields",)

    def __init__(self, fields: dict[str, Any]) -> None:
        self._fields = fields

    def __getitem__(self, name: str) -> Any:
        if name == "content":
            return question_content(self._fields["version_id"])
        return self._fields[name]

    def __iter__(self) -> Iterator[str]:
        return iter((*self._fields, "content"))

    def __len__(self) -> int:
        return len(self._fields) + 1


_Q = Question.__table__
_QV = QuestionVersion.__table__
_DRAWABLE = (
    select(
        _Q.c.key,
        _Q.c.module_slug.label("module"),
        _QV.c.tags,
        _QV.c.difficulty,
        _QV.c.type,
        _QV.c.id.label("version_id"),
    )
    .join(_QV, _QV.c.id == _Q.c.current_version_id)
    .where(_Q.c.retired_at.is_(None))
)


def _available_questions(definition: dict[str, Any]) -> list[_Drawable]:
    stmt = _DRAWABLE
    if definition.get("questions"):
        stmt = stmt.where(_Q.c.key.in_(definition["questions"]))
    else:
        modules = {e.get("module") for e in definition.get("blueprint") or []}
        if None not in modules:
            stmt = stmt.where(_Q.c.module_slug.in_(modules))
    return [_Drawable(row._asdict()) for row in db.session.execute(stmt)]


def layout_for(definition: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    """A new attempt's layout: the drawn questions in order, with their presentation and aliases."""
    try:
        layout = draw(definition, _available_questions(definition), rng)
    except DrawError as error:
        raise ServiceError(
            _("This quiz cannot be started: %(problem)s", problem=str(error))
        ) from error
    for entry in layout:
        if entry["type"] in ("single_choice", "multiple_response"):
            entry["aliases"] = opaque_keys(entry["options"], rng)
    return layout
