"""The practitioner register folds accents and case and matches a profession in either language."""

from __future__ import annotations

import pytest


def _results(client, query: str = "", lang: str = "en") -> str:  # type: ignore[no-untyped-def]
    page = client.get(f"/practitioners{query}", headers={"Accept-Language": lang}).get_data(
        as_text=True
    )
    return page.split('class="register-results"')[1].split("</ul>")[0]


@pytest.fixture
def listed(client, auth, issued):  # type: ignore[no-untyped-def]
    auth.login(issued.holder)
    client.post(
        "/learn/public-register",
        data={
            "opted_in": "y",
            "display_name": "Åse Şahin Løvås",
            "city": "Bærum",
            "show_city": "y",
            "profession": "Physiotherapist",
            "show_profession": "y",
        },
    )
    auth.logout()
    return issued


@pytest.mark.parametrize(
    "query",
    [
        "?name=Sahin",
        "?name=sahin",
        "?name=LOVAS",
        "?name=Lovås",
        "?name=ase+sahin",
        "?city=Baerum",
        "?city=bærum",
    ],
)
def test_a_plain_keyboard_finds_accented_names_and_places(client, listed, query):  # type: ignore[no-untyped-def]
    assert "Åse Şahin Løvås" in _results(client, query)


@pytest.mark.parametrize(
    ("query", "lang", "shown"),
    [
        ("?profession=fysioterapeut", "nb", "Fysioterapeut"),
        ("?profession=Fysio", "en", "Physiotherapist"),
        ("?profession=physiotherapist", "nb", "Fysioterapeut"),
        ("?profession=physio", "en", "Physiotherapist"),
    ],
)
def test_a_profession_matches_in_either_language_and_shows_in_the_visitors(
    client, listed, query, lang, shown
):  # type: ignore[no-untyped-def]
    found = _results(client, query, lang)
    assert "Åse Şahin Løvås" in found and shown in found


def test_other_words_still_find_nothing(client, listed):  # type: ignore[no-untyped-def]
    assert "Åse" not in _results(client, "?name=Sahim")
    assert "Åse" not in _results(client, "?profession=kiropraktor")
