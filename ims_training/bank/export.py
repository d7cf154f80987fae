"""Write the bank back out: stable YAML (one file per module) and Moodle XML."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import yaml

from .common import MODULE_SLUGS, LocalText
from .moodle_common import join_multilang
from .quiz_schema import Quiz
from .schema import Question

_FIRST = ("id", "type", "difficulty", "tags", "source", "points", "stem")
_LAST = ("explanation",)


def _tidy_numbers(value: Any) -> Any:
    """Whole floats written as ints, so `points: 1` stays `1` (reloading gives the same value)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _tidy_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tidy_numbers(v) for v in value]
    return value


def _question_yaml(question: Question) -> dict[str, Any]:
    content = question.model_dump(mode="json", exclude_none=True)
    content.pop("module", None)
    ordered = {k: content[k] for k in _FIRST if k in content}
    ordered.update({k: v for k, v in content.items() if k not in _FIRST and k not in _LAST})
    ordered.update({k: content[k] for k in _LAST if k in content})
    return _tidy_numbers(ordered)


def _dump(data: Any) -> str:
    return yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )


def export_yaml(
    questions: Iterable[Question], quizzes: Iterable[Quiz], out_dir: Path
) -> list[Path]:
    """Write `<module>.yaml` per module and `quizzes/<id>.yaml` per quiz; same input, same bytes."""
    by_module: dict[str, list[dict[str, Any]]] = {}
    for question in questions:
        by_module.setdefault(question.module or "unassigned", []).append(_question_yaml(question))
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for module in sorted(by_module, key=lambda m: (MODULE_SLUGS + (m,)).index(m)):
        path = out_dir / f"{module}.yaml"
        path.write_text(_dump({"module": module, "questions": by_module[module]}), encoding="utf-8")
        written.append(path)
    for quiz in quizzes:
        quiz_dir = out_dir / "quizzes"
        quiz_dir.mkdir(exist_ok=True)
        path = quiz_dir / f"{quiz.id}.yaml"
        content = _tidy_numbers(quiz.model_dump(mode="json", exclude_none=True))
        path.write_text(_dump({"quizzes": [content]}), encoding="utf-8")
        written.append(path)
    return written


@dataclass
class MoodleExportSummary:
    """What a Moodle XML export wrote, skipped (no Moodle type) and approximated."""

    path: Path
    exported: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    lossy: list[tuple[str, str]] = field(default_factory=list)


def _text(tag: str, text: str, fmt: str = "markdown") -> str:
    return f'<{tag} format="{fmt}"><text>{escape(text)}</text></{tag}>'


def _answer(fraction: float, text: str, extra: str = "", fmt: str = "markdown") -> str:
    return f'<answer fraction="{fraction:.5f}" format="{fmt}"><text>{escape(text)}</text>{extra}</answer>'


def _number(value: float | Decimal) -> str:
    """A number as it was typed: 0.001 stays `0.001`, 2.0 is `2` (no float noise, no exponent)."""
    number = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    text = format(number.normalize(), "f")
    return text if text not in ("-0",) else "0"


_LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")


class _Texts:
    """Markdown of one question made safe to leave the portal: links Moodle could not follow
    (relative to the portal, or to Moodle's embedded files) become absolute with `base_url`,
    or are reduced to their text; each change is noted as lossy."""

    def __init__(self, question_id: str, base_url: str | None, summary: MoodleExportSummary):
        self.question_id, self.base_url, self.summary = question_id, base_url, summary

    def _fix(self, match: re.Match[str]) -> str:
        bang, label, url = match.group(1), match.group(2), match.group(3)
        if re.match(r"^(https?:|mailto:)", url, re.IGNORECASE):
            return match.group(0)
        if url.startswith("/") and not url.startswith("//") and self.base_url:
            return f"{bang}[{label}]({self.base_url.rstrip('/')}{url})"
        note = (self.question_id, f"link to '{url}' (no address outside the portal) kept as text")
        if note not in self.summary.lossy:
            self.summary.lossy.append(note)
        return label

    def md(self, text: str) -> str:
        return _LINK.sub(self._fix, text) if "](" in text else text

    def local(self, value: LocalText) -> str:
        """English and Norwegian in Moodle's multi-language spans, links made safe."""
        return join_multilang(self.md(value.en), self.md(value.nb) if value.nb else None)


