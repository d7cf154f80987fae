"""Cache hits before Flask (issue 13, point 2): the WSGI layer serves a stored page only when Flask
would serve the same one, byte for byte but the CSRF token, and hands everything else to Flask.

Every request goes through the app's real WSGI stack (the test client calls `app.wsgi_app`, the
layer in front of Flask). `cache.layer_hits` tells which of the two answered.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ims_training.bank import load_bank
from ims_training.extensions import db
from ims_training.models import (
    AttemptAnswer,
    CohortMember,
    PartnerCoordinator,
    Question,
    Quiz,
    Role,
    User,
)
from ims_training.page_cache.pages import EXTENSION, PageCache
from ims_training.security.session_checks import SEEN_AT, session_identifier
from ims_training.services.accounts import accounts
from ims_training.services.bank import question_history
from ims_training.services.bank.bank_import import import_bank
from tests.conftest import PASSWORD, make_test_app
from tests.factories.bank import graded_attempt, single_choice, write_bank, write_quiz
from tests.factories.certification import certificate
from tests.factories.course import import_tree, write_course
from tests.factories.partners import complete, make_lessons, make_partner, make_program
from tests.sql_statements import recorded

LESSON = "/learn/lessons/foundations-origins"
TOKENS = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
# Flask-Limiter's headers count down and name the window's end: compared by name only.
COUNTING = {"X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"}


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    root = write_course(tmp_path / "course")
    import_tree(root)
    return root


@pytest.fixture
def strict(_migrated: str, app: Flask) -> Flask:
    """An app with CSRF on, whose requests each get their own contexts (none is held open)."""
    return make_test_app(_migrated, WTF_CSRF_ENABLED=True)


def _cache(app: Flask) -> PageCache:
    return app.extensions[EXTENSION]  # type: ignore[no-any-return]


def _browser(
    app: Flask, email: str | None = None, after: str = "/learn/certification"
) -> FlaskClient:
    """A browser; with `email`, logged in through the real form (CSRF token included), then
    shown `after` (a page the account may see), which shows and so clears the log-in's flash."""
    browser = app.test_client()
    if email is not None:
        page = browser.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        assert token is not None
        response = browser.post(
            "/login", data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)}
        )
        assert response.status_code == 302
        browser.get(after)
    return browser


def _get(app: Flask, browser: FlaskClient, url: str, *, from_layer: bool, **kwargs):  # type: ignore[no-untyped-def]
    """GET `url` and check which of the layer and Flask answered."""
    before = _cache(app).layer_hits
    response = browser.get(url, **kwargs)
    assert (_cache(app).layer_hits == before + 1) is from_layer, (url, response.status_code)
    return response


def _comparable(response):  # type: ignore[no-untyped-def]
    body = TOKENS.sub("TOKEN", response.get_data(as_text=True))
    headers = sorted(
        (name, "n" if name in COUNTING else value) for name, value in response.headers.items()
    )
    return response.status_code, body, headers


@pytest.mark.parametrize(
    "path", ["/dashboard", "/learn/course", LESSON, "/", "/verify/{code}", "/verify/{code}.json"]
)
def test_a_layer_hit_is_byte_identical_to_flasks_render_but_for_the_csrf_token(
    strict, make_user, course_dir, path
):
    """Two browsers of one account: the first is rendered by Flask and stored, the second is
    served by the layer with its own session's token; body and headers are otherwise the same."""
    trainee = make_user(Role.TRAINEE)
    with strict.test_request_context("/"):
        code = certificate(
            make_user(Role.TRAINEE), make_user(Role.ADMINISTRATOR), now=datetime.now(UTC)
        ).public_code
    url = path.format(code=code)
    first, second = _browser(strict, trainee.email), _browser(strict, trainee.email)
    first.get("/learn/certification")  # the second log-in changed the account's page version
    rendered = _get(strict, first, url, from_layer=False)
    served = _get(strict, second, url, from_layer=True)
    assert _comparable(served) == _comparable(rendered)
    assert "Set-Cookie" not in served.headers and "Set-Cookie" not in rendered.headers
    if TOKENS.search(rendered.get_data(as_text=True)):  # each its own session's token
        assert TOKENS.findall(rendered.get_data(as_text=True)) != TOKENS.findall(
            served.get_data(as_text=True)
        )
    # Anonymous visitors of the public pages: no session, no token, every byte the same.
    if not path.startswith(("/dashboard", "/learn")):
        rendered = _get(strict, _browser(strict), url, from_layer=False)
        served = _get(strict, _browser(strict), url, from_layer=True)
        assert served.get_data() == rendered.get_data() and _comparable(served) == _comparable(
            rendered
        )


