"""The studio's quiz form: questions or blueprint draws, pass mark, time, attempts and review policy."""

from __future__ import annotations

from flask import abort, flash, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from ...bank.common import MODULE_SLUGS
from ...bank.schema import QUESTION_TYPES
from ...bank.studio_form import (
    MAX_ROWS,
    REVIEW_OPTIONS,
    REVIEW_PHASES,
    FormCheck,
    quiz_fields,
    row_count,
    validate_quiz,
)
from ...services.bank import studio
from ...services.bank.bank_import import quiz_definition
from . import bp
from .studio_forms import StudioSaveForm, save_draft


def _page(
    fields: dict[str, list[str]],
    form: StudioSaveForm,
    new: bool,
    check: FormCheck | None = None,
    status: int = 200,
) -> tuple[str, int]:
    return render_template(
        "author/studio/quiz_form.html",
        fields=fields,
        form=form,
        new=new,
        check=check or FormCheck({}),
        modules=MODULE_SLUGS,
        types=QUESTION_TYPES,
        blueprint_rows=row_count(fields, "blueprint", 3, MAX_ROWS),
        phases=REVIEW_PHASES,
        review_options=REVIEW_OPTIONS,
    ), status


def _save(fields: dict[str, list[str]], form: StudioSaveForm, new: bool) -> ResponseReturnValue:
    check = validate_quiz(fields)
    if not check.ok:
        return _page(fields, form, new, check, 422)
    return save_draft(
        "quiz",
        quiz_definition(check.model),
        check,
        form,
        new=new,
        page=lambda c, status: _page(fields, form, new, c, status),
        rows=check.rows,
    )


@bp.route("/studio/quizzes/new", methods=["GET", "POST"])
def studio_quiz_new() -> ResponseReturnValue:
    form = StudioSaveForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        return _save(request.form.to_dict(flat=False), form, True)
    form.lock.data = 0
    return _page(
        {
            "kind": ["module"],
            "mode": ["fixed"],
            "pass_mark": ["70"],
            "shuffle_questions": ["1"],
            "shuffle_options": ["1"],
            "grading_method": ["highest"],
        },
        form,
        True,
    )


@bp.route("/studio/quizzes/<key>/edit", methods=["GET", "POST"])
def studio_quiz_edit(key: str) -> ResponseReturnValue:
    state = studio.edit_state("quiz", key)
    if state.content is None:
        abort(404)
    form = StudioSaveForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        fields = request.form.to_dict(flat=False)
        fields["id"] = [key]
        return _save(fields, form, False)
    if state.retired:
        flash(_("This item is retired and cannot be edited."), "error")
    form.lock.data, form.base.data = state.lock, state.base
    return _page(quiz_fields(state.content), form, False, status=409 if state.retired else 200)
