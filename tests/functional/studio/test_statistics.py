"""Item analysis pages: numbers from real graded attempts, flags with edit links, SVG + table, CSV."""

from __future__ import annotations

import csv
import html
import io

import pytest
from sqlalchemy import select

from ims_training.extensions import db
from ims_training.models import AttemptAnswer, Role
from ims_training.services.quizzes.attempts import start_attempt, submit_attempt
from tests.factories.quizzes import QUIZ_KEY, import_marker_bank


def _answer(attempt, key: str, response) -> None:  # type: ignore[no-untyped-def]
    slot = next(i for i, e in enumerate(attempt.layout) if e["key"] == key)
    db.session.scalars(
        select(AttemptAnswer).where(
            AttemptAnswer.attempt_id == attempt.id, AttemptAnswer.slot == slot
        )
    ).one().response = response


def _graded_attempts(make_user, tmp_path, n: int = 25) -> None:  # type: ignore[no-untyped-def]
    quiz = import_marker_bank(tmp_path)
    for i in range(n):
        trainee = make_user(Role.TRAINEE)
        attempt = start_attempt(trainee, quiz)
        right = i < 15
        _answer(attempt, "mk-single", "right-answer" if right else "wrong-answer")
        _answer(attempt, "mk-tf", True)
        _answer(attempt, "mk-multi", ["right-answer", "also-right"] if right else ["right-answer"])
        db.session.commit()
        submit_attempt(trainee, attempt.id)


def test_statistics_page_shows_facility_options_and_flags_with_edit_links(
    client, login_as, make_user, tmp_path
):
    _graded_attempts(make_user, tmp_path)
    login_as(Role.INSTRUCTOR)
    response = client.get(f"/author/studio/quizzes/{QUIZ_KEY}/statistics")
    assert response.status_code == 200
    body = html.unescape(response.get_data(as_text=True))
    assert "<dt>Submitted attempts</dt><dd>25</dd>" in body
    single = body.split('id="item-mk-single"')[1].split('id="item-')[0]
    assert "<td>25</td><td>0.60</td>" in single  # facility: 15 of 25 right
    assert "<td>Geiranger</td><td>yes</td><td>15</td><td>60 %</td>" in single
    assert "<td>Mjøsa</td><td>no</td><td>10</td><td>40 %</td>" in single
    tf = body.split('id="item-mk-tf"')[1].split('id="item-')[0]
    assert 'data-flag="too_easy"' in tf
    multi = body.split('id="item-mk-multi"')[1].split('id="item-')[0]
    assert 'data-flag="unused_distractor"' in multi  # nobody picked "Oslo"
    assert "/author/studio/questions/mk-multi/edit" in multi
    assert "<svg" in body and "<rect" in body  # charts inline, with the table beside them
    # 7 questions; only mk-single (1/0) and mk-multi (0.5/1, "also-right" is a wrong option) vary, in
    # opposite directions: var(total) = 0.06 < 0.24 + 0.06, so alpha = 7/6 * (1 - 0.30/0.06) = -4.67
    assert "<dt>Cronbach's alpha</dt><dd>-4.67</dd>" in body


def test_statistics_csv_has_the_same_numbers(client, login_as, make_user, tmp_path):
    _graded_attempts(make_user, tmp_path)
    login_as(Role.INSTRUCTOR)
    response = client.get(f"/author/studio/quizzes/{QUIZ_KEY}/statistics.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    single = next(r for r in rows if r["question"] == "mk-single" and not r["option"])
    assert single["responses"] == "25" and single["facility"] == "0.6"
    options = {r["option"]: r for r in rows if r["question"] == "mk-single" and r["option"]}
    assert (
        options["wrong-answer"]["option_count"] == "10"
        and options["wrong-answer"]["option_share"] == "0.4"
    )


def test_a_quiz_without_attempts_has_an_empty_analysis(client, login_as, tmp_path):
    import_marker_bank(tmp_path)
    login_as(Role.INSTRUCTOR)
    response = client.get(f"/author/studio/quizzes/{QUIZ_KEY}/statistics")
    assert response.status_code == 200
    assert "<dt>Submitted attempts</dt><dd>0</dd>" in response.get_data(as_text=True)


def test_scores_and_histogram_csv(client, login_as, make_user, tmp_path):
    _graded_attempts(make_user, tmp_path)
    login_as(Role.INSTRUCTOR)
    response = client.get(f"/author/studio/quizzes/{QUIZ_KEY}/statistics.csv?table=scores")
    rows = dict(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows["attempts"] == "25" and rows["cronbach_alpha"] == "-4.6667"
    # 15 attempts at 2.5 of 7 points (35.7 %), 10 at 2 of 7 (28.6 %)
    assert rows["attempts 30–39 %"] == "15" and rows["attempts 20–29 %"] == "10"
    assert float(rows["median_percent"]) == pytest.approx(35.7, abs=0.05)
