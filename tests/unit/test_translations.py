"""Every interface string has a Norwegian translation, and the catalog covers the code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "ims_training/translations/nb/LC_MESSAGES/messages.po"


def _catalog():  # type: ignore[no-untyped-def]
    with PO.open("rb") as f:
        return read_po(f, locale="nb")


def test_every_message_in_the_catalog_is_translated():
    missing = [m.id for m in _catalog() if m.id and not m.string]
    assert not missing, f"untranslated in {PO.name}: {missing[:10]}"


def test_every_string_in_code_and_templates_is_in_the_catalog(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(pot),
            ".",
            "templates/_macros",
        ],  # pybabel skips _folders
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as f:
        wanted = {m.id for m in read_po(f) if m.id}
    have = {m.id for m in _catalog() if m.id}
    assert not (wanted - have), (
        f"not in the catalog (run `make i18n` and translate): {sorted(wanted - have)[:10]}"
    )


def test_placeholders_survive_translation():
    for message in _catalog():
        if message.id and message.string and isinstance(message.id, str):
            import re

            names = set(re.findall(r"%\((\w+)\)s", message.id))
            assert names == set(re.findall(r"%\((\w+)\)s", message.string)), message.id
