"""`flask bank validate|import` check the bank's wording against the course glossary
(COURSE_DIR/glossary.yaml): a wrong form is `file:line:column: glossary: ...`, an error-level one
fails the command and an import then writes nothing; warning-level ones only report."""

from __future__ import annotations

from pathlib import Path

import pytest

from ims_training.bank import load_bank
from ims_training.services.bank.bank_import import import_bank
from tests.factories.bank import bank_row_counts, single_choice, write_bank

GLOSSARY = """\
terms:
  - id: adverse-event
    en: adverse event
    nb: uønsket hendelse
    definition: {en: Any unwanted event after treatment., nb: Enhver uønsket hendelse etter behandling.}
    source: White 2001
    wrong:
      - {form: bivirkning, severity: error}
  - id: pincer-grip
    en: pincer grip
    nb: pinsettgrep
    definition: {en: Lifting a muscle to needle it., nb: Å løfte en muskel for å nåle den.}
    source: brief M6.3
    wrong:
      - klypegrep
"""


@pytest.fixture
def glossary_course(app, tmp_path: Path) -> Path:
    course = tmp_path / "course"
    course.mkdir()
    (course / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    app.config["COURSE_DIR"] = str(course)
    return course


@pytest.fixture
def existing_bank(app, tmp_path):  # type: ignore[no-untyped-def]
    write_bank(tmp_path / "existing", [single_choice("existing-question")])
    import_bank(load_bank([tmp_path / "existing"]), retire_missing=False)
    return bank_row_counts()


def _bank(tmp_path: Path, nb_stem: str) -> Path:
    question = single_choice("safety-wording", stem="Which adverse event?")
    question["stem"]["nb"] = nb_stem
    return write_bank(tmp_path / "bank", [question], module="safety")


def test_an_error_level_wrong_form_fails_validate_at_its_line_and_column(
    runner, glossary_course, tmp_path
):
    path = _bank(tmp_path, "Hvilken bivirkning?")
    result = runner.invoke(args=["bank", "validate", str(path)])
    assert result.exit_code == 1, result.output
    line = next(
        n for n, text in enumerate(path.read_text("utf-8").splitlines(), 1) if "bivirkning" in text
    )
    column = path.read_text("utf-8").splitlines()[line - 1].index("bivirkning") + 1
    assert f"{path}:{line}:{column}: glossary: 'bivirkning' is a wrong form" in result.output
    assert "use 'uønsket hendelse'" in result.output
    assert "1 errors" in result.output.splitlines()[-1]


def test_import_with_a_glossary_error_writes_nothing(
    runner, glossary_course, existing_bank, tmp_path
):
    path = _bank(tmp_path, "Hvilken bivirkning?")
    result = runner.invoke(args=["bank", "import", str(path)])
    assert result.exit_code == 1
    assert "Nothing was imported" in result.output
    assert bank_row_counts() == existing_bank


def test_a_warning_level_wrong_form_is_shown_but_does_not_fail(runner, glossary_course, tmp_path):
    path = _bank(tmp_path, "Bruk klypegrep?")
    result = runner.invoke(args=["bank", "validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "warning: glossary: 'klypegrep' is a wrong form for \"pincer grip\"" in result.output
    assert "0 errors, 1 warnings" in result.output


def test_the_english_text_is_not_checked_against_norwegian_forms(runner, glossary_course, tmp_path):
    question = single_choice("safety-wording", stem="Is 'bivirkning' the Norwegian word?")
    question["stem"]["nb"] = "Er «uønsket hendelse» det norske ordet?"
    path = write_bank(tmp_path / "bank", [question], module="safety")
    result = runner.invoke(args=["bank", "validate", str(path)])
    assert result.exit_code == 0, result.output


def test_the_real_bank_has_no_glossary_problem(runner):
    result = runner.invoke(args=["bank", "validate"])
    assert result.exit_code == 0, result.output
    assert "glossary:" not in result.output
