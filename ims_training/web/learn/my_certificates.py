"""The holder's own certificates: PDF download, continuing education, the public-register opt-in."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db
from ...models import Certificate
from ...services import ServiceError
from ...services.certification import certificate_queries, certificates, public_register
from ...services.certification import continuing_education as ce
from .. import downloads
from . import bp
from .certificate_forms import ContinuingEducationForm, ListingForm


def _own_certificate_or_404(cert_id: int) -> Certificate:
    cert = db.session.get(Certificate, cert_id)
    if cert is None or cert.user_id != current_user.id:
        abort(404)
    return cert


@bp.route("/my-certificates")
def my_certificates():  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    return render_template(
        "learn/my_certificates.html", certs=certificate_queries.holder_certificates(current_user.id),
        entries=ce.entries_of(current_user.id), form=ContinuingEducationForm(), now=now,
        status_now=certificate_queries.status_now, labels=certificates.STATUS_LABELS,
        expiring={c.id for c in certificate_queries.expiring(now) if c.user_id == current_user.id})


@bp.route("/my-certificates/<int:cert_id>.pdf")
def certificate_pdf(cert_id: int):  # type: ignore[no-untyped-def]
    cert = _own_certificate_or_404(cert_id)
    return downloads.certificate_pdf(cert, attachment=True)


@bp.route("/my-certificates/continuing-education", methods=["POST"])
def submit_ce():  # type: ignore[no-untyped-def]
    form = ContinuingEducationForm()
    if form.validate_on_submit():
        try:
            ce.submit(current_user, completed_on=form.completed_on.data, hours=float(form.hours.data),
                      description=form.description.data or "", now=datetime.now(UTC))
        except ServiceError as e:
            flash(e.message, "error")
        else:
            flash(_("Sent for approval. An administrator reviews it."), "success")
    else:
        flash(_("Check the date, the hours (0.5 to 100) and the description."), "error")
    return redirect(url_for("learn.my_certificates"))


@bp.route("/public-register", methods=["GET", "POST"])
def register_listing():  # type: ignore[no-untyped-def]
    listing = public_register.listing_of(current_user)
    form = ListingForm(obj=listing, data=None if listing else {"display_name": current_user.name,
                                                                "city": current_user.city,
                                                                "profession": current_user.profession})
    if form.validate_on_submit():
        try:
            public_register.save_listing(
                current_user, opted_in=form.opted_in.data, display_name=form.display_name.data or "",
                city=form.city.data, show_city=form.show_city.data, profession=form.profession.data,
                show_profession=form.show_profession.data, now=datetime.now(UTC))
        except ServiceError as e:
            flash(e.message, "error")
        else:
            flash(_("Your register entry is saved."), "success")
            return redirect(url_for("learn.register_listing"))
    return render_template("learn/register_listing.html", form=form, listing=listing,
                           listed=public_register.is_listed(current_user, datetime.now(UTC)))
