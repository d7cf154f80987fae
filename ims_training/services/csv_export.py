"""CSV for spreadsheets: UTF-8 with a BOM (Excel then reads æ, ø, å right) and no formulas.

A cell that starts with = + - @ (or a tab / carriage return) would run as a formula in Excel or
LibreOffice (CSV injection), so such text cells get a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object, decimal: str = ".") -> str:
    """The cell as text, defused when it would start a formula; numbers and dates stay as they are
    (with `decimal` as the decimal mark, "," for Norwegian spreadsheets)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return f"{value:g}".replace(".", decimal) if isinstance(value, float) else str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    delimiter: str = ",",
    decimal: str = ".",
) -> bytes:
    """The whole file: BOM, header and rows, CRLF line ends, every text cell made safe.

    Excel splits columns by the system's list separator: "," in English, ";" in Norwegian (where
    "," is the decimal mark), so Norwegian exports use `delimiter=";"` and `decimal=","`."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n", delimiter=delimiter)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v, decimal) for v in row])
    return buffer.getvalue().encode("utf-8")
