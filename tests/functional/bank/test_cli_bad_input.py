"""Every broken file, through `flask bank validate` and `flask bank import`: the user sees
`file:line:column: message`, the exit status is 1, and the database is exactly as before."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ims_training.bank import load_bank
from ims_training.services.bank.bank_import import import_bank
from tests.factories.bank import BROKEN, bank_row_counts, single_choice, write_bank
from tests.unit.bank.test_broken_files import CASES


@pytest.fixture
def existing_bank(app, tmp_path):  # type: ignore[no-untyped-def]
    """A small bank already in the database, so 'unchanged' means something."""
    write_bank(tmp_path / "existing", [single_choice("existing-question")])
    import_bank(load_bank([tmp_path / "existing"]), retire_missing=False)
    return bank_row_counts()


def _where(name: str, inner: str, line: int) -> str:
    path = BROKEN / name / inner if inner else BROKEN / name
    return f"{path}:{line}:"


@pytest.mark.parametrize(("name", "inner", "line", "message"), CASES, ids=[c[0] for c in CASES])
def test_validate_shows_the_located_message_and_fails(runner, name, inner, line, message):
    result = runner.invoke(args=["bank", "validate", str(BROKEN / name)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(text.startswith(_where(name, inner, line)) and message in text for text in lines), (
        result.output
    )
    assert "errors" in lines[-1] and " 0 errors" not in lines[-1]


@pytest.mark.parametrize(("name", "inner", "line", "message"), CASES, ids=[c[0] for c in CASES])
def test_import_refuses_with_the_same_message_and_writes_nothing(
    runner, existing_bank, name, inner, line, message
):
    result = runner.invoke(args=["bank", "import", "--retire-missing", str(BROKEN / name)])
    assert result.exit_code == 1
    assert any(
        t.startswith(_where(name, inner, line)) and message in t for t in result.output.splitlines()
    )
    assert "Nothing was imported" in result.output
    assert bank_row_counts() == existing_bank


def test_a_fifty_megabyte_file_is_refused_by_validate_and_import(
    runner, existing_bank, tmp_path: Path
):
    big = tmp_path / "huge.yaml"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    for command in ("validate", "import"):
        result = runner.invoke(args=["bank", command, str(big)])
        assert result.exit_code == 1
        assert f"{big}:1:1: file is 52,428,800 bytes, over the" in result.output
    assert bank_row_counts() == existing_bank


def test_deeply_nested_input_is_refused_not_crashing(runner, existing_bank, tmp_path: Path):
    deep = tmp_path / "deep.yaml"
    deep.write_text(
        "module: foundations\nquestions: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8"
    )
    result = runner.invoke(args=["bank", "import", str(deep)])
    # Which layer refuses it (the portal's depth limit or the YAML parser itself) and in which
    # words is the library's business; what the instructor sees must hold either way.
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert re.search(rf"^{re.escape(str(deep))}:2:\d+: ", result.output, re.MULTILINE), (
        result.output
    )
    assert "Nothing was imported" in result.output
    assert bank_row_counts() == existing_bank


def test_one_broken_file_among_good_ones_blocks_the_whole_import(
    runner, existing_bank, tmp_path: Path
):
    write_bank(tmp_path / "mixed", [single_choice("new-good-question")])
    (tmp_path / "mixed" / "broken.yaml").write_bytes((BROKEN / "tabs.yaml").read_bytes())
    result = runner.invoke(args=["bank", "import", str(tmp_path / "mixed")])
    assert result.exit_code == 1 and "tab used for indentation" in result.output
    assert bank_row_counts() == existing_bank


def test_warnings_are_shown_but_do_not_fail(runner, tmp_path: Path):
    question = single_choice("no-norwegian")
    question["stem"] = {"en": "English only?"}
    path = write_bank(tmp_path, [question])
    result = runner.invoke(args=["bank", "validate", str(path)])
    assert result.exit_code == 0
    assert (
        f"{path}:3:1: warning: question 'no-norwegian': no Norwegian (nb) text for stem"
        in result.output
    )
    assert result.output.splitlines()[-1].startswith(
        "1 files, 1 questions, 0 quizzes: 0 errors, 1 warnings"
    )


def test_a_missing_path_is_an_error(runner, tmp_path: Path):
    result = runner.invoke(args=["bank", "validate", str(tmp_path / "nope")])
    assert result.exit_code == 1 and "no such file or directory" in result.output
