"""The YAML loader refuses hostile input before doing its work: in bounded memory, at the first
anchor. (Work is asserted, not wall-clock time: timed tests flake on a busy machine.)"""

import tracemalloc
from pathlib import Path

import pytest

from ims_training.bank import BankFileError, load_bank
from ims_training.bank.yaml_loader import load_yaml

BROKEN = Path(__file__).parents[2] / "fixtures" / "bank_broken"


def test_fifty_megabyte_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.yaml"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    tracemalloc.start()
    result = load_bank([big])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5 * 1024 * 1024
    assert str(result.errors[0]).startswith(f"{big}:1:1: file is 52,428,800 bytes, over the")


def test_alias_bomb_is_refused_at_its_first_anchor_before_any_expansion() -> None:
    tracemalloc.start()
    with pytest.raises(BankFileError, match="aliases are not allowed") as caught:
        load_yaml(BROKEN / "billion_laughs.yaml")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert str(caught.value).endswith(
        "billion_laughs.yaml:1:4: anchors (&a) and aliases are not allowed"
    )
    assert peak < 5 * 1024 * 1024


def test_alias_use_alone_is_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "alias.yaml"
    path.write_text("module: foundations\nquestions:\n  - *nothing\n", encoding="utf-8")
    with pytest.raises(BankFileError) as caught:
        load_yaml(path)
    assert str(caught.value).startswith(f"{path}:3:")


def test_custom_local_tag_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tag.yaml"
    path.write_text("module: !shout foundations\nquestions: []\n", encoding="utf-8")
    with pytest.raises(BankFileError, match="tag '!shout' is not allowed"):
        load_yaml(path)


def test_second_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "two.yaml"
    path.write_text("module: foundations\n---\nmodule: safety\n", encoding="utf-8")
    with pytest.raises(BankFileError, match="only one YAML document"):
        load_yaml(path)


def test_positions_follow_nested_paths(tmp_path: Path) -> None:
    path = tmp_path / "pos.yaml"
    path.write_text("a:\n  b:\n    - x\n    - {c: 1}\n", encoding="utf-8")
    doc = load_yaml(path)
    assert doc.position(("a", "b", 1, "c")) == (4, 11)
    assert doc.position(("a", "missing")) == (2, 3)


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffmodule: foundations\nquestions: []\n".encode())
    assert load_yaml(path).data == {"module": "foundations", "questions": []}
