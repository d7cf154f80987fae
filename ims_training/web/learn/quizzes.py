"""Trainees take quizzes: the list per module, the attempt (one question per page), the result.

One question per page with a navigator: small pages on phones, and without JavaScript each form
POST saves the answer and moves on. With JavaScript (static/js/quiz.js) answers autosave as JSON.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from ...domain.answer_keys import apply_move
from ...domain.responses import InvalidResponse
from ...extensions import db
from ...formats import clock_time
from ...models import Attempt, Quiz
from ...services import ServiceError
from ...services.quizzes import attempts as service
from ...services.quizzes.quiz_gate import describe
from ...services.quizzes.quiz_progress import (
    quiz_closed_for,
    quiz_groups,
    quiz_line,
)
from ..confirm import check_expected, confirmed
from . import bp
from .quiz_json import read_save_request
from .quiz_presentation import question_view, review_items, visibility


def get_quiz_or_404(key: str) -> Quiz:
    quiz = db.session.scalar(select(Quiz).where(Quiz.key == key, Quiz.current_version_id.is_not(None)))
    if quiz is None or quiz.retired_at is not None:
        abort(404)
    return quiz


def get_own_attempt_or_404(attempt_id: int) -> Attempt:
    """The current user's attempt; another trainee's attempt is a 404, never a 403."""
    attempt = service.own_attempt(current_user, attempt_id)
    if attempt is None:
        abort(404)
    return attempt


@bp.route("/quizzes")
def quizzes():  # type: ignore[no-untyped-def]
    service.close_overdue_for(current_user)
    return render_template("learn/quizzes.html", groups=quiz_groups(current_user))


@bp.route("/quizzes/<key>")
def quiz(key: str):  # type: ignore[no-untyped-def]
    quiz = get_quiz_or_404(key)
    service.close_overdue_for(current_user, quiz)
    attempts = service.attempts_of(current_user.id, quiz.id)
    line = quiz_line(current_user, quiz, attempts, service.now())
    definition = service.current_definition(quiz)
    wait = int(definition.get("wait_between_attempts_minutes") or 0)
    return render_template("learn/quiz.html", quiz=quiz, line=line, attempts=attempts, definition=definition,
                           locked_reasons=describe(line.gate.missing) if line.locked else [],
                           wait=_wait_words(wait) if wait else None)


def _wait_words(minutes: int) -> str:
    if minutes % 1440 == 0:
        return ngettext("%(num)s day", "%(num)s days", minutes // 1440)
    if minutes % 60 == 0:
        return ngettext("%(num)s hour", "%(num)s hours", minutes // 60)
    return ngettext("%(num)s minute", "%(num)s minutes", minutes)


@bp.route("/quizzes/<key>/start", methods=["POST"])
def quiz_start(key: str):  # type: ignore[no-untyped-def]
    """Start (or resume) an attempt. A timed or attempt-limited quiz first answers with what the
    attempt costs, and starts only on the confirming POST (`confirmed=1`) from that page."""
    quiz = get_quiz_or_404(key)
    attempts = service.attempts_of(current_user.id, quiz.id)
    line = quiz_line(current_user, quiz, attempts, service.now())
    costly = line.time_limit_minutes is not None or line.state.attempts_left is not None
    if costly and line.open_attempt_id is None:
        check_expected(str(len(attempts)), required=False)  # shown before another attempt: 400
    if costly and line.open_attempt_id is None and line.state.can_start and not line.locked and not confirmed():
        definition = service.current_definition(quiz)
        wait = int(definition.get("wait_between_attempts_minutes") or 0)
        left = line.state.attempts_left
        return render_template(
            "learn/quiz_confirm.html", quiz=quiz, line=line, number=len(attempts) + 1,
            of=None if left is None else len(attempts) + left, wait=_wait_words(wait) if wait else None)
    try:
        attempt = service.start_attempt(current_user, quiz)
    except ServiceError as error:
        flash(error.message, "error")
        return redirect(url_for("learn.quiz", key=quiz.key))
    return redirect(url_for("learn.attempt", attempt_id=attempt.id))


def _slot_arg(attempt: Attempt, value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 0
    return min(max(number, 1), len(attempt.layout)) - 1


def _closed_redirect(attempt: Attempt):  # type: ignore[no-untyped-def]
    if service.close_if_overdue(attempt):
        flash(_("Time is up: the attempt was closed and graded at its deadline."), "error")
    if attempt.status != "in_progress":
        return redirect(url_for("learn.attempt_result", attempt_id=attempt.id))
    return None


def _render_question(attempt: Attempt, slot: int, error: str | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    return render_template(
        "learn/attempt.html", attempt=attempt, question=question_view(attempt, slot),
        navigator=[(a.slot + 1, a.response is not None, a.flagged) for a in attempt.answers],
        title=service.definition_of(attempt).get("title"), error=error,
        now_iso=service.now().isoformat(),
    ), status


@bp.route("/attempts/<int:attempt_id>")
def attempt(attempt_id: int):  # type: ignore[no-untyped-def]
    attempt = get_own_attempt_or_404(attempt_id)
    closed = _closed_redirect(attempt)
    if closed is not None:
        return closed
    return _render_question(attempt, _slot_arg(attempt, request.args.get("q", 1)))


@bp.route("/attempts/<int:attempt_id>", methods=["POST"])
def attempt_save(attempt_id: int):  # type: ignore[no-untyped-def]
    """The no-JavaScript path: save this question's answer and flag, then go where asked."""
    attempt = get_own_attempt_or_404(attempt_id)
    slot = _slot_arg(attempt, request.form.get("slot"))
    fields = request.form.to_dict(flat=False)
    move = request.form.get("move")
    try:
        if move and attempt.layout[slot].get("type") == "ordering":  # an ordering question's ↑ / ↓
            fields = apply_move(attempt.layout[slot], fields, move)
        service.save_answer(current_user, attempt.id, slot, fields, flagged="flagged" in request.form)
    except service.AttemptClosed as error:
        flash(error.message, "error")
        return redirect(url_for("learn.attempt_result", attempt_id=attempt.id))
    except InvalidResponse:
        db.session.refresh(attempt)
        return _render_question(attempt, slot, _("The answer was not saved: that move is not possible."), 400)
    except service.InvalidAnswer as error:
        db.session.refresh(attempt)
        return _render_question(attempt, slot, error.message, 400)
    goto = "stay" if move else request.form.get("goto", "next")
    if goto == "summary":
        return redirect(url_for("learn.attempt_summary", attempt_id=attempt.id))
    target = {"next": slot + 2, "prev": slot, "stay": slot + 1}.get(goto) or _slot_arg(attempt, goto) + 1
    return redirect(url_for("learn.attempt", attempt_id=attempt.id, q=_slot_arg(attempt, target) + 1,
                            _anchor="order-list" if move else None))


