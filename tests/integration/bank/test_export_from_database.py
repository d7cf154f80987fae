"""Export writes what is current in the database; the export re-imports to the same bank."""

from __future__ import annotations

from ims_training.bank import load_bank
from ims_training.services.bank.bank_catalog import current_bank
from ims_training.services.bank.bank_import import import_bank
from tests.factories.bank import REAL_BANK, bank_row_counts, single_choice, write_bank


def test_export_of_the_imported_bank_reimports_unchanged(app, runner, tmp_path):
    import_bank(load_bank([REAL_BANK]), retire_missing=True)
    counts = bank_row_counts()
    out = tmp_path / "export"
    result = runner.invoke(args=["bank", "export", str(out)])
    assert result.exit_code == 0, result.output
    again = runner.invoke(args=["bank", "import", str(out)])
    assert again.exit_code == 0, again.output
    assert "0 added, 0 changed" in again.output and "Nothing changed." in again.output
    assert bank_row_counts() == counts


def test_export_is_byte_for_byte_stable(app, runner, tmp_path):
    import_bank(load_bank([REAL_BANK]), retire_missing=True)
    for name in ("one", "two"):
        assert runner.invoke(args=["bank", "export", str(tmp_path / name)]).exit_code == 0
    first = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*.yaml"))
    assert first == sorted(
        p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*.yaml")
    )
    for rel in first:
        assert (tmp_path / "one" / rel).read_bytes() == (tmp_path / "two" / rel).read_bytes()


def test_export_shows_the_current_version_and_leaves_retired_questions_out(app, tmp_path):
    src = tmp_path / "src"
    write_bank(
        src, [single_choice("q-kept", "First wording?"), single_choice("q-retired", "Gone?")]
    )
    import_bank(load_bank([src]), retire_missing=True)
    write_bank(src, [single_choice("q-kept", "Second wording?")])
    import_bank(load_bank([src]), retire_missing=True)
    questions, _ = current_bank()
    assert [(q.id, q.stem.en) for q in questions] == [("q-kept", "Second wording?")]
