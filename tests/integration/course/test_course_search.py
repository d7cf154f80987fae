"""Course search: title and text, both languages, Norwegian letters in any case and normal form."""

from __future__ import annotations

import unicodedata

import pytest

from ims_training.models import Role
from ims_training.services.course.course import Viewer
from ims_training.services.course.course_search import search_course
from tests.factories.course import import_tree


@pytest.fixture
def trainee(course_dir, make_user):  # type: ignore[no-untyped-def]
    import_tree(course_dir)
    return make_user(Role.TRAINEE)


def _keys(viewer: Viewer, query: str) -> list[str]:
    return [hit.key for hit in search_course(viewer, query)]


@pytest.mark.parametrize(
    "query", ["særlig", "SÆRLIG", "Særlig", "sagbruk PÅ", "FØRSTE MØTE", "første møte"]
)
def test_norwegian_letters_match_in_any_case(trainee, query):
    assert _keys(Viewer.of(trainee, "nb"), query) == ["foundations-origins"]


def test_decomposed_input_matches_precomposed_text(trainee):
    decomposed = unicodedata.normalize("NFD", "SAGBRUK på")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    assert _keys(Viewer.of(trainee, "nb"), decomposed) == ["foundations-origins"]


def test_search_covers_titles_and_text_in_both_languages(trainee):
    viewer = Viewer.of(trainee, "en")
    assert _keys(viewer, "nerve-root model") == ["foundations-model"]  # a title
    assert _keys(viewer, "supersensitivity") == ["foundations-model"]  # text
    assert _keys(viewer, "samtykke") == ["safety-consent"]  # Norwegian, for an English reader
    assert _keys(viewer, "gunn") == ["foundations-origins"]


def test_a_hit_prefers_the_viewers_language_and_points_at_the_section(trainee):
    [hit] = search_course(Viewer.of(trainee, "en"), "injured workers")
    assert (hit.language, hit.title, hit.anchor) == (
        "en",
        "Where IMS comes from",
        "where-it-started",
    )
    assert hit.match.lower() == "injured" and "worked with" in hit.before
    [nb_hit] = search_course(Viewer.of(trainee, "nb"), "gunn")
    assert (nb_hit.language, nb_hit.title, nb_hit.anchor) == (
        "nb",
        "Hvor IMS kommer fra",
        "lesson-content",
    )


def test_every_word_must_match(trainee):
    assert _keys(Viewer.of(trainee, "en"), "gunn consent") == []


def test_like_wildcards_are_taken_literally(trainee):
    assert _keys(Viewer.of(trainee, "en"), "%") == []
    assert _keys(Viewer.of(trainee, "en"), "_") == []


def test_drafts_are_found_by_staff_only(trainee, make_user):
    assert _keys(Viewer.of(trainee, "en"), "needles") == []
    instructor = make_user(Role.INSTRUCTOR)
    [hit] = search_course(Viewer.of(instructor, "en"), "needles")
    assert hit.key == "foundations-draft" and hit.is_draft


def test_an_empty_query_finds_nothing(trainee):
    assert _keys(Viewer.of(trainee, "en"), "   ") == []
