"""The holder's own certificates: PDF download, continuing education, the public-register opt-in."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ...extensions import db
from ...models import Certificate
from ...services.certification import certificate_queries, certificates, public_register
from ...services.certification import continuing_education as ce
from .. import downloads
from ..service_call import call_service
from . import bp
from .certificate_forms import ContinuingEducationForm, ListingForm


def _own_certificate_or_404(cert_id: int) -> Certificate:
    """The holder's own certificate; another holder's is a 404, never a 403."""
    return db.one_or_404(
        select(Certificate).where(Certificate.id == cert_id, Certificate.user_id == current_user.id)
    )


@bp.route("/my-certificates")
def my_certificates() -> ResponseReturnValue:
    now = datetime.now(UTC)
    return render_template(
        "learn/my_certificates.html",
        certs=certificate_queries.holder_certificates(current_user.id),
        entries=ce.entries_of(current_user.id),
        form=ContinuingEducationForm(),
        now=now,
        status_now=certificate_queries.status_now,
        labels=certificates.STATUS_LABELS,
        expiring={c.id for c in certificate_queries.expiring(now) if c.user_id == current_user.id},
    )


@bp.route("/my-certificates/<int:cert_id>.pdf")
def certificate_pdf(cert_id: int) -> ResponseReturnValue:
    cert = _own_certificate_or_404(cert_id)
    return downloads.certificate_pdf(cert, attachment=True)


@bp.route("/my-certificates/continuing-education", methods=["POST"])
def submit_ce() -> ResponseReturnValue:
    form = ContinuingEducationForm()
    if form.validate_on_submit():
        if call_service(
            lambda: ce.submit(
                current_user,
                completed_on=form.completed_on.data,
                hours=float(form.hours.data),
                description=form.description.data or "",
                now=datetime.now(UTC),
            )
        ):
            flash(_("Sent for approval. An administrator reviews it."), "success")
    else:
        flash(_("Check the date, the hours (0.5 to 100) and the description."), "error")
    return redirect(url_for("learn.my_certificates"))


@bp.route("/public-register", methods=["GET", "POST"])
def register_listing() -> ResponseReturnValue:
    listing = public_register.listing_of(current_user)
    form = ListingForm(
        obj=listing,
        data=None
        if listing
        else {
            "display_name": current_user.name,
            "city": current_user.city,
            "profession": current_user.profession,
        },
    )
    if form.validate_on_submit() and call_service(
        lambda: public_register.save_listing(
            current_user,
            opted_in=form.opted_in.data,
            display_name=form.display_name.data or "",
            city=form.city.data,
            show_city=form.show_city.data,
            profession=form.profession.data,
            show_profession=form.show_profession.data,
            now=datetime.now(UTC),
        )
    ):
        flash(_("Your register entry is saved."), "success")
        return redirect(url_for("learn.register_listing"))
    return render_template(
        "learn/register_listing.html",
        form=form,
        listing=listing,
        listed=public_register.is_listed(current_user, datetime.now(UTC)),
    )
