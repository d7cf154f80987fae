"""Keep the lock files honest: stamped from pyproject.toml, every pin hashed, the venv as locked.

    python scripts/check_lock.py requirements/run.txt requirements/test.txt   # CI: fresh lock?
    python scripts/check_lock.py --stamp requirements/*.txt                   # after `uv pip compile`
    python scripts/check_lock.py --installed requirements/test.txt            # after pip install

Each lock file carries a line `# pyproject-sha256: <hash>` of the dependency part of
pyproject.toml (requires-python, dependencies, optional-dependencies). Changing a range there
without `make lock` makes the stamp stale and this script exit 1. Standard library only: it runs
before anything is installed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAMP_PREFIX = "# pyproject-sha256: "
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;\\]+)\s*(;[^\\]*)?\\?\s*$")


def pyproject_digest(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """Hash of the parts of pyproject.toml that decide what the lock must contain."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    relevant = {
        "requires-python": project.get("requires-python"),
        "dependencies": sorted(project.get("dependencies", [])),
        "optional-dependencies": {
            extra: sorted(reqs) for extra, reqs in project.get("optional-dependencies", {}).items()
        },
    }
    return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(lock: Path) -> tuple[dict[str, tuple[str, str]], list[str]]:
    """{name: (version, marker)} and the problems found (a pin without a hash, a stray line)."""
    pins: dict[str, tuple[str, str]] = {}
    problems: list[str] = []
    lines = lock.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line or line.startswith((" ", "#")):
            continue
        match = PIN.match(line)
        if not match:
            problems.append(f"{lock}:{number}: not an exact pin (name==version): {line.strip()}")
            continue
        name, _extras, version, marker = match.groups()
        following = lines[number : number + 1]
        if not following or "--hash=sha256:" not in following[0]:
            problems.append(f"{lock}:{number}: {name}=={version} has no --hash; run `make lock`")
        pins[_normalise(name)] = (version, (marker or "").lstrip("; ").strip())
    return pins, problems


def stamp(lock: Path, digest: str) -> None:
    lines = [
        ln
        for ln in lock.read_text(encoding="utf-8").splitlines()
        if not ln.startswith(STAMP_PREFIX)
    ]
    lines.insert(0, STAMP_PREFIX + digest)
    lock.write_text("\n".join(lines) + "\n", encoding="utf-8")


def check_fresh(lock: Path, digest: str) -> list[str]:
    stamps = [
        ln for ln in lock.read_text(encoding="utf-8").splitlines() if ln.startswith(STAMP_PREFIX)
    ]
    if not stamps:
        return [f"{lock}:1: no `{STAMP_PREFIX.strip()}` line; run `make lock`"]
    if stamps[0][len(STAMP_PREFIX) :].strip() != digest:
        return [
            f"{lock}:1: pyproject.toml's dependencies changed since this lock was made; "
            "run `make lock` and commit requirements/*.txt"
        ]
    return []


def _marker_applies(marker: str) -> bool:
    if not marker:
        return True
    try:
        from packaging.markers import Marker  # installed by the lock itself
    except ImportError:
        return True
    return Marker(marker).evaluate()


def check_installed(lock: Path) -> list[str]:
    pins, problems = read_pins(lock)
    for name, (version, marker) in sorted(pins.items()):
        if not _marker_applies(marker):
            continue
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            problems.append(
                f"{name}=={version} is locked but not installed; run `make clean install`"
            )
            continue
        if installed != version:
            problems.append(
                f"{name} {installed} is installed but {lock} pins {version}; "
                "run `make clean` and install again"
            )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("locks", nargs="+", type=Path)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--stamp", action="store_true", help="write the pyproject stamp into the locks"
    )
    mode.add_argument(
        "--installed", action="store_true", help="check the venv holds the pinned versions"
    )
    args = parser.parse_args(argv)

    digest = pyproject_digest()
    problems: list[str] = []
    for lock in args.locks:
        if args.stamp:
            stamp(lock, digest)
            print(f"{lock}: stamped with pyproject.toml's dependencies")
        elif args.installed:
            problems += check_installed(lock)
        else:
            problems += check_fresh(lock, digest) + read_pins(lock)[1]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) with the lock files", file=sys.stderr)
        return 1
    if not args.stamp:
        count = sum(len(read_pins(lock)[0]) for lock in args.locks)
        print(f"lock files OK: {count} pins with hashes, in step with pyproject.toml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
