"""File downloads the pages offer (CSV exports, certificate PDFs)."""

from __future__ import annotations

from urllib.parse import quote

from flask import Response, abort

from ..models import Certificate


def csv_download(data: bytes, filename: str) -> Response:
    """A CSV attachment; `filename` may hold æ, ø, å (RFC 6266 filename*), an ASCII fallback is given."""
    fallback = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    return Response(
        data,
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": disposition, "Cache-Control": "no-store"},
    )


def certificate_pdf(cert: Certificate, *, attachment: bool) -> Response:
    """The certificate's PDF exactly as frozen at issue; 404 when it has none."""
    if not cert.pdf:
        abort(404)
    disposition = "attachment" if attachment else "inline"
    return Response(
        cert.pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'{disposition}; filename="certificate-{cert.public_code}.pdf"',
            "Cache-Control": "no-store",
        },
    )  # a personal document: no copy in shared or browser caches
