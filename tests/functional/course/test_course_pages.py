"""Course pages as trainees and staff use them: reading, progress, locks, languages, previews."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from ims_training.models import LessonProgress, Role
from tests.conftest import make_test_app
from tests.factories.course import import_tree

AUDIENCE = "licensed health professionals in training"


@pytest.fixture
def imported(course_dir):  # type: ignore[no-untyped-def]
    return import_tree(course_dir)


def _progress_value(html: str, label: str) -> str:
    match = re.search(
        r'<progress max="100" value="([\d.]+)" aria-label="' + re.escape(label) + '"', html
    )
    assert match, f"no progress bar labelled {label!r}"
    return match.group(1)


def test_module_list_shows_modules_progress_and_who_the_course_is_for(client, login_as, imported):
    login_as(Role.TRAINEE)
    page = client.get("/learn/course").get_data(as_text=True)
    assert AUDIENCE in page
    assert "Foundations" in page and "Safety" in page
    assert _progress_value(page, "Course progress") == "0"
    assert "Continue: Where IMS comes from" in page


def test_every_module_page_says_who_the_course_is_for(client, login_as, imported):
    login_as(Role.TRAINEE)
    for slug in ("foundations", "safety"):
        assert AUDIENCE in client.get(f"/learn/course/{slug}").get_data(as_text=True)


def test_lesson_page_shows_html_toc_figure_and_table(client, login_as, imported):
    login_as(Role.TRAINEE)
    page = client.get("/learn/lessons/foundations-origins").get_data(as_text=True)
    assert '<h1 id="lesson-title" lang="en">Where IMS comes from' in page
    assert '<a href="#where-it-started">Where it started</a>' in page
    assert '<h2 id="where-it-started">' in page
    assert 'alt="Nerve roots leaving the spine"' in page
    assert '<div class="table-wrap">' in page and '<th scope="col">' in page
    assert "css/course.css" in page and AUDIENCE in page


def test_marking_a_lesson_complete_moves_the_progress_bars(client, login_as, imported, db):
    user = login_as(Role.TRAINEE)
    response = client.post("/learn/lessons/foundations-origins/complete")
    # back to the button (the lesson's footer), not to the top of the lesson
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/learn/lessons/foundations-origins#lesson-footer"
    )
    page = client.get("/learn/lessons/foundations-origins").get_data(as_text=True)
    assert "You have completed this lesson." in page and "Mark lesson as complete" not in page
    assert _progress_value(page, "Progress in Foundations") == "50"
    overview = client.get("/learn/course").get_data(as_text=True)
    assert _progress_value(overview, "Course progress") == "33"
    assert "Continue: The nerve-root model" in overview
    client.post("/learn/lessons/foundations-origins/complete")  # twice is harmless
    count = (
        select(func.count()).select_from(LessonProgress).where(LessonProgress.user_id == user.id)
    )
    assert db.session.scalar(count) == 1


def test_a_locked_module_says_what_unlocks_it_and_its_lessons_stay_shut(
    client, login_as, imported, db
):
    login_as(Role.TRAINEE)
    module = client.get("/learn/course/safety").get_data(as_text=True)
    assert "Complete every lesson in these modules to unlock it" in module
    assert 'href="/learn/lessons/safety-consent"' not in module
    response = client.get("/learn/lessons/safety-consent")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "Safety is locked" in page and 'href="/learn/course/foundations"' in page
    assert client.post("/learn/lessons/safety-consent/complete").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 0


def test_completing_the_prerequisite_module_unlocks_the_next(client, login_as, imported):
    login_as(Role.TRAINEE)
    for key in ("foundations-origins", "foundations-model"):
        client.post(f"/learn/lessons/{key}/complete")
    assert client.get("/learn/lessons/safety-consent").status_code == 200


def test_unknown_draft_and_retired_lessons_are_404_for_a_trainee(client, login_as, imported):
    login_as(Role.TRAINEE)
    assert client.get("/learn/lessons/no-such-lesson").status_code == 404
    assert client.get("/learn/lessons/foundations-draft").status_code == 404
    assert client.post("/learn/lessons/foundations-draft/complete").status_code == 404
    assert client.get("/learn/course/no-such-module").status_code == 404
    assert "Unfinished lesson" not in client.get("/learn/course/foundations").get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.INSTRUCTOR, Role.ADMINISTRATOR])
def test_staff_preview_drafts_and_locked_modules_without_recording_progress(
    client, login_as, imported, db, role
):
    login_as(role)
    draft = client.get("/learn/lessons/foundations-draft")
    assert draft.status_code == 200
    page = draft.get_data(as_text=True)
    assert "Draft" in page and "Preview" in page and "Mark lesson as complete" not in page
    assert client.get("/learn/lessons/safety-consent").status_code == 200
    assert client.post("/learn/lessons/foundations-origins/complete").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 0
    assert "Unfinished lesson" in client.get("/learn/course/foundations").get_data(as_text=True)


def test_lessons_come_in_the_users_language_with_a_note_when_english_stands_in(
    client, login_as, imported
):
    login_as(Role.TRAINEE)
    client.post("/language", data={"lang": "nb", "next": "/"})
    page = client.get("/learn/lessons/foundations-origins").get_data(as_text=True)
    assert '<h1 id="lesson-title" lang="nb">Hvor IMS kommer fra' in page
    assert 'alt="Nerverøtter som går ut av ryggraden"' in page
    fallback = client.get("/learn/lessons/foundations-model").get_data(as_text=True)
    assert '<h1 id="lesson-title" lang="en">The nerve-root model' in fallback
    assert 'class="notice course-fallback"' in fallback


def test_one_trainee_never_sees_anothers_progress(app, client, login_as, imported, auth, make_user):
    login_as(Role.TRAINEE)
    client.post("/learn/lessons/foundations-origins/complete")
    other = make_user(Role.TRAINEE)
    second = app.test_client()
    second.post("/login", data={"email": other.email, "password": "correct horse battery staple"})
    page = second.get("/learn/lessons/foundations-origins").get_data(as_text=True)
    assert "Mark lesson as complete" in page and "You have completed" not in page
    assert (
        _progress_value(second.get("/learn/course").get_data(as_text=True), "Course progress")
        == "0"
    )


def test_dashboard_offers_to_continue_where_the_trainee_left_off(client, login_as, imported):
    login_as(Role.TRAINEE)
    client.post("/learn/lessons/foundations-origins/complete")
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Continue where you left off" in page
    assert 'href="/learn/lessons/foundations-model"' in page
    assert "1 of 3 lessons complete." in page


def test_search_page_links_to_the_lesson_section(client, login_as, imported):
    login_as(Role.TRAINEE)
    page = client.get("/learn/course/search?q=S%C3%86RLIG").get_data(as_text=True)
    assert (
        'href="/learn/lessons/foundations-origins?lang=nb#forste-mote"' in page
    )  # the language it matched
    assert "<mark>særlig</mark>" in page


def test_figures_are_served_as_svg_with_the_csp(client, login_as):
    login_as(Role.TRAINEE)
    response = client.get("/learn/figures/root-exit-levels.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    for bad in ("no-such-figure", "Root-Exit-Levels", "..%2Fmodules", "figures", "-x"):
        assert client.get(f"/learn/figures/{bad}.svg").status_code == 404, bad


def test_marking_complete_without_a_csrf_token_is_refused(_migrated, app, make_user, imported, db):
    strict = make_test_app(_migrated, WTF_CSRF_ENABLED=True)
    user = make_user(Role.TRAINEE)
    client = strict.test_client()
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    client.post(
        "/login",
        data={"email": user.email, "password": "correct horse battery staple", "csrf_token": token},
    )
    assert client.post("/learn/lessons/foundations-origins/complete").status_code == 400
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 0


def test_search_hits_in_a_locked_module_show_the_lock_and_no_text(client, login_as, imported):
    login_as(Role.TRAINEE)  # safety is locked until foundations is complete
    page = client.get("/learn/course/search?q=needling").get_data(as_text=True)
    assert 'data-locked-lesson="safety-consent"' in page and 'href="/learn/course/safety"' in page
    assert "Ask before" not in page and 'href="/learn/lessons/safety-consent' not in page


def test_staff_search_hits_are_never_locked(client, login_as, imported):
    login_as(Role.INSTRUCTOR)  # staff preview everything
    page = client.get("/learn/course/search?q=needling").get_data(as_text=True)
    assert 'href="/learn/lessons/safety-consent#' in page and "data-locked-lesson" not in page


def test_complete_and_continue_goes_to_the_next_lesson_then_the_module_page(
    client, login_as, imported
):
    login_as(Role.TRAINEE)
    first = client.post("/learn/lessons/foundations-origins/complete", data={"continue": "1"})
    assert first.headers["Location"].endswith("/learn/lessons/foundations-model")
    last = client.post("/learn/lessons/foundations-model/complete", data={"continue": "1"})
    assert last.headers["Location"].endswith("/learn/course/foundations")  # no quiz in this course
    page = client.get("/learn/course/foundations").get_data(as_text=True)
    assert "Next module:" in page and 'href="/learn/course/safety"' in page
