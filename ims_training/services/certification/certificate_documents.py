"""The documents frozen into a certificate at issue: the PDF and the signed credential."""

from __future__ import annotations

from datetime import date
from email.utils import parseaddr
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from ...documents.credential import ISSUER_NAME, CredentialInput, key_url, nfc, sign, verify_url
from ...documents.criteria import criteria_lines
from ...documents.keys import KEY_FILE_NAME, SigningKey, load_signing_key
from ...documents.pdf import CertificateDocument, render_pdf, unprintable_characters
from ...extensions import db
from ...models import ProfessionalLicence, Program
from .. import ServiceError
from ..evidence.evidence import published_lesson_keys


def signing_key() -> SigningKey:
    """The portal's RSA signing key from `SIGNING_KEY_PATH` (default instance/keys/), made on first use."""
    path = current_app.config.get("SIGNING_KEY_PATH") or str(
        Path(current_app.instance_path) / "keys" / KEY_FILE_NAME
    )
    return load_signing_key(path)


def base_url() -> str:
    return str(current_app.config.get("PUBLIC_BASE_URL") or "http://127.0.0.1:5000").rstrip("/")


def signing_kid() -> str:
    """The `kid` the portal's credentials carry: the URL of the public key."""
    return key_url(base_url(), signing_key())


def issuer_email() -> str:
    """The issuer's contact address: `ISSUER_EMAIL`, else the address in `MAIL_FROM`."""
    configured = current_app.config.get("ISSUER_EMAIL") or ""
    if configured:
        return str(configured)
    return parseaddr(str(current_app.config.get("MAIL_FROM") or ""))[1]


def holder_profession(user_id: int) -> str:
    """The profession on the holder's latest verified licence ("" without one)."""
    return (
        db.session.scalar(
            select(ProfessionalLicence.profession)
            .where(ProfessionalLicence.user_id == user_id, ProfessionalLicence.status == "verified")
            .order_by(ProfessionalLicence.checked_at.desc(), ProfessionalLicence.id.desc())
            .limit(1)
        )
        or ""
    )


def check_printable(holder_name: str) -> None:
    """Refuse a name the PDF font cannot fully draw: the printed name must equal the verified one."""
    missing = unprintable_characters(nfc(holder_name))
    if missing:
        raise ServiceError(
            _(
                "The name %(name)s contains characters the certificate cannot print (%(chars)s). "
                "Correct the name on the account, or write it in Latin letters.",
                name=holder_name,
                chars=" ".join(missing),
            ),
            field="name",
        )


def render_documents(
    *,
    code: str,
    holder_name: str,
    program: Program,
    issued_on: date,
    expires_on: date,
    profession: str = "",
    signatory: str = "",
    holder_email: str = "",
    credential_id: str = "",
) -> tuple[bytes, str]:
    """(PDF bytes, credential JWT) for a certificate with these details.

    The PDF names the issuer, the program's criteria (lessons counted as published now), the
    holder's profession from their checked licence and the issuing administrator. A name the PDF
    font cannot fully draw is refused (nothing is issued): the printed name must always equal
    the verified one.
    """
    holder_name = nfc(holder_name)
    check_printable(holder_name)
    title = program.title or {}
    url = verify_url(base_url(), code)
    criteria_en, criteria_nb = criteria_lines(
        program.requirements or {}, len(published_lesson_keys())
    )
    pdf = render_pdf(
        CertificateDocument(
            holder_name=holder_name,
            program_title_en=title.get("en") or program.key,
            program_title_nb=title.get("nb") or "",
            issued_on=issued_on,
            expires_on=expires_on,
            public_code=code,
            verify_url=url,
            issuer_name=ISSUER_NAME,
            criteria_en=criteria_en,
            criteria_nb=criteria_nb,
            profession=profession,
            signatory=signatory,
        )
    )
    credential = sign_credential(
        code=code,
        holder_name=holder_name,
        program=program,
        issued_on=issued_on,
        expires_on=expires_on,
        holder_email=holder_email,
        credential_id=credential_id,
    )
    return pdf, credential


def sign_credential(
    *,
    code: str,
    holder_name: str,
    program: Program,
    issued_on: date,
    expires_on: date,
    holder_email: str,
    credential_id: str,
) -> str:
    """The signed Open Badges credential (VC-JWT) for a certificate with these details."""
    title = program.title or {}
    return sign(
        CredentialInput(
            public_code=code,
            holder_name=nfc(holder_name),
            program_key=program.key,
            program_title=title.get("en") or program.key,
            issued_on=issued_on,
            expires_on=expires_on,
            base_url=base_url(),
            holder_email=holder_email,
            credential_id=credential_id,
            issuer_email=issuer_email(),
        ),
        signing_key(),
    )
