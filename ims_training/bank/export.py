"""Write the bank back out: stable YAML (one file per module) and Moodle XML."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import yaml

from .common import MODULE_SLUGS
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


def _body(question: Question, summary: MoodleExportSummary) -> tuple[str, list[str]] | None:
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
            parts.append(_answer(fraction, option.text.en))
        return "multichoice", parts
    if question.type == "true_false":
        return "truefalse", [
            _answer(100.0 if question.answer else 0.0, "true", fmt="moodle_auto_format"),
            _answer(0.0 if question.answer else 100.0, "false", fmt="moodle_auto_format"),
        ]
    if question.type == "numeric":
        low, high = question.answer.bounds()
        value, tolerance = (low + high) / 2, (high - low) / 2
        parts = [
            _answer(
                100.0, repr(value), f"<tolerance>{tolerance!r}</tolerance>", "moodle_auto_format"
            )
        ]
        if question.unit is not None:
            parts.append(
                "<units><unit><multiplier>1</multiplier>"
                f"<unit_name>{escape(question.unit.en)}</unit_name></unit></units>"
            )
        return "numerical", parts
    if question.type == "short_text":
        parts = [f"<usecase>{1 if question.case_sensitive else 0}</usecase>"]
        parts += [_answer(100.0, text, fmt="moodle_auto_format") for text in question.accepted]
        return "shortanswer", parts
    if question.type == "matching":
        parts = [
            f'<subquestion format="markdown"><text>{escape(p.prompt.en)}</text>'
            f"<answer><text>{escape(p.match.en)}</text></answer></subquestion>"
            for p in question.pairs
        ]
        parts += [
            '<subquestion format="markdown"><text></text>'
            f"<answer><text>{escape(d.text.en)}</text></answer></subquestion>"
            for d in question.distractors
        ]
        return "matching", parts
    summary.skipped.append((question.id, f"{qtype} has no Moodle equivalent"))
    return None


def _question_xml(question: Question, summary: MoodleExportSummary) -> str | None:
    body = _body(question, summary)
    if body is None:
        return None
    kind, parts = body
    tags = [f"difficulty:{question.difficulty}", *question.tags]
    head = [
        f"<name><text>{escape(question.id)}</text></name>",
        _text("questiontext", question.stem.en),
        _text("generalfeedback", question.explanation.en if question.explanation else ""),
        f"<defaultgrade>{question.points!r}</defaultgrade>",
        f"<idnumber>{escape(question.id)}</idnumber>",
        "<tags>" + "".join(f"<tag><text>{escape(t)}</text></tag>" for t in tags) + "</tags>",
    ]
    inner = "\n    ".join(head + parts)
    summary.exported.append(question.id)
    return f"  <question type={quoteattr(kind)}>\n    {inner}\n  </question>\n"


def export_moodle_xml(questions: Iterable[Question], out_dir: Path) -> MoodleExportSummary:
    """Write `moodle-questions.xml` with a category per module; only English text is exported."""
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
            xml = _question_xml(question, summary)
            if xml is not None:
                chunks.append(xml)
    chunks.append("</quiz>\n")
    summary.path.write_text("".join(chunks), encoding="utf-8")
    return summary
