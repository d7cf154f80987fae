"""Administrators: certificates (issue, suspend, reinstate, revoke, renew, correct) and CE review."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ...domain.certificates import expiry_date
from ...extensions import db
from ...formats import day
from ...i18n import localised
from ...models import Certificate, Program, User
from ...services.certification import certificate_queries, certificates
from ...services.certification import continuing_education as ce
from ...services.certification.programs import active_programs
from ...services.certification.ready import ready_to_certify as ready_list
from ...services.certification.renewal import renewal_evidence
from ...services.evidence import record_corrections
from ...services.evidence.evidence import default_program
from .. import downloads
from ..confirm import check_expected, confirmation, confirmed
from ..service_call import call_service
from ..urls import page_arg
from . import bp
from .certificate_forms import IssueForm, RenameForm, RenewForm, ReviewForm, StatusForm


def _now() -> datetime:
    return datetime.now(UTC)


def _cert_or_404(cert_id: int) -> Certificate:
    return db.get_or_404(Certificate, cert_id)


@bp.route("/certificates", endpoint="certificates")
def certificates_list() -> ResponseReturnValue:
    status, q = request.args.get("status", ""), (request.args.get("q") or "").strip()
    page = page_arg()
    return render_template(
        "admin/certificates.html",
        status=status,
        q=q,
        filters=certificate_queries.FILTERS,
        pagination=certificate_queries.list_certificates(status=status, q=q, now=_now(), page=page),
        expiring=certificate_queries.expiring(_now()),
        pending=ce.pending_entries(),
        labels=certificates.STATUS_LABELS,
        status_now=certificate_queries.status_now,
        now=_now(),
        review_form=ReviewForm(),
    )


@bp.route("/certificates/ready")
def ready_to_certify() -> ResponseReturnValue:
    """Trainees who meet every requirement and hold no current certificate; issue from here."""
    program = default_program()
    ready = ready_list(program, _now()) if program is not None else []
    return render_template(
        "admin/certificates_ready.html", program=program, ready=ready, form=IssueForm()
    )


@bp.route("/certificates/issue", methods=["GET", "POST"])
def certificate_issue() -> ResponseReturnValue:
    """Issue by e-mail (or from the ready list): a confirmation page first, then the issue."""
    form = IssueForm(email=request.args.get("email"))
    form.program.choices = [(p.key, localised(p.title)) for p in active_programs()]
    found = form.validate_on_submit() and call_service(
        lambda: certificates.recipient(form.email.data or "", form.program.data or ""), form=form
    )
    if found:
        user, program = found.value
        if not confirmed():
            if call_service(lambda: certificates.check_issuable(user, program, _now())):
                return _confirm_issue(user, program)
        elif issued := call_service(
            lambda: certificates.issue(user, program, actor=current_user, now=_now())
        ):
            flash(_("Certificate issued to %(name)s.", name=issued.value.holder_name), "success")
            return redirect(url_for("admin.certificate_detail", cert_id=issued.value.id))
    return render_template("admin/certificate_issue.html", form=form)


def _confirm_issue(user: User, program: Program) -> tuple[str, int]:
    expires = expiry_date(_now().date(), program.validity_months)
    return confirmation(
        title=_("Issue a certificate to %(name)s?", name=user.name),
        consequences=[
            _(
                "%(name)s (%(email)s) is certified as %(program)s, valid until %(date)s.",
                name=user.name,
                email=user.email,
                program=localised(program.title),
                date=format_date(expires, "long"),
            ),
            _(
                "The PDF and the signed credential are made now, with the name as it is printed: %(name)s.",
                name=user.name.strip(),
            ),
            _(
                "The certificate can be verified by anyone at once. Only revoking it, which is public, "
                "takes it back."
            ),
        ],
        action=url_for("admin.certificate_issue"),
        button=_("Issue the certificate"),
        cancel=url_for("admin.ready_to_certify"),
        fields={"email": user.email, "program": program.key},
    )


@bp.route("/certificates/<int:cert_id>")
def certificate_detail(cert_id: int) -> ResponseReturnValue:
    cert = _cert_or_404(cert_id)
    return render_template(
        "admin/certificate_detail.html",
        cert=cert,
        status=certificate_queries.status_now(cert, _now()),
        labels=certificates.STATUS_LABELS,
        status_form=StatusForm(),
        renew_form=RenewForm(),
        rename_form=RenameForm(name=cert.holder_name),
        evidence=renewal_evidence(cert, _now()),
        withdrawn=record_corrections.withdrawn_evidence_for(cert),
    )


STATUS_CONSEQUENCES = {
    "suspend": (
        _l("Suspend this certificate?"),
        [
            _l(
                "The public verification page shows it as suspended, with no reason given, until it is reinstated."
            ),
            _l("The reason is recorded in the history."),
        ],
        _l("Suspend the certificate"),
    ),
    "reinstate": (
        _l("Reinstate this certificate?"),
        [_l("The public verification page shows it as valid again.")],
        _l("Reinstate the certificate"),
    ),
    "revoke": (
        _l("Revoke this certificate for good?"),
        [
            _l("Revoking is permanent: a revoked certificate cannot be reinstated or renewed."),
            _l(
                "It is public: the verification page and the signed credential's status show it as revoked "
                "from now on, with the date."
            ),
            _l("The reason is recorded in the history."),
        ],
        _l("Revoke the certificate"),
    ),
}


@bp.route("/certificates/<int:cert_id>/status", methods=["POST"])
def certificate_status(cert_id: int) -> ResponseReturnValue:
    """Suspend, reinstate or revoke, after a confirmation that names the consequence."""
    cert, form = _cert_or_404(cert_id), StatusForm()
    if not form.validate_on_submit():
        flash(_("Choose an action and keep the reason under 1000 characters."), "error")
        return redirect(url_for("admin.certificate_detail", cert_id=cert_id))
    action, reason = form.action.data or "", (form.reason.data or "").strip()
    check_expected(cert.status)
    if action in ("suspend", "revoke") and not reason:
        flash(_("Give a reason: it is recorded and shown in the history."), "error")
        return redirect(url_for("admin.certificate_detail", cert_id=cert_id))
    if not confirmed():
        title, consequences, button = STATUS_CONSEQUENCES[action]
        return confirmation(
            title=str(title),
            consequences=[*map(str, consequences), _("Reason: %(reason)s", reason=reason)]
            if reason
            else list(map(str, consequences)),
            action=url_for("admin.certificate_status", cert_id=cert_id),
            button=str(button),
            cancel=url_for("admin.certificate_detail", cert_id=cert_id),
            fields={"action": action, "reason": reason},
            expected=cert.status,
            danger=action == "revoke",
        )
    if call_service(
        lambda: certificates.change_status(
            cert, action, actor=current_user, reason=reason, now=_now()
        )
    ):
        flash(
            _("The certificate is now %(status)s.", status=certificates.STATUS_LABELS[cert.status]),
            "success",
        )
    return redirect(url_for("admin.certificate_detail", cert_id=cert_id))


@bp.route("/certificates/<int:cert_id>/renew", methods=["POST"])
def certificate_renew(cert_id: int) -> ResponseReturnValue:
    cert = _cert_or_404(cert_id)
    if RenewForm().validate_on_submit() and call_service(
        lambda: certificates.renew(cert, actor=current_user, now=_now())
    ):
        flash(_("Renewed: now valid until %(date)s.", date=day(cert.expires_on)), "success")
    return redirect(url_for("admin.certificate_detail", cert_id=cert_id))


@bp.route("/certificates/<int:cert_id>/rename", methods=["POST"])
def certificate_rename(cert_id: int) -> ResponseReturnValue:
    """Re-issue with a corrected name, after a confirmation."""
    cert, form = _cert_or_404(cert_id), RenameForm()
    if form.validate_on_submit():
        check_expected(cert.status)
        if not confirmed():
            if not call_service(lambda: certificates.check_new_name(form.name.data or "")):
                return redirect(url_for("admin.certificate_detail", cert_id=cert_id))
            return confirmation(
                title=_("Re-issue the certificate as %(name)s?", name=form.name.data),
                consequences=[
                    _(
                        "A new certificate with a new code, PDF and credential is made for %(name)s.",
                        name=form.name.data,
                    ),
                    _(
                        "This one (%(code)s) becomes superseded: its verification page points to the new one.",
                        code=cert.public_code,
                    ),
                ],
                action=url_for("admin.certificate_rename", cert_id=cert_id),
                button=_("Re-issue"),
                cancel=url_for("admin.certificate_detail", cert_id=cert_id),
                fields={"name": form.name.data or "", "reason": form.reason.data or ""},
                expected=cert.status,
            )
        fresh = call_service(
            lambda: certificates.correct_name(
                cert, form.name.data or "", actor=current_user, reason=form.reason.data, now=_now()
            )
        )
        if fresh:
            flash(
                _("Re-issued with the corrected name; the old certificate is superseded."),
                "success",
            )
            return redirect(url_for("admin.certificate_detail", cert_id=fresh.value.id))
    else:
        flash(_("Enter the name as it should be printed (at most 200 characters)."), "error")
    return redirect(url_for("admin.certificate_detail", cert_id=cert_id))


@bp.route("/certificates/<int:cert_id>.pdf")
def certificate_pdf(cert_id: int) -> ResponseReturnValue:
    cert = _cert_or_404(cert_id)
    return downloads.certificate_pdf(cert, attachment=False)


@bp.route("/continuing-education/<int:entry_id>", methods=["POST"])
def review_ce(entry_id: int) -> ResponseReturnValue:
    form = ReviewForm()
    reviewed = form.validate_on_submit() and call_service(
        lambda: ce.review(
            entry_id, approve=form.decision.data == "approve", actor=current_user, now=_now()
        )
    )
    if reviewed:
        flash(
            _("Continuing education approved.")
            if reviewed.value.status == "approved"
            else _("Continuing education rejected."),
            "success",
        )
    return redirect(url_for("admin.certificates"))
