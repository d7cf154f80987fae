"""Pydantic model of a lesson's front matter; its errors become problems at the field's line.

The rule an author must follow is each field's `description`, so the message and the check
cannot drift apart: "'order' must be a whole number >= 1 (got text 'one')" at the line of
`order:`. A missing or unknown field is reported at line 1 (the opening `---`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from ..file_checks import Problem, YamlDoc
from .fields import SLUG_RE, type_name
from .models import LANGUAGES

STATUSES = ("published", "draft")


def _slug(value: str) -> str:
    if not SLUG_RE.match(value):
        raise ValueError("not a slug")
    return value


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("blank")
    return value


def _language(value: str) -> str:
    if value not in LANGUAGES:
        raise ValueError("unknown language")
    return value


Slug = Annotated[str, AfterValidator(_slug)]
Text = Annotated[str, AfterValidator(_text)]
Language = Annotated[str, AfterValidator(_language)]


class FrontMatter(BaseModel):
    """The YAML between a lesson's `---` lines; strict, so `order: "1"` or `order: true` is wrong."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    id: Slug = Field(description="must be lower-case letters, digits and '-'")
    module: Text = Field(description="must be a module slug")
    order: int = Field(ge=1, description="must be a whole number >= 1")
    language: Language = Field(description=f"must be one of {', '.join(LANGUAGES)}")
    title: Text = Field(description="must be non-empty text")
    objectives: list[Text] = Field(min_length=1, description="must be a non-empty list of text")
    estimated_minutes: int = Field(ge=1, description="must be a whole number of minutes >= 1")
    prerequisites: list[Text] | None = Field(
        default=None, description="must be a list of lesson ids"
    )
    status: Literal["published", "draft"] = Field(
        default="published", description=f"must be one of {', '.join(STATUSES)}"
    )


def check_front_matter(
    data: dict[Any, Any], doc: YamlDoc, path: str
) -> tuple[FrontMatter | None, list[Problem]]:
    """The validated front matter, or None and one problem per missing, unknown or wrong field."""
    try:
        return FrontMatter.model_validate(data), []
    except ValidationError as exc:
        return None, _problems(exc, data, doc, path)


def _problems(exc: ValidationError, data: dict[Any, Any], doc: YamlDoc, path: str) -> list[Problem]:
    missing: set[str] = set()
    unknown: set[str] = set()
    wrong: set[str] = set()
    for error in exc.errors():
        name = str(error["loc"][0]) if error["loc"] else ""
        if error["type"] == "missing":
            missing.add(name)
        elif error["type"] == "extra_forbidden":
            unknown.add(name)
        else:
            wrong.add(name)  # one problem per field, however many of its items are wrong
    problems = [
        Problem(path, 1, f"front matter: missing field '{name}'") for name in sorted(missing)
    ]
    problems += [
        Problem(path, 1, f"front matter: unknown field '{name}'") for name in sorted(unknown)
    ]
    for name, info in FrontMatter.model_fields.items():
        if name in wrong:
            value = data[name]
            problems.append(
                Problem(
                    path,
                    doc.key_position((name,))[0],
                    f"'{name}' {info.description} (got {type_name(value)} {value!r})",
                )
            )
    return problems
