"""Trainees take quizzes: the list per module, the attempt (one question per page), the result.

One question per page with a navigator: small pages on phones, and without JavaScript each form
POST saves the answer and moves on. With JavaScript (static/js/quiz.js) answers autosave as JSON.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from ...domain.answer_keys import apply_move
from ...domain.responses import InvalidResponse
from ...extensions import db
from ...formats import clock_time
from ...models import Quiz
from ...page_cache.pages import cached_page, server_now, valid_until
from ...services.quizzes import attempt_rows
from ...services.quizzes import attempts as service
from ...services.quizzes.attempt_rows import AttemptRow
from ...services.quizzes.quiz_gate import describe
from ...services.quizzes.quiz_progress import (
    quiz_closed_for,
    quiz_groups,
    quiz_line,
)
from ..confirm import check_expected, confirmed
from ..service_call import call_service
from . import bp
from .quiz_json import read_save_request
from .quiz_presentation import question_view, review_items, visibility


def get_quiz_or_404(key: str) -> Quiz:
    """A published quiz; a retired one is gone for trainees."""
    return db.one_or_404(
        select(Quiz).where(
            Quiz.key == key, Quiz.current_version_id.is_not(None), Quiz.retired_at.is_(None)
        )
    )


@bp.route("/quizzes")
@cached_page
def quizzes() -> ResponseReturnValue:
    """The trainee's own quizzes. Cached under their page version (attempts, grants, progress and
    roles bump it) and the content generation, until a wait ends or an open attempt's deadline
    passes: from then on the list is worked out again (and the overdue attempt closed)."""
    groups = quiz_groups(current_user, close_overdue=True)
    for line in (line for group in groups for line in group.lines):
        valid_until(line.state.next_opens_at)
        valid_until(line.open_deadline_at)
    return render_template("learn/quizzes.html", groups=groups)


@bp.route("/quizzes/<key>")
def quiz(key: str) -> ResponseReturnValue:
    quiz = get_quiz_or_404(key)
    service.close_overdue_for(current_user, quiz)
    attempts = service.attempts_of(current_user.id, quiz.id)
    line = quiz_line(current_user, quiz, attempts, service.now())
    definition = service.current_definition(quiz)
    wait = int(definition.get("wait_between_attempts_minutes") or 0)
    return render_template(
        "learn/quiz.html",
        quiz=quiz,
        line=line,
        attempts=attempts,
        definition=definition,
        locked_reasons=describe(line.gate.missing) if line.locked else [],
        wait=_wait_words(wait) if wait else None,
    )


def _wait_words(minutes: int) -> str:
    if minutes % 1440 == 0:
        return ngettext("%(num)s day", "%(num)s days", minutes // 1440)
    if minutes % 60 == 0:
        return ngettext("%(num)s hour", "%(num)s hours", minutes // 60)
    return ngettext("%(num)s minute", "%(num)s minutes", minutes)


@bp.route("/quizzes/<key>/start", methods=["POST"])
def quiz_start(key: str) -> ResponseReturnValue:
    """Start (or resume) an attempt. A timed or attempt-limited quiz first answers with what the
    attempt costs, and starts only on the confirming POST (`confirmed=1`) from that page."""
    quiz = get_quiz_or_404(key)
    statuses = service.attempt_statuses(current_user.id, quiz.id)
    definition = service.current_definition(quiz)
    costly = (
        definition.get("time_limit_minutes") is not None
        or definition.get("attempts_allowed") is not None
    )
    if costly and "in_progress" not in statuses:
        check_expected(str(len(statuses)), required=False)  # shown before another attempt: 400
        # The attempts and the whole line (gate, accommodations) only for the confirmation
        # page: the start itself checks every rule again in its transaction.
        attempts = [] if confirmed() else service.attempts_of(current_user.id, quiz.id)
        line = None if confirmed() else quiz_line(current_user, quiz, attempts, service.now())
        if line is not None and line.state.can_start and not line.locked:
            wait = int(definition.get("wait_between_attempts_minutes") or 0)
            left = line.state.attempts_left
            return render_template(
                "learn/quiz_confirm.html",
                quiz=quiz,
                line=line,
                number=len(statuses) + 1,
                of=None if left is None else len(statuses) + left,
                wait=_wait_words(wait) if wait else None,
            )
    started = call_service(lambda: service.start_attempt(current_user, quiz))
    if not started:
        return redirect(url_for("learn.quiz", key=quiz.key))
    return redirect(url_for("learn.attempt", attempt_id=started.value.id))


def get_own_attempt_or_404(attempt_id: int) -> AttemptRow:
    """The current user's attempt as plain rows; another trainee's attempt is a 404, never a 403."""
    attempt = attempt_rows.own_attempt_row(current_user.id, attempt_id)
    if attempt is None:
        abort(404)
    return attempt


def _slot_arg(attempt: AttemptRow, value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 0
    return min(max(number, 1), len(attempt.layout)) - 1


def _closed_redirect(attempt: AttemptRow) -> BaseResponse | None:
    if service.close_if_overdue(attempt):
        flash(_("Time is up: the attempt was closed and graded at its deadline."), "error")
        return redirect(url_for("learn.attempt_result", attempt_id=attempt.id))
    if attempt.status != "in_progress":
        return redirect(url_for("learn.attempt_result", attempt_id=attempt.id))
    return None


def _render_question(
    attempt: AttemptRow, slot: int, error: str | None = None, status: int = 200
) -> tuple[str, int]:
    return render_template(
        "learn/attempt.html",
        attempt=attempt,
        question=question_view(attempt, slot),
        navigator=[(a.slot + 1, a.response is not None, a.flagged) for a in attempt.answers],
        title=service.definition_of(attempt).get("title"),
        error=error,
        now_iso=server_now() if attempt.deadline_at else None,
    ), status


@bp.route("/attempts/<int:attempt_id>")
@cached_page
def attempt(attempt_id: int) -> ResponseReturnValue:
    """A question of an open attempt. Cached under the trainee's page version (every save bumps
    it) until the deadline; the countdown's clock is filled in per response (page_cache)."""
    attempt = get_own_attempt_or_404(attempt_id)
    closed = _closed_redirect(attempt)
    if closed is not None:
        return closed
    valid_until(attempt.deadline_at)
    return _render_question(attempt, _slot_arg(attempt, request.args.get("q", 1)))


