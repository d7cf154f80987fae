"""Load a whole bank (YAML, GIFT, Moodle XML), collecting every problem of every file in one run."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..course_source.glossary import Glossary, check_yaml_doc
from ..course_source.models import LANGUAGES
from ..file_checks import Problem
from .common import MODULE_SLUGS, missing_nb
from .gift import read_gift
from .moodle_common import RawQuestion, ReadResult
from .moodle_xml import read_moodle_xml
from .problems import BankFileError
from .quiz_checks import reference_problems
from .quiz_schema import QUIZ_ADAPTER, Quiz
from .schema import QUESTION_ADAPTER, QUESTION_TYPES, Question
from .work_bound import work_problem
from .yaml_loader import MAX_FILE_BYTES, YamlDoc, load_yaml, paused_gc, read_text

YAML_SUFFIXES = {".yaml", ".yml"}
GIFT_SUFFIXES = {".gift", ".txt"}
XML_SUFFIXES = {".xml"}
ALL_SUFFIXES = YAML_SUFFIXES | GIFT_SUFFIXES | XML_SUFFIXES


@dataclass
class BankLoadResult:
    """Validated questions and quizzes plus every error and warning found."""

    questions: list[Question] = field(default_factory=list)
    quizzes: list[Quiz] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing blocks an import."""
        return not self.errors

    def add(self, problem: Problem) -> None:
        """File a problem under errors or warnings by its severity."""
        (self.errors if problem.severity == "error" else self.warnings).append(problem)


def canonical_content(question: Question) -> dict[str, Any]:
    """The JSON-safe content of a question version, without where it was read from."""
    return question.model_dump(mode="json", exclude_none=True)


def content_hash(content: dict[str, Any]) -> str:
    """A sha256 of the canonical JSON, to tell changed question versions from unchanged ones."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class _State:
    result: BankLoadResult
    seen: dict[str, tuple[str, int]] = field(default_factory=dict)
    invalid_ids: set[str] = field(default_factory=set)
    quiz_docs: list[tuple[Quiz, YamlDoc, tuple[Any, ...]]] = field(default_factory=list)
    quiz_seen: dict[str, tuple[str, int]] = field(default_factory=dict)


def bank_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """The bank files under `paths` (sorted), and a problem for each path that does not exist."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = [p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ALL_SUFFIXES]
            files.extend(p for p in sorted(found) if p.name.lower() != "readme.md")
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), 1, "no such file or directory", column=1))
    return files, problems


