"""The printable certificate: an A4 PDF with the issuer, the holder's name and profession, the
program and its criteria, dates, the issuing administrator's signature line, code and QR code.

Made with fpdf2 and an embedded DejaVu Sans (Unicode; the PDF core fonts cannot draw ş, ğ or İ)
and segno for the QR code. Bilingual (English and Norwegian) so it serves every holder. Rendered
once at issue; the bytes are stored and served as they are.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

import segno
from fpdf import FPDF

FONTS = Path(__file__).with_name("fonts")
FAMILY = "DejaVu"


@dataclass(frozen=True)
class CertificateDocument:
    """What the PDF shows."""

    holder_name: str
    program_title_en: str
    program_title_nb: str
    issued_on: date
    expires_on: date
    public_code: str
    verify_url: str
    issuer_name: str = "IMS Training Portal"
    criteria_en: str = ""
    criteria_nb: str = ""
    profession: str = ""  # from the holder's verified licence
    signatory: str = ""  # the administrator who issued it


@functools.cache
def _name_font_characters() -> frozenset[int]:
    """Code points the bold face (the one the holder's name is printed in) can draw."""
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(FONTS / "DejaVuSans-Bold.ttf"), lazy=True).getBestCmap())


def unprintable_characters(name: str) -> list[str]:
    """Characters of `name` the certificate font lacks, each once, in order of appearance.

    fpdf2 would silently leave them out, so the printed name would differ from the verified one;
    the certificate service refuses such a name at issue instead.
    """
    drawable = _name_font_characters()
    missing: list[str] = []
    for char in unicodedata.normalize("NFC", name):
        if ord(char) not in drawable and char not in missing:
            missing.append(char)
    return missing


def _draw_qr(pdf: FPDF, url: str, x: float, y: float, size: float) -> None:
    """The QR code as vector rectangles (one per run of dark modules): sharp and fast."""
    matrix = segno.make(url, error="m").matrix
    module = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for row, cells in enumerate(matrix):
        col = 0
        while col < len(cells):
            if cells[col] & 1:
                start = col
                while col < len(cells) and cells[col] & 1:
                    col += 1
                pdf.rect(
                    x + start * module, y + row * module, (col - start) * module, module, style="F"
                )
            else:
                col += 1


def render_pdf(doc: CertificateDocument) -> bytes:
    """The certificate as PDF bytes."""
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(f"Certificate {doc.public_code}")
    pdf.set_author("IMS Training Portal")
    pdf.set_creation_date(datetime.combine(doc.issued_on, time.min, tzinfo=UTC))
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    width = pdf.w - 40
    pdf.set_draw_color(31, 78, 121)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)

    def line(text: str, size: float, style: str = "", gap: float = 2) -> None:
        text = unicodedata.normalize("NFC", text)
        pdf.set_font(FAMILY, style, size)
        pdf.set_x(20)
        if pdf.get_string_width(text) <= width:
            pdf.cell(width, size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT")
        else:  # a long name or title wraps
            pdf.multi_cell(width, size * 0.5, text, align="C")
        pdf.ln(gap)

    pdf.set_y(19)
    pdf.set_text_color(31, 78, 121)
    line("Certificate · Sertifikat", 30, "B", 2)
    pdf.set_text_color(80, 80, 80)
    line(f"Issued by · Utstedt av {doc.issuer_name}", 11, gap=4)
    pdf.set_text_color(30, 30, 30)
    line("This certifies that · Dette bekrefter at", 13, gap=3)
    line(doc.holder_name, 28, "B", 1)
    if doc.profession:
        line(doc.profession, 14, gap=3)
    else:
        pdf.ln(2)
    line("has met the requirements of · har oppfylt kravene til", 13, gap=2)
    line(doc.program_title_en, 20, "B", 1)
    if doc.program_title_nb and doc.program_title_nb != doc.program_title_en:
        line(doc.program_title_nb, 14, gap=2)
    line("Gunn IMS (Intramuscular Stimulation) · for licensed health professionals", 10, gap=2)
    pdf.set_text_color(60, 60, 60)
    if doc.criteria_en:
        line(doc.criteria_en, 9.5, gap=0.5)
    if doc.criteria_nb:
        line(doc.criteria_nb, 9.5, gap=2)
    pdf.set_text_color(30, 30, 30)
    line(
        f"Issued · Utstedt: {doc.issued_on.isoformat()}      "
        f"Valid until · Gyldig til: {doc.expires_on.isoformat()}",
        12,
        "B",
        2,
    )

    qr_size = 36
    bottom = pdf.h - 22
    _draw_qr(pdf, doc.verify_url, pdf.w - 22 - qr_size, bottom - qr_size, qr_size)
    # The signature line of the issuing administrator, left, above the verification text.
    sign_y = max(pdf.get_y() + 6, bottom - 30)
    pdf.set_draw_color(30, 30, 30)
    pdf.set_line_width(0.3)
    pdf.line(24, sign_y, 104, sign_y)
    pdf.set_font(FAMILY, "", 10)
    pdf.set_xy(24, sign_y + 1)
    pdf.cell(
        80,
        5,
        unicodedata.normalize("NFC", doc.signatory or doc.issuer_name),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font(FAMILY, "", 8)
    pdf.set_x(24)
    pdf.cell(
        80,
        4,
        f"Issuing administrator · Utstedende administrator, {doc.issuer_name}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font(FAMILY, "", 9)
    pdf.set_xy(24, bottom - 13.5)
    pdf.multi_cell(
        width - qr_size - 10,
        4.5,
        "Check that this certificate is current · Sjekk at sertifikatet er gyldig:\n"
        f"{doc.verify_url}   ·   Code · Kode: {doc.public_code}",
    )
    return bytes(pdf.output())
