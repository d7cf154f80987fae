"""The course glossary (`course/glossary.yaml`): one term per concept in English and Bokmål.

Lessons, `modules.yaml`, `figures.yaml` and the question bank must use the glossary's terms. Each
term may list *wrong forms* (calques, misspellings, drifted synonyms) with a severity: `error`
stops `course validate` / `bank validate` (and so any import), `warning` is reported only.

Plain Python, no Flask. `read_glossary` parses and validates the file; `check_markdown` and
`check_yaml` find wrong forms in a lesson file or a YAML file and return `GlossaryHit`s (line,
column, severity, message) that the course and bank loaders turn into `Problem`s. YAML is read
by the one safe reader (`file_checks.safe_yaml`), like every other YAML file.

Matching rules, so an author can predict them:
- case-insensitive; a wrong form must start at a word boundary, and by default may be followed
  by any ending ("bivirkning" also finds "bivirkningene", "bivirkningsgrader");
  `whole_word: true` requires a word boundary after it too;
- a space in a form matches any run of spaces (not a line break: lessons are checked line by line);
- a wrong form is looked for only in text of its `language` (default `nb`): in `.nb.md` lessons and
  in the values of `nb:` keys of YAML files (and likewise `en`);
- `allow: [...]` lists longer phrases in which the form is correct and must not be reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..file_checks import Severity, UnreadableFile, YamlDoc, parse_yaml
from .models import LANGUAGES, Problem
from .yamltext import read_yaml

SEVERITIES = ("error", "warning")
TERM_FIELDS = {"id", "en", "nb", "definition", "source", "wrong", "note"}
WRONG_FIELDS = {"form", "severity", "language", "whole_word", "allow", "note"}
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class WrongForm:
    """A form that must not be used for a term, and how bad it is."""

    form: str
    severity: Severity
    language: str
    pattern: re.Pattern[str]
    allow: tuple[re.Pattern[str], ...] = ()
    note: str = ""


@dataclass(frozen=True)
class GlossaryTerm:
    """One concept: its English and Bokmål term, a one-line definition and where it comes from."""

    id: str
    en: str
    nb: str
    definition: dict[str, str]
    source: str
    wrong: tuple[WrongForm, ...] = ()
    note: str = ""
    line: int = 0


@dataclass(frozen=True)
class GlossaryHit:
    """A wrong form found in a file: where, how bad, and what to write instead."""

    line: int
    column: int
    severity: Severity
    message: str


@dataclass
class Glossary:
    """All terms; `hits` finds the wrong forms in one piece of text."""

    terms: list[GlossaryTerm] = field(default_factory=list)

    def hits(self, language: str, text: str, line: int) -> list[GlossaryHit]:
        """Wrong forms of `language` in `text` (one line of a file, which is line `line`)."""
        found: list[GlossaryHit] = []
        for term in self.terms:
            for wrong in term.wrong:
                if wrong.language != language:
                    continue
                allowed = [(m.start(), m.end()) for a in wrong.allow for m in a.finditer(text)]
                for match in wrong.pattern.finditer(text):
                    if any(s <= match.start() and match.end() <= e for s, e in allowed):
                        continue
                    right = term.nb if language == "nb" else term.en
                    message = (
                        f"glossary: '{match.group(0)}' is a wrong form for \"{term.en}\" "
                        f"(term '{term.id}'); use '{right}'"
                    )
                    if wrong.note:
                        message += f" ({wrong.note})"
                    found.append(GlossaryHit(line, match.start() + 1, wrong.severity, message))
        return found


def search_glossary(glossary: Glossary, words: list[str], fold: Any) -> list[GlossaryTerm]:
    """Terms whose English or Bokmål term, definition or source contains every word.

    `words` are already folded (domain.search_text.search_terms); `fold` folds the term text the
    same way, so case, æ/ø/å and composed/decomposed letters match as in the course search.
    No words: every term, in file order.
    """
    if not words:
        return list(glossary.terms)
    found = []
    for term in glossary.terms:
        haystack = fold(" ".join([term.en, term.nb, *term.definition.values(), term.source]))
        if all(word in haystack for word in words):
            found.append(term)
    return found


def _pattern(form: str, whole_word: bool) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(part) for part in form.split())
    tail = r"(?!\w)" if whole_word else ""
    return re.compile(rf"(?<!\w){body}{tail}", re.IGNORECASE)


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def read_glossary(text: str, path: str) -> tuple[Glossary | None, list[Problem]]:
    """Parse and validate glossary YAML; problems name `path:line`. None when unusable."""
    doc, bad = read_yaml(text, path)
    if doc is None:
        return None, [bad] if bad else []
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        return None, [Problem(path, 1, "the glossary must be a mapping with a 'terms' list")]
    problems: list[Problem] = []
    glossary = Glossary()
    seen: dict[str, int] = {}
    for index, item in enumerate(data["terms"]):
        line = doc.position(("terms", index))[0]
        term_id = item.get("id") if isinstance(item, dict) else None
        if isinstance(term_id, str) and term_id in seen:
            problems.append(
                Problem(path, line, f"duplicate term id '{term_id}' (also on line {seen[term_id]})")
            )
            continue
        if isinstance(term_id, str):
            seen[term_id] = line
        term, found = _read_term(item, doc, ("terms", index), line, path)
        problems += found
        if term is not None:
            glossary.terms.append(term)
    return glossary, problems


def _read_term(
    item: Any, doc: YamlDoc, loc: tuple[Any, ...], line: int, path: str
) -> tuple[GlossaryTerm | None, list[Problem]]:
    if not isinstance(item, dict):
        return None, [Problem(path, line, "a glossary term must be a mapping")]
    problems = [
        Problem(path, line, f"term {item.get('id', '?')!r}: unknown key '{key}'")
        for key in item
        if key not in TERM_FIELDS
    ]
    term_id = item.get("id")
    if not isinstance(term_id, str) or not _ID.match(term_id):
        return None, [*problems, Problem(path, line, "term: 'id' must be lowercase a-z, 0-9, -")]
    label = f"term '{term_id}'"
    en, nb, source = _text(item.get("en")), _text(item.get("nb")), _text(item.get("source"))
    definition = item.get("definition")
    for name, value in (("en", en), ("nb", nb), ("source", source)):
        if value is None:
            problems.append(Problem(path, line, f"{label}: '{name}' is required"))
    if not isinstance(definition, dict) or any(_text(definition.get(g)) is None for g in LANGUAGES):
        problems.append(
            Problem(path, line, f"{label}: 'definition' needs one line in each of: en, nb")
        )
    wrong: list[WrongForm] = []
    raw_wrong = item.get("wrong") or []
    if not isinstance(raw_wrong, list):
        problems.append(Problem(path, line, f"{label}: 'wrong' must be a list"))
        raw_wrong = []
    for index, entry in enumerate(raw_wrong):
        at = doc.position((*loc, "wrong", index))[0]
        form, found = _read_wrong(entry, at, path, label)
        problems += found
        if form is not None:
            wrong.append(form)
    if problems or en is None or nb is None or source is None or not isinstance(definition, dict):
        return None, problems
    return (
        GlossaryTerm(
            id=term_id,
            en=en,
            nb=nb,
            definition={g: str(definition[g]).strip() for g in LANGUAGES},
            source=source,
            wrong=tuple(wrong),
            note=_text(item.get("note")) or "",
            line=line,
        ),
        problems,
    )


def _read_wrong(
    entry: Any, line: int, path: str, label: str
) -> tuple[WrongForm | None, list[Problem]]:
    if isinstance(entry, str):
        entry = {"form": entry}
    if not isinstance(entry, dict):
        return None, [Problem(path, line, f"{label}: a wrong form must be text or a mapping")]
    problems = [
        Problem(path, line, f"{label}: wrong form: unknown key '{key}'")
        for key in entry
        if key not in WRONG_FIELDS
    ]
    form = _text(entry.get("form"))
    severity = entry.get("severity", "warning")
    language = entry.get("language", "nb")
    allow = entry.get("allow") or []
    if form is None:
        problems.append(Problem(path, line, f"{label}: wrong form: 'form' is required"))
    if severity not in SEVERITIES:
        problems.append(
            Problem(path, line, f"{label}: wrong form: 'severity' must be error or warning")
        )
    if language not in LANGUAGES:
        problems.append(
            Problem(path, line, f"{label}: wrong form: 'language' must be one of: en, nb")
        )
    if not isinstance(allow, list) or not all(_text(a) for a in allow):
        problems.append(Problem(path, line, f"{label}: wrong form: 'allow' must be a list of text"))
        allow = []
    if problems or form is None:
        return None, problems
    return (
        WrongForm(
            form=form,
            severity="error" if severity == "error" else "warning",
            language=str(language),
            pattern=_pattern(form, bool(entry.get("whole_word", False))),
            allow=tuple(_pattern(str(a), False) for a in allow),
            note=_text(entry.get("note")) or "",
        ),
        [],
    )


def check_markdown(glossary: Glossary, language: str, text: str) -> list[GlossaryHit]:
    """Wrong forms in a whole lesson file of `language` (front matter included), line by line."""
    hits: list[GlossaryHit] = []
    for number, line in enumerate(text.splitlines(), start=1):
        hits += glossary.hits(language, line, number)
    return hits


def check_yaml(glossary: Glossary, text: str) -> list[GlossaryHit]:
    """Wrong forms in the `en:`/`nb:` values of a YAML file, at the line where the word stands.

    A YAML file the reader refuses gives no hits: its own check reports why.
    """
    try:
        doc = parse_yaml(text, "", span_keys=LANGUAGES)
    except UnreadableFile:
        return []
    return check_yaml_doc(glossary, doc)


def check_yaml_doc(glossary: Glossary, doc: YamlDoc) -> list[GlossaryHit]:
    """`check_yaml` on a document already read with `span_keys=LANGUAGES` (the bank's files)."""
    lines = doc.text.splitlines()
    hits: list[GlossaryHit] = []
    for language, (first_line, first_column), (last_line, last_column) in doc.spans:
        first, last = first_line - doc.first_line, last_line - doc.first_line
        start, end = first_column - 1, last_column - 1
        for number in range(first, min(last, len(lines) - 1) + 1):
            source = lines[number]
            if number == first:
                # only the value, not the key in front of it (nor an en: value on the same line)
                piece = " " * start + source[start : end if last == first else len(source)]
            elif number == last:
                piece = source[:end]
            else:
                piece = source
            hits += glossary.hits(language, piece, number + doc.first_line)
    return hits
