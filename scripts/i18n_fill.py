"""Fill Norwegian translations into the .po catalog from a Python dict file: i18n_fill.py DICT.py

Developer helper: `make i18n` extracts new strings; then write their translations in a dict
{msgid: msgstr} and run this to merge them. Strings already translated are kept.
"""

import runpy
import sys

from babel.messages.pofile import read_po, write_po

PO = "ims_training/translations/nb/LC_MESSAGES/messages.po"

translations = runpy.run_path(sys.argv[1])["T"]
with open(PO, "rb") as f:
    catalog = read_po(f, locale="nb")
filled = 0
for message in catalog:
    if message.id and not message.string and message.id in translations:
        message.string = translations[message.id]
        message.flags.discard("fuzzy")
        filled += 1
with open(PO, "wb") as f:
    write_po(f, catalog, width=100)
missing = [m.id for m in catalog if m.id and not m.string]
print(f"filled {filled}; still untranslated: {len(missing)}")
for m in missing:
    print("  -", m)
