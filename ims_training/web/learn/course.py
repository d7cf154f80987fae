"""Course pages: module list, module, lesson, mark complete, search, figures.

Trainees see published lessons and are held back by locked modules; instructors and
administrators preview everything (drafts marked) and record no progress.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from ...i18n import current_language
from ...models import Role
from ...page_cache.pages import cached_page
from ...services.course import course
from ...services.course.course_search import search_course
from ...services.course.course_steps import after_lesson, module_quiz, next_steps
from ...services.course.glossary import find_terms
from ..auth.forms import EmptyForm
from . import bp

FIGURE_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


def _viewer() -> course.Viewer:
    return course.Viewer.of(current_user, current_language())


def _locked(locked: course.ModuleLocked) -> tuple[str, int]:
    return render_template(
        "learn/module_locked.html", module=locked.module, overview=locked.overview
    ), 403


@bp.route("/course", endpoint="modules")
@cached_page
def modules() -> ResponseReturnValue:
    return render_template("learn/modules.html", overview=course.course_overview(_viewer()))


@bp.route("/course/search", endpoint="course_search")
def search() -> ResponseReturnValue:
    query = request.args.get("q", "")[:200]
    viewer = _viewer()
    hits = search_course(viewer, query) if query.strip() else []
    return render_template(
        "learn/course_search.html", query=query, hits=hits, preview=viewer.preview
    )


@bp.route("/course/glossary", endpoint="glossary")
def glossary() -> ResponseReturnValue:
    """The course glossary, English and Bokmål side by side, filtered by `q` in either language."""
    query = request.args.get("q", "")[:200]
    return render_template("learn/glossary.html", query=query, terms=find_terms(query))


@bp.route("/course/<slug>", endpoint="module")
@cached_page
def module(slug: str) -> ResponseReturnValue:
    found = course.module_overview(_viewer(), slug)
    if found is None:
        abort(404)
    overview, entry = found
    steps = None if overview.viewer.preview else next_steps(current_user, overview, entry)
    return render_template("learn/module.html", overview=overview, module=entry, steps=steps)


@bp.route("/lessons/<key>", endpoint="lesson")
@cached_page
def lesson(key: str) -> ResponseReturnValue:
    try:
        lang = request.args.get("lang")
        page = course.lesson_page(
            _viewer(), key, lang if lang in current_app.config["LANGUAGES"] else None
        )
    except course.LessonNotFound:
        abort(404)
    except course.ModuleLocked as locked:
        return _locked(locked)
    quiz = module_quiz(page.module.slug)  # asked on every lesson: a constant number of queries
    return render_template("learn/lesson.html", page=page, form=EmptyForm(), module_quiz=quiz)


@bp.route("/lessons/<key>/complete", methods=["POST"], endpoint="complete_lesson")
def complete_lesson(key: str) -> ResponseReturnValue:
    if _viewer().preview or not current_user.has_role(Role.TRAINEE):
        abort(403)  # previews never record progress
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        entry = course.complete_lesson(current_user, key)
    except course.LessonNotFound:
        abort(404)
    except course.ModuleLocked as locked:
        return _locked(locked)
    if request.form.get("continue") != "1":
        flash(_("Lesson marked as complete."), "success")
        # back where the button was, not at the top of a long lesson
        return redirect(url_for("learn.lesson", key=entry.key, _anchor="lesson-footer"))
    # "Complete and continue": one click marks the lesson and goes to the next step.
    kind, target = after_lesson(course.course_overview(_viewer()), entry)
    if kind == "lesson":
        return redirect(url_for("learn.lesson", key=target))
    flash(_("You have completed the last lesson of this module."), "success")
    if kind == "quiz":
        return redirect(url_for("learn.quiz", key=target))
    return redirect(url_for("learn.module", slug=target))


@bp.route("/figures/<name>.svg", endpoint="course_figure")
def figure(name: str) -> ResponseReturnValue:
    if not FIGURE_NAME.fullmatch(name):
        abort(404)
    directory = Path(current_app.config["COURSE_DIR"]) / "figures"
    if not (directory / f"{name}.svg").is_file():
        abort(404)
    response = send_from_directory(directory, f"{name}.svg", mimetype="image/svg+xml", max_age=3600)
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