def test_the_token_a_layer_hit_fills_in_is_accepted_by_the_next_form(strict, make_user, course_dir):
    trainee = make_user(Role.TRAINEE)
    first, second = _browser(strict, trainee.email), _browser(strict, trainee.email)
    first.get(LESSON)
    page = _get(strict, second, LESSON, from_layer=True).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    assert second.post(f"{LESSON}/complete", data={"csrf_token": token.group(1)}).status_code == 302
    assert second.post(f"{LESSON}/complete", data={"csrf_token": "forged"}).status_code == 400


def test_security_headers_are_the_same_on_both_paths_with_secure_cookies(_migrated, app):
    secure = make_test_app(_migrated, SESSION_COOKIE_SECURE=True)
    rendered = _get(secure, secure.test_client(), "/", from_layer=False)
    served = _get(secure, secure.test_client(), "/", from_layer=True)
    assert "Strict-Transport-Security" in served.headers
    assert sorted(served.headers.items()) == sorted(rendered.headers.items())


def test_a_hit_costs_one_query_and_a_request_handed_on_reads_the_viewer_once(
    app, client, login_as, course_dir
):
    login_as(Role.TRAINEE)
    client.get("/learn/course")  # stored (the layer found no entry: Flask rendered it)
    with recorded(db.engine, selects_only=True) as statements:
        _get(app, client, "/learn/course", from_layer=True)
    assert len(statements) == 1 and "user_sessions" in statements[0]
    with recorded(db.engine, selects_only=True) as statements:
        _get(app, client, LESSON, from_layer=False)  # not stored yet: the layer asks, Flask renders
    assert sum("user_sessions" in s for s in statements) == 1


def test_after_logout_the_old_cookie_goes_to_flask(app, client, login_as):
    login_as(Role.TRAINEE)
    client.get("/dashboard")
    _get(app, client, "/dashboard", from_layer=True)
    captured = client.get_cookie("session").value
    client.post("/logout")
    client.set_cookie("session", captured)
    response = _get(app, client, "/dashboard", from_layer=False)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_after_a_password_change_the_other_sessions_go_to_flask(strict, make_user):
    user = make_user(Role.TRAINEE)
    client, other = _browser(strict, user.email), _browser(strict, user.email)
    other.get("/dashboard")
    _get(strict, other, "/dashboard", from_layer=True)
    page = client.get("/account/password").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token is not None
    new = "a different long passphrase 2026"
    client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "password": new,
            "confirm": new,
            "csrf_token": token.group(1),
        },
    )
    assert (
        _get(strict, other, "/dashboard", from_layer=False).status_code == 302
    )  # the rotated token
    changed = _get(
        strict, client, "/dashboard", from_layer=False
    )  # the flash message, a new version
    assert changed.status_code == 200 and "Set-Cookie" in changed.headers
    assert _get(strict, client, "/dashboard", from_layer=False).status_code == 200  # stored again
    assert _get(strict, client, "/dashboard", from_layer=True).status_code == 200


@pytest.mark.parametrize("stamp", ["_seen_at", "_login_at"])
def test_a_timed_out_session_goes_to_flask_and_ends(app, client, login_as, stamp):
    login_as(Role.TRAINEE)
    client.get("/dashboard")
    _get(app, client, "/dashboard", from_layer=True)
    timeout = app.config[
        "SESSION_IDLE_TIMEOUT" if stamp == "_seen_at" else "SESSION_ABSOLUTE_TIMEOUT"
    ]
    with client.session_transaction() as session:
        session[stamp] = int(time.time()) - int(timeout.total_seconds()) - 5
    response = _get(app, client, "/dashboard", from_layer=False)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_when_the_idle_stamp_is_due_flask_moves_it_and_the_layer_serves_again(
    app, client, login_as
):
    login_as(Role.TRAINEE)
    client.get("/dashboard")
    with client.session_transaction() as session:
        session[SEEN_AT] = int(time.time()) - 40
    response = _get(app, client, "/dashboard", from_layer=False)
    assert response.status_code == 200 and "Set-Cookie" in response.headers
    with client.session_transaction() as session:
        assert int(time.time()) - session[SEEN_AT] < 30
    _get(app, client, "/dashboard", from_layer=True)


