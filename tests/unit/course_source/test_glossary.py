"""The glossary check: which forms it finds, where, and how bad (course_source/glossary.py)."""

from __future__ import annotations

from pathlib import Path

from ims_training.course_source.glossary import check_markdown, check_yaml, read_glossary
from ims_training.course_source.loader import load_glossary

REAL_COURSE = Path(__file__).parents[3] / "course"

GLOSSARY = """\
terms:
  - id: adverse-event
    en: adverse event
    nb: uønsket hendelse
    definition: {en: Any unwanted event., nb: Enhver uønsket hendelse.}
    source: White 2001
    wrong:
      - {form: bivirkning, severity: error, allow: [bivirkninger av legemidler]}
  - id: leg
    en: leg
    nb: bein
    definition: {en: The lower limb., nb: Underekstremiteten.}
    source: house style
    wrong:
      - {form: ben, whole_word: true}
  - id: dyspnoea
    en: breathlessness
    nb: tungpust
    definition: {en: Short of breath., nb: Andenød.}
    source: review N11
    wrong:
      - tung pust
"""


def _glossary():
    glossary, problems = read_glossary(GLOSSARY, "course/glossary.yaml")
    assert problems == [] and glossary is not None
    return glossary


def test_a_wrong_form_is_found_with_its_endings_line_and_column():
    hits = check_markdown(_glossary(), "nb", "Første linje.\nTo bivirkningsgrader finnes.\n")
    assert [(h.line, h.column, h.severity) for h in hits] == [(2, 4, "error")]
    assert "'bivirkning' is a wrong form for \"adverse event\"" in hits[0].message
    assert "use 'uønsket hendelse'" in hits[0].message


def test_allowed_phrases_whole_words_and_other_languages_are_not_reported():
    glossary = _glossary()
    text = "Bivirkninger av legemidler. Benken og bena, benstopp.\n"
    assert check_markdown(glossary, "nb", text) == []
    assert check_markdown(glossary, "en", "bivirkning tung pust ben\n") == []


def test_spaces_in_a_form_match_any_run_of_spaces_and_warnings_stay_warnings():
    hits = check_markdown(_glossary(), "nb", "Ny  tung   pust og vondt i ben.\n")
    assert sorted((h.column, h.severity) for h in hits) == [(5, "warning"), (28, "warning")]


def test_yaml_values_are_checked_per_language_at_the_right_line():
    text = (
        "questions:\n"
        '  - stem: {en: "bivirkning in English", nb: "Hvilken bivirkning?"}\n'
        "    explanation:\n"
        "      nb: >-\n"
        "        Første linje,\n"
        "        så tung pust.\n"
        "    bivirkning: {en: key names are not text}\n"
    )
    hits = check_yaml(_glossary(), text)
    assert [(h.line, h.column) for h in hits] == [(2, 54), (6, 12)]


def test_a_yaml_file_that_does_not_parse_gives_no_hits():
    assert check_yaml(_glossary(), "a: [unclosed\n  nb: bivirkning") == []


def test_the_real_course_glossary_is_valid_and_has_the_terms_the_review_asked_for():
    glossary, problems = load_glossary(REAL_COURSE)
    assert problems == []
    assert glossary is not None
    by_id = {t.id: t for t in glossary.terms}
    assert by_id["adverse-event"].nb == "uønsket hendelse"
    assert any(
        w.form == "bivirkning" and w.severity == "error" for w in by_id["adverse-event"].wrong
    )
    assert any(w.form == "scalenii" and w.severity == "error" for w in by_id["scalenes"].wrong)
    assert any(w.form == "referansekart" for w in by_id["referral-map"].wrong)
    assert all(t.definition["en"] and t.definition["nb"] and t.source for t in glossary.terms)
