"""Moodle XML reader (defusedxml): maps the question types we support, reports the rest."""

from __future__ import annotations

import re
import xml.sax
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import defusedxml.sax
from defusedxml import DefusedXmlException

from ..file_checks import Problem
from .common import SLUG_RE
from .moodle_common import (
    IdMaker,
    RawQuestion,
    ReadResult,
    category_target,
    choice_data,
    convert_text,
    drop_pluginfile_links,
    invalid_grades_problem,
    loss_warnings,
    not_supported,
    other_languages,
    plain_text,
    split_multilang,
    valid_grade,
)
from .problems import BankFileError

_TYPE_NAMES = {
    "essay": "essay",
    "cloze": "cloze (multianswer)",
    "multianswer": "cloze (multianswer)",
    "description": "description",
    "ddwtos": "drag-and-drop into text",
    "calculated": "calculated",
    "calculatedsimple": "calculated",
    "calculatedmulti": "calculated",
    "gapselect": "select missing words",
    "randomsamatch": "random short-answer matching",
}


@dataclass
class Element:
    """A minimal XML element that remembers the line it starts on."""

    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Element] = field(default_factory=list)
    text: str = ""
    # SAX hands text over in many pieces (one per character reference such as `&#10;`); they
    # are joined once at the end tag, as `text += piece` would copy the text each time (quadratic).
    pieces: list[str] = field(default_factory=list, repr=False)

    def find(self, tag: str) -> Element | None:
        """The first child with this tag."""
        return next((c for c in self.children if c.tag == tag), None)

    def all(self, tag: str) -> list[Element]:
        """Every child with this tag."""
        return [c for c in self.children if c.tag == tag]

    def text_of(self, *path: str) -> str:
        """Text of the element at a child path (e.g. 'name', 'text'), or ''."""
        node: Element | None = self
        for tag in path:
            node = node.find(tag) if node else None
        return node.text if node else ""


