"""Time certificate PDF rendering and credential signing: median of N runs (goals 200 ms, 5 ms).

Run: python -m bench.documents_bench [N]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from ims_training.documents.credential import CredentialInput, sign
from ims_training.documents.keys import load_signing_key
from ims_training.documents.pdf import CertificateDocument, render_pdf

PDF_GOAL_MS, SIGN_GOAL_MS = 200.0, 5.0


def _median_ms(fn, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    fn()  # warm-up: imports and first font load
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main(runs: int = 50) -> int:
    doc = CertificateDocument(
        "Åse Şahin Ødegård-İnce",
        "IMS Practitioner",
        "IMS-praktiker",
        date(2026, 1, 31),
        date(2028, 1, 31),
        "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567",
        "https://ims.example.org/verify/ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567",
    )
    data = CredentialInput(
        doc.public_code,
        doc.holder_name,
        "ims-practitioner",
        "IMS Practitioner",
        doc.issued_on,
        doc.expires_on,
        "https://ims.example.org",
    )
    with tempfile.TemporaryDirectory() as tmp:
        key = load_signing_key(Path(tmp) / "k.pem")
        pdf_median, pdf_max = _median_ms(lambda: render_pdf(doc), runs)
        sign_median, sign_max = _median_ms(lambda: sign(data, key), runs * 10)
    ok = pdf_median < PDF_GOAL_MS and sign_median < SIGN_GOAL_MS
    print(
        f"PDF render        median {pdf_median:7.2f} ms  max {pdf_max:7.2f} ms  goal < {PDF_GOAL_MS:g} ms  "
        f"({runs} runs) {'ok' if pdf_median < PDF_GOAL_MS else 'MISSED'}"
    )
    print(
        f"credential sign   median {sign_median:7.2f} ms  max {sign_max:7.2f} ms  goal < {SIGN_GOAL_MS:g} ms  "
        f"({runs * 10} runs) {'ok' if sign_median < SIGN_GOAL_MS else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 50))
