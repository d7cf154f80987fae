"""Instructors follow quiz results: pass rates, attempts and answers, accommodations, regrades."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ...domain.quiz_policy import ReviewVisibility
from ...extensions import db
from ...i18n import localised
from ...models import Attempt, Question, Quiz, User
from ...services import ServiceError
from ...services.accounts import accounts
from ...services.quizzes import accommodations, quiz_reports, regrade
from ...services.quizzes.attempts import close_if_overdue, current_definition, definition_of
from ..learn.quiz_presentation import review_items
from . import bp
from .quiz_forms import AccommodationForm

EVERYTHING = ReviewVisibility(score=True, correctness=True, correct_answers=True, explanations=True)


def _quiz_or_404(key: str) -> Quiz:
    quiz = db.session.scalar(select(Quiz).where(Quiz.key == key, Quiz.current_version_id.is_not(None)))
    if quiz is None:
        abort(404)
    return quiz


def _question_or_404(key: str) -> Question:
    question = db.session.scalar(select(Question).where(Question.key == key))
    if question is None:
        abort(404)
    return question


@bp.route("/quizzes")
def quizzes():  # type: ignore[no-untyped-def]
    return render_template("author/quizzes.html", summaries=quiz_reports.quiz_summaries())


@bp.route("/quizzes/<key>")
def quiz_attempts(key: str):  # type: ignore[no-untyped-def]
    quiz = _quiz_or_404(key)
    return render_template("author/quiz_attempts.html", quiz=quiz, title=current_definition(quiz).get("title"),
                           attempts=quiz_reports.quiz_attempts(quiz),
                           accommodations=quiz_reports.quiz_accommodations(quiz),
                           corrected=regrade.corrected_questions(quiz))


@bp.route("/attempts/<int:attempt_id>")
def attempt_detail(attempt_id: int):  # type: ignore[no-untyped-def]
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None:
        abort(404)
    close_if_overdue(attempt)
    quiz, trainee = db.session.get(Quiz, attempt.quiz_id), db.session.get(User, attempt.user_id)
    items = review_items(attempt, EVERYTHING) if attempt.status == "submitted" else []
    return render_template("author/attempt_detail.html", attempt=attempt, quiz=quiz, trainee=trainee,
                           items=items, title=definition_of(attempt).get("title"))


@bp.route("/accommodations/new", methods=["GET", "POST"])
def accommodation_new():  # type: ignore[no-untyped-def]
    form = AccommodationForm(quiz=request.args.get("quiz", ""))
    quizzes = list(db.session.scalars(select(Quiz).where(Quiz.current_version_id.is_not(None)).order_by(Quiz.key)))
    form.quiz.choices = [("", _("All quizzes"))] + [(q.key, localised(current_definition(q).get("title"))) for q in quizzes]
    if form.validate_on_submit():
        trainee = accounts.find_user_by_email(form.email.data or "")
        quiz = next((q for q in quizzes if q.key == form.quiz.data), None)
        try:
            if trainee is None:
                raise ServiceError(_("There is no account with this e-mail address."), field="email")
            accommodations.grant(current_user, trainee, quiz, time_multiplier=float(form.time_multiplier.data or 1),
                                 extra_attempts=form.extra_attempts.data or 0, reason=form.reason.data or "")
        except ServiceError as error:
            getattr(form, error.field or "reason").errors.append(error.message)
        else:
            flash(_("Accommodation granted to %(name)s.", name=trainee.name), "success")
            return redirect(url_for("author.quiz_attempts", key=quiz.key) if quiz else url_for("author.quizzes"))
    return render_template("author/accommodation_form.html", form=form), 400 if form.errors else 200


@bp.route("/quizzes/<key>/regrade/<question_key>", methods=["GET", "POST"])
def regrade_question(key: str, question_key: str):  # type: ignore[no-untyped-def]
    quiz, question = _quiz_or_404(key), _question_or_404(question_key)
    try:
        if request.method == "POST":
            changes = regrade.regrade(current_user, quiz, question)
            flash(_("Re-graded %(count)s attempts; %(changed)s scores changed.", count=len(changes),
                    changed=sum(c.changed for c in changes)), "success")
            return redirect(url_for("author.quiz_attempts", key=quiz.key))
        changes = regrade.preview(quiz, question)
    except ServiceError as error:
        flash(error.message, "error")
        return redirect(url_for("author.quiz_attempts", key=quiz.key))
    return render_template("author/regrade.html", quiz=quiz, question=question, changes=changes,
                           title=current_definition(quiz).get("title"))
