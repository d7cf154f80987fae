"""The question bank for instructors: browse, question history, upload, preview and import."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ...bank.common import MODULE_SLUGS
from ...bank.schema import QUESTION_TYPES
from ...extensions import db
from ...i18n import current_language
from ...models import Question
from ...services import ServiceError
from ...services.bank import bank_catalog, bank_upload
from ...services.bank.studio_sync import ImportConflict
from ..urls import page_arg
from . import bp
from .bank_forms import DIFFICULTY_LABELS, FLAG_LABELS, TYPE_LABELS, BankImportForm, BankUploadForm
from .bank_preview import build_preview

PAGE_SIZE = 50
DIFFICULTIES = ("easy", "medium", "hard")


@bp.context_processor
def _bank_labels() -> dict[str, object]:
    return {"type_labels": TYPE_LABELS, "difficulty_labels": DIFFICULTY_LABELS, "flag_labels": FLAG_LABELS}


def _filters() -> bank_catalog.BankFilters:
    args = request.args

    def pick(name: str, allowed: tuple[str, ...]) -> str:
        value = args.get(name, "")
        return value if value in allowed else ""

    return bank_catalog.BankFilters(
        module=pick("module", MODULE_SLUGS), type=pick("type", QUESTION_TYPES),
        difficulty=pick("difficulty", DIFFICULTIES), tag=(args.get("tag") or "").strip()[:60],
        status=args.get("status") if args.get("status") in ("active", "retired", "all") else "active",
        q=(args.get("q") or "").strip()[:120],
    )


@bp.route("/bank")
def bank():  # type: ignore[no-untyped-def]
    filters = _filters()
    page = page_arg()
    pagination = db.paginate(bank_catalog.browse_statement(filters), page=page, per_page=PAGE_SIZE,
                             error_out=False)
    versions = bank_catalog.version_counts([question.id for question in pagination.items])
    return render_template("author/bank.html", pagination=pagination, filters=filters, versions=versions,
                           facets=bank_catalog.facet_counts(), modules=MODULE_SLUGS, types=QUESTION_TYPES,
                           difficulties=DIFFICULTIES)


def _question_or_404(key: str) -> Question:
    question = db.session.scalars(select(Question).where(Question.key == key)).first()
    if question is None or question.current_version is None:
        abort(404)
    return question


@bp.route("/bank/questions/<key>")
def bank_question(key: str):  # type: ignore[no-untyped-def]
    question = _question_or_404(key)
    versions = bank_catalog.question_versions(question)
    changes = {newer.id: bank_catalog.content_changes(older.content, newer.content)
               for newer, older in zip(versions, versions[1:], strict=False)}
    return render_template("author/bank_question.html", question=question, versions=versions, changes=changes,
                           preview=build_preview(question.current_version.content, current_language()),
                           stats=bank_catalog.statistics_for(question))


@bp.route("/bank/upload", methods=["GET", "POST"])
def bank_upload_form():  # type: ignore[no-untyped-def]
    form = BankUploadForm()
    if form.validate_on_submit():
        try:
            token = bank_upload.stage_upload(form.file.data, current_user, form.default_module.data or None)
        except ServiceError as e:
            form.file.errors = [e.message]
        else:
            return _show_check(token)
    return render_template("author/bank_upload.html", form=form), 200 if request.method == "GET" else 422


def _show_check(token: str):  # type: ignore[no-untyped-def]
    check = bank_upload.check_upload(token, current_user)
    lang = current_language()
    previews = [build_preview(q.model_dump(mode="json", exclude_none=True), lang) for q in check.questions]
    return render_template("author/bank_upload_check.html", check=check, previews=previews,
                           form=BankImportForm()), 200 if check.ok else 422


@bp.route("/bank/upload/<token>/import", methods=["POST"])
def bank_upload_import(token: str):  # type: ignore[no-untyped-def]
    form = BankImportForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        summary = bank_upload.import_upload(token, current_user)
    except bank_upload.UnknownUpload:
        abort(404)
    except ImportConflict as conflict:
        flash(conflict.message, "error")
        return _show_check(token)
    except ServiceError:
        flash(_("Nothing was imported: the file has errors. Check it again."), "error")
        return _show_check(token)
    q, z = summary.questions, summary.quizzes
    flash(_("Imported. Questions: %(added)s added, %(changed)s changed, %(unchanged)s unchanged. "
            "Quizzes: %(quizzes_added)s added, %(quizzes_changed)s changed.", added=q.added, changed=q.changed,
            unchanged=q.unchanged, quizzes_added=z.added, quizzes_changed=z.changed), "success")
    return redirect(url_for("author.bank"))