@bp.route("/attempts/<int:attempt_id>", methods=["POST"])
def attempt_save(attempt_id: int) -> ResponseReturnValue:
    """The no-JavaScript path: save this question's answer and flag, then go where asked."""
    attempt = get_own_attempt_or_404(attempt_id)
    slot = _slot_arg(attempt, request.form.get("slot"))
    fields = request.form.to_dict(flat=False)
    move = request.form.get("move")
    try:
        if move and attempt.layout[slot].get("type") == "ordering":  # an ordering question's ↑ / ↓
            fields = apply_move(attempt.layout[slot], fields, move)
        service.save_answer(
            current_user, attempt.id, slot, fields, flagged="flagged" in request.form
        )
    except service.AttemptClosed as error:
        flash(error.message, "error")
        return redirect(url_for("learn.attempt_result", attempt_id=attempt.id))
    except InvalidResponse:
        return _render_question(
            get_own_attempt_or_404(attempt_id),
            slot,
            _("The answer was not saved: that move is not possible."),
            400,
        )
    except service.InvalidAnswer as error:
        return _render_question(get_own_attempt_or_404(attempt_id), slot, error.message, 400)
    goto = "stay" if move else request.form.get("goto", "next")
    if goto == "summary":
        return redirect(url_for("learn.attempt_summary", attempt_id=attempt.id))
    target = {"next": slot + 2, "prev": slot, "stay": slot + 1}.get(goto) or _slot_arg(
        attempt, goto
    ) + 1
    return redirect(
        url_for(
            "learn.attempt",
            attempt_id=attempt.id,
            q=_slot_arg(attempt, target) + 1,
            _anchor="order-list" if move else None,
        )
    )


@bp.route("/attempts/<int:attempt_id>/answers", methods=["POST"])
def attempt_autosave(attempt_id: int) -> ResponseReturnValue:
    """Autosave (JSON): {"slot": n, "fields": {name: [values]}, "flagged": bool}.

    Lean on purpose (issue 13): no read before the save's own transaction, which checks the owner
    and the attempt's state under the lock, and no page is rendered."""
    payload, problem = read_save_request()
    if problem is not None:
        if attempt_rows.own_attempt_row(current_user.id, attempt_id) is None:
            abort(404)
        return problem
    try:
        saved = service.save_answer(
            current_user, attempt_id, payload["slot"], payload["fields"], flagged=payload["flagged"]
        )
    except service.AttemptNotFound:
        abort(404)
    except service.AttemptClosed as error:
        return {
            "saved": False,
            "closed": True,
            "message": error.message,
            "result_url": url_for("learn.attempt_result", attempt_id=attempt_id),
        }, 409
    except service.InvalidAnswer as error:
        return {"saved": False, "message": error.message}, 400
    return {
        "saved": True,
        "slot": saved.slot,
        "revision": saved.revision,
        "answered": saved.answered,
        "flagged": saved.flagged,
        "saved_at": saved.saved_at.isoformat(),
        "saved_at_text": clock_time(saved.saved_at),
    }


@bp.route("/attempts/<int:attempt_id>/summary")
def attempt_summary(attempt_id: int) -> ResponseReturnValue:
    attempt = get_own_attempt_or_404(attempt_id)
    closed = _closed_redirect(attempt)
    if closed is not None:
        return closed
    unanswered = [a.slot + 1 for a in attempt.answers if a.response is None]
    flagged = [a.slot + 1 for a in attempt.answers if a.flagged]
    return render_template(
        "learn/attempt_summary.html",
        attempt=attempt,
        unanswered=unanswered,
        flagged=flagged,
        title=service.definition_of(attempt).get("title"),
    )


@bp.route("/attempts/<int:attempt_id>/submit", methods=["POST"])
def attempt_submit(attempt_id: int) -> ResponseReturnValue:
    try:
        attempt = service.submit_attempt(current_user, attempt_id)
    except service.AttemptNotFound:
        abort(404)
    if attempt.closed_by == "deadline":
        flash(
            _("Time was up: the attempt was graded with the answers saved before the deadline."),
            "error",
        )
    return redirect(url_for("learn.attempt_result", attempt_id=attempt.id))


@bp.route("/attempts/<int:attempt_id>/result")
def attempt_result(attempt_id: int) -> ResponseReturnValue:
    attempt = get_own_attempt_or_404(attempt_id)
    if service.close_if_overdue(attempt):
        attempt = get_own_attempt_or_404(attempt_id)
    if attempt.status == "in_progress":
        return redirect(url_for("learn.attempt", attempt_id=attempt.id))
    quiz = db.get_or_404(Quiz, attempt.quiz_id)
    shown = visibility(attempt, quiz_closed_for(current_user, quiz))
    return render_template(
        "learn/attempt_result.html",
        attempt=attempt,
        quiz=quiz,
        shown=shown,
        items=review_items(attempt, shown),
        title=service.definition_of(attempt).get("title"),
    )
