"""Search the course: every word must occur in a translation's title or text, in either language.

`search_text` was folded in Python at import (see domain/search_text.py), so the query is folded
the same way and matched with a plain LIKE, which SQLite and PostgreSQL treat identically.
A hit links to the lesson at the heading of the section where the first word occurs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select

from ...domain.search_text import LIKE_ESCAPE, fold, html_to_text, like_pattern, search_terms
from ...extensions import db
from ...models import CourseModule, Lesson, LessonTranslation
from .course import PUBLISHED, Viewer, course_overview, visible_statuses

MAX_ROWS = 60
CONTENT_ANCHOR = "lesson-content"
_HEADING = re.compile(r'<h[23] id="([^"]+)">')
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class SearchHit:
    key: str
    title: str
    module_title: dict[str, str]
    language: str
    anchor: str
    before: str
    match: str
    after: str
    is_draft: bool
    module_slug: str = ""
    locked: bool = False  # its module is locked for the viewer: shown with the lock, no text


def search_course(viewer: Viewer, query: str, *, limit: int = 20) -> list[SearchHit]:
    """Visible lessons matching every word of `query`, one hit per lesson, in course order."""
    terms = search_terms(query)
    if not terms:
        return []
    rows = db.session.execute(
        select(
            Lesson.key,
            Lesson.status,
            CourseModule.title,
            LessonTranslation.language,
            LessonTranslation.title,
            LessonTranslation.body_html,
            CourseModule.slug,
        )
        .join(CourseModule, CourseModule.id == Lesson.module_id)
        .join(LessonTranslation, LessonTranslation.lesson_id == Lesson.id)
        .where(
            Lesson.status.in_(visible_statuses(viewer)),
            CourseModule.retired_at.is_(None),
            *(
                LessonTranslation.search_text.like(like_pattern(t), escape=LIKE_ESCAPE)
                for t in terms
            ),
        )
        .order_by(CourseModule.position, Lesson.position, LessonTranslation.language)
        .limit(MAX_ROWS)
    ).all()
    best: dict[str, tuple] = {}
    for row in rows:
        key, lang = row[0], row[3]
        if key not in best or lang == viewer.lang:
            best[key] = tuple(row)
    locked = (
        set() if viewer.preview else {m.slug for m in course_overview(viewer).modules if m.locked}
    )
    hits = []
    for key, status, module_title, lang, title, body_html, slug in list(best.values())[:limit]:
        if slug in locked:  # no text of a lesson the trainee cannot open yet
            hits.append(
                SearchHit(
                    key,
                    title,
                    module_title,
                    lang,
                    CONTENT_ANCHOR,
                    "",
                    "",
                    "",
                    status != PUBLISHED,
                    slug,
                    True,
                )
            )
            continue
        anchor, before, match, after = _locate(body_html, terms[0])
        hits.append(
            SearchHit(
                key,
                title,
                module_title,
                lang,
                anchor,
                before,
                match,
                after,
                status != PUBLISHED,
                slug,
            )
        )
    return hits


def _locate(body_html: str, term: str) -> tuple[str, str, str, str]:
    """The heading id of the first section containing `term`, and a snippet around it."""
    parts = _HEADING.split(body_html)
    sections = [(CONTENT_ANCHOR, parts[0])] + list(zip(parts[1::2], parts[2::2], strict=True))
    for anchor, section in sections:
        text = _SPACE.sub(" ", unicodedata.normalize("NFC", html_to_text(section))).strip()
        folded = fold(text)
        at = folded.find(term)
        if at < 0:
            continue
        if len(folded) != len(text):  # folding changed lengths (e.g. "ß"): no precise snippet
            return anchor, text[:160], "", ""
        start, end = max(0, at - 70), at + len(term)
        return (
            anchor,
            ("…" if start else "") + text[start:at],
            text[at:end],
            text[end : end + 90] + "…",
        )
    return CONTENT_ANCHOR, "", "", ""