def test_a_pending_flash_message_goes_to_flask_which_shows_it(app, client, login_as):
    login_as(Role.TRAINEE)
    client.get("/dashboard")
    _get(app, client, "/dashboard", from_layer=True)
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "A message waiting for you")]
    page = _get(app, client, "/dashboard", from_layer=False).get_data(as_text=True)
    assert "A message waiting for you" in page
    assert "A message waiting for you" not in _get(
        app, client, "/dashboard", from_layer=True
    ).get_data(as_text=True)


def test_a_language_change_reaches_the_next_page(app, client, login_as, course_dir):
    login_as(Role.TRAINEE)
    client.get(LESSON)
    assert '<html lang="en">' in _get(app, client, LESSON, from_layer=True).get_data(as_text=True)
    client.post(
        "/language", data={"lang": "nb", "next": "/"}
    )  # saved on the account: a new version
    assert '<html lang="nb">' in _get(app, client, LESSON, from_layer=False).get_data(as_text=True)
    assert '<html lang="nb">' in _get(app, client, LESSON, from_layer=True).get_data(as_text=True)


def test_an_anonymous_visitors_language_cookie_and_browser_language_choose_the_copy(app):
    english, norwegian = app.test_client(), app.test_client()
    english.get("/")
    assert '<html lang="en">' in _get(app, english, "/", from_layer=True).get_data(as_text=True)
    norwegian.post("/language", data={"lang": "nb", "next": "/"})  # only the visitor's cookie
    assert '<html lang="nb">' in _get(app, norwegian, "/", from_layer=False).get_data(as_text=True)
    assert '<html lang="nb">' in _get(app, norwegian, "/", from_layer=True).get_data(as_text=True)
    browser = app.test_client()  # no cookie, a Norwegian browser
    page = _get(app, browser, "/", from_layer=True, headers={"Accept-Language": "nn, en;q=0.5"})
    assert '<html lang="nb">' in page.get_data(as_text=True)


def test_requests_the_layer_cannot_prove_go_to_flask(app, client, login_as, course_dir):
    login_as(Role.TRAINEE)
    client.get("/learn/course")
    _get(app, client, "/learn/course", from_layer=True)
    assert (
        _get(app, client, "/learn/course?sort=new", from_layer=False).status_code == 200
    )  # unknown query
    assert (
        client.head("/learn/course").status_code == 200
    )  # not a GET: Flask (the counter is untouched)
    other_browser = _get(
        app, client, "/learn/course", from_layer=False, headers={"User-Agent": "Other/1.0"}
    )
    assert (
        other_browser.status_code == 200 and "Set-Cookie" in other_browser.headers
    )  # marked non-fresh
    captured = client.get_cookie("session").value
    client.set_cookie("session", captured[:-2] + ("AA" if not captured.endswith("AA") else "BB"))
    assert (
        _get(app, client, "/learn/course", from_layer=False).status_code == 302
    )  # a bad signature
    client.set_cookie("session", captured)
    client.set_cookie("remember_token", "1|forged")
    _get(app, client, "/learn/course", from_layer=False)


def test_a_session_flask_refreshes_on_every_response_goes_to_flask(_migrated, make_user):
    refreshing = make_test_app(_migrated, SESSION_REFRESH_EACH_REQUEST=True)
    browser = refreshing.test_client()
    browser.post("/login", data={"email": make_user(Role.TRAINEE).email, "password": PASSWORD})
    browser.get("/dashboard")
    for _ in range(2):
        assert "Set-Cookie" in _get(refreshing, browser, "/dashboard", from_layer=False).headers


def test_losing_the_role_closes_the_layer_too(app, client, login_as, make_user, course_dir):
    trainee_id = login_as(Role.TRAINEE).id
    client.get(LESSON)
    _get(app, client, LESSON, from_layer=True)
    accounts.set_roles(
        db.session.get(User, trainee_id),
        add=set(),
        remove={Role.TRAINEE},
        actor=make_user(Role.ADMINISTRATOR),
    )
    db.session.remove()
    assert _get(app, client, LESSON, from_layer=False).status_code == 403


