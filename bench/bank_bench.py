"""Synthetic question banks, and a timing of validation for 10,000 questions."""

from __future__ import annotations

import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import yaml

from ims_training.bank.common import MODULE_SLUGS
from ims_training.bank.validate import load_bank

PER_FILE = 500


def _text(en: str) -> dict[str, str]:
    return {"en": en, "nb": f"{en} (nb)"}


def _question(i: int) -> dict[str, Any]:
    kind = i % 7
    base: dict[str, Any] = {
        "id": f"synthetic-{i:06d}",
        "difficulty": ("easy", "medium", "hard")[i % 3],
        "tags": [f"tag-{i % 11}", "synthetic"],
        "stem": _text(f"Synthetic question number {i}: which statement is right?"),
        "explanation": _text(f"Explanation for question {i}."),
    }
    options = [{"id": c, "text": _text(f"Option {c} of {i}")} for c in "abcd"]
    if kind == 0:
        options[1]["correct"] = True
        return {**base, "type": "single_choice", "options": options}
    if kind == 1:
        options[0]["correct"] = options[2]["correct"] = True
        return {**base, "type": "multiple_response", "options": options}
    if kind == 2:
        return {**base, "type": "true_false", "answer": i % 2 == 0}
    if kind == 3:
        pairs = [
            {"id": f"p{k}", "prompt": _text(f"Prompt {k}"), "match": _text(f"Match {k}")}
            for k in range(1, 4)
        ]
        return {
            **base,
            "type": "matching",
            "pairs": pairs,
            "distractors": [{"id": "d1", "text": _text("Unused match")}],
        }
    if kind == 4:
        items = [{"id": f"i{k}", "text": _text(f"Step {k}")} for k in range(1, 5)]
        return {**base, "type": "ordering", "items": items}
    if kind == 5:
        return {
            **base,
            "type": "numeric",
            "answer": {"value": i % 50, "tolerance": 0.5},
            "unit": _text("mm"),
        }
    return {**base, "type": "short_text", "accepted": [f"answer {i}", f"alt {i}"]}


def generate_bank(n: int, out_dir: Path) -> list[Path]:
    """Write a valid bank of `n` questions across the six modules and all seven types."""
    out_dir.mkdir(parents=True, exist_ok=True)
    by_module: dict[str, list[dict[str, Any]]] = {m: [] for m in MODULE_SLUGS}
    for i in range(n):
        by_module[MODULE_SLUGS[i % len(MODULE_SLUGS)]].append(_question(i))
    written = []
    for module, questions in by_module.items():
        for part in range(0, max(len(questions), 1), PER_FILE):
            chunk = questions[part : part + PER_FILE]
            if not chunk:
                continue
            path = out_dir / f"{module}-{part // PER_FILE + 1:03d}.yaml"
            text = yaml.safe_dump(
                {"module": module, "questions": chunk},
                sort_keys=False,
                allow_unicode=True,
                width=100,
            )
            path.write_text(text, encoding="utf-8")
            written.append(path)
    quiz_dir = out_dir / "quizzes"
    quiz_dir.mkdir(exist_ok=True)
    quizzes = {
        "quizzes": [
            {
                "id": "synthetic-fixed",
                "kind": "final",
                "title": _text("Fixed quiz"),
                "questions": [f"synthetic-{i:06d}" for i in range(min(n, 20))],
                "pass_mark": 70,
            },
            {
                "id": "synthetic-drawn",
                "kind": "module",
                "module": "foundations",
                "title": _text("Drawn quiz"),
                "blueprint": [{"count": 1, "module": "foundations"}],
                "pass_mark": 80,
            },
        ]
    }
    path = quiz_dir / "synthetic.yaml"
    path.write_text(yaml.safe_dump(quizzes, sort_keys=False, allow_unicode=True), encoding="utf-8")
    written.append(path)
    return written


def main(n: int = 10_000) -> None:
    """Generate `n` questions, validate them and print time and peak memory."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        print(f"generating {n:,} questions in {out} ...", flush=True)
        files = generate_bank(n, out)
        size = sum(p.stat().st_size for p in files)
        print(f"  {len(files)} files, {size / 1e6:.1f} MB; validating ...", flush=True)
        tracemalloc.start()
        start = time.perf_counter()
        result = load_bank([out])
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"  validated {len(result.questions):,} questions, {len(result.quizzes)} quizzes, "
            f"{len(result.errors)} errors, {len(result.warnings)} warnings"
        )
        print(
            f"  time {elapsed:.2f} s (with tracemalloc on), peak traced memory {peak / 1e6:.0f} MB"
        )
        start = time.perf_counter()
        load_bank([out])
        print(f"  time without tracing {time.perf_counter() - start:.2f} s", flush=True)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  peak RSS of the whole process (generation included) {rss:.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
