"""Anyone can check a certificate by its code, or paste a credential; no login, rate limited."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Response, current_app, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Optional

from ...documents.credential import issuer_profile, revocation_list
from ...documents.keys import jwks as jwks_document
from ...extensions import limiter
from ...page_cache.pages import cached_page
from ...services.certification import certificates
from ...services.certification.certificate_documents import (
    base_url,
    issuer_email,
    signing_key,
    signing_kid,
)
from ...services.certification.verification import (
    check_credential,
    find_public,
    revoked_credentials,
)
from . import bp


def public_rate_limit() -> str:
    return str(current_app.config["PUBLIC_RATE_LIMIT"])


limited = limiter.limit(public_rate_limit)


class CredentialForm(FlaskForm):
    credential = TextAreaField(validators=[Optional()])  # length is judged by the verifier


def _not_found() -> tuple[str, int]:
    return render_template("public/verify_not_found.html"), 404


@bp.route("/verify", methods=["GET", "POST"])
@limited
def verify_form() -> ResponseReturnValue:
    code = (request.args.get("code") or "").strip()
    if code:
        normal = certificates.normalise_code(code)
        return redirect(url_for("public.verify", code=normal)) if normal else _not_found()
    form, verdict = CredentialForm(), None
    if form.validate_on_submit():
        verdict = check_credential(form.credential.data or "", datetime.now(UTC))
    return render_template(
        "public/verify_form.html", form=form, verdict=verdict, labels=certificates.STATUS_LABELS
    )


@bp.route("/verify/<code>")
@limited
@cached_page
def verify(code: str) -> ResponseReturnValue:
    if code.endswith(".json"):
        return verify_json(code.removesuffix(".json"))
    cert = find_public(code, datetime.now(UTC))
    if cert is None:
        return _not_found()
    return render_template("public/verify.html", cert=cert, labels=certificates.STATUS_LABELS)


@bp.route("/verify/<code>.json")
@limited
@cached_page
def verify_json(code: str) -> ResponseReturnValue:
    cert = find_public(code, datetime.now(UTC))
    if cert is None:
        return jsonify(error="not_found", message=_("No certificate has this code.")), 404
    return jsonify(cert.as_json())


def _public_json(document: object, seconds: int) -> Response:
    response = jsonify(document)
    response.headers["Cache-Control"] = f"public, max-age={seconds}"
    response.headers["Access-Control-Allow-Origin"] = "*"  # verifiers fetch these from anywhere
    return response


@bp.route("/.well-known/jwks.json")
@limited
def jwks() -> ResponseReturnValue:
    return _public_json(jwks_document(signing_key(), signing_kid()), 3600)


@bp.route("/issuer/keys/<thumbprint>")
@limited
def issuer_key(thumbprint: str) -> ResponseReturnValue:
    """What a credential's `kid` dereferences to: the public JWK itself (never a private member)."""
    key = signing_key()
    if thumbprint != key.thumbprint:
        return jsonify(error="not_found", message=_("No key has this identifier.")), 404
    return _public_json({**key.jwk, "kid": signing_kid(), "use": "sig", "alg": "RS256"}, 3600)


@bp.route("/issuer")
@limited
def issuer() -> ResponseReturnValue:
    """The issuer Profile (the credentials' `issuer.id`)."""
    return _public_json(issuer_profile(base_url(), email=issuer_email(), key=signing_key()), 3600)


@bp.route("/credentials/revocations")
@limited
def revocations() -> ResponseReturnValue:
    """The 1EdTech revocation list: every revoked, suspended or superseded credential's id.

    Cacheable for five minutes: a revocation reaches verifiers within that time. The ETag lets
    them re-check cheaply.
    """
    response = _public_json(revocation_list(base_url(), revoked_credentials()), 300)
    response.add_etag()
    return response.make_conditional(request)
