"""The opt-in public register of certified practitioners (`/register` is account sign-up)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import render_template, request
from flask.typing import ResponseReturnValue

from ...i18n import current_language
from ...services.certification import public_register
from . import bp
from .verify import limited


@bp.route("/practitioners")
@limited
def practitioners() -> ResponseReturnValue:
    filters = {k: (request.args.get(k) or "").strip()[:120] for k in ("name", "city", "profession")}
    searched = any(filters.values())
    results = public_register.search(
        name=filters["name"],
        city=filters["city"],
        profession=filters["profession"],
        now=datetime.now(UTC),
        lang=current_language(),
    )
    return render_template(
        "public/practitioners.html", results=results, filters=filters, searched=searched
    )
