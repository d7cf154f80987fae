"""`flask bank import` and `export` on good banks: counts, retirement rules, Moodle files."""

from __future__ import annotations

from pathlib import Path

from tests.factories.bank import MOODLE, REAL_BANK, bank_row_counts, single_choice, write_bank


def test_import_without_paths_imports_the_configured_bank_and_retires_what_is_missing(
    app, runner, tmp_path
):
    write_bank(tmp_path / "elsewhere", [single_choice("not-in-the-bank")])
    assert runner.invoke(args=["bank", "import", str(tmp_path / "elsewhere")]).exit_code == 0
    app.config["QUESTION_BANK_DIR"] = str(REAL_BANK)
    result = runner.invoke(args=["bank", "import"])
    assert result.exit_code == 0, result.output
    assert "Questions: 222 added, 0 changed, 0 unchanged, 1 retired" in result.output
    assert "Quizzes: 8 added, 0 changed, 0 unchanged, 0 retired" in result.output
    again = runner.invoke(args=["bank", "import"])
    assert "Questions: 0 added, 0 changed, 222 unchanged, 0 retired" in again.output
    assert "Nothing changed." in again.output


def test_explicit_paths_retire_only_when_asked(runner, tmp_path):
    write_bank(tmp_path / "a", [single_choice("q-a")])
    write_bank(tmp_path / "b", [single_choice("q-b")])
    runner.invoke(args=["bank", "import", str(tmp_path / "a")])
    kept = runner.invoke(args=["bank", "import", str(tmp_path / "b")])
    assert "1 added, 0 changed, 0 unchanged, 0 retired" in kept.output
    retired = runner.invoke(args=["bank", "import", "--retire-missing", str(tmp_path / "b")])
    assert "0 added, 0 changed, 1 unchanged, 1 retired" in retired.output


def test_changed_file_reports_a_changed_question(runner, tmp_path):
    write_bank(tmp_path, [single_choice("q-edit", "Before?")])
    runner.invoke(args=["bank", "import", str(tmp_path)])
    write_bank(tmp_path, [single_choice("q-edit", "After?")])
    result = runner.invoke(args=["bank", "import", str(tmp_path)])
    assert "Questions: 0 added, 1 changed, 0 unchanged, 0 retired" in result.output


def test_moodle_essay_is_reported_by_name_and_line_and_blocks_the_import(runner):
    for command in ("validate", "import"):
        result = runner.invoke(
            args=["bank", command, "--default-module", "foundations", str(MOODLE)]
        )
        assert result.exit_code == 1
        assert (
            f"{MOODLE / 'nested_categories_with_questions.xml'}:55:1: not supported: essay question "
            "'Kappa Essay Question' (not imported)"
        ) in result.output
        assert (
            f"{MOODLE / 'questions.gift.txt'}:2:1: not supported: essay question 'Q8'"
            in result.output
        )
    assert bank_row_counts()["questions"] == 0


def test_moodle_questions_without_a_module_need_the_default_module_option(runner):
    path = MOODLE / "export_category.xml"
    result = runner.invoke(args=["bank", "validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:15:1: question 'Alpha Question': no module" in result.output


def test_moodle_xml_and_gift_import_with_a_default_module(runner, tmp_path):
    xml = MOODLE / "export_category.xml"
    result = runner.invoke(args=["bank", "import", "--default-module", "anatomy", str(xml)])
    assert result.exit_code == 0, result.output
    assert "Questions: 1 added" in result.output
    gift = tmp_path / "mine.gift"
    gift.write_text("::Root:: Which root supplies the deltoid? {=C5 ~L5 ~S1}\n", encoding="utf-8")
    result = runner.invoke(args=["bank", "import", "--default-module", "anatomy", str(gift)])
    assert result.exit_code == 0, result.output
    assert "Questions: 1 added" in result.output


def test_export_moodle_xml_lists_what_it_approximated(runner, tmp_path: Path):
    runner.invoke(args=["bank", "import", str(REAL_BANK)])
    result = runner.invoke(args=["bank", "export", "--format", "moodle-xml", str(tmp_path)])
    assert result.exit_code == 0
    # Ordering questions are exported (Moodle 4.4+ qtype_ordering); a range is approximated.
    assert "skipped" not in result.output.split("Wrote")[0]
    assert "approximated safety-brady-mild: range exported as value ± tolerance" in result.output
    assert '<question type="ordering">' in (tmp_path / "moodle-questions.xml").read_text(
        encoding="utf-8"
    )
    assert (tmp_path / "moodle-questions.xml").read_text(encoding="utf-8").startswith("<?xml")
    back = runner.invoke(args=["bank", "validate", str(tmp_path / "moodle-questions.xml")])
    assert back.exit_code == 0, back.output