class _TreeBuilder(xml.sax.ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[Element] = [Element("#root", {}, 1)]
        self.locator: Any = None

    def setDocumentLocator(self, locator: Any) -> None:  # noqa: N802 - SAX API name
        self.locator = locator

    def startElement(self, name: str, attrs: Any) -> None:  # noqa: N802
        line = self.locator.getLineNumber() if self.locator else 1
        element = Element(name, dict(attrs), line)
        self.stack[-1].children.append(element)
        self.stack.append(element)

    def endElement(self, name: str) -> None:  # noqa: N802
        element = self.stack.pop()
        element.text, element.pieces = "".join(element.pieces), []

    def characters(self, content: str) -> None:
        self.stack[-1].pieces.append(content)


def parse_xml(text: str, path: str) -> Element:
    """Parse XML safely (no DTDs, entities or external references) into line-aware elements."""
    handler = _TreeBuilder()
    try:
        defusedxml.sax.parseString(text.encode("utf-8"), handler)
    except xml.sax.SAXParseException as exc:
        raise BankFileError(
            Problem(
                path,
                exc.getLineNumber() or 1,
                f"XML error: {exc.getMessage()}",
                column=(exc.getColumnNumber() or 0) + 1,
            )
        ) from None
    except DefusedXmlException as exc:
        raise BankFileError(Problem(path, 1, f"refused unsafe XML: {exc}", column=1)) from None
    return handler.stack[0]


def _text(node: Element | None) -> str:
    return _local(node).get("en", "")


def _local(node: Element | None) -> dict[str, str]:
    """A Moodle text as {"en": …, "nb": …}: multi-language markup split before conversion."""
    if node is None:
        return {}
    fmt = node.attrs.get("format", "html")
    out = {}
    for lang, raw in split_multilang(node.text_of("text")).items():
        text = drop_pluginfile_links(convert_text(raw, fmt))
        if text:
            out[lang] = text
    if "nb" in out and "en" not in out:
        out["en"] = out["nb"]
    return out


def _plain_local(node: Element | None) -> dict[str, str]:
    """Like `_local` for fields that are plain text in Moodle (matching answers, units)."""
    if node is None:
        return {}
    out = {lang: plain_text(raw) for lang, raw in split_multilang(node.text_of("text")).items()}
    out = {lang: text for lang, text in out.items() if text}
    if "nb" in out and "en" not in out:
        out["en"] = out["nb"]
    return out


_FEEDBACK_TAGS = {
    "correctfeedback": "correct feedback",
    "partiallycorrectfeedback": "partly correct feedback",
    "incorrectfeedback": "incorrect feedback",
}


def _walk(node: Element) -> Iterator[Element]:
    yield node
    for child in node.children:
        yield from _walk(child)


def _feedback_lost(q: Element) -> list[str]:
    """What a question carries that the bank has no place for (it keeps only `explanation`)."""
    lost = []
    answers = [a for a in q.all("answer") if a.text_of("feedback", "text").strip()]
    answers += [s for s in q.all("subquestion") if s.text_of("feedback", "text").strip()]
    if answers:
        lost.append(f"feedback on {len(answers)} answer(s)")
    lost += [label for tag, label in _FEEDBACK_TAGS.items() if q.text_of(tag, "text").strip()]
    hints = [h for h in q.all("hint") if h.text_of("text").strip()]
    if hints:
        lost.append(f"{len(hints)} hint(s)")
    return lost


def _embedded_files(q: Element) -> list[str]:
    """Names of files embedded in the question (<file name=…>) or referred to by @@PLUGINFILE@@."""
    names = [f.attrs.get("name", "?") for f in _walk(q) if f.tag == "file"]
    for node in _walk(q):
        for ref in re.findall(r"@@PLUGINFILE@@/([^\s\"'<>)]+)", node.text):
            if ref not in names:
                names.append(ref)
    return names


def _fraction(answer: Element) -> float:
    try:
        return float(answer.attrs.get("fraction", "0"))
    except ValueError:
        return 0.0


def _bad_number(answer: Element) -> bool:
    """A `fraction` that is not a number at all (e.g. "abc"): a broken grade, refused."""
    try:
        float(answer.attrs.get("fraction", "0"))
    except ValueError:
        return True
    return False


class _XmlReader:
    def __init__(self, path: str, default_module: str | None, taken: set[str]) -> None:
        self.path = path
        self.default_module = default_module
        self.module = default_module
        self.tag: str | None = None
        self.ids = IdMaker(taken)
        self.result = ReadResult()

    def question(self, q: Element) -> None:
        kind = q.attrs.get("type", "")
        if kind == "category":
            module, self.tag = category_target(q.text_of("category", "text"))
            self.module = module or self.default_module
            return
        name = q.text_of("name", "text").strip() or f"question at line {q.line}"
        reader = getattr(self, f"_{kind}", None)
        if reader is None:
            label = _TYPE_NAMES.get(kind, kind or "untyped")
            self.result.problems.append(not_supported(self.path, q.line, label, name))
            return
        if self.module is None:
            self.result.problems.append(
                Problem(
                    self.path,
                    q.line,
                    (
                        f"question '{name}': no module; use a category ending in a module slug "
                        "or pass a default module"
                    ),
                    column=1,
                )
            )
            return
        graded = q.all("answer") if kind != "ordering" else []
        bad = [
            a.attrs.get("fraction", "")
            for a in graded
            if _bad_number(a) or not valid_grade(_fraction(a))
        ]
        if bad:
            self.result.problems.append(invalid_grades_problem(self.path, q.line, name, bad))
            return
        base = self._base(q, name)
        data = reader(q, name, base)
        if data is not None:
            self._note_losses(q, name)
            self.result.items.append(RawQuestion(data, name, q.line))

    def warn(self, q: Element, message: str) -> None:
        self.result.problems.append(Problem(self.path, q.line, message, "warning", column=1))

    def _note_losses(self, q: Element, name: str) -> None:
        lost = _feedback_lost(q)
        if lost:
            self.warn(
                q,
                f"question '{name}': {', '.join(lost)} not kept (the bank keeps only the "
                "general feedback, as the explanation)",
            )
        others = sorted({c for node in _walk(q) for c in other_languages(node.text)})
        for message in loss_warnings(name, _embedded_files(q), others):
            self.warn(q, message)

    def _base(self, q: Element, name: str) -> dict[str, Any]:
        idnumber = q.text_of("idnumber").strip()
        wanted = idnumber if SLUG_RE.match(idnumber) else name
        tags: list[str] = []
        difficulty = "medium"
        tags_el = q.find("tags")
        for tag_el in tags_el.all("tag") if tags_el else []:
            value = tag_el.text_of("text").strip()
            if value.startswith("difficulty:") and value[11:] in ("easy", "medium", "hard"):
                difficulty = value[11:]
            elif value:
                tags.append(value)
        if self.tag and self.tag not in tags:
            tags.insert(0, self.tag)
        base: dict[str, Any] = {
            "id": self.ids.make(wanted),
            "module": self.module,
            "difficulty": difficulty,
            "tags": tags,
            "stem": _local(q.find("questiontext")) or {"en": name},
        }
        grade = q.text_of("defaultgrade").strip()
        if grade:
            base["points"] = float(grade)
        explanation = _local(q.find("generalfeedback"))
        if explanation:
            base["explanation"] = explanation
        return base

    def _truefalse(self, q: Element, name: str, base: dict[str, Any]) -> dict[str, Any] | None:
        for answer in q.all("answer"):
            if _fraction(answer) >= 100:
                return {
                    **base,
                    "type": "true_false",
                    "answer": answer.text_of("text").strip().lower() == "true",
                }
        self.result.problems.append(
            Problem(self.path, q.line, f"question '{name}': no answer marked right", column=1)
        )
        return None

    def _multichoice(self, q: Element, name: str, base: dict[str, Any]) -> dict[str, Any] | None:
        answers = [(_text(a), _fraction(a)) for a in q.all("answer")]
        single = q.text_of("single").strip().lower() in ("true", "1")
        data = choice_data(answers, base, self.result.problems, self.path, q.line, name, single)
        if data is not None:
            for option, answer in zip(data["options"], q.all("answer"), strict=True):
                option["text"] = _local(answer) or option["text"]
        return data

    def _ordering(self, q: Element, name: str, base: dict[str, Any]) -> dict[str, Any] | None:
        """Moodle 4.4+ ordering: answers in any order, each `fraction` its right position."""
        answers = q.all("answer")
        try:
            ranked = sorted(answers, key=lambda a: float(a.attrs.get("fraction", "")))
        except ValueError:
            self.result.problems.append(
                Problem(
                    self.path,
                    q.line,
                    (
                        f"question '{name}': an ordering answer has no position (fraction) (not imported)"
                    ),
                    column=1,
                )
            )
            return None
        grading = q.text_of("gradingtype").strip().upper()
        if grading not in ("", "0", "ABSOLUTE_POSITION"):
            self.warn(
                q,
                f"question '{name}': Moodle grading '{grading}' imported as one point per "
                "item in its right position (ABSOLUTE_POSITION)",
            )
        select = q.text_of("selecttype").strip().upper()
        if select not in ("", "0", "ALL"):
            self.warn(
                q,
                f"question '{name}': Moodle shows a subset of the items ({select}); "
                "imported with all items shown",
            )
        items = [
            {"id": f"i{n}", "text": _local(a) or {"en": plain_text(a.text_of("text"))}}
            for n, a in enumerate(ranked, start=1)
        ]
        return {**base, "type": "ordering", "items": items}

    def _shortanswer(self, q: Element, name: str, base: dict[str, Any]) -> dict[str, Any] | None:
        accepted = []
        for answer in q.all("answer"):
            text, fraction = plain_text(answer.text_of("text")), _fraction(answer)
            if fraction >= 100:
                if "*" in text:
                    self.result.problems.append(
                        Problem(
                            self.path,
                            q.line,
                            (f"not supported: wildcard answer '{text}' in question '{name}'"),
                            column=1,
                        )
                    )
                    return None
                # An answer in both languages (multi-language markup) accepts either.
                for variant in _plain_local(answer).values() or [text]:
                    if variant not in accepted:
                        accepted.append(variant)
            elif fraction > 0:
                self.result.problems.append(
                    Problem(
                        self.path,
                        q.line,
                        (
                            f"question '{name}': partial-credit answer '{text}' ({fraction:g}%) left out; "
                            "short_text has no partial credit"
                        ),
                        "warning",
                        column=1,
                    )
                )
        return {
            **base,
            "type": "short_text",
            "accepted": accepted,
            "case_sensitive": q.text_of("usecase").strip() == "1",
        }

    def _numerical(self, q: Element, name: str, base: dict[str, Any]) -> dict[str, Any] | None:
        full = [a for a in q.all("answer") if _fraction(a) >= 100]
        if len(full) != 1:
            self.result.problems.append(
                Problem(
                    self.path,
                    q.line,
                    (
                        f"not supported: numerical question '{name}' with {len(full)} full-credit answers"
                    ),
                    column=1,
                )
            )
            return None
        try:
            value = float(full[0].text_of("text"))
            tolerance = float(full[0].text_of("tolerance") or 0)
        except ValueError:
            self.result.problems.append(
                Problem(self.path, q.line, f"question '{name}': cannot read the number", column=1)
            )
            return None
        data = {**base, "type": "numeric", "answer": {"value": value, "tolerance": tolerance}}
        units = q.find("units")
        unit = (
            units.all("unit")[0].text_of("unit_name").strip() if units and units.all("unit") else ""
        )
        if unit:
            data["unit"] = {k: plain_text(v) for k, v in split_multilang(unit).items()}
        return data

    def _matching(self, q: Element, name: str, base: dict[str, Any]) -> dict[str, Any]:
        pairs: list[dict[str, Any]] = []
        distractors: list[dict[str, Any]] = []
        for sub in q.all("subquestion"):
            prompt, match = _local(sub), _plain_local(sub.find("answer")) or {"en": ""}
            if prompt:
                pairs.append({"id": f"p{len(pairs) + 1}", "prompt": prompt, "match": match})
            else:
                distractors.append({"id": f"d{len(distractors) + 1}", "text": match})
        return {**base, "type": "matching", "pairs": pairs, "distractors": distractors}


def read_moodle_xml(
    text: str, path: str, default_module: str | None = None, taken: set[str] | None = None
) -> ReadResult:
    """Read Moodle XML into raw questions; unsupported types become problems with their line."""
    root = parse_xml(text, path)
    quiz = root.find("quiz")
    if quiz is None:
        raise BankFileError(Problem(path, 1, "not Moodle XML: no <quiz> root element", column=1))
    reader = _XmlReader(path, default_module, taken if taken is not None else set())
    for question in quiz.all("question"):
        reader.question(question)
    return reader.result
