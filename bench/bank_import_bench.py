"""Validate and import a generated bank of 10,000 questions into a fresh SQLite database, then
re-import it unchanged; prints times, peak RSS (getrusage) and the tracemalloc peak.

    python -m bench.bank_import_bench [N]

Targets: first import (validation included) < 10 s, unchanged re-import < 3 s, memory < 300 MB.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench.bank_bench import generate_bank

TARGETS = {"first": 10.0, "again": 3.0, "memory_mb": 300.0}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed_import(paths: list[Path], *, traced: bool = False):  # type: ignore[no-untyped-def]
    from ims_training.bank import load_bank
    from ims_training.services.bank.bank_import import import_bank

    if traced:
        tracemalloc.start()
    start, cpu = time.perf_counter(), time.process_time()
    result = load_bank(paths)
    validated = time.perf_counter() - start
    summary = import_bank(result, retire_missing=True)
    total = time.perf_counter() - start
    cpu = time.process_time() - cpu
    peak = tracemalloc.get_traced_memory()[1] / 1e6 if traced else None
    if traced:
        tracemalloc.stop()
    return result, summary, validated, (total, cpu), peak


def main(n: int = 10_000) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = generate_bank(n, root / "bank")
        size = sum(p.stat().st_size for p in files)
        print(f"bank: {n:,} questions in {len(files)} files, {size / 1e6:.1f} MB")
        os.environ["DATABASE_URL"] = "sqlite:///" + str(root / "bench.sqlite3")
        from flask_migrate import upgrade

        from ims_training import create_app

        app = create_app()
        with app.app_context():
            upgrade()
            rss_before = _rss_mb()
            result, summary, validated, (first, cpu1), _ = _timed_import([root / "bank"])
            print(
                f"first import:  {first:5.2f} s wall, {cpu1:5.2f} s CPU (validation {validated:.2f} s) "
                f"-> questions {summary.questions}"
            )
            _, again_summary, validated2, (again, cpu2), _ = _timed_import([root / "bank"])
            print(
                f"re-import:     {again:5.2f} s wall, {cpu2:5.2f} s CPU (validation {validated2:.2f} s) "
                f"-> questions {again_summary.questions}"
            )
            rss = _rss_mb()
            _, _, _, (traced_time, _), peak = _timed_import([root / "bank"], traced=True)
            print(
                f"peak RSS {rss:.0f} MB (after set-up {rss_before:.0f} MB); tracemalloc peak of a re-import "
                f"{peak:.0f} MB ({traced_time:.1f} s with tracing on)"
            )
    print(
        f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall times suffer when busy)"
    )
    ok = first < TARGETS["first"] and again < TARGETS["again"] and rss < TARGETS["memory_mb"]
    print("targets: first < 10 s, re-import < 3 s, memory < 300 MB:", "met" if ok else "NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
