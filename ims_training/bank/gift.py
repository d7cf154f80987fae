"""Moodle GIFT reader: maps the question types we support and reports the rest by name and line."""

from __future__ import annotations

import re
from typing import Any

from ..file_checks import Problem
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

_ESCAPES = {":": ":", "~": "~", "=": "=", "#": "#", "{": "{", "}": "}", "\\": "\\", "n": "\n"}
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")


def _find(text: str, token: str, start: int = 0) -> int:
    """Index of the first unescaped `token` at or after `start`, or -1.

    A `\\` escapes the character after it, so a match is escaped when an odd run of backslashes
    (counted from `start`) precedes it. str.find does the scanning: linear and at C speed, where a
    character loop in Python made a 2 MB file take seconds per search.
    """
    i = text.find(token, start)
    while i != -1:
        j = i
        while j > start and text[j - 1] == "\\":
            j -= 1
        if (i - j) % 2 == 0:
            return i
        i = text.find(token, i + 1)
    return -1


def _rfind(text: str, token: str) -> int:
    """Index of the last unescaped `token`, or -1 (searched from the end, linear)."""
    i = text.rfind(token)
    while i != -1:
        j = i
        while j > 0 and text[j - 1] == "\\":
            j -= 1
        if (i - j) % 2 == 0:
            return i
        i = text.rfind(token, 0, i + len(token) - 1)
    return -1


def _split(text: str, starters: str) -> list[str]:
    """Split an answer block into answers, each beginning with one of `starters`.

    One regular-expression pass (an escape pair or a starter), linear in the text.
    """
    starts = [
        m.start()
        for m in re.finditer(r"\\.|[" + re.escape(starters) + "]", text, re.DOTALL)
        if m.group()[0] != "\\"
    ]
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=False)]


def unescape(text: str) -> str:
    """GIFT escapes (`\\:`, `\\=`, `\\n`, ...) resolved."""
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), text)


def _formatted(text: str, default: str = "moodle") -> str:
    match = _FORMAT.match(text)
    fmt = match.group(1).lower() if match else default
    body = text[match.end() :] if match else text
    return convert_text(
        unescape(body).strip(), {"moodle": "html", "plain": "plain_text"}.get(fmt, fmt)
    )


def _formatted_local(text: str, default: str = "moodle") -> dict[str, str]:
    """Like `_formatted`, as {"en": …, "nb": …}: Moodle multi-language markup split first, and
    links to embedded files (@@PLUGINFILE@@) reduced to their text (issue 14)."""
    match = _FORMAT.match(text)
    fmt = match.group(1).lower() if match else default
    body = unescape(text[match.end() :] if match else text).strip()
    fmt = {"moodle": "html", "plain": "plain_text"}.get(fmt, fmt)
    out = {}
    for lang, raw in split_multilang(body).items():
        converted = drop_pluginfile_links(convert_text(raw.strip(), fmt))
        if converted:
            out[lang] = converted
    if "nb" in out and "en" not in out:
        out["en"] = out["nb"]
    return out


def _cut_feedback(answer: str) -> tuple[str, float | None]:
    """Answer text without its `#feedback`, and its `%weight%` if any."""
    end = _find(answer, "#")
    text = (answer[:end] if end >= 0 else answer).strip()
    weight = _WEIGHT.match(text)
    if weight:
        return text[weight.end() :].strip(), float(weight.group(1))
    return text, None


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Question blocks (separated by blank lines) with the line each starts on, comments removed."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith("//"):
            continue
        if not line.strip():
            if current:
                blocks.append((start, current))
            current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, current))
    return blocks


