"""Coordinators follow their own partner's cohorts: progress, quiz results, certification, CSV.

Every cohort and trainee is loaded through the coordinator's partners, so another partner's ids
answer 404 and reveal nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ...domain import cohort_table
from ...i18n import current_language
from ...models import Cohort
from ...page_cache.pages import cached_page
from ...services.evidence import evidence
from ...services.partners import cohort_report, partners
from .. import checklist
from ..downloads import csv_download
from . import bp


def _cohort_or_404(cohort_id: int) -> Cohort:
    return partners.coordinated_cohort(current_user, cohort_id) or abort(404)


@bp.route("/", endpoint="cohorts")
@bp.route("/cohorts", endpoint="cohorts")
def cohorts_index() -> ResponseReturnValue:
    return render_template(
        "partner/cohorts.html",
        summaries=cohort_report.summaries(partners.coordinated_cohorts(current_user)),
    )


@bp.route("/cohorts/<int:cohort_id>")
@cached_page(vary=partners.cohort_members_version)
def cohort(cohort_id: int) -> ResponseReturnValue:
    """Cached on its members' versions (partners.cohort_members_version): everything else on the
    page (sign-offs, cases, licences, certificates, the program) bumps the shared generation, and
    the coordinator's own access (partner coordinators, roles) the generation or their own
    version: all in the cache key. The table sorts and filters on the server (links and a GET
    form), so it works without JS."""
    report = cohort_report.cohort_report(_cohort_or_404(cohort_id), datetime.now(UTC))
    view: dict[str, Any] = {
        "sort": request.args.get("sort", "name"),
        "desc": request.args.get("desc") == "1",
        "show": request.args.get("show", "all"),
        "q": request.args.get("q", "").strip()[:100],
    }
    rows = cohort_table.arrange(
        report.rows,
        sort=view["sort"],
        descending=view["desc"],
        show=view["show"],
        query=view["q"],
        final_key=report.final_key,
    )
    return render_template("partner/cohort.html", report=report, rows=rows, view=view)


@bp.route("/cohorts/<int:cohort_id>/export.csv")
@cached_page(vary=partners.cohort_members_version)
def cohort_csv(cohort_id: int) -> ResponseReturnValue:
    """The cohort page's report as a file, cached on the same key (the CSV shows what the page
    shows; the key holds the language and the `sep` asked for): building it reads every
    member's progress, attempts and certificates, about 50 ms for 200 members."""
    cohort = _cohort_or_404(cohort_id)
    # Norwegian Excel splits on ";" (its list separator), English on ","; either can be asked for.
    sep = request.args.get("sep") or ("semicolon" if current_language() == "nb" else "comma")
    data = cohort_report.cohort_csv(
        cohort_report.cohort_report(cohort, datetime.now(UTC)),
        delimiter=";" if sep == "semicolon" else ",",
    )
    return csv_download(
        data, f"{partners.slugify(cohort.partner.name)}-{partners.slugify(cohort.name)}.csv"
    )


@bp.route("/cohorts/<int:cohort_id>/trainees/<int:user_id>")
def member(cohort_id: int, user_id: int) -> ResponseReturnValue:
    cohort = _cohort_or_404(cohort_id)
    trainee = partners.cohort_member(cohort, user_id) or abort(404)
    program = cohort_report.cohort_program(cohort)
    return render_template(
        "partner/member.html",
        cohort=cohort,
        trainee=trainee,
        checklist=checklist.checklist_for(trainee.id, program, datetime.now(UTC))
        if program
        else None,
        certificate=evidence.latest_certificates([trainee.id]).get(trainee.id),
        report=cohort_report.cohort_report(cohort, datetime.now(UTC), only_user_id=trainee.id),
    )
