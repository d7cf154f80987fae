"""CSV exports open cleanly in Excel and never run a formula."""

import csv
import io
from datetime import date

import pytest

from ims_training.services.csv_export import csv_bytes, safe_cell


@pytest.mark.parametrize(
    "text", ["=1+1", "+47 999", "-2", "@SUM(A1)", "\tx", '=HYPERLINK("http://x")']
)
def test_text_that_would_start_a_formula_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


def test_plain_text_numbers_and_dates_stay_as_they_are():
    assert safe_cell("Åse Bjørnstad") == "Åse Bjørnstad"
    assert safe_cell(42) == "42"
    assert safe_cell(87.5) == "87.5"
    assert safe_cell(date(2025, 3, 1)) == "2025-03-01"
    assert safe_cell(None) == ""


def test_file_starts_with_a_bom_and_keeps_norwegian_letters():
    data = csv_bytes(["Navn", "Poeng"], [["Øystein Ødegård", 90], ["=cmd|' /C calc'!A0", 1]])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1] == ["Øystein Ødegård", "90"]
    assert rows[2][0].startswith("'=")
    assert b"\r\n" in data
