"""Search folding: NFC, case folding and LIKE escaping behave the same for every database."""

import unicodedata

from ims_training.domain.search_text import fold, html_to_text, like_pattern, search_terms


def test_fold_lowers_norwegian_capitals():
    assert fold("ÆRLIG ØYE ÅS") == "ærlig øye ås"


def test_fold_makes_decomposed_and_precomposed_letters_equal():
    assert fold(unicodedata.normalize("NFD", "Ål og Ærø")) == fold("ål og ærø") == "ål og ærø"


def test_fold_collapses_whitespace():
    assert fold("  a \n\t b ") == "a b"


def test_search_terms_are_folded_unique_and_limited():
    assert search_terms("Nål NÅL nål  stikk") == ["nål", "stikk"]
    assert len(search_terms(" ".join(f"w{n}" for n in range(20)))) == 8


def test_like_pattern_escapes_wildcards():
    assert like_pattern("50%_a\\b") == "%50\\%\\_a\\\\b%"


def test_html_to_text_drops_tags_and_decodes_entities():
    assert html_to_text('<p>A &amp; B</p><h2 id="x">C</h2>').split() == ["A", "&", "B", "C"]
