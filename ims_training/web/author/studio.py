"""The instructor studio: write and improve questions in forms, with a live trainee preview.

Posted fields become the YAML-shaped dict and are checked by the bank schema
(`bank/studio_form.py`); the workflow (lock, review, publish) is `services/bank/studio.py`.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from markupsafe import Markup

from ...bank import canonical_content
from ...bank.common import MODULE_SLUGS
from ...bank.schema import QUESTION_TYPES
from ...bank.studio_form import MAX_ROWS, FormCheck, question_fields, row_count, validate_question
from ...i18n import current_language
from ...services.bank import studio
from . import bp
from .bank_preview import build_preview
from .studio_forms import STATUS_LABELS, StudioSaveForm, save_draft
from .studio_preview import in_language, trainee_view

LANGS = ("en", "nb")


@bp.context_processor
def _studio_labels() -> dict[str, object]:
    return {"status_labels": STATUS_LABELS}


def _previews(check: FormCheck) -> dict[str, Any] | None:
    """The trainee view and the answer key in both languages, or None while the form has errors."""
    if not check.ok:
        return None
    content = canonical_content(check.model)
    out = {}
    for lang in LANGS:
        with in_language(lang):
            out[lang] = Markup(
                render_template(
                    "author/studio/_preview.html",
                    question=trainee_view(content),
                    key=build_preview(content, lang),
                    lang=lang,
                )
            )
    return out


def _rows(fields: dict[str, list[str]]) -> dict[str, int]:
    # two blank rows after the last filled one, so one more than the schema allows can be typed and refused
    return {
        "options": row_count(fields, "options", 4, 12),
        "pairs": row_count(fields, "pairs", 3, MAX_ROWS),
        "distractors": row_count(fields, "distractors", 2, MAX_ROWS),
        "items": row_count(fields, "items", 4, 22),
    }


def _form_page(
    fields: dict[str, list[str]],
    *,
    form: StudioSaveForm,
    new: bool,
    check: FormCheck | None = None,
    status: int = 200,
    retired: bool = False,
) -> tuple[str, int]:
    return render_template(
        "author/studio/question_form.html",
        fields=fields,
        form=form,
        new=new,
        check=check or FormCheck({}),
        previews=_previews(check) if check else None,
        rows=_rows(fields),
        modules=MODULE_SLUGS,
        types=QUESTION_TYPES,
        retired=retired,
    ), status


def _save(fields: dict[str, list[str]], form: StudioSaveForm, *, new: bool) -> ResponseReturnValue:
    check = validate_question(fields)
    if form.action.data == "preview" or not check.ok:
        return _form_page(fields, form=form, new=new, check=check, status=200 if check.ok else 422)
    return save_draft(
        "question",
        canonical_content(check.model),
        check,
        form,
        new=new,
        page=lambda c, status: _form_page(fields, form=form, new=new, check=c, status=status),
    )


@bp.route("/studio/questions/new", methods=["GET", "POST"])
def studio_question_new() -> ResponseReturnValue:
    form = StudioSaveForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        return _save(request.form.to_dict(flat=False), form, new=True)
    qtype = request.args.get("type", "single_choice")
    if qtype not in QUESTION_TYPES:
        abort(404)
    module = request.args.get("module", "")
    form.lock.data = 0
    fields = {
        "type": [qtype],
        "difficulty": ["medium"],
        "points": ["1"],
        "module": [module if module in MODULE_SLUGS else MODULE_SLUGS[0]],
    }
    return _form_page(fields, form=form, new=True)


@bp.route("/studio/questions/<key>/edit", methods=["GET", "POST"])
def studio_question_edit(key: str) -> ResponseReturnValue:
    state = studio.edit_state("question", key)
    if state.content is None:
        abort(404)
    form = StudioSaveForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        fields = request.form.to_dict(flat=False)
        fields["id"] = [key]  # the id of an existing question never changes
        return _save(fields, form, new=False)
    if state.retired:
        flash(_("This item is retired and cannot be edited."), "error")
    form.lock.data, form.base.data = state.lock, state.base
    fields = question_fields(state.content)
    return _form_page(
        fields,
        form=form,
        new=False,
        retired=state.retired,
        check=validate_question(fields),
        status=409 if state.retired else 200,
    )


@bp.route("/studio/questions/preview", methods=["POST"])
def studio_question_preview() -> ResponseReturnValue:
    """The live preview fragment (fetched by static/js/studio.js as the instructor types)."""
    form = StudioSaveForm()
    if not form.validate_on_submit() and "csrf_token" in form.errors:
        abort(400)
    check = validate_question(request.form.to_dict(flat=False))
    return render_template(
        "author/studio/_preview_panel.html",
        previews=_previews(check),
        check=check,
        lang=current_language(),
    ), 200 if check.ok else 422