def _readable_path(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part not in QUESTION_TYPES:
            text += f".{part}" if text else str(part)
    return text


def _message(error: Any) -> tuple[tuple[Any, ...], str]:
    loc = tuple(error["loc"])
    kind = error["type"]
    cause = (error.get("ctx") or {}).get("error")
    if cause is not None and hasattr(cause, "at"):
        return loc + tuple(cause.at), str(cause)
    if kind == "extra_forbidden":
        return loc, f"unknown key '{loc[-1]}'"
    if kind == "missing":
        return loc, f"missing required key '{loc[-1]}'"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tag = (error.get("ctx") or {}).get("tag")
        shown = f"unknown question type '{tag}'" if tag else "missing 'type'"
        return loc + ("type",), f"{shown}; expected one of: {', '.join(QUESTION_TYPES)}"
    if kind == "string_pattern_mismatch":
        return loc, "use only lowercase letters a-z, digits and single hyphens"
    return loc, str(error["msg"]).removeprefix("Value error, ")


def _located_errors(
    doc: YamlDoc, base: tuple[Any, ...], exc: ValidationError, label: str
) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc, message = _message(error)
        where = _readable_path(loc)
        text = f"{label}: {where}: {message}" if where else f"{label}: {message}"
        problems.append(doc.problem(doc.position(base + loc), text))
    return problems


def _label(kind: str, item: Any, index: int) -> str:
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        return f"{kind} '{item['id']}'"
    return f"{kind} #{index + 1}"


def _warn_missing_nb(state: _State, item: Any, label: str, path: str, line: int) -> None:
    gaps = missing_nb(item)
    if gaps:
        state.result.warnings.append(
            Problem(
                path,
                line,
                f"{label}: no Norwegian (nb) text for {', '.join(gaps)}",
                "warning",
                column=1,
            )
        )


def _accept_question(state: _State, question: Question, path: str, line: int, col: int) -> None:
    first = state.seen.get(question.id)
    if first is not None:
        state.result.errors.append(
            Problem(
                path,
                line,
                f"duplicate question id '{question.id}'; also defined at {first[0]}:{first[1]}",
                column=col,
            )
        )
        return
    state.seen[question.id] = (path, line)
    question.locate(path, line)
    state.result.questions.append(question)
    _warn_missing_nb(state, question, f"question '{question.id}'", path, line)


def _load_bank_doc(state: _State, doc: YamlDoc) -> None:
    data = doc.data
    module = data.get("module")
    for key in data:
        if key not in ("module", "questions"):
            state.result.errors.append(doc.problem(doc.position((key,)), f"unknown key '{key}'"))
    if module not in MODULE_SLUGS:
        pos = doc.position(("module",))
        state.result.errors.append(
            doc.problem(pos, f"'module' must be one of: {', '.join(MODULE_SLUGS)}")
        )
        module = None
    items = data.get("questions")
    if not isinstance(items, list):
        state.result.errors.append(
            doc.problem(doc.position(("questions",)), "'questions' must be a list")
        )
        return
    for index, item in enumerate(items):
        label = _label("question", item, index)
        pos = doc.position(("questions", index))
        if isinstance(item, dict):
            if isinstance(item.get("id"), str):
                state.invalid_ids.add(item["id"])
            given = item.get("module")
            if given is not None and module is not None and given != module:
                state.result.errors.append(
                    doc.problem(
                        doc.position(("questions", index, "module")),
                        f"{label}: module '{given}' differs from the file's module '{module}'",
                    )
                )
                continue
            item.setdefault("module", module)
        try:
            question = QUESTION_ADAPTER.validate_python(item)
        except ValidationError as exc:
            state.result.errors.extend(_located_errors(doc, ("questions", index), exc, label))
            continue
        _accept_question(state, question, doc.path, pos[0], pos[1])


def _load_quiz_doc(state: _State, doc: YamlDoc) -> None:
    for key in doc.data:
        if key != "quizzes":
            state.result.errors.append(doc.problem(doc.position((key,)), f"unknown key '{key}'"))
    items = doc.data["quizzes"]
    if not isinstance(items, list):
        state.result.errors.append(
            doc.problem(doc.position(("quizzes",)), "'quizzes' must be a list")
        )
        return
    for index, item in enumerate(items):
        label = _label("quiz", item, index)
        base = ("quizzes", index)
        try:
            quiz = QUIZ_ADAPTER.validate_python(item)
        except ValidationError as exc:
            state.result.errors.extend(_located_errors(doc, base, exc, label))
            continue
        line, col = doc.position(base)
        first = state.quiz_seen.get(quiz.id)
        if first is not None:
            state.result.errors.append(
                doc.problem(
                    (line, col),
                    f"duplicate quiz id '{quiz.id}'; also defined at {first[0]}:{first[1]}",
                )
            )
            continue
        state.quiz_seen[quiz.id] = (doc.path, line)
        quiz.locate(doc.path, line)
        state.result.quizzes.append(quiz)
        state.quiz_docs.append((quiz, doc, base))
        _warn_missing_nb(state, quiz, label, doc.path, line)


def _load_yaml_file(state: _State, path: Path, glossary: Glossary | None) -> None:
    # with a glossary, the reader also notes where each en:/nb: text is, for its check
    doc = load_yaml(path, span_keys=LANGUAGES if glossary is not None else ())
    if isinstance(doc.data, dict) and "quizzes" in doc.data:
        _load_quiz_doc(state, doc)
    elif isinstance(doc.data, dict) and "questions" in doc.data:
        _load_bank_doc(state, doc)
    else:
        state.result.errors.append(
            doc.problem(
                doc.root,
                "expected a bank file ('module' and 'questions') or a quiz file ('quizzes')",
            )
        )
    if glossary is not None:
        for hit in check_yaml_doc(glossary, doc):
            state.result.add(
                Problem(doc.path, hit.line, hit.message, hit.severity, column=hit.column)
            )


def _load_foreign(state: _State, raw: RawQuestion, path: str) -> None:
    try:
        question = QUESTION_ADAPTER.validate_python(raw.data)
    except ValidationError as exc:
        for error in exc.errors():
            loc, message = _message(error)
            where = _readable_path(loc)
            text = f"question '{raw.name}': {where + ': ' if where else ''}{message}"
            state.result.errors.append(Problem(path, raw.line, text, column=raw.column))
        return
    _accept_question(state, question, path, raw.line, raw.column)


def _check_quizzes(state: _State) -> None:
    known = set(state.seen) | state.invalid_ids  # an invalid question is reported once, where it is
    for quiz, doc, base in state.quiz_docs:
        for path, message in reference_problems(quiz, known, state.result.questions):
            state.result.errors.append(doc.problem(doc.position(base + path), message))


def _read_foreign(path: Path, default_module: str | None, taken: set[str]) -> ReadResult:
    text = read_text(path, MAX_FILE_BYTES)
    is_xml = path.suffix.lower() in XML_SUFFIXES
    too_much = work_problem(text, str(path), "xml" if is_xml else "gift")
    if too_much is not None:
        raise BankFileError(too_much)
    if is_xml:
        return read_moodle_xml(text, str(path), default_module, taken)
    return read_gift(text, str(path), default_module, taken)


def load_bank(
    paths: Iterable[Path], default_module: str | None = None, glossary: Glossary | None = None
) -> BankLoadResult:
    """Validate every file under `paths` and cross-check ids, references and blueprints.

    With a `glossary` (course/glossary.yaml), the en/nb text of every YAML bank file is also
    checked for the glossary's wrong forms; each is an error or a warning as the glossary says.
    GIFT and Moodle XML files are not checked (they come from Moodle, in whatever wording).
    """
    with paused_gc():
        return _load_bank(paths, default_module, glossary)


def _load_bank(
    paths: Iterable[Path], default_module: str | None, glossary: Glossary | None = None
) -> BankLoadResult:
    files, missing = bank_files(paths)
    state = _State(BankLoadResult(errors=list(missing)))
    yaml_files = [p for p in files if p.suffix.lower() in YAML_SUFFIXES]
    foreign = [p for p in files if p.suffix.lower() not in YAML_SUFFIXES]
    for path in yaml_files:
        try:
            _load_yaml_file(state, path, glossary)
        except BankFileError as exc:
            state.result.errors.append(exc.problem)
    taken = set(state.seen) | state.invalid_ids
    for path in foreign:
        try:
            read = _read_foreign(path, default_module, taken)
        except BankFileError as exc:
            state.result.errors.append(exc.problem)
            continue
        for problem in read.problems:
            state.result.add(problem)
        for raw in read.items:
            _load_foreign(state, raw, str(path))
    _check_quizzes(state)
    return state.result
