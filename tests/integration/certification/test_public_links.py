"""Certificates carry the public address they are served at: `PORT=N make run` prints, encodes
and signs `:N/verify/<code>`, and that link answers. Production refuses to start without https."""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import threading
import urllib.request
from collections import Counter
from pathlib import Path

import jwt
import segno
from pypdf import PdfReader
from werkzeug.serving import make_server

from ims_training.models import Role
from tests.factories.certification import certificate

ROOT = Path(__file__).parents[3]


def make_public_base_url(port: int, given: str | None = None) -> str:
    """What `make run` exports as PUBLIC_BASE_URL for this PORT (and environment)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PUBLIC_BASE_URL", "MAKEFLAGS", "MAKELEVEL")
    }
    if given is not None:
        env["PUBLIC_BASE_URL"] = given
    probe = 'print-public-base-url: ; @echo "$$PUBLIC_BASE_URL"'
    out = subprocess.run(
        [
            "make",
            "-s",
            "--no-print-directory",
            f"PORT={port}",
            "--eval",
            probe,
            "print-public-base-url",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def qr_dark_cells(pdf: bytes) -> set[tuple[int, int]]:
    """The dark modules of the QR code drawn in the PDF (filled rectangles of one module height)."""
    data = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data().decode("latin-1")
    rects = [
        tuple(map(float, m))
        for m in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) (-[\d.]+) re\s+f", data)
    ]
    module = Counter(-h for _x, _y, _w, h in rects).most_common(1)[0][0]
    qr = [r for r in rects if abs(-r[3] - module) < 1e-6]
    x0, top = min(r[0] for r in qr), max(r[1] for r in qr)
    cells = set()
    for x, y, w, _h in qr:
        row, col = round((top - y) / module), round((x - x0) / module)
        cells |= {(row, col + i) for i in range(round(w / module))}
    return cells


def expected_cells(url: str) -> set[tuple[int, int]]:
    matrix = segno.make(url, error="m").matrix
    return {(r, c) for r, row in enumerate(matrix) for c, v in enumerate(row) if v & 1}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_run_derives_the_public_base_url_from_port_unless_it_is_given():
    assert make_public_base_url(5401) == "http://127.0.0.1:5401"
    assert make_public_base_url(5401, "https://ims.example.org") == "https://ims.example.org"


def test_a_certificate_issued_under_port_n_links_to_port_n_in_pdf_qr_and_credential(app, make_user):
    port = free_port()
    base = make_public_base_url(port)
    app.config["PUBLIC_BASE_URL"] = base
    holder = make_user(Role.TRAINEE, name="Åse Ødegård")
    cert = certificate(holder, make_user(Role.ADMINISTRATOR))
    link = f"{base}/verify/{cert.public_code}"
    assert f":{port}/verify/{cert.public_code}" in link

    text = PdfReader(io.BytesIO(cert.pdf)).pages[0].extract_text()
    assert link in text.replace("\n", "")
    assert qr_dark_cells(cert.pdf) == expected_cells(link)
    assert qr_dark_cells(cert.pdf) != expected_cells(
        f"http://127.0.0.1:5000/verify/{cert.public_code}"
    )
    claims = jwt.decode(cert.credential_jwt, options={"verify_signature": False})
    payload = str(claims)
    assert claims["evidence"][0]["id"] == link and f":{port}/" in claims["credentialStatus"]["id"]
    assert "127.0.0.1:5000" not in payload

    server = make_server("127.0.0.1", port, app, threaded=True)  # the portal, on that port
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(link, timeout=10) as response:  # noqa: S310 - loopback
            assert response.status == 200
            assert "Åse Ødegård" in response.read().decode()
        with urllib.request.urlopen(link + ".json", timeout=10) as response:  # noqa: S310
            assert response.status == 200
    finally:
        server.shutdown()
        thread.join(timeout=5)
