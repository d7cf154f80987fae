"""Building blocks shared by the question and quiz models: base config, ids, localised text."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, PrivateAttr, StringConstraints

MODULE_SLUGS: tuple[str, ...] = (
    "foundations",
    "neuropathy",
    "anatomy",
    "trigger-points",
    "clinical",
    "safety",
)

ModuleSlug = Literal["foundations", "neuropathy", "anatomy", "trigger-points", "clinical", "safety"]
Difficulty = Literal["easy", "medium", "hard"]
QuizKind = Literal["module", "final", "recertification"]
QuestionType = Literal[
    "single_choice",
    "multiple_response",
    "true_false",
    "matching",
    "ordering",
    "numeric",
    "short_text",
]

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
StableId = Annotated[str, StringConstraints(pattern=SLUG_RE.pattern, max_length=120)]
LocalId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+$", max_length=40)]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=60, strip_whitespace=True)]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]


class FieldError(ValueError):
    """A validation error that knows the sub-path it concerns, so the loader can cite its line."""

    def __init__(self, message: str, at: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.at = at


class StrictModel(BaseModel):
    """Base for every bank model: unknown keys are errors, numbers are accepted as text."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


class LocatedModel(StrictModel):
    """A model that remembers the file and line it was read from, outside its content."""

    _source_file: str | None = PrivateAttr(default=None)
    _line: int | None = PrivateAttr(default=None)

    @property
    def source_file(self) -> str | None:
        """The file this item was read from, if any."""
        return self._source_file

    @property
    def line(self) -> int | None:
        """The line where this item starts in `source_file`."""
        return self._line

    def locate(self, source_file: str, line: int) -> None:
        """Remember where the item came from (kept out of the canonical content)."""
        self._source_file = source_file
        self._line = line


class LocalText(StrictModel):
    """Text in English (required, the fallback) and Norwegian Bokmål (missing is a warning)."""

    en: NonEmpty
    nb: NonEmpty | None = None


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(model: type[BaseModel]) -> tuple[str, ...]:
    """A model's field names, cached: `model_fields` is rebuilt on every access in pydantic 2.11+."""
    names = _FIELD_NAMES.get(model)
    if names is None:
        names = _FIELD_NAMES[model] = tuple(model.model_fields)
    return names


def missing_nb(value: Any, path: str = "") -> list[str]:
    """Paths of every LocalText inside a model (or list/dict of them) that lacks `nb`."""
    found: list[str] = []
    if isinstance(value, LocalText):
        if value.nb is None:
            found.append(path or "text")
    elif isinstance(value, BaseModel):
        for name in _field_names(type(value)):
            sub = f"{path}.{name}" if path else name
            found.extend(missing_nb(getattr(value, name), sub))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(missing_nb(item, f"{path}[{index}]"))
    return found


def slugify(text: str, fallback: str = "item") -> str:
    """A stable `[a-z0-9-]` slug for generated ids (ASCII letters and digits only)."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].strip("-") or fallback
