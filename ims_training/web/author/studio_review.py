"""The studio's review pages: what waits for review, an item's revisions, diffs, and the actions."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ...bank.schema import QUESTION_TYPES
from ...extensions import db
from ...models import StudioRevision
from ...services.bank import studio
from ...services.bank.bank_catalog import content_changes
from ..service_call import call_service
from . import bp
from .studio_forms import ActionForm, ReviewForm

KINDS = ("question", "quiz")


@bp.route("/studio")
def studio_home() -> ResponseReturnValue:
    return render_template(
        "author/studio/home.html", waiting=studio.open_revisions(), types=QUESTION_TYPES
    )


def _history_or_404(kind: str, key: str) -> list[StudioRevision]:
    if kind not in KINDS:
        abort(404)
    history = studio.revisions(kind, key)
    if not history and not studio.exists(kind, key):
        abort(404)
    return history


@bp.route("/studio/<kind>/<key>/revisions")
def studio_history(kind: str, key: str) -> ResponseReturnValue:
    history = _history_or_404(kind, key)
    return render_template(
        "author/studio/history.html",
        kind=kind,
        key=key,
        history=history,
        action_form=ActionForm(),
        review_form=ReviewForm(),
    )


@bp.route("/studio/<kind>/<key>/diff")
def studio_diff(kind: str, key: str) -> ResponseReturnValue:
    """Two revisions side by side; `a=0` is the published version revision `b` was based on."""
    history = {r.number: r for r in _history_or_404(kind, key)}
    new = history.get(request.args.get("b", max(history, default=0), type=int))
    if new is None:
        abort(404)
    wanted = request.args.get("a", new.number - 1, type=int)
    old = history.get(wanted)
    if old is not None:
        old_content, old_label = old.content, _("Revision %(n)s", n=old.number)
        old_by: tuple[str, object] | None = (old.author.name, old.created_at)
    elif wanted == 0 and (base := studio.base_content(new)) is not None:
        old_content, old_label, old_by = base, _("Published version"), None
    else:
        abort(404)
    return render_template(
        "author/studio/diff.html",
        kind=kind,
        key=key,
        new=new,
        old_number=wanted,
        old_label=old_label,
        old_by=old_by,
        changes=content_changes(old_content, new.content),
        numbers=sorted(history),
    )


DONE = {  # what each review action says when it happened
    "submit": _l("Submitted for review. Another instructor must approve it."),
    "approve": _l("Approved. It can now be published."),
    "reject": _l("Sent back to the author with your note."),
    "publish": _l("Published. New attempts draw this version; earlier attempts keep theirs."),
}


def _act(revision_id: int, action: str) -> ResponseReturnValue:
    revision = db.get_or_404(StudioRevision, revision_id)
    form = ReviewForm() if action in ("approve", "reject") else ActionForm()
    note = getattr(form, "note", None)
    if not form.validate_on_submit():
        if "csrf_token" in form.errors or note is None:
            abort(400)
        flash(_("The review note is too long (at most 2,000 characters)."), "error")
        return _history_page(revision)
    text = note.data or "" if note else ""
    act = {
        "submit": lambda: studio.submit(revision.id, current_user),
        "approve": lambda: studio.approve(revision.id, current_user, text),
        "reject": lambda: studio.reject(revision.id, current_user, text),
        "publish": lambda: studio.publish(revision.id, current_user),
    }[action]
    if not call_service(act):
        return _history_page(revision)
    flash(str(DONE[action]), "success")
    return redirect(url_for("author.studio_history", kind=revision.kind, key=revision.key))


def _history_page(revision: StudioRevision) -> ResponseReturnValue:
    """The item's history again with the refusal flashed: 409, the action did not happen."""
    return render_template(
        "author/studio/history.html",
        kind=revision.kind,
        key=revision.key,
        history=studio.revisions(revision.kind, revision.key),
        action_form=ActionForm(),
        review_form=ReviewForm(),
    ), 409


@bp.route("/studio/revisions/<int:revision_id>/submit", methods=["POST"])
def studio_submit(revision_id: int) -> ResponseReturnValue:
    return _act(revision_id, "submit")


@bp.route("/studio/revisions/<int:revision_id>/approve", methods=["POST"])
def studio_approve(revision_id: int) -> ResponseReturnValue:
    return _act(revision_id, "approve")


@bp.route("/studio/revisions/<int:revision_id>/reject", methods=["POST"])
def studio_reject(revision_id: int) -> ResponseReturnValue:
    return _act(revision_id, "reject")


@bp.route("/studio/revisions/<int:revision_id>/publish", methods=["POST"])
def studio_publish(revision_id: int) -> ResponseReturnValue:
    return _act(revision_id, "publish")
