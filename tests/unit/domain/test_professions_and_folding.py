"""Folding names for the register, and professions in both languages (no app)."""

from ims_training.domain import professions
from ims_training.domain.search_text import loose_fold


def test_loose_fold_removes_case_accents_and_special_letters():
    assert (
        loose_fold("Şahin") == "sahin"
        and loose_fold("Løvås") == "lovas"
        and loose_fold("BÆRUM") == "baerum"
    )
    assert loose_fold("  Ödegård  Straße ") == "odegard strasse"


def test_known_professions_are_shown_in_the_visitors_language_and_free_text_as_written():
    assert professions.display("physiotherapist", "nb") == "Fysioterapeut"
    assert professions.display("Kiropraktor", "en") == "Chiropractor"
    assert professions.display("Akupunktør", "en") == "Akupunktør"


def test_a_profession_matches_in_either_language():
    assert professions.matches("fysio", "Physiotherapist") and professions.matches(
        "PHYSIO", "Fysioterapeut"
    )
    assert not professions.matches("lege", "Physiotherapist")
