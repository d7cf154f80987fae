"""What the printed certificate says: issuer, criteria, profession, signatory; no empty band."""

from __future__ import annotations

import io

from pypdf import PdfReader

from ims_training.documents.criteria import criteria_lines
from ims_training.models import Role
from tests.factories.certification import certificate

MM = 72 / 25.4


def baselines_mm(pdf: bytes) -> list[float]:
    """The vertical position (mm from the top) of every text run, top to bottom."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    height = float(page.mediabox.height)
    ys: list[float] = []
    page.extract_text(
        visitor_text=lambda text, _cm, tm, _fd, _fs: (
            ys.append((height - tm[5]) / MM) if text.strip() else None
        )
    )
    return sorted(ys)


def test_the_certificate_names_issuer_criteria_profession_and_signatory_and_fills_the_page(
    app, make_user
):
    app.config["PUBLIC_BASE_URL"] = "https://ims.example.org"
    admin = make_user(Role.ADMINISTRATOR, name="Ada Administrator")
    holder = make_user(Role.TRAINEE, name="Sevgi Şahin Løvås")
    cert = certificate(holder, admin)  # its verified licence says "Physiotherapist"
    text = PdfReader(io.BytesIO(cert.pdf)).pages[0].extract_text()
    flat = " ".join(text.split())
    assert "Issued by · Utstedt av IMS Training Portal" in flat
    assert (
        "Physiotherapist" in flat
        and "Ada Administrator" in flat
        and "Issuing administrator" in flat
    )
    assert (
        "Criteria met: 7 quizzes including the final exam, 2 supervised practical assessments, 10 "
        "supervised clinical cases and a verified health-professional licence." in flat
    )
    assert "Oppfylte kriterier:" in flat
    assert f"https://ims.example.org/verify/{cert.public_code}" in flat
    ys = baselines_mm(cert.pdf)
    assert ys[0] < 35 and ys[-1] > 175  # from the top of the A4 landscape page to its foot
    assert max(b - a for a, b in zip(ys, ys[1:], strict=False)) < 25  # no large empty band


def test_criteria_lines_follow_the_programs_requirements():
    en, nb = criteria_lines(
        {"lessons": "all", "quizzes": ["q1", "quiz-final-exam"], "clinical": {"hours": 20}}, 24
    )
    assert (
        en
        == "Criteria met: all 24 lessons, 2 quizzes including the final exam and 20 hours of supervised clinical work."
    )
    assert nb.startswith(
        "Oppfylte kriterier: alle 24 leksjoner, 2 quizer med avsluttende eksamen og 20 timer"
    )
    assert criteria_lines({}, 24) == ("", "")