@bp.route("/attempts/<int:attempt_id>/answers", methods=["POST"])
def attempt_autosave(attempt_id: int):  # type: ignore[no-untyped-def]
    """Autosave (JSON): {"slot": n, "fields": {name: [values]}, "flagged": bool}."""
    attempt = get_own_attempt_or_404(attempt_id)
    payload, problem = read_save_request()
    if problem is not None:
        return problem
    try:
        saved = service.save_answer(current_user, attempt.id, payload["slot"], payload["fields"],
                                    flagged=payload["flagged"])
    except service.AttemptClosed as error:
        return {"saved": False, "closed": True, "message": error.message,
                "result_url": url_for("learn.attempt_result", attempt_id=attempt.id)}, 409
    except service.InvalidAnswer as error:
        return {"saved": False, "message": error.message}, 400
    return {"saved": True, "slot": saved.slot, "revision": saved.revision, "answered": saved.answered,
            "flagged": saved.flagged, "saved_at": saved.saved_at.isoformat(),
            "saved_at_text": clock_time(saved.saved_at)}


@bp.route("/attempts/<int:attempt_id>/summary")
def attempt_summary(attempt_id: int):  # type: ignore[no-untyped-def]
    attempt = get_own_attempt_or_404(attempt_id)
    closed = _closed_redirect(attempt)
    if closed is not None:
        return closed
    unanswered = [a.slot + 1 for a in attempt.answers if a.response is None]
    flagged = [a.slot + 1 for a in attempt.answers if a.flagged]
    return render_template("learn/attempt_summary.html", attempt=attempt, unanswered=unanswered,
                           flagged=flagged, title=service.definition_of(attempt).get("title"))


@bp.route("/attempts/<int:attempt_id>/submit", methods=["POST"])
def attempt_submit(attempt_id: int):  # type: ignore[no-untyped-def]
    attempt = get_own_attempt_or_404(attempt_id)
    attempt = service.submit_attempt(current_user, attempt.id)
    if attempt.closed_by == "deadline":
        flash(_("Time was up: the attempt was graded with the answers saved before the deadline."), "error")
    return redirect(url_for("learn.attempt_result", attempt_id=attempt.id))


@bp.route("/attempts/<int:attempt_id>/result")
def attempt_result(attempt_id: int):  # type: ignore[no-untyped-def]
    attempt = get_own_attempt_or_404(attempt_id)
    service.close_if_overdue(attempt)
    if attempt.status == "in_progress":
        return redirect(url_for("learn.attempt", attempt_id=attempt.id))
    quiz = db.session.get(Quiz, attempt.quiz_id)
    shown = visibility(attempt, quiz_closed_for(current_user, quiz))
    return render_template("learn/attempt_result.html", attempt=attempt, quiz=quiz, shown=shown,
                           items=review_items(attempt, shown),
                           title=service.definition_of(attempt).get("title"))
