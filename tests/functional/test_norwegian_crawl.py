"""Every page of every role, in Norwegian: no untranslated interface string, no raw identifier.

The demo data (every role, certificates in every state, audit entries, cohorts, attempts) is
seeded once; then each demo account and an anonymous visitor crawl every same-site link they can
reach with the language set to Norwegian. A page fails when its visible text (not `<code>`, not
attributes) holds
- an English interface string: a msgid of the catalog (or a fragment of one between its
  placeholders) whose Norwegian translation differs, as a whole phrase; or
- a raw identifier: an audit action key (`certificate.revoked`), a module slug or practical
  assessment key of the course (`cervical-paraspinals`), a snake_case key, a Python dict or `None`.
The catalog itself must translate every string the code and templates mark for translation.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from sqlalchemy import select

from ims_training.extensions import db
from ims_training.models import CourseModule, Program

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "ims_training/translations/nb/LC_MESSAGES/messages.po"
DEMO_PASSWORD = "demo password for the crawl"
ACCOUNTS = (
    "admin@example.org",
    "instructor@example.org",
    "coordinator@example.org",
    "trainee@example.org",
    "certified@example.org",
)
SKIP = re.compile(
    r"(\.csv|\.pdf|\.json|\.png|\.svg|\.xml|\.yaml|/static/|/logout|/healthz|/export)"
)
MAX_PAGES_PER_ROLE = 400
# Words that are the same in both languages or are names, never a finding on their own.
SAME_IN_BOTH = {
    "Open Badges 3",
    "IMS",
    "OK",
    "CSV",
    "PDF",
    "YAML",
    "GIFT",
    "Moodle XML",
    "E-mail",
    "Status",
    "Quiz",
}
RAW_KEY = re.compile(
    r"\b(account|role|bank|course|certificate|clinical_case|signoff|licence|quiz|continuing_education|cohort"
    r"|partner|register)\.[a-z_]+\b"
    r"|\b[a-z]+_[a-z_]+\b"  # snake_case keys (from_status, single_choice)
    r"|\{'|': |=None\b|\bNone\b"  # Python reprs
    # stored status and event codes, English words that never belong in a Norwegian sentence
    r"|\b(issued|suspended|reinstated|revoked|renewed|superseded|pending|verified|rejected|withdrawn|in_progress"
    r"|submitted|active|expired)\b"
)


class _Text(HTMLParser):
    """The visible text of a page, and its links; `<code>`, scripts and styles are left out."""

    # Tags, question keys and slugs in <code> are identifiers on purpose; a <datalist> is not shown;
    # <title> repeats the page's heading (checked) or a question key.
    HIDDEN = {"script", "style", "code", "kbd", "pre", "template", "samp", "datalist", "title"}

    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self.depth = 0
        self.stack: list[tuple[str, bool]] = []  # open elements; True where they hide their text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Text an element declares to be in another language (lang="en", e.g. a preview of the
        # English version, an English source title) is deliberate, not an untranslated string.
        lang = dict(attrs).get("lang")
        # translate="no" marks names and citations that stay as they are (an issuer's name, a source).
        hides = (
            tag in self.HIDDEN
            or bool(lang and not lang.startswith("nb") and tag != "html")
            or dict(attrs).get("translate") == "no"
        )
        if tag not in self.VOID:
            self.stack.append((tag, hides))
        if hides:
            self.depth += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            open_tag, hides = self.stack.pop()
            if hides and self.depth:
                self.depth -= 1
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


def _fragments() -> set[str]:
    """English phrases that must not appear on a Norwegian page."""
    with PO.open("rb") as f:
        catalog = read_po(f)
    phrases: set[str] = set()
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if set(ids) & set(strings):
            continue
        for text in ids:
            if len(text.split()) >= 2 and "%" not in text:
                phrases.add(text.strip())
            for piece in re.split(r"%\([a-z_]+\)[sd]|%[sd]|[.:;!?()…—–·\"“”]", text):
                piece = piece.strip(" ,-'")
                # A fragment of a longer message counts from three words: shorter ones are too often
                # a name or a term inside people's own notes (whole messages count from two words).
                if len(piece.split()) >= 3 and len(piece) >= 8 and piece not in SAME_IN_BOTH:
                    phrases.add(piece)
    return phrases


def test_every_marked_string_has_a_norwegian_translation():
    with PO.open("rb") as f:
        catalog = read_po(f)
    translated = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in catalog
        if m.id and m.string and (m.string if isinstance(m.string, str) else m.string[0])
    }
    method_map = [("ims_training/**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {
        "_": None,
        "gettext": None,
        "ngettext": (1, 2),
        "_l": None,
        "lazy_gettext": None,
        "lazy_ngettext": (1, 2),
    }
    missing = sorted(
        {
            (message if isinstance(message, str) else message[0])
            for filename, _lineno, message, _comments, _context in extract_from_dir(
                str(ROOT), method_map, keywords=keywords
            )
            if (message if isinstance(message, str) else message[0]) not in translated
        }
        - {""}
    )
    assert not missing, f"{len(missing)} strings have no Norwegian translation: {missing[:20]}"


@pytest.fixture
def demo(runner, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    slugs = set(db.session.scalars(select(CourseModule.slug)))
    keys = {
        str(a["key"])
        for r in db.session.scalars(select(Program.requirements))
        for a in (r or {}).get("practical_assessments") or []
    }
    return {s for s in slugs | keys if "-" in s or "_" in s or len(s) > 6}


def _crawl(client, start: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    seen: set[str] = set()
    queue = deque([start])
    pages: dict[str, str] = {}
    while queue and len(pages) < MAX_PAGES_PER_ROLE:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, headers={"Accept-Language": "nb"})
        assert response.status_code < 500, f"{url}: {response.status_code}"
        if response.status_code != 200 or not response.mimetype == "text/html":
            continue
        parser = _Text()
        parser.feed(response.get_data(as_text=True))
        pages[url] = " ".join(" ".join(parser.parts).split())
        for href in parser.links:
            link, _ = urldefrag(urljoin("http://localhost" + url, href))
            parts = urlsplit(link)
            if parts.netloc != "localhost" or SKIP.search(parts.path):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen and "page=" not in parts.query:
                queue.append(target)
    return pages


def test_every_page_of_every_role_is_norwegian(app, demo):  # type: ignore[no-untyped-def]
    phrases = _fragments()
    identifiers = (
        re.compile(
            r"(?<![\w/-])("
            + "|".join(re.escape(s) for s in sorted(demo, key=len, reverse=True))
            + r")(?![\w/-])"
        )
        if demo
        else None
    )
    findings: list[str] = []
    crawled = 0
    for who in (None, *ACCOUNTS):
        client = app.test_client()
        client.post("/language", data={"lang": "nb", "next": "/"})
        if who:
            response = client.post("/login", data={"email": who, "password": DEMO_PASSWORD})
            assert response.status_code == 302, who
        pages = _crawl(client, "/dashboard" if who else "/")
        crawled += len(pages)
        for url, text in pages.items():
            english = sorted(
                p for p in phrases if re.search(r"(?<!\w)" + re.escape(p) + r"(?!\w)", text)
            )
            raw = {text[max(0, m.start() - 40) : m.end() + 20] for m in RAW_KEY.finditer(text)}
            if identifiers:
                raw |= {
                    text[max(0, m.start() - 40) : m.end() + 20] for m in identifiers.finditer(text)
                }
            if english or raw:
                findings.append(
                    f"{who or 'anonymous'} {url}: English {english[:5]} raw {sorted(raw)[:5]}"
                )
    print(f"crawled {crawled} pages")
    assert crawled > 40, f"only {crawled} pages crawled"
    assert not findings, f"{len(findings)} pages are not fully Norwegian:\n" + "\n".join(
        findings[:40]
    )
