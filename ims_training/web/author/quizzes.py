"""Instructors follow quiz results: pass rates, attempts and answers, accommodations, regrades."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ...domain.quiz_policy import ReviewVisibility
from ...extensions import db
from ...i18n import localised
from ...models import Question, Quiz, User
from ...services.quizzes import accommodations, attempt_rows, quiz_reports, regrade
from ...services.quizzes.attempts import close_if_overdue, current_definition, definition_of
from ..learn.quiz_presentation import review_items
from ..service_call import call_service
from . import bp
from .quiz_forms import AccommodationForm

EVERYTHING = ReviewVisibility(score=True, correctness=True, correct_answers=True, explanations=True)


def quiz_or_404(key: str) -> Quiz:
    """A quiz with a published version, retired or not: instructors still follow its results."""
    return db.one_or_404(select(Quiz).where(Quiz.key == key, Quiz.current_version_id.is_not(None)))


@bp.route("/quizzes")
def quizzes() -> ResponseReturnValue:
    return render_template("author/quizzes.html", summaries=quiz_reports.quiz_summaries())


@bp.route("/quizzes/<key>")
def quiz_attempts(key: str) -> ResponseReturnValue:
    quiz = quiz_or_404(key)
    return render_template(
        "author/quiz_attempts.html",
        quiz=quiz,
        title=current_definition(quiz).get("title"),
        attempts=quiz_reports.quiz_attempts(quiz),
        accommodations=quiz_reports.quiz_accommodations(quiz),
        corrected=regrade.corrected_questions(quiz),
    )


@bp.route("/attempts/<int:attempt_id>")
def attempt_detail(attempt_id: int) -> ResponseReturnValue:
    attempt = attempt_rows.attempt_row(attempt_id) or abort(404)
    if close_if_overdue(attempt):
        attempt = attempt_rows.attempt_row(attempt_id) or abort(404)
    quiz, trainee = db.get_or_404(Quiz, attempt.quiz_id), db.get_or_404(User, attempt.user_id)
    items = review_items(attempt, EVERYTHING) if attempt.status == "submitted" else []
    return render_template(
        "author/attempt_detail.html",
        attempt=attempt,
        quiz=quiz,
        trainee=trainee,
        items=items,
        title=definition_of(attempt).get("title"),
    )


@bp.route("/accommodations/new", methods=["GET", "POST"])
def accommodation_new() -> ResponseReturnValue:
    form = AccommodationForm(quiz=request.args.get("quiz", ""))
    quizzes = quiz_reports.published_quizzes()
    form.quiz.choices = [("", _("All quizzes"))] + [
        (q.key, localised(current_definition(q).get("title"))) for q in quizzes
    ]
    quiz = next((q for q in quizzes if q.key == form.quiz.data), None)
    granted = form.validate_on_submit() and call_service(
        lambda: accommodations.grant_by_email(
            current_user,
            form.email.data or "",
            quiz,
            time_multiplier=float(form.time_multiplier.data or 1),
            extra_attempts=form.extra_attempts.data or 0,
            reason=form.reason.data or "",
        ),
        form=form,
        field="reason",
    )
    if granted:
        flash(_("Accommodation granted to %(name)s.", name=granted.value[1].name), "success")
        return redirect(
            url_for("author.quiz_attempts", key=quiz.key) if quiz else url_for("author.quizzes")
        )
    return render_template("author/accommodation_form.html", form=form), 400 if form.errors else 200


@bp.route("/quizzes/<key>/regrade/<question_key>", methods=["GET", "POST"])
def regrade_question(key: str, question_key: str) -> ResponseReturnValue:
    quiz = quiz_or_404(key)
    question = db.one_or_404(select(Question).where(Question.key == question_key))
    if request.method == "POST":
        regraded = call_service(lambda: regrade.regrade(current_user, quiz, question))
        if regraded:
            flash(
                _(
                    "Re-graded %(count)s attempts; %(changed)s scores changed.",
                    count=len(regraded.value),
                    changed=sum(c.changed for c in regraded.value),
                ),
                "success",
            )
        return redirect(url_for("author.quiz_attempts", key=quiz.key))
    preview = call_service(lambda: regrade.preview(quiz, question))
    if not preview:
        return redirect(url_for("author.quiz_attempts", key=quiz.key))
    return render_template(
        "author/regrade.html",
        quiz=quiz,
        question=question,
        changes=preview.value,
        title=current_definition(quiz).get("title"),
    )
