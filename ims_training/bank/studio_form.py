"""Studio forms <-> bank data: one rule set for the browser and the YAML files.

A studio form is a flat set of fields named after the path of the value in the YAML dict
(`stem-en`, `options-2-text-nb`, `answer-tolerance`). `question_data`/`quiz_data` turn the posted
fields into exactly the dict the YAML loader would hand to the bank schema; `validate_question`/
`validate_quiz` run that schema (the same pydantic models and messages as `bank validate`) and map
every error back to the form field it concerns. Blank repeated rows are dropped, and the row map
keeps error positions pointing at the row the instructor typed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from .common import MODULE_SLUGS, missing_nb
from .quiz_checks import reference_problems
from .quiz_schema import QUIZ_ADAPTER, Quiz
from .schema import QUESTION_ADAPTER, QUESTION_TYPES, Question
from .validate import _message

Fields = Mapping[str, Sequence[str]]

MAX_ROWS = 60  # a repeated group reads at most this many rows (the schema sets the real limits)
REVIEW_PHASES = ("after_submit", "after_close")
REVIEW_OPTIONS = ("score", "correctness", "correct_answers", "explanations")


@dataclass
class FormCheck:
    """The result of checking a form: the data, the validated model, errors and warnings by field."""

    data: dict[str, Any]
    model: Any = None
    rows: dict[str, list[int]] = field(
        default_factory=dict
    )  # list index -> form row, per repeated group
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.model is not None and not self.errors

    def add(self, name: str, message: str, *, warning: bool = False) -> None:
        (self.warnings if warning else self.errors).setdefault(name, []).append(message)


def _one(fields: Fields, name: str) -> str:
    values = fields.get(name) or []
    return str(values[0]).strip() if values else ""


def _flag(fields: Fields, name: str) -> bool:
    return _one(fields, name) in ("1", "true", "on", "y", "yes")


def _text(fields: Fields, name: str) -> dict[str, str] | None:
    """A LocalText from `<name>-en` / `<name>-nb`; blank languages are left out (as in YAML)."""
    value = {lang: _one(fields, f"{name}-{lang}") for lang in ("en", "nb")}
    value = {lang: text for lang, text in value.items() if text}
    return value or None


def _words(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    if value not in (None, "", [], {}):
        data[key] = value


def _indices(fields: Fields, name: str) -> range:
    """The row numbers of a repeated group `<name>-<i>-...` present in the form (at most MAX_ROWS)."""
    found = [
        int(k.split("-")[1])
        for k in fields
        if k.startswith(f"{name}-") and k.split("-")[1].isdigit()
    ]
    return range(min(MAX_ROWS, max(found) + 1) if found else 0)


def _rows(
    fields: Fields, name: str, parts: Iterable[str], texts: Iterable[str]
) -> tuple[list[dict[str, Any]], list[int]]:
    """Repeated rows `<name>-<i>-<part>`; rows with every field blank are dropped."""
    rows, kept = [], []
    parts, texts = list(parts), list(texts)
    for index in _indices(fields, name):
        row: dict[str, Any] = {}
        for part in parts:
            _put(row, part, _one(fields, f"{name}-{index}-{part}"))
        for part in texts:
            _put(row, part, _text(fields, f"{name}-{index}-{part}"))
        if row:
            rows.append(row)
            kept.append(index)
    return rows, kept


def row_count(fields: Fields, name: str, minimum: int, maximum: int) -> int:
    """How many rows of a repeated group to show: the highest filled one plus two blank ones."""
    used = [
        int(k.split("-")[1])
        for k in fields
        if k.startswith(f"{name}-") and k.split("-")[1].isdigit() and _one(fields, k)
    ]
    return min(maximum, max(minimum, (max(used) + 3) if used else minimum))


def question_data(fields: Fields) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """The YAML-shaped dict of a posted question form, and which form row each list entry came from."""
    qtype = _one(fields, "type")
    data: dict[str, Any] = {"id": _one(fields, "id"), "type": qtype}
    _put(data, "module", _one(fields, "module"))
    _put(data, "difficulty", _one(fields, "difficulty"))
    _put(data, "tags", _words(_one(fields, "tags")))
    _put(data, "source", _one(fields, "source"))
    _put(data, "points", _one(fields, "points"))
    _put(data, "stem", _text(fields, "stem"))
    _put(data, "explanation", _text(fields, "explanation"))
    rows: dict[str, list[int]] = {}
    if qtype in ("single_choice", "multiple_response"):
        options, rows["options"] = _rows(fields, "options", ("id",), ("text",))
        for option, index in zip(options, rows["options"], strict=True):
            if _flag(fields, f"options-{index}-correct"):
                option["correct"] = True
        data["options"] = options
        if qtype == "multiple_response":
            _put(data, "scoring", _one(fields, "scoring"))
    elif qtype == "true_false":
        given = _one(fields, "answer")
        data["answer"] = {"true": True, "false": False}.get(given, given or None)
    elif qtype == "matching":
        data["pairs"], rows["pairs"] = _rows(fields, "pairs", ("id",), ("prompt", "match"))
        distractors, rows["distractors"] = _rows(fields, "distractors", ("id",), ("text",))
        _put(data, "distractors", distractors)
    elif qtype == "ordering":
        data["items"], rows["items"] = _rows(fields, "items", ("id",), ("text",))
    elif qtype == "numeric":
        answer: dict[str, Any] = {}
        for part in ("value", "tolerance", "min", "max"):
            _put(answer, part, _one(fields, f"answer-{part}"))
        data["answer"] = answer
        _put(data, "unit", _text(fields, "unit"))
    elif qtype == "short_text":
        data["accepted"] = [
            line.strip() for line in (_one(fields, "accepted")).splitlines() if line.strip()
        ]
        if _flag(fields, "case_sensitive"):
            data["case_sensitive"] = True
    return data, rows


def _field_name(loc: Sequence[Any], rows: Mapping[str, list[int]]) -> str:
    """The form field of an error location, e.g. ('options', 1, 'text', 'en') -> 'options-3-text-en'."""
    parts = [str(p) for p in loc if p not in QUESTION_TYPES]
    if len(parts) >= 2 and parts[0] in rows and parts[1].isdigit():
        index = int(parts[1])
        kept = rows[parts[0]]
        parts[1] = str(kept[index]) if index < len(kept) else parts[1]
    name = "-".join(parts)
    # a missing text is reported at its English field, a missing correct option at the option list
    if name in ("stem", "title") or name.endswith(("-text", "-prompt", "-match")):
        name += "-en"
    return name


def _check(adapter: Any, data: dict[str, Any], rows: dict[str, list[int]]) -> FormCheck:
    check = FormCheck(data, rows=rows)
    try:
        check.model = adapter.validate_python(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc, message = _message(error)
            check.add(_field_name(loc, rows), message)
        return check
    for path in missing_nb(check.model):
        parts = path.replace("[", ".").replace("]", "").split(".")
        check.add(
            _field_name(parts, rows).removesuffix("-en") + "-nb",
            "no Norwegian (nb) text",
            warning=True,
        )
    return check


def validate_question(fields: Fields) -> FormCheck:
    """Check a posted question form with the bank schema; errors and warnings by form field."""
    data, rows = question_data(fields)
    if data["type"] not in QUESTION_TYPES:
        check = FormCheck(data)
        check.add(
            "type",
            f"unknown question type '{data['type']}'; expected one of: {', '.join(QUESTION_TYPES)}",
        )
        return check
    if data.get("module") is not None and data["module"] not in MODULE_SLUGS:
        check = FormCheck(data)
        check.add("module", f"'module' must be one of: {', '.join(MODULE_SLUGS)}")
        return check
    return _check(QUESTION_ADAPTER, data, rows)


def _number(text: str) -> Any:
    return text or None


def quiz_data(fields: Fields) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """The YAML-shaped dict of a posted quiz form."""
    data: dict[str, Any] = {"id": _one(fields, "id"), "kind": _one(fields, "kind")}
    _put(data, "module", _one(fields, "module"))
    _put(data, "title", _text(fields, "title"))
    rows: dict[str, list[int]] = {}
    if _one(fields, "mode") == "blueprint":
        entries, kept = [], []
        for index in _indices(fields, "blueprint"):
            entry: dict[str, Any] = {}
            _put(entry, "count", _one(fields, f"blueprint-{index}-count"))
            _put(entry, "module", _one(fields, f"blueprint-{index}-module"))
            _put(entry, "tags", _words(_one(fields, f"blueprint-{index}-tags")))
            for multi in ("difficulty", "types"):
                _put(entry, multi, [v for v in fields.get(f"blueprint-{index}-{multi}") or [] if v])
            if entry:
                entries.append(entry)
                kept.append(index)
        data["blueprint"], rows["blueprint"] = entries, kept
    else:
        data["questions"] = _words(_one(fields, "questions"))
    _put(data, "pass_mark", _one(fields, "pass_mark"))
    for name in ("time_limit_minutes", "attempts_allowed", "wait_between_attempts_minutes"):
        _put(data, name, _one(fields, name))
    _put(data, "grading_method", _one(fields, "grading_method"))
    data["shuffle_questions"] = _flag(fields, "shuffle_questions")
    data["shuffle_options"] = _flag(fields, "shuffle_options")
    review: dict[str, Any] = {}
    for phase in REVIEW_PHASES:
        if _flag(fields, f"review-{phase}-custom"):
            review[phase] = {o: _flag(fields, f"review-{phase}-{o}") for o in REVIEW_OPTIONS}
    _put(data, "review", review)
    return data, rows


def validate_quiz(fields: Fields) -> FormCheck:
    """Check a posted quiz form with the quiz schema; errors by form field."""
    data, rows = quiz_data(fields)
    if "pass_mark" in data:
        try:
            data["pass_mark"] = float(data["pass_mark"])
        except ValueError:
            pass  # the schema reports the wrong type at the field
    check = _check(QUIZ_ADAPTER, data, rows)
    for message in check.errors.pop(
        "", []
    ):  # model-level rules: put them at the field they concern
        check.add("module" if "'module'" in message else "questions", message)
    return check


@dataclass(frozen=True)
class BankEntry:
    """What a blueprint filter looks at in a published question (`BlueprintEntry.matches`)."""

    id: str
    module: str | None
    tags: list[str]
    difficulty: str
    type: str


def quiz_reference_problems(
    quiz: Quiz, bank: Sequence[BankEntry], rows: Mapping[str, list[int]] | None = None
) -> dict[str, list[str]]:
    """Unknown question ids and unsatisfiable blueprints (`bank/quiz_checks.py`), by form field."""
    problems: dict[str, list[str]] = {}
    kept = (rows or {}).get("blueprint") or list(range(len(quiz.blueprint or [])))
    for path, message in reference_problems(quiz, {entry.id for entry in bank}, bank):
        if path[0] == "questions":
            name = "questions"
        elif len(path) > 1:
            name = f"blueprint-{kept[int(path[1])]}-count"
        else:
            name = "blueprint"
        problems.setdefault(name, []).append(message)
    return problems


def question_fields(content: Mapping[str, Any]) -> dict[str, list[str]]:
    """The form fields that show a stored question (the inverse of `question_data`)."""
    out: dict[str, list[str]] = {}

    def put(name: str, value: Any) -> None:
        if value is not None:
            out[name] = [_plain(value)]

    def text(name: str, value: Mapping[str, str] | None) -> None:
        for lang in ("en", "nb"):
            put(f"{name}-{lang}", (value or {}).get(lang))

    for name in ("id", "type", "module", "difficulty", "source", "points", "scoring"):
        put(name, content.get(name))
    put("tags", ", ".join(content.get("tags", [])))
    text("stem", content.get("stem"))
    text("explanation", content.get("explanation"))
    text("unit", content.get("unit"))
    for group, texts in (
        ("options", ("text",)),
        ("pairs", ("prompt", "match")),
        ("distractors", ("text",)),
        ("items", ("text",)),
    ):
        for index, row in enumerate(content.get(group) or []):
            put(f"{group}-{index}-id", row.get("id"))
            for part in texts:
                text(f"{group}-{index}-{part}", row.get(part))
            if row.get("correct"):
                put(f"{group}-{index}-correct", "1")
    answer = content.get("answer")
    if isinstance(answer, bool):
        put("answer", "true" if answer else "false")
    elif isinstance(answer, dict):
        for part in ("value", "tolerance", "min", "max"):
            put(f"answer-{part}", answer.get(part))
    if content.get("accepted"):
        put("accepted", "\n".join(content["accepted"]))
    if content.get("case_sensitive"):
        put("case_sensitive", "1")
    return out


def quiz_fields(definition: Mapping[str, Any]) -> dict[str, list[str]]:
    """The form fields that show a stored quiz definition (the inverse of `quiz_data`)."""
    out: dict[str, list[str]] = {}
    for name in (
        "id",
        "kind",
        "module",
        "pass_mark",
        "time_limit_minutes",
        "attempts_allowed",
        "wait_between_attempts_minutes",
        "grading_method",
    ):
        if definition.get(name) is not None:
            out[name] = [_plain(definition[name])]
    for lang in ("en", "nb"):
        if (definition.get("title") or {}).get(lang):
            out[f"title-{lang}"] = [definition["title"][lang]]
    if definition.get("blueprint"):
        out["mode"] = ["blueprint"]
        for index, entry in enumerate(definition["blueprint"]):
            out[f"blueprint-{index}-count"] = [str(entry["count"])]
            if entry.get("module"):
                out[f"blueprint-{index}-module"] = [entry["module"]]
            if entry.get("tags"):
                out[f"blueprint-{index}-tags"] = [", ".join(entry["tags"])]
            for multi in ("difficulty", "types"):
                if entry.get(multi):
                    out[f"blueprint-{index}-{multi}"] = list(entry[multi])
    else:
        out["mode"] = ["fixed"]
        out["questions"] = ["\n".join(definition.get("questions") or [])]
    for flag in ("shuffle_questions", "shuffle_options"):
        if definition.get(flag, True):
            out[flag] = ["1"]
    for phase in REVIEW_PHASES:
        given = (definition.get("review") or {}).get(phase)
        if given is not None:
            out[f"review-{phase}-custom"] = ["1"]
            for option in REVIEW_OPTIONS:
                if given.get(option):
                    out[f"review-{phase}-{option}"] = ["1"]
    return out


def _plain(value: Any) -> str:
    if isinstance(value, float):  # whole numbers without ".0", others exactly (no rounding)
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


__all__ = [
    "BankEntry",
    "FormCheck",
    "Question",
    "question_data",
    "question_fields",
    "quiz_data",
    "quiz_fields",
    "quiz_reference_problems",
    "row_count",
    "validate_question",
    "validate_quiz",
]
