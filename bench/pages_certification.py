"""Benchmark page: the public certificate verification page (anonymous, one query)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from typing import Any

from .pages import PAGES, SEEDERS, BenchPage

# wrk sends thousands of requests a second from one address: lift the public limit for the run
# (the limiter still runs on every request, so its cost is measured).
os.environ.setdefault("PUBLIC_RATE_LIMIT", "100000000 per minute")


def seed_certificate(context: dict[str, Any]) -> None:
    """One active certificate held by a bench trainee, with real PDF and credential."""
    from ims_training.extensions import db
    from ims_training.models import Certificate, User
    from ims_training.services.certification.certificate_documents import render_documents
    from ims_training.services.certification.certificates import new_public_code
    from ims_training.services.certification.programs import ensure_default_program

    program, _ = ensure_default_program()
    holder = db.session.scalar(db.select(User).where(User.email == "trainee0@bench.example.org"))
    code, issued = new_public_code(), date.today()
    expires = date(issued.year + 2, issued.month, min(issued.day, 28))
    pdf, credential = render_documents(
        code=code,
        holder_name="Åse Şahin Ødegård",
        program=program,
        issued_on=issued,
        expires_on=expires,
    )
    db.session.add(
        Certificate(
            public_code=code,
            user_id=holder.id,
            program_id=program.id,
            holder_name="Åse Şahin Ødegård",
            issued_on=issued,
            expires_on=expires,
            status="active",
            status_changed_at=datetime.now(UTC),
            issued_by_id=holder.id,
            pdf=pdf,
            credential_jwt=credential,
        )
    )
    db.session.commit()
    context["certificate_code"] = code


SEEDERS.append(seed_certificate)
PAGES.append(
    BenchPage(
        "public verification page",
        lambda c: f"/verify/{c['certificate_code']}",
        login=None,
        goal=0.8,
    )
)
PAGES.append(
    BenchPage(
        "public verification JSON",
        lambda c: f"/verify/{c['certificate_code']}.json",
        login=None,
        goal=0.8,
    )
)
