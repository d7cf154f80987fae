"""Certificates (admin), the holder's pages (learn) and public verification and register."""

from __future__ import annotations

from datetime import UTC, date, datetime

from . import Expect
from .setup import HOOKS

ADMIN = ("administrator",)
LEARNERS = ("trainee", "instructor", "administrator")


def _certificate(world) -> None:  # type: ignore[no-untyped-def]
    """A certificate held by the matrix trainee, inserted directly (no PDF rendering: keep it fast)."""
    from ims_training.extensions import db
    from ims_training.models import Certificate, ContinuingEducation
    from ims_training.services.certification.certificates import new_public_code
    from ims_training.services.certification.programs import ensure_default_program

    program, _ = ensure_default_program()
    trainee, admin = world.users["trainee"], world.users["administrator"]
    cert = Certificate(
        public_code=new_public_code(),
        user_id=trainee.id,
        program_id=program.id,
        holder_name=trainee.name,
        issued_on=date(2026, 1, 1),
        expires_on=date(2099, 1, 1),
        status="active",
        status_changed_at=datetime.now(UTC),
        issued_by_id=admin.id,
        pdf=b"%PDF-1.4 matrix",
        credential_jwt="x.y.z",
    )
    entry = ContinuingEducation(
        user_id=trainee.id,
        completed_on=date(2026, 1, 2),
        hours=2,
        description="matrix",
        status="pending",
    )
    db.session.add_all([cert, entry])
    db.session.commit()
    world.extra.update(cert_id=cert.id, cert_code=cert.public_code, ce_id=entry.id)


HOOKS.append(_certificate)


def _cert(suffix: str = ""):  # type: ignore[no-untyped-def]
    return lambda w: f"/admin/certificates/{w.extra['cert_id']}{suffix}"


def _thumbprint() -> str:
    from ims_training.services.certification.certificate_documents import signing_key

    return signing_key().thumbprint


EXPECTATIONS = {
    "admin.certificates": Expect("/admin/certificates", allowed=ADMIN),
    "admin.certificate_issue": Expect(
        "/admin/certificates/issue",
        methods=("GET", "POST"),
        allowed=ADMIN,
        data={"email": "matrix-trainee@example.org", "program": "ims-practitioner"},
    ),
    "admin.certificate_detail": Expect(_cert(), allowed=ADMIN),
    "admin.certificate_status": Expect(
        _cert("/status"),
        methods=("POST",),
        allowed=ADMIN,
        data={"action": "suspend", "reason": "matrix"},
    ),
    "admin.certificate_renew": Expect(_cert("/renew"), methods=("POST",), allowed=ADMIN),
    "admin.certificate_rename": Expect(
        _cert("/rename"), methods=("POST",), allowed=ADMIN, data={"name": "Matrix Renamed"}
    ),
    "admin.certificate_pdf": Expect(_cert(".pdf"), allowed=ADMIN),
    "admin.review_ce": Expect(
        lambda w: f"/admin/continuing-education/{w.extra['ce_id']}",
        methods=("POST",),
        allowed=ADMIN,
        data={"decision": "approve"},
    ),
    "learn.my_certificates": Expect("/learn/my-certificates", allowed=LEARNERS),
    # Only the holder downloads from learn; staff see another's certificate as not found.
    "learn.certificate_pdf": Expect(
        lambda w: f"/learn/my-certificates/{w.extra['cert_id']}.pdf",
        allowed=LEARNERS,
        overrides={"instructor": 404, "administrator": 404},
    ),
    "learn.submit_ce": Expect(
        "/learn/my-certificates/continuing-education",
        methods=("POST",),
        allowed=LEARNERS,
        data={"completed_on": "2026-01-05", "hours": "2", "description": "matrix"},
    ),
    "learn.register_listing": Expect(
        "/learn/public-register",
        methods=("GET", "POST"),
        allowed=LEARNERS,
        data={"opted_in": "y", "display_name": "Matrix"},
    ),
    "public.verify_form": Expect(
        "/verify", methods=("GET", "POST"), public=True, data={"credential": "not-a-jwt"}
    ),
    "public.verify": Expect(lambda w: f"/verify/{w.extra['cert_code']}", public=True),
    "public.verify_json": Expect(lambda w: f"/verify/{w.extra['cert_code']}.json", public=True),
    "public.jwks": Expect("/.well-known/jwks.json", public=True),
    "public.practitioners": Expect("/practitioners", public=True),
    # issue 9: the administrators' "ready to certify" list (other roles: 403, anonymous: login)
    "admin.ready_to_certify": Expect("/admin/certificates/ready", allowed=ADMIN),
    "public.issuer": Expect("/issuer", public=True),
    "public.issuer_key": Expect(lambda w: f"/issuer/keys/{_thumbprint()}", public=True),
    "public.revocations": Expect("/credentials/revocations", public=True),
    "public.badge": Expect(lambda w: f"/badges/{w.extra['cert_code']}", public=True),
    "public.baked_badge_image": Expect(
        lambda w: f"/badges/{w.extra['cert_code']}/badge.svg", public=True
    ),
    "public.program_badge_image": Expect("/programs/ims-practitioner/badge.svg", public=True),
}
