"""The documents frozen into a certificate at issue: the PDF and the signed credential."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from ..documents.credential import CredentialInput, sign, verify_url
from ..documents.keys import SigningKey, load_signing_key
from ..documents.pdf import CertificateDocument, render_pdf, unprintable_characters
from ..models import Program
from . import ServiceError


def signing_key() -> SigningKey:
    """The portal's signing key from `SIGNING_KEY_PATH` (default instance/keys/), made on first use."""
    path = current_app.config.get("SIGNING_KEY_PATH") or str(
        Path(current_app.instance_path) / "keys" / "signing-ed25519.pem"
    )
    return load_signing_key(path)


def base_url() -> str:
    return str(current_app.config.get("PUBLIC_BASE_URL") or "http://127.0.0.1:5000").rstrip("/")


def render_documents(
    *, code: str, holder_name: str, program: Program, issued_on: date, expires_on: date
) -> tuple[bytes, str]:
    """(PDF bytes, credential JWT) for a certificate with these details.

    A name the PDF font cannot fully draw is refused (nothing is issued): the printed name must
    always equal the verified one.
    """
    missing = unprintable_characters(holder_name)
    if missing:
        raise ServiceError(_(
            "The name %(name)s contains characters the certificate cannot print (%(chars)s). "
            "Correct the name on the account, or write it in Latin letters.",
            name=holder_name, chars=" ".join(missing)), field="name")
    title = program.title or {}
    url = verify_url(base_url(), code)
    pdf = render_pdf(CertificateDocument(
        holder_name=holder_name, program_title_en=title.get("en") or program.key,
        program_title_nb=title.get("nb") or "", issued_on=issued_on, expires_on=expires_on,
        public_code=code, verify_url=url,
    ))
    credential = sign(CredentialInput(
        public_code=code, holder_name=holder_name, program_key=program.key,
        program_title=title.get("en") or program.key, issued_on=issued_on,
        expires_on=expires_on, base_url=base_url(),
    ), signing_key())
    return pdf, credential
