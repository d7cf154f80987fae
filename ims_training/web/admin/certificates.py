"""Administrators: certificates (issue, suspend, reinstate, revoke, renew, correct) and CE review."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db
from ...formats import day
from ...i18n import localised
from ...models import Certificate, Program
from ...services import (
    ServiceError,
    accounts,
    certificate_queries,
    certificates,
    record_corrections,
)
from ...services import continuing_education as ce
from ...services.programs import active_programs
from ...services.renewal import renewal_evidence
from .. import downloads
from . import bp
from .certificate_forms import IssueForm, RenameForm, RenewForm, ReviewForm, StatusForm


def _now() -> datetime:
    return datetime.now(UTC)


def _cert_or_404(cert_id: int) -> Certificate:
    return db.get_or_404(Certificate, cert_id)


@bp.route("/certificates", endpoint="certificates")
def certificates_list():  # type: ignore[no-untyped-def]
    status, q = request.args.get("status", ""), (request.args.get("q") or "").strip()
    page = max(1, request.args.get("page", 1, type=int))
    return render_template(
        "admin/certificates.html", status=status, q=q, filters=certificate_queries.FILTERS,
        pagination=certificate_queries.list_certificates(status=status, q=q, now=_now(), page=page),
        expiring=certificate_queries.expiring(_now()), pending=ce.pending_entries(),
        labels=certificates.STATUS_LABELS, status_now=certificate_queries.status_now, now=_now(),
        review_form=ReviewForm())



@bp.route("/certificates/issue", methods=["GET", "POST"])
def certificate_issue():  # type: ignore[no-untyped-def]
    form = IssueForm(email=request.args.get("email"))
    form.program.choices = [(p.key, localised(p.title)) for p in active_programs()]
    if form.validate_on_submit():
        user = accounts.find_user_by_email(form.email.data or "")
        program = db.session.scalar(db.select(Program).where(Program.key == form.program.data))
        if user is None or program is None:
            form.email.errors.append(_("No account has this e-mail address."))
        else:
            try:
                cert = certificates.issue(user, program, actor=current_user, now=_now())
            except ServiceError as e:
                flash(e.message, "error")
            else:
                flash(_("Certificate issued to %(name)s.", name=cert.holder_name), "success")
                return redirect(url_for("admin.certificate_detail", cert_id=cert.id))
    return render_template("admin/certificate_issue.html", form=form)


@bp.route("/certificates/<int:cert_id>")
def certificate_detail(cert_id: int):  # type: ignore[no-untyped-def]
    cert = _cert_or_404(cert_id)
    return render_template(
        "admin/certificate_detail.html", cert=cert, status=certificate_queries.status_now(cert, _now()),
        labels=certificates.STATUS_LABELS, status_form=StatusForm(), renew_form=RenewForm(),
        rename_form=RenameForm(name=cert.holder_name), evidence=renewal_evidence(cert, _now()),
        withdrawn=record_corrections.withdrawn_evidence_for(cert))


@bp.route("/certificates/<int:cert_id>/status", methods=["POST"])
def certificate_status(cert_id: int):  # type: ignore[no-untyped-def]
    cert, form = _cert_or_404(cert_id), StatusForm()
    if not form.validate_on_submit():
        flash(_("Choose an action and keep the reason under 1000 characters."), "error")
    else:
        try:
            certificates.change_status(cert, form.action.data, actor=current_user,
                                       reason=form.reason.data, now=_now())
        except ServiceError as e:
            flash(e.message, "error")
        else:
            flash(_("The certificate is now %(status)s.", status=certificates.STATUS_LABELS[cert.status]), "success")
    return redirect(url_for("admin.certificate_detail", cert_id=cert_id))


@bp.route("/certificates/<int:cert_id>/renew", methods=["POST"])
def certificate_renew(cert_id: int):  # type: ignore[no-untyped-def]
    cert = _cert_or_404(cert_id)
    if RenewForm().validate_on_submit():
        try:
            certificates.renew(cert, actor=current_user, now=_now())
        except ServiceError as e:
            flash(e.message, "error")
        else:
            flash(_("Renewed: now valid until %(date)s.", date=day(cert.expires_on)), "success")
    return redirect(url_for("admin.certificate_detail", cert_id=cert_id))


@bp.route("/certificates/<int:cert_id>/rename", methods=["POST"])
def certificate_rename(cert_id: int):  # type: ignore[no-untyped-def]
    cert, form = _cert_or_404(cert_id), RenameForm()
    if form.validate_on_submit():
        try:
            fresh = certificates.correct_name(cert, form.name.data or "", actor=current_user,
                                              reason=form.reason.data, now=_now())
        except ServiceError as e:
            flash(e.message, "error")
        else:
            flash(_("Re-issued with the corrected name; the old certificate is superseded."), "success")
            return redirect(url_for("admin.certificate_detail", cert_id=fresh.id))
    else:
        flash(_("Enter the name as it should be printed (at most 200 characters)."), "error")
    return redirect(url_for("admin.certificate_detail", cert_id=cert_id))


@bp.route("/certificates/<int:cert_id>.pdf")
def certificate_pdf(cert_id: int):  # type: ignore[no-untyped-def]
    cert = _cert_or_404(cert_id)
    return downloads.certificate_pdf(cert, attachment=False)


@bp.route("/continuing-education/<int:entry_id>", methods=["POST"])
def review_ce(entry_id: int):  # type: ignore[no-untyped-def]
    form = ReviewForm()
    if form.validate_on_submit():
        try:
            entry = ce.review(entry_id, approve=form.decision.data == "approve", actor=current_user, now=_now())
        except ServiceError as e:
            flash(e.message, "error")
        else:
            flash(_("Continuing education approved.") if entry.status == "approved"
                  else _("Continuing education rejected."), "success")
    return redirect(url_for("admin.certificates"))