def _body(
    question: Question, summary: MoodleExportSummary, texts: _Texts
) -> tuple[str, list[str]] | None:
    qtype = question.type
    if question.type in ("single_choice", "multiple_response"):
        right = [o for o in question.options if o.correct]
        wrong = [o for o in question.options if not o.correct]
        single = question.type == "single_choice"
        if question.type == "multiple_response" and question.scoring == "all_or_nothing":
            summary.lossy.append((question.id, "all_or_nothing exported with partial credit"))
        parts = [f"<single>{'true' if single else 'false'}</single>"]
        for option in question.options:
            if single:
                fraction = 100.0 if option.correct else 0.0
            else:
                fraction = 100 / len(right) if option.correct else -100 / len(wrong)
            parts.append(_answer(fraction, texts.local(option.text)))
        return "multichoice", parts
    if question.type == "true_false":
        return "truefalse", [
            _answer(100.0 if question.answer else 0.0, "true", fmt="moodle_auto_format"),
            _answer(0.0 if question.answer else 100.0, "false", fmt="moodle_auto_format"),
        ]
    if question.type == "numeric":
        answer = question.answer
        if answer.value is not None:
            value, tolerance = _number(answer.value), _number(answer.tolerance or 0)
        else:  # a range: its middle and half-width, in decimal so 0.1..0.3 is 0.2 ± 0.1
            low, high = Decimal(repr(answer.min)), Decimal(repr(answer.max))
            value, tolerance = _number((low + high) / 2), _number((high - low) / 2)
            summary.lossy.append((question.id, "range exported as value ± tolerance"))
        parts = [_answer(100.0, value, f"<tolerance>{tolerance}</tolerance>", "moodle_auto_format")]
        if question.unit is not None:
            parts.append(
                "<units><unit><multiplier>1</multiplier>"
                f"<unit_name>{escape(texts.local(question.unit))}</unit_name></unit></units>"
            )
        return "numerical", parts
    if question.type == "short_text":
        parts = [f"<usecase>{1 if question.case_sensitive else 0}</usecase>"]
        parts += [_answer(100.0, text, fmt="moodle_auto_format") for text in question.accepted]
        return "shortanswer", parts
    if question.type == "matching":
        parts = [
            f'<subquestion format="markdown"><text>{escape(texts.local(p.prompt))}</text>'
            f"<answer><text>{escape(texts.local(p.match))}</text></answer></subquestion>"
            for p in question.pairs
        ]
        parts += [
            '<subquestion format="markdown"><text></text>'
            f"<answer><text>{escape(texts.local(d.text))}</text></answer></subquestion>"
            for d in question.distractors
        ]
        return "matching", parts
    if question.type == "ordering":
        # Moodle 4.4+ qtype_ordering: answers in the right order, `fraction` = position; one
        # point per item in its right place is Moodle's ABSOLUTE_POSITION grading.
        parts = [
            "<layouttype>VERTICAL</layouttype>",
            "<selecttype>ALL</selecttype>",
            "<selectcount>0</selectcount>",
            "<gradingtype>ABSOLUTE_POSITION</gradingtype>",
            "<showgrading>SHOW</showgrading>",
            "<numberingstyle>none</numberingstyle>",
        ]
        parts += [
            f'<answer fraction="{n}.0000000" format="markdown"><text>'
            f"{escape(texts.local(item.text))}</text></answer>"
            for n, item in enumerate(question.items, start=1)
        ]
        return "ordering", parts
    summary.skipped.append((question.id, f"{qtype} has no Moodle equivalent"))
    return None


def _question_xml(
    question: Question, summary: MoodleExportSummary, base_url: str | None = None
) -> str | None:
    texts = _Texts(question.id, base_url, summary)
    body = _body(question, summary, texts)
    if body is None:
        return None
    kind, parts = body
    tags = [f"difficulty:{question.difficulty}", *question.tags]
    head = [
        f"<name><text>{escape(question.id)}</text></name>",
        _text("questiontext", texts.local(question.stem)),
        _text("generalfeedback", texts.local(question.explanation) if question.explanation else ""),
        f"<defaultgrade>{_number(question.points)}</defaultgrade>",
        f"<idnumber>{escape(question.id)}</idnumber>",
        "<tags>" + "".join(f"<tag><text>{escape(t)}</text></tag>" for t in tags) + "</tags>",
    ]
    inner = "\n    ".join(head + parts)
    summary.exported.append(question.id)
    return f"  <question type={quoteattr(kind)}>\n    {inner}\n  </question>\n"


def export_moodle_xml(
    questions: Iterable[Question], out_dir: Path, base_url: str | None = None
) -> MoodleExportSummary:
    """Write `moodle-questions.xml` with a category per module.

    Text is English and Norwegian in Moodle's multi-language spans (`lang="en"`, `lang="no"`,
    Moodle's code for Bokmål); numbers are written as typed; links relative to the portal are
    made absolute with `base_url` (else kept as text), so the file has no dead link.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = MoodleExportSummary(out_dir / "moodle-questions.xml")
    by_module: dict[str, list[Question]] = {}
    for question in questions:
        by_module.setdefault(question.module or "unassigned", []).append(question)
    chunks = ['<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n']
    for module in sorted(by_module, key=lambda m: (MODULE_SLUGS + (m,)).index(m)):
        chunks.append(
            '  <question type="category">\n'
            f"    <category><text>$course$/IMS Training/{escape(module)}</text></category>\n"
            "  </question>\n"
        )
        for question in by_module[module]:
            xml = _question_xml(question, summary, base_url)
            if xml is not None:
                chunks.append(xml)
    chunks.append("</quiz>\n")
    summary.path.write_text("".join(chunks), encoding="utf-8")
    return summary