class _GiftReader:
    def __init__(self, path: str, default_module: str | None, taken: set[str]) -> None:
        self.path = path
        self.module = default_module
        self.default_module = default_module
        self.tag: str | None = None
        self.ids = IdMaker(taken)
        self.result = ReadResult()

    def warn(self, line: int, message: str) -> None:
        self.result.problems.append(Problem(self.path, line, message, "warning", column=1))

    def error(self, line: int, message: str) -> None:
        self.result.problems.append(Problem(self.path, line, message, column=1))

    def block(self, line: int, lines: list[str]) -> None:
        if lines[0].strip().startswith("$CATEGORY:"):
            module, self.tag = category_target(lines[0].split(":", 1)[1])
            self.module = module or self.default_module
            lines = lines[1:]
            line += 1
            if not lines:
                return
        self.question(line, "\n".join(lines).strip())

    def question(self, line: int, text: str) -> None:
        title = ""
        if text.startswith("::"):
            end = _find(text, "::", 2)
            if end > 0:
                title, text = unescape(text[2:end]).strip(), text[end + 2 :].strip()
        open_at = _find(text, "{")
        close_at = _rfind(text, "}")
        name = title or unescape(text[:40]).strip()
        if open_at < 0 or close_at < open_at:
            self.result.problems.append(not_supported(self.path, line, "description", name))
            return
        before, body, after = (
            text[:open_at],
            text[open_at + 1 : close_at].strip(),
            text[close_at + 1 :],
        )
        stem = _formatted_local(
            before.strip() + (" _____ " + after.strip() if after.strip() else "")
        )
        general: dict[str, str] = {}
        cut = _find(body, "####")
        if cut >= 0:
            general, body = _formatted_local(body[cut + 4 :]), body[:cut].strip()
        self.note_text(line, name, text)
        if self.module is None:
            self.error(
                line,
                f"question '{name}': no module; use a $CATEGORY ending in a module "
                "slug or pass a default module",
            )
            return
        base: dict[str, Any] = {
            "id": self.ids.make(title or before[:60]),
            "module": self.module,
            "tags": [self.tag] if self.tag else [],
            "stem": stem or {"en": name},
        }
        if general:
            base["explanation"] = general
        data = self.answers(line, name, body, base)
        if data is not None:
            self.result.items.append(RawQuestion(data, name, line))

    def answers(
        self, line: int, name: str, body: str, base: dict[str, Any]
    ) -> dict[str, Any] | None:
        if not body:
            self.result.problems.append(not_supported(self.path, line, "essay", name))
            return None
        if body.startswith("#"):
            return self.numeric(line, name, body[1:], base)
        head = _cut_feedback(body)[0].upper()
        if head in ("T", "TRUE", "F", "FALSE"):
            return {**base, "type": "true_false", "answer": head.startswith("T")}
        if _find(body, "~") >= 0:
            answers = []
            parts = _split(body, "=~")
            for part in parts:
                text, weight = _cut_feedback(part[1:])
                answers.append(
                    (
                        _formatted(text),
                        weight if weight is not None else (100.0 if part[0] == "=" else 0.0),
                    )
                )
            if not self.grades_ok(line, name, [w for _, w in answers]):
                return None
            # Moodle's GIFT import makes a question single-answer when an answer starts with "=".
            single = any(part.startswith("=") for part in parts)
            self.note_feedback(line, name, parts)
            data = choice_data(answers, base, self.result.problems, self.path, line, name, single)
            if data is not None:
                for option, part in zip(data["options"], parts, strict=True):
                    option["text"] = _formatted_local(_cut_feedback(part[1:])[0]) or option["text"]
            return data
        if _find(body, "->") >= 0:
            return self.matching(body, base)
        return self.short_text(line, name, body, base)

    def grades_ok(self, line: int, name: str, weights: list[float]) -> bool:
        """Grades Moodle itself refuses are refused here too (nothing of the file is imported)."""
        bad = [f"{w:g}" for w in weights if not valid_grade(w)]
        if bad:
            self.result.problems.append(invalid_grades_problem(self.path, line, name, bad))
        return not bad

    def note_text(self, line: int, name: str, text: str) -> None:
        """Embedded files and languages the bank cannot hold, named in a warning."""
        files = re.findall(r"@@PLUGINFILE@@/([^\s\"'<>)\\]+)", text)
        for message in loss_warnings(name, list(dict.fromkeys(files)), other_languages(text)):
            self.warn(line, message)

    def note_feedback(self, line: int, name: str, parts: list[str]) -> None:
        """Per-answer feedback (`#…` after an answer) has no place in the bank: say so."""
        with_feedback = sum(1 for part in parts if _find(part, "#") >= 0)
        if with_feedback:
            self.warn(
                line,
                f"question '{name}': feedback on {with_feedback} answer(s) not kept "
                "(the bank keeps only the general feedback, as the explanation)",
            )

    def matching(self, body: str, base: dict[str, Any]) -> dict[str, Any]:
        pairs: list[dict[str, Any]] = []
        distractors: list[dict[str, Any]] = []
        for part in _split(body, "="):
            arrow = _find(part, "->")
            prompt, match = part[1:arrow].strip(), plain_text(unescape(part[arrow + 2 :]))
            if prompt:
                pairs.append(
                    {
                        "id": f"p{len(pairs) + 1}",
                        "prompt": _formatted_local(prompt) or {"en": _formatted(prompt)},
                        "match": {"en": match},
                    }
                )
            else:
                distractors.append({"id": f"d{len(distractors) + 1}", "text": {"en": match}})
        return {**base, "type": "matching", "pairs": pairs, "distractors": distractors}

    def short_text(
        self, line: int, name: str, body: str, base: dict[str, Any]
    ) -> dict[str, Any] | None:
        accepted = []
        parts = _split(body, "=")
        weights = [w for w in (_cut_feedback(part[1:])[1] for part in parts) if w is not None]
        if not self.grades_ok(line, name, weights):
            return None
        self.note_feedback(line, name, parts)
        for part in parts:
            text, weight = _cut_feedback(part[1:])
            text = plain_text(unescape(text))
            if weight is None or weight >= 100:
                if "*" in text:
                    self.error(
                        line, f"not supported: wildcard answer '{text}' in question '{name}'"
                    )
                    return None
                accepted.append(text)
            elif weight > 0:
                self.warn(
                    line,
                    f"question '{name}': partial-credit answer '{text}' ({weight:g}%) "
                    "left out; short_text has no partial credit",
                )
        return {**base, "type": "short_text", "accepted": accepted}

    def numeric(
        self, line: int, name: str, body: str, base: dict[str, Any]
    ) -> dict[str, Any] | None:
        body = body.strip()
        parts = _split(body if body[:1] in ("=", "~") else "=" + body, "=~")
        weights = [w for w in (_cut_feedback(part[1:])[1] for part in parts) if w is not None]
        if not self.grades_ok(line, name, weights):
            return None
        self.note_feedback(line, name, parts)
        full = []
        for part in parts:
            if part.startswith("~"):
                continue
            text, weight = _cut_feedback(part[1:])
            if weight is None or weight >= 100:
                full.append(text)
            elif weight > 0:
                self.warn(line, f"question '{name}': partial-credit answer {text} left out")
        if len(full) != 1:
            self.error(
                line,
                f"not supported: numerical question '{name}' with {len(full)} full-credit answers",
            )
            return None
        answer = full[0]
        try:
            if ".." in answer:
                low, high = answer.split("..", 1)
                return {
                    **base,
                    "type": "numeric",
                    "answer": {"min": float(low), "max": float(high)},
                }
            value, _, tolerance = answer.partition(":")
            return {
                **base,
                "type": "numeric",
                "answer": {"value": float(value), "tolerance": float(tolerance or 0)},
            }
        except ValueError:
            self.error(line, f"question '{name}': cannot read the number '{answer}'")
            return None


def read_gift(
    text: str, path: str, default_module: str | None = None, taken: set[str] | None = None
) -> ReadResult:
    """Read GIFT text into raw questions; unsupported types become problems with their line."""
    reader = _GiftReader(path, default_module, taken if taken is not None else set())
    for line, lines in _blocks(text):
        reader.block(line, lines)
    return reader.result
