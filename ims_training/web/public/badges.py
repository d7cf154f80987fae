"""The holder's public badge page and badge images (no login, rate limited like /verify)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Response, render_template
from flask.typing import ResponseReturnValue

from ...services.certification import certificates
from ...services.certification.badges import baked_badge, find_badge, program_badge
from . import bp
from .verify import limited


def _svg(data: bytes, *, filename: str | None = None, seconds: int = 300) -> Response:
    response = Response(data, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = f"public, max-age={seconds}"
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/badges/<code>")
@limited
def badge(code: str) -> ResponseReturnValue:
    found = find_badge(code, datetime.now(UTC))
    if found is None:
        return render_template("public/verify_not_found.html"), 404
    return render_template(
        "public/badge.html", badge=found, cert=found.cert, labels=certificates.STATUS_LABELS
    )


@bp.route("/badges/<code>/badge.svg")
@limited
def baked_badge_image(code: str) -> ResponseReturnValue:
    found = find_badge(code, datetime.now(UTC))
    if found is None or not found.shareable:
        return render_template("public/verify_not_found.html"), 404
    try:
        data = baked_badge(found)
    except ValueError:  # a stored credential that is not a compact JWS: nothing to bake
        return render_template("public/verify_not_found.html"), 404
    return _svg(data, filename=f"ims-badge-{found.cert.code}.svg", seconds=60)


@bp.route("/programs/<key>/badge.svg")
@limited
def program_badge_image(key: str) -> ResponseReturnValue:
    data = program_badge(key[:64])
    if data is None:
        return render_template("public/verify_not_found.html"), 404
    return _svg(data, seconds=3600)
