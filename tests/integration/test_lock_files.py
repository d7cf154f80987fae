"""The lock files: every pin hashed, in step with pyproject.toml, and `make install` trusts only them."""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from scripts import check_lock

ROOT = Path(__file__).resolve().parents[2]
LOCKS = [ROOT / "requirements" / "run.txt", ROOT / "requirements" / "test.txt"]


def test_every_pin_is_exact_and_hashed():
    for lock in LOCKS:
        pins, problems = check_lock.read_pins(lock)
        assert problems == []
        assert {"flask", "sqlalchemy", "pyyaml"} <= set(pins)
    assert {"pytest", "playwright"} <= set(check_lock.read_pins(LOCKS[1])[0])
    assert "pytest" not in check_lock.read_pins(LOCKS[0])[0]


def test_the_committed_locks_match_pyproject():
    assert check_lock.main([str(lock) for lock in LOCKS]) == 0


def test_a_changed_range_in_pyproject_makes_the_lock_stale(tmp_path: Path):
    pyproject = tmp_path / "pyproject.toml"
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pyproject.write_text(text.replace('"PyYAML>=6.0"', '"PyYAML>=6.0.3"'), encoding="utf-8")
    problems = check_lock.check_fresh(LOCKS[0], check_lock.pyproject_digest(pyproject))
    assert len(problems) == 1 and "run `make lock`" in problems[0]
    # Formatting-only edits elsewhere in pyproject.toml do not count as a change.
    pyproject.write_text(text + "\n# a comment\n", encoding="utf-8")
    assert check_lock.check_fresh(LOCKS[0], check_lock.pyproject_digest(pyproject)) == []


def _probe_wheel(folder: Path) -> tuple[Path, str]:
    """A minimal pure-Python wheel, so the install runs offline; returns it and its sha256."""
    name, version = "ims_lock_probe", "1.0"
    wheel = folder / f"{name}-{version}-py3-none-any.whl"
    info = f"{name}-{version}.dist-info"
    files = {
        f"{name}/__init__.py": b"VALUE = 1\n",
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode(),
        f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, data in files.items():
            archive.writestr(path, data)
    return wheel, hashlib.sha256(wheel.read_bytes()).hexdigest()


def _make_install(
    tmp_path: Path, venv: Path, lock: Path, wheels: Path
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "MAKEFLAGS", "MFLAGS"))}
    env.update(PIP_NO_INDEX="1", PIP_FIND_LINKS=str(wheels), PIP_CONFIG_FILE=os.devnull)
    return subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-C",
            str(ROOT),
            "install-test",
            f"VENV={venv}",
            f"TEST_LOCK={lock}",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
def test_make_install_refuses_a_tampered_lock(tmp_path: Path):
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    _wheel, good_hash = _probe_wheel(wheels)
    venv = tmp_path / "venv"
    # A venv that borrows this interpreter's pip, so the test needs no network and little time.
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(venv)],
        check=True,
    )
    installed = (
        venv
        / "lib"
        / f"python{sys.version_info.major}.{sys.version_info.minor}"
        / "site-packages"
        / "ims_lock_probe"
    )

    tampered = tmp_path / "tampered.txt"
    tampered.write_text(f"ims-lock-probe==1.0 \\\n    --hash=sha256:{'0' * 64}\n", encoding="utf-8")
    refused = _make_install(tmp_path, venv, tampered, wheels)
    assert refused.returncode != 0
    assert "DO NOT MATCH THE HASHES" in refused.stdout + refused.stderr
    assert not installed.exists()
    assert not (venv / ".installed-test").exists()

    honest = tmp_path / "honest.txt"
    honest.write_text(f"ims-lock-probe==1.0 \\\n    --hash=sha256:{good_hash}\n", encoding="utf-8")
    accepted = _make_install(tmp_path, venv, honest, wheels)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert installed.exists() and (venv / ".installed-test").exists()
