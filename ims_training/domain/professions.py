"""Health professions in both languages, so "fysioterapeut" finds a "Physiotherapist" and the
register shows each profession in the visitor's language. Free text that is not a known
profession is kept and shown as the holder wrote it."""

from __future__ import annotations

from .search_text import loose_fold

PROFESSIONS: tuple[dict[str, str], ...] = (
    {"en": "Physiotherapist", "nb": "Fysioterapeut"},
    {"en": "Manual therapist", "nb": "Manuellterapeut"},
    {"en": "Chiropractor", "nb": "Kiropraktor"},
    {"en": "Physician", "nb": "Lege"},
    {"en": "Doctor", "nb": "Lege"},
    {"en": "Nurse", "nb": "Sykepleier"},
    {"en": "Naprapath", "nb": "Naprapat"},
    {"en": "Osteopath", "nb": "Osteopat"},
    {"en": "Occupational therapist", "nb": "Ergoterapeut"},
    {"en": "Psychomotor physiotherapist", "nb": "Psykomotorisk fysioterapeut"},
    {"en": "Dentist", "nb": "Tannlege"},
)
_BY_NAME = {loose_fold(name): entry for entry in PROFESSIONS for name in entry.values()}


def known(text: str | None) -> dict[str, str] | None:
    """The profession `text` names, in both languages, or None for free text."""
    return _BY_NAME.get(loose_fold(text))


def names(text: str | None) -> set[str]:
    """Every folded name of `text`: its own words and, for a known profession, both languages."""
    entry = known(text)
    return {loose_fold(text)} | ({loose_fold(n) for n in entry.values()} if entry else set())


def display(text: str | None, lang: str) -> str | None:
    """The profession in `lang` if it is a known one, else the text as written."""
    entry = known(text)
    return entry.get(lang, text) if entry else text


def matches(query: str, text: str | None) -> bool:
    """Whether a search for `query` finds the profession `text`, in either language."""
    wanted = loose_fold(query)
    return not wanted or any(wanted in name for name in names(text))
