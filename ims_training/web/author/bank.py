"""The question bank for instructors: browse, question history, upload, preview and import."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from ...bank.common import MODULE_SLUGS
from ...bank.schema import QUESTION_TYPES
from ...extensions import db
from ...i18n import current_language
from ...page_cache.pages import cached_page
from ...services.bank import bank_catalog, bank_upload, question_history
from ...services.bank.studio_sync import ImportConflict
from ...services.quizzes import immutable_rows
from ..service_call import call_service
from ..urls import page_arg
from . import bp
from .bank_forms import DIFFICULTY_LABELS, FLAG_LABELS, TYPE_LABELS, BankImportForm, BankUploadForm
from .bank_preview import build_preview

PAGE_SIZE = 50
DIFFICULTIES = ("easy", "medium", "hard")


@bp.context_processor
def _bank_labels() -> dict[str, object]:
    return {
        "type_labels": TYPE_LABELS,
        "difficulty_labels": DIFFICULTY_LABELS,
        "flag_labels": FLAG_LABELS,
    }


def _filters() -> bank_catalog.BankFilters:
    args = request.args

    def pick(name: str, allowed: tuple[str, ...]) -> str:
        value = args.get(name, "")
        return value if value in allowed else ""

    return bank_catalog.BankFilters(
        module=pick("module", MODULE_SLUGS),
        type=pick("type", QUESTION_TYPES),
        difficulty=pick("difficulty", DIFFICULTIES),
        tag=(args.get("tag") or "").strip()[:60],
        status=pick("status", ("active", "retired", "all")) or "active",
        q=(args.get("q") or "").strip()[:120],
    )


@bp.route("/bank")
@cached_page
def bank() -> ResponseReturnValue:
    """Cached: everything it lists (questions, their versions, the facet counts) is bank content,
    which every write bumps under the shared generation; the filters and page are in the query,
    which is part of the key."""
    filters = _filters()
    page = page_arg()
    pagination = db.paginate(
        bank_catalog.browse_statement(filters), page=page, per_page=PAGE_SIZE, error_out=False
    )
    versions = bank_catalog.version_counts([question.id for question in pagination.items])
    return render_template(
        "author/bank.html",
        pagination=pagination,
        filters=filters,
        versions=versions,
        facets=bank_catalog.facet_counts(),
        modules=MODULE_SLUGS,
        types=QUESTION_TYPES,
        difficulties=DIFFICULTIES,
    )


@bp.route("/bank/questions/<key>")
@cached_page(vary=question_history.answers_version)
def bank_question(key: str) -> ResponseReturnValue:
    """Read as rows (services/bank/question_history.py); the preview of a version in a language is
    rendered once per worker, as versions never change. Cached: the question and its versions are
    content (the shared generation), and the one thing from other users, the graded answers
    behind the item statistics, is in the key as `answers_version` (what they are made from)."""
    question = question_history.question_by_key(key) or abort(404)
    versions = question_history.versions_of(question)
    changes = {
        newer.id: question_history.changes_between(older.id, newer.id)
        for newer, older in zip(versions, versions[1:], strict=False)
    }
    lang = current_language()
    preview = immutable_rows.derived(
        ("bank-preview", question.current_version_id, lang),
        lambda: build_preview(question_history.content_of(question.current_version_id), lang),
    )
    return render_template(
        "author/bank_question.html",
        question=question,
        versions=versions,
        changes=changes,
        preview=preview,
        stats=question_history.statistics_for(key),
    )


@bp.route("/bank/upload", methods=["GET", "POST"])
def bank_upload_form() -> ResponseReturnValue:
    form = BankUploadForm()
    staged = form.validate_on_submit() and call_service(
        lambda: bank_upload.stage_upload(
            form.file.data, current_user, form.default_module.data or None
        ),
        form=form,
        field="file",
    )
    if staged:
        return _show_check(staged.value)
    return render_template(
        "author/bank_upload.html", form=form
    ), 200 if request.method == "GET" else 422


def _show_check(token: str) -> tuple[str, int]:
    check = bank_upload.check_upload(token, current_user)
    lang = current_language()
    previews = [
        build_preview(q.model_dump(mode="json", exclude_none=True), lang) for q in check.questions
    ]
    return render_template(
        "author/bank_upload_check.html", check=check, previews=previews, form=BankImportForm()
    ), 200 if check.ok else 422


@bp.route("/bank/upload/<token>/import", methods=["POST"])
def bank_upload_import(token: str) -> ResponseReturnValue:
    form = BankImportForm()
    if not form.validate_on_submit():
        abort(400)
    imported = call_service(lambda: bank_upload.import_upload(token, current_user), page_error=True)
    if isinstance(imported.error, bank_upload.UnknownUpload):
        abort(404)
    if not imported:
        # a conflict with a studio draft says which; the file's own errors are on the check page
        flash(
            imported.error.message
            if isinstance(imported.error, ImportConflict)
            else _("Nothing was imported: the file has errors. Check it again."),
            "error",
        )
        return _show_check(token)
    q, z = imported.value.questions, imported.value.quizzes
    flash(
        _(
            "Imported. Questions: %(added)s added, %(changed)s changed, %(unchanged)s unchanged. "
            "Quizzes: %(quizzes_added)s added, %(quizzes_changed)s changed.",
            added=q.added,
            changed=q.changed,
            unchanged=q.unchanged,
            quizzes_added=z.added,
            quizzes_changed=z.changed,
        ),
        "success",
    )
    return redirect(url_for("author.bank"))