def test_the_layer_counts_the_public_rate_limit_in_flask_limiters_storage(app, client, make_user):
    with app.test_request_context("/"):
        code = certificate(
            make_user(Role.TRAINEE), make_user(Role.ADMINISTRATOR), now=datetime.now(UTC)
        ).public_code
    app.config["PUBLIC_RATE_LIMIT"] = "3 per minute"
    url = f"/verify/{code}"
    remaining = [_get(app, client, url, from_layer=False).headers["X-RateLimit-Remaining"]]
    remaining += [
        _get(app, client, url, from_layer=True).headers["X-RateLimit-Remaining"] for _ in range(2)
    ]
    assert remaining == ["2", "1", "0"]
    response = _get(app, client, url, from_layer=False)  # the fourth: breached, Flask answers
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    other = app.test_client()  # another address has its own count
    assert (
        _get(app, other, url, from_layer=True, environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code
        == 200
    )


def test_the_session_identifier_is_flask_logins_own(app):
    from flask_login.utils import _create_identifier

    for headers in (
        {"User-Agent": "Browser/1.0"},
        {},
        {"X-Forwarded-For": "10.1.2.3, 10.0.0.1", "User-Agent": "ø"},
    ):
        with app.test_request_context(
            "/", headers=headers, environ_base={"REMOTE_ADDR": "192.0.2.7"}
        ):
            from flask import request

            assert (
                session_identifier(
                    request.headers.get("X-Forwarded-For"),
                    request.remote_addr,
                    request.headers.get("User-Agent"),
                )
                == _create_identifier()
            )


# --- `vary=` pages: the coordinator's cohort page and the instructors' bank question page ---

FACILITY = re.compile(r"<dt>Facility</dt><dd>([^<]*)</dd>")


def _cohort(make_user, coordinator: User, *members: User):  # type: ignore[no-untyped-def]
    """A program, three lessons and a cohort of `members` that `coordinator` coordinates."""
    make_program()
    lessons = make_lessons(3)
    _partner, cohort = make_partner(
        "IMS Norge", cohort="Kull 2025", coordinators=(coordinator,), members=members
    )
    return cohort, lessons


def _question(tmp_path: Path) -> tuple[Question, Quiz]:
    src = tmp_path / "bank-src"
    write_bank(src, [single_choice("layer-q", "Which decade?")])
    write_quiz(src / "quizzes", "layer-quiz", ["layer-q"])
    import_bank(load_bank([src]), retire_missing=False)
    return (
        db.session.scalars(select(Question).where(Question.key == "layer-q")).one(),
        db.session.scalars(select(Quiz).where(Quiz.key == "layer-quiz")).one(),
    )


@pytest.mark.parametrize("page", ["cohort", "bank question"])
def test_a_vary_page_from_the_layer_is_byte_identical_to_flasks_render_but_for_the_csrf_token(
    strict, make_user, tmp_path, page
):
    if page == "cohort":
        viewer = make_user(Role.COORDINATOR)
        member = make_user(Role.TRAINEE, name="Åse Bjørnstad")
        cohort, lessons = _cohort(make_user, viewer, member, make_user(Role.TRAINEE))
        complete(member, lessons[:2])
        url, shown = f"/partner/cohorts/{cohort.id}", "Åse Bjørnstad"
    else:
        viewer = make_user(Role.INSTRUCTOR)
        question, quiz = _question(tmp_path)
        graded_attempt(make_user(Role.TRAINEE), question, quiz, 1.0)
        graded_attempt(make_user(Role.TRAINEE), question, quiz, 0.0)
        url, shown = "/author/bank/questions/layer-q", "Graded answers"
    first = _browser(strict, viewer.email, after="/dashboard")
    second = _browser(strict, viewer.email, after="/dashboard")
    first.get("/dashboard")  # the second log-in changed the account's page version
    rendered = _get(strict, first, url, from_layer=False)
    served = _get(strict, second, url, from_layer=True)
    assert rendered.status_code == 200 and shown in rendered.get_data(as_text=True)
    assert _comparable(served) == _comparable(rendered)
    assert "Set-Cookie" not in served.headers and "Set-Cookie" not in rendered.headers
    tokens = TOKENS.findall(rendered.get_data(as_text=True))
    assert tokens and tokens != TOKENS.findall(served.get_data(as_text=True))


def test_a_vary_page_hit_costs_the_viewer_and_the_vary_query(app, client, login_as, make_user):
    cohort, _lessons = _cohort(make_user, login_as(Role.COORDINATOR), make_user(Role.TRAINEE))
    url = f"/partner/cohorts/{cohort.id}"
    client.get(url)
    with recorded(db.engine, selects_only=True) as statements:
        _get(app, client, url, from_layer=True)
    assert len(statements) == 2
    assert "user_sessions" in statements[0] and "cohort_members" in statements[1]


def test_the_layer_hands_the_cohort_page_to_flask_when_members_or_access_change(
    app, client, login_as, make_user
):
    coordinator = login_as(Role.COORDINATOR)
    member = make_user(Role.TRAINEE, name="Åse Bjørnstad")
    newcomer = make_user(Role.TRAINEE, name="Nye Nordmann")
    cohort, lessons = _cohort(make_user, coordinator, member)
    url = f"/partner/cohorts/{cohort.id}"

    def page(from_layer: bool) -> str:
        response = _get(app, client, url, from_layer=from_layer)
        assert response.status_code == 200
        return response.get_data(as_text=True)

    assert "0 / 3 (0 %)" in page(False) and "Nye Nordmann" not in page(True)
    complete(member, lessons[:2])  # a member's progress: their page version
    assert "2 / 3 (" in page(False) and "2 / 3 (" in page(True)
    db.session.add(CohortMember(cohort_id=cohort.id, user_id=newcomer.id))  # joins
    db.session.commit()
    assert "Nye Nordmann" in page(False) and "Nye Nordmann" in page(True)
    db.session.delete(db.session.get(CohortMember, (cohort.id, newcomer.id)))  # leaves
    db.session.commit()
    assert "Nye Nordmann" not in page(False) and "Nye Nordmann" not in page(True)
    db.session.execute(
        db.delete(PartnerCoordinator).where(PartnerCoordinator.partner_id == cohort.partner_id)
    )  # the coordinator loses the partner
    db.session.commit()
    assert _get(app, client, url, from_layer=False).status_code == 404
    assert _get(app, client, url, from_layer=False).status_code == 404  # never stored


def test_a_coordinator_who_loses_the_role_gets_flasks_answer(app, client, login_as, make_user):
    coordinator = login_as(Role.COORDINATOR)
    cohort, _lessons = _cohort(make_user, coordinator, make_user(Role.TRAINEE))
    url = f"/partner/cohorts/{cohort.id}"
    client.get(url)
    _get(app, client, url, from_layer=True)
    accounts.set_roles(
        db.session.get(User, coordinator.id),
        add=set(),
        remove={Role.COORDINATOR},
        actor=make_user(Role.ADMINISTRATOR),
    )
    db.session.remove()
    assert _get(app, client, url, from_layer=False).status_code == 403


def test_the_layer_hands_the_bank_question_page_to_flask_when_its_statistics_may_change(
    app, client, login_as, make_user, tmp_path
):
    instructor = login_as(Role.INSTRUCTOR)
    question, quiz = _question(tmp_path)
    url = "/author/bank/questions/layer-q"

    def facility(from_layer: bool) -> str | None:
        response = _get(app, client, url, from_layer=from_layer)
        assert response.status_code == 200
        found = FACILITY.search(response.get_data(as_text=True))
        return found.group(1) if found else None

    assert facility(False) is None and facility(True) is None  # no graded answers yet
    trainee = make_user(Role.TRAINEE)
    attempt = graded_attempt(trainee, question, quiz, 1.0)  # a new graded attempt
    assert facility(False) == "100 %" and facility(True) == "100 %"
    answer = db.session.scalars(select(AttemptAnswer).filter_by(attempt_id=attempt.id)).one()
    answer.score, attempt.percent = 0.0, 0.0  # a regrade: same answers, another score
    db.session.commit()
    assert facility(False) == "0 %" and facility(True) == "0 %"
    graded_attempt(make_user(Role.TRAINEE), question, quiz, 1.0)
    assert facility(False) == "50 %" and facility(True) == "50 %"
    accounts.set_roles(
        db.session.get(User, instructor.id),
        add=set(),
        remove={Role.INSTRUCTOR},
        actor=make_user(Role.ADMINISTRATOR),
    )
    db.session.remove()
    assert _get(app, client, url, from_layer=False).status_code == 403


def test_the_bank_questions_answers_version_moves_with_every_change_to_its_graded_answers(
    app, make_user, tmp_path
):
    """The vary value of the bank question page, asked directly: never the same twice in a row
    of changes that reach the statistics, and unmoved by answers to other questions."""
    question, quiz = _question(tmp_path)
    seen = [question_history.answers_version("layer-q")]
    first = graded_attempt(make_user(Role.TRAINEE), question, quiz, 1.0)
    seen.append(question_history.answers_version("layer-q"))
    db.session.scalars(
        select(AttemptAnswer).filter_by(attempt_id=first.id)
    ).one().score = 0.5  # regraded
    db.session.commit()
    seen.append(question_history.answers_version("layer-q"))
    first.percent = 40.0  # the attempt's total regraded, the answer unchanged
    db.session.commit()
    seen.append(question_history.answers_version("layer-q"))
    graded_attempt(make_user(Role.TRAINEE), question, quiz, 1.0)
    seen.append(question_history.answers_version("layer-q"))
    assert len(set(seen)) == len(seen) and seen[0] == (0, 0, 0)
    assert question_history.answers_version("no-such-question") == (0, 0, 0)
