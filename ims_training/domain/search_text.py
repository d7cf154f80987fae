"""Text folding for course search, done in Python so SQLite and PostgreSQL match the same way.

Both the stored `search_text` and the query go through `fold`: Unicode NFC (so a decomposed "å"
typed on one keyboard equals the precomposed one stored), then `str.casefold` (so "Æ" finds "æ"
and "STRASSE" finds "Straße"), then whitespace collapsed. The database then only needs a plain,
case-sensitive `LIKE '%term%'`, which both engines do identically.
"""

from __future__ import annotations

import html
import re
import unicodedata

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
LIKE_ESCAPE = "\\"


def fold(text: str) -> str:
    """NFC, case-folded, single-spaced text; NFC again because case folding can decompose."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    return _SPACE.sub(" ", folded).strip()


def html_to_text(markup: str) -> str:
    """Visible text of sanitised HTML (tags dropped, entities decoded), for indexing."""
    return html.unescape(_TAG.sub(" ", markup))


def search_terms(query: str, *, limit: int = 8) -> list[str]:
    """The folded words of a query (at most `limit`, duplicates dropped, order kept)."""
    terms: list[str] = []
    for word in fold(query).split(" "):
        if word and word not in terms:
            terms.append(word)
    return terms[:limit]


def like_pattern(term: str) -> str:
    """`%term%` with LIKE's wildcards escaped (use with ESCAPE LIKE_ESCAPE)."""
    escaped = (
        term.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )
    return f"%{escaped}%"


# Letters that Unicode does not decompose into a base letter plus a mark.
_LETTERS = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "ı": "i",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "þ": "th",
        "ŀ": "l",
    }
)


def loose_fold(text: str | None) -> str:
    """Case, accents and special letters folded away, for people's names and places:
    "Şahin" -> "sahin", "Løvås" -> "lovas", "Bærum" -> "baerum" (both the query and the text)."""
    folded = unicodedata.normalize("NFKD", (text or "").casefold().translate(_LETTERS))
    bare = "".join(c for c in folded if not unicodedata.combining(c)).translate(_LETTERS)
    return _SPACE.sub(" ", bare).strip()
