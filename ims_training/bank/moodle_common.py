"""What the GIFT and Moodle XML readers share: raw results, text conversion, ids, categories."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

import nh3

from ..file_checks import Problem
from .common import MODULE_SLUGS, slugify


@dataclass
class RawQuestion:
    """A question read from a Moodle file, as data not yet validated by our schema."""

    data: dict[str, Any]
    name: str
    line: int
    column: int = 1


@dataclass
class ReadResult:
    """Questions and problems (unsupported types, lossy mappings) from one Moodle file."""

    items: list[RawQuestion] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


_KEEP_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "ul", "ol", "li", "div"}
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|])")
# Leading blanks of ONE line only: `\s*` would also eat newlines, so every line start would rescan
# all blank lines after it (quadratic: 12 kB of newlines took 4 s). `[^\S\n]` stays linear.
_MD_LINE_START = re.compile(r"^([^\S\n]*)([#>+\-]|\d+[.)])", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Plain text made safe to render as Markdown (no accidental emphasis, lists or links)."""
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(r"\1\\\2", text)


def _tidy(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_markdown(source: str) -> str:
    """Sanitise Moodle HTML with nh3, then turn what is left into plain Markdown-safe text."""
    clean = nh3.clean(source, tags=_KEEP_TAGS, attributes={"a": {"href"}}, link_rel=None)
    clean = clean.replace("\n", " ")
    out: list[str] = []
    link: list[str] = []
    pos = 0
    for match in re.finditer(r"<(/?)([a-z]+)([^>]*)>", clean):
        if match.start() > pos:  # adjacent tags leave nothing to escape (most of a tag soup)
            out.append(escape_markdown(html.unescape(clean[pos : match.start()])))
        pos = match.end()
        closing, tag, attrs = match.group(1), match.group(2), match.group(3)
        if tag in ("b", "strong"):
            out.append("**")
        elif tag in ("i", "em"):
            out.append("*")
        elif tag == "br":
            out.append("\n")
        elif tag in ("p", "div", "ul", "ol"):
            out.append("\n\n")
        elif tag == "li" and not closing:
            out.append("\n- ")
        elif tag == "a":
            href = re.search(r'href="([^"]*)"', attrs)
            if closing:
                out.append("]" + (f"({html.unescape(link[-1])})" if link else ""))
                link.clear()
            else:
                link[:] = [href.group(1)] if href else []
                out.append("[")
    out.append(escape_markdown(html.unescape(clean[pos:])))
    return _tidy("".join(out))


def convert_text(text: str, fmt: str) -> str:
    """Moodle text in a given format (html, moodle_auto_format, plain_text, markdown) as Markdown."""
    fmt = (fmt or "html").lower()
    if fmt == "markdown":
        return text.strip()
    if fmt in ("plain", "plain_text"):
        return _tidy(escape_markdown(text))
    return html_to_markdown(text)


def plain_text(text: str) -> str:
    """Text for fields that are plain in Moodle (matching answers, accepted answers)."""
    return " ".join(html.unescape(nh3.clean(text, tags=set())).split())


def category_target(path: str) -> tuple[str | None, str | None]:
    """(module, tag) for a Moodle category path: the last part is a module slug, or a tag."""
    parts = [p.strip() for p in path.split("/") if p.strip() and not p.strip().startswith("$")]
    if not parts:
        return None, None
    last = parts[-1]
    slug = slugify(last)
    if slug in MODULE_SLUGS:
        return slug, None
    return None, last[:60]


class IdMaker:
    """Slugs from Moodle question names, made unique against every id already taken."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken

    def make(self, name: str) -> str:
        """The id for `name`: its slug, the same on every import (issue 14).

        Two questions whose names give the same slug are not told apart by a counter (that made
        ids depend on the order of the file, so a re-import could update the wrong question):
        the loader refuses the second with both places named (`validate._accept_question`).
        """
        candidate = slugify(name, "question")
        self.taken.add(candidate)
        return candidate


def option_ids(count: int) -> list[str]:
    """Option ids a, b, c, ... for imported choices."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return [letters[i] if i < 26 else f"o{i + 1}" for i in range(count)]


def not_supported(path: str, line: int, kind: str, name: str) -> Problem:
    """The error every reader gives for a Moodle question type we cannot represent."""
    return Problem(path, line, f"not supported: {kind} question '{name}' (not imported)", column=1)


def choice_data(
    answers: list[tuple[str, float]],
    base: dict[str, Any],
    problems: list[Problem],
    path: str,
    line: int,
    name: str,
    single: bool | None = None,
) -> dict[str, Any] | None:
    """Single or multiple choice data from (text, fraction %) answers, noting lossy weights.

    `single` is Moodle's "one answer only" setting. A single-answer question whose answers carry
    partial credit cannot be a `single_choice` (one right answer, all or nothing) and must not
    become tick-boxes (where the right answer would score 50 %): it is refused by name.
    """
    if single:
        full = [text for text, f in answers if f >= 99.99]
        if len(full) != 1:
            problems.append(
                Problem(
                    path,
                    line,
                    (
                        f"not supported: question '{name}' is single-answer multiple choice with "
                        f"{len(full)} fully right answers; single_choice needs exactly one (not imported)"
                    ),
                    column=1,
                )
            )
            return None
        partial = [(text, f) for text, f in answers if 0 < f < 99.99]
        if partial:
            shown = ", ".join(f"'{plain_text(text)[:40]}' ({f:g}%)" for text, f in partial)
            problems.append(
                Problem(
                    path,
                    line,
                    (
                        f"not supported: question '{name}' is single-answer multiple choice with partial "
                        f"credit ({shown}); the bank's single_choice has one right answer and no partial "
                        "credit (not imported)"
                    ),
                    column=1,
                )
            )
            return None
    ids = option_ids(len(answers))
    options = [
        {"id": i, "text": {"en": text}, "correct": fraction > 0}
        for i, (text, fraction) in zip(ids, answers, strict=True)
    ]
    right = [f for _, f in answers if f > 0]
    wrong = [f for _, f in answers if f <= 0]
    if len(right) == 1 and abs(right[0] - 100) < 0.01 and all(f == 0 for f in wrong):
        return {**base, "type": "single_choice", "options": options}
    expected_right = 100 / len(right) if right else 0
    expected_wrong = -100 / len(wrong) if wrong else 0
    lossy = any(abs(f - expected_right) > 0.5 for f in right) or any(
        abs(f - expected_wrong) > 0.5 for f in wrong
    )
    if lossy:
        problems.append(
            Problem(
                path,
                line,
                (
                    f"question '{name}': Moodle answer weights mapped to our partial scoring "
                    f"(+1/C per correct, -1/W per wrong option)"
                ),
                "warning",
                column=1,
            )
        )
    return {**base, "type": "multiple_response", "scoring": "partial", "options": options}


# --- Issue 14: what Moodle files carry that the bank cannot hold, grades, languages -------------

# Moodle's grade options (question_bank::fraction_options_full): an imported answer's grade must
# be one of these (or its negative), as Moodle's own import demands ("Grades (…) do not match
# grade options - question skipped").
MOODLE_GRADES = (
    1.0,
    0.9,
    0.8333333,
    0.8,
    0.75,
    0.7,
    0.6666667,
    0.6,
    0.5,
    0.4,
    0.3333333,
    0.3,
    0.25,
    0.2,
    0.1666667,
    0.1428571,
    0.125,
    0.1111111,
    0.1,
    0.05,
    0.0,
)
_GRADE_DELTA = 0.0000011  # Moodle writes 7 decimals; 33.33333 % and 33.333333 % both match


def valid_grade(percent: float) -> bool:
    """Whether a Moodle answer grade (in %) is one Moodle itself accepts."""
    value = abs(percent) / 100
    return any(abs(value - grade) < _GRADE_DELTA for grade in MOODLE_GRADES)


def invalid_grades_problem(path: str, line: int, name: str, grades: list[str]) -> Problem:
    shown = ", ".join(f"'{g}'" for g in grades)
    return Problem(
        path,
        line,
        f"question '{name}': grade(s) {shown} (%) are not Moodle grade options "
        "(100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, "
        "16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0 or their negatives); not imported",
        column=1,
    )


# Moodle's multi-language filter: <span lang="xx" class="multilang">…</span> (core filter) and
# {mlang xx}…{mlang} (filter_multilang2). Moodle's language pack for Bokmål is "no"; "nb" and
# "no" are both read as Norwegian Bokmål, and the export writes "no".
MOODLE_LANG_FOR = {"en": "en", "nb": "no"}
_LANG_OF = {"en": "en", "nb": "nb", "no": "nb", "nn": None}
_SPAN = re.compile(
    r"""<span\s+(?=[^>]*class\s*=\s*["']multilang["'])[^>]*?lang\s*=\s*["']([A-Za-z_-]+)["'][^>]*>"""
    r"(.*?)</span>",
    re.DOTALL | re.IGNORECASE,
)
_MLANG = re.compile(r"\{mlang\s+([A-Za-z_,-]+)\s*\}(.*?)\{mlang\}", re.DOTALL | re.IGNORECASE)


def split_multilang(raw: str) -> dict[str, str]:
    """{"en": …, "nb": …} from Moodle multi-language markup, or {"en": raw} when there is none.

    Text outside the language blocks is kept in every language. Languages other than English
    and Norwegian Bokmål are dropped (the caller warns).
    """
    found: list[tuple[int, int, str, str]] = []
    for pattern in (_SPAN, _MLANG):
        for match in pattern.finditer(raw):
            if not any(start <= match.start() < end for start, end, _, _ in found):
                found.append((match.start(), match.end(), match.group(1).lower(), match.group(2)))
    if not found:
        return {"en": raw}
    found.sort()
    langs = {_LANG_OF.get(code.split("_")[0].split(",")[0], None) for _, _, code, _ in found}
    out: dict[str, list[str]] = {lang: [] for lang in ("en", "nb") if lang in langs}
    if not out:
        out = {"en": []}
    pos = 0
    for start, end, code, body in found:
        for parts in out.values():
            parts.append(raw[pos:start])
        lang = _LANG_OF.get(code.split("_")[0].split(",")[0])
        if lang in out:
            out[lang].append(body)
        pos = end
    for parts in out.values():
        parts.append(raw[pos:])
    return {lang: "".join(parts) for lang, parts in out.items()}


def loss_warnings(name: str, files: list[str], languages: list[str]) -> list[str]:
    """The warnings for what an imported question loses: embedded files, languages besides en/nb."""
    warnings = []
    if files:
        warnings.append(
            f"question '{name}': embedded file(s) {', '.join(files)} not imported; "
            "links to them are reduced to their text"
        )
    if languages:
        warnings.append(
            f"question '{name}': text in language(s) {', '.join(languages)} left out "
            "(the bank holds English and Norwegian Bokmål)"
        )
    return warnings


def other_languages(raw: str) -> list[str]:
    """Language codes in multi-language markup that are neither English nor Norwegian Bokmål."""
    codes = [m.group(1).lower() for p in (_SPAN, _MLANG) for m in p.finditer(raw)]
    return sorted({c for c in codes if _LANG_OF.get(c.split("_")[0]) is None})


def join_multilang(en: str, nb: str | None) -> str:
    """English and Norwegian as Moodle's core multi-language spans (English alone when no nb)."""
    if not nb:
        return en
    return "".join(
        f'<span lang="{MOODLE_LANG_FOR[lang]}" class="multilang">{text}</span>'
        for lang, text in (("en", en), ("nb", nb))
    )


_PLUGINFILE_LINK = re.compile(r"!?\[([^\]]*)\]\(@@PLUGINFILE@@[^)]*\)")


def drop_pluginfile_links(markdown: str) -> str:
    """Links and images to Moodle's embedded files (@@PLUGINFILE@@/…) reduced to their text."""
    return _PLUGINFILE_LINK.sub(lambda m: m.group(1), markdown).replace("@@PLUGINFILE@@/", "")
