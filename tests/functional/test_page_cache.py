"""The page cache serves a page again only while nothing it shows has changed.

Every test first puts a page in the cache (a second visit is a hit: it reads no course data), then
changes something the way the portal does, and checks the next visit shows the change.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import event, update

from ims_training.extensions import db
from ims_training.models import AuditEvent, Lesson, LessonProgress, PageCacheGeneration, Role, User
from ims_training.page_cache.versions import content_generation
from ims_training.services.accounts import accounts
from ims_training.services.certification import certificates
from tests.conftest import PASSWORD, make_test_app
from tests.factories.certification import certificate
from tests.factories.course import LESSONS, import_tree, write_course
from tests.sql_statements import recorded

LESSON = "/learn/lessons/foundations-origins"


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    root = write_course(tmp_path / "course")
    import_tree(root)
    return root


@pytest.fixture
def issued(app, make_user):  # type: ignore[no-untyped-def]
    with app.test_request_context("/"):
        return certificate(
            make_user(Role.TRAINEE, name="Åse Şahin Ødegård"),
            make_user(Role.ADMINISTRATOR),
            now=datetime.now(UTC),
        )


def visit(client, url: str) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    db.session.remove()  # each request starts with a fresh session, as in production
    with recorded(db.engine, selects_only=True) as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True), statements


def assert_cached(client, url: str) -> str:  # type: ignore[no-untyped-def]
    """Visit twice; the second visit must be a hit: the viewer and the generation, nothing else."""
    visit(client, url)
    page, statements = visit(client, url)
    assert not any("lesson" in s or "certificates" in s for s in statements), statements
    return page


def test_a_second_visit_reads_only_the_viewer(client, login_as, course_dir):
    login_as(Role.TRAINEE)
    visit(client, LESSON)
    _, statements = visit(client, LESSON)
    assert len(statements) == 1 and "FROM users" in statements[0]


def test_another_workers_content_change_arrives_within_the_generation_interval(
    _migrated, make_user, course_dir
):
    """A commit this worker did not see (made here on a raw connection, as another worker would)
    is picked up once the memoised generation is older than PAGE_CACHE_GENERATION_SECONDS."""
    for seconds, expect_fresh in ((3600, False), (0, True)):
        served = make_test_app(_migrated, PAGE_CACHE_GENERATION_SECONDS=seconds)
        user = make_user(Role.TRAINEE)
        client = served.test_client()
        client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert_cached(client, LESSON)
        with db.engine.begin() as connection:  # no session events: invisible to this worker
            connection.execute(
                update(Lesson)
                .where(Lesson.key == "foundations-origins")
                .values(estimated_minutes=Lesson.estimated_minutes + 1)
            )
            connection.execute(
                update(PageCacheGeneration).values(value=PageCacheGeneration.value + 1)
            )
        with served.app_context():
            engine = db.engine
        statements: list[str] = []
        event.listen(
            engine, "before_cursor_execute", lambda *args, seen=statements: seen.append(args[2])
        )
        assert client.get(LESSON).status_code == 200
        assert any("lesson_translations" in s for s in statements) is expect_fresh, seconds


def test_completing_a_lesson_shows_at_once_and_the_flash_is_not_replayed(
    client, login_as, course_dir
):
    login_as(Role.TRAINEE)
    assert "Mark lesson as complete" in assert_cached(client, LESSON)
    client.post(f"{LESSON}/complete")
    first, _ = visit(client, LESSON)
    assert "You have completed this lesson." in first and "Lesson marked as complete." in first
    again, _ = visit(client, LESSON)
    assert "You have completed this lesson." in again and "Lesson marked as complete." not in again
    assert "Continue: The nerve-root model" in visit(client, "/learn/course")[0]


def test_one_trainee_never_gets_anothers_cached_page(
    app, client, login_as, auth, make_user, course_dir
):
    login_as(Role.TRAINEE, name="Kari Kursdeltaker")
    client.post(f"{LESSON}/complete")
    visit(client, LESSON)  # shows the flash, so it is not kept
    assert "Kari Kursdeltaker" in assert_cached(client, LESSON)
    auth.logout()
    auth.login(make_user(Role.TRAINEE, name="Per Pasient"))
    page, _ = visit(client, LESSON)
    assert "Per Pasient" in page and "Kari Kursdeltaker" not in page
    assert "Mark lesson as complete" in page


def test_a_course_reimport_reaches_the_cached_page(client, login_as, course_dir):
    login_as(Role.TRAINEE)
    assert "Where IMS comes from" in assert_cached(client, LESSON)
    renamed = [
        replace(s, title={**s.title, "en": "The origins of IMS"})
        if s.id == "foundations-origins"
        else s
        for s in LESSONS
    ]
    write_course(course_dir, renamed)
    import_tree(course_dir)
    page, _ = visit(client, LESSON)
    assert "The origins of IMS" in page and "Where IMS comes from" not in page


def test_the_language_is_part_of_the_key(client, login_as, course_dir):
    login_as(Role.TRAINEE)
    assert '<html lang="en">' in assert_cached(client, LESSON)
    client.post("/language", data={"lang": "nb", "next": "/"})
    assert '<html lang="nb">' in visit(client, LESSON)[0]


def test_losing_the_trainee_role_closes_the_cached_page(client, login_as, make_user, course_dir):
    trainee_id = login_as(Role.TRAINEE).id
    assert_cached(client, LESSON)
    trainee = db.session.get(User, trainee_id)
    accounts.set_roles(
        trainee, add=set(), remove={Role.TRAINEE}, actor=make_user(Role.ADMINISTRATOR)
    )
    db.session.remove()
    assert client.get(LESSON).status_code == 403


def test_revoking_a_certificate_reaches_the_cached_verification_page(
    app, client, issued, make_user
):
    url = f"/verify/{issued.public_code}"
    assert "This certificate is valid." in assert_cached(client, url)
    assert json.loads(assert_cached(client, url + ".json"))["valid"] is True
    with app.test_request_context("/"):
        certificates.change_status(
            issued,
            "revoke",
            actor=make_user(Role.ADMINISTRATOR),
            reason="Licence withdrawn",
            now=datetime.now(UTC),
        )
    assert "has been revoked" in visit(client, url)[0]
    db.session.remove()
    assert client.get(url + ".json").get_json()["valid"] is False


def test_a_cached_page_carries_the_csrf_token_of_the_session_that_asks(
    _migrated, make_user, course_dir
):
    strict = make_test_app(_migrated, WTF_CSRF_ENABLED=True)
    user = make_user(Role.TRAINEE)

    def logged_in_client():  # type: ignore[no-untyped-def]
        client = strict.test_client()
        token = re.search(
            r'name="csrf_token" type="hidden" value="([^"]+)"',
            client.get("/login").get_data(as_text=True),
        ).group(1)
        client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
        return client

    first, second = logged_in_client(), logged_in_client()
    for client in (first, first, second):  # the second session is served the first one's copy
        page = client.get(LESSON).get_data(as_text=True)
    tokens = set(re.findall(r'name="csrf_token" value="([^"]+)"', page))
    assert len(tokens) == 1 and "__ims-csrf-token__" not in page
    response = second.post(f"{LESSON}/complete", data={"csrf_token": tokens.pop()})
    assert response.status_code == 302  # the token is the second session's own: accepted
    assert strict.extensions["page_cache"].hits >= 1


def test_versions_move_with_the_writes_that_matter(app, make_user, course_dir):
    trainee, other = make_user(Role.TRAINEE), make_user(Role.TRAINEE)
    lesson_id = db.session.scalar(db.select(Lesson.id).where(Lesson.key == "foundations-origins"))

    def versions() -> tuple[int, int, int]:
        db.session.expire_all()
        return (
            content_generation(db.session),
            db.session.get(User, trainee.id).page_version,
            db.session.get(User, other.id).page_version,
        )

    start = versions()
    now = datetime.now(UTC)
    db.session.add(
        LessonProgress(
            user_id=trainee.id, lesson_id=lesson_id, first_viewed_at=now, last_viewed_at=now
        )
    )
    db.session.commit()
    after_progress = versions()
    assert after_progress == (start[0], start[1] + 1, start[2])  # only the owner's pages

    db.session.add(AuditEvent(action="test.noted", actor_id=other.id))
    db.session.commit()
    assert versions() == after_progress  # audit history is on no cached page

    db.session.execute(update(Lesson).where(Lesson.id == lesson_id).values(estimated_minutes=7))
    db.session.rollback()
    assert versions() == after_progress  # a rolled-back write leaves no trace

    db.session.execute(update(Lesson).where(Lesson.id == lesson_id).values(estimated_minutes=7))
    db.session.commit()
    assert versions()[0] == start[0] + 1  # bulk statements bump the shared generation


def test_without_the_generation_row_nothing_is_cached(client, login_as, course_dir):
    login_as(Role.TRAINEE)
    db.session.execute(db.delete(PageCacheGeneration))
    db.session.commit()
    try:
        visit(client, LESSON)
        page, statements = visit(client, LESSON)
        assert any("lesson" in s for s in statements)  # rendered again, not served from a copy
    finally:
        db.session.add(PageCacheGeneration(name="content", value=0))
        db.session.commit()


def test_a_trainee_dashboard_is_cached_and_shows_progress_and_a_new_certificate(
    app, client, login_as, make_user, course_dir
):
    trainee_id = login_as(Role.TRAINEE, name="Kari Kursdeltaker").id
    visit(client, "/dashboard")
    page, statements = visit(client, "/dashboard")
    assert len(statements) == 1 and "0 of 3 lessons complete." in page
    client.post(f"{LESSON}/complete")
    visit(client, LESSON)  # shows (and clears) the flash
    assert "1 of 3 lessons complete." in visit(client, "/dashboard")[0]
    with app.test_request_context("/"):
        certificate(
            db.session.get(User, trainee_id), make_user(Role.ADMINISTRATOR), now=datetime.now(UTC)
        )
    assert "Your certificate" in visit(client, "/dashboard")[0]


@pytest.mark.parametrize(
    "roles", [(Role.INSTRUCTOR,), (Role.ADMINISTRATOR,), (Role.COORDINATOR, Role.INSTRUCTOR)]
)
def test_a_dashboard_with_other_peoples_data_no_key_follows_is_never_cached(
    client, login_as, course_dir, roles
):
    login_as(*roles)
    visit(client, "/dashboard")
    _, statements = visit(client, "/dashboard")
    assert len(statements) > 2  # rendered again: audit events, ready lists, item statistics


def test_a_coordinators_dashboard_hit_reads_the_viewer_and_their_members_versions(
    client, login_as, course_dir
):
    login_as(Role.TRAINEE, Role.COORDINATOR)
    visit(client, "/dashboard")
    _, statements = visit(client, "/dashboard")
    assert len(statements) == 2 and "FROM users" in statements[0]
    assert "partner_coordinators" in statements[1] and "cohort_members" in statements[1]
