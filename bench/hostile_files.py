"""Hostile bank files: the worst shapes of GIFT and Moodle XML a 2 MB upload can take (the most
questions and answers a file may hold, single huge questions, long runs of escapes, braces,
entities), and how long checking each takes.

    python -m bench.hostile_files

Target (issue: import work): each 2 MB file is checked (or refused with a reason) in < 2 s of CPU.
`tests/security/test_import_work.py` checks the same files for linear cost, not for seconds.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ims_training.bank.work_bound import MAX_ANSWERS_PER_FILE, MAX_QUESTIONS_PER_FILE

TWO_MB = 2_000_000
TARGET_SECONDS = 2.0


def _gift_question(i: int) -> str:
    return f"::q{i}:: Which <b>one</b>? {{=right{i} ~wrong one ~wrong two ~wrong three}}\n\n"


def _many_xml(count: int) -> str:
    return (
        '<?xml version="1.0"?><quiz>'
        + "".join(
            f'<question type="multichoice"><name><text>q{i}</text></name><questiontext><text>x{i}</text>'
            f'</questiontext><answer fraction="100"><text>a</text></answer><answer fraction="0"><text>b{i}</text>'
            "</answer></question>"
            for i in range(count)
        )
        + "</quiz>"
    )


def _entities_xml(size: int) -> str:
    return (
        '<?xml version="1.0"?><quiz><question type="multichoice"><name><text>q</text></name>'
        '<questiontext format="plain_text"><text>'
        + "&#10;&lt;"
        * (size // 10 - 50)
        + "</text></questiontext>"
        '<answer fraction="100"><text>a</text></answer><answer fraction="0"><text>b</text></answer></question></quiz>'
    )


# Each shape at a scale (1: the full file, 0.25: a quarter of it): the most questions and answers
# a file may hold, and single huge questions.
SCALED: dict[str, Callable[[float], str]] = {
    "many.gift": lambda k: "".join(
        _gift_question(i) for i in range(int(MAX_QUESTIONS_PER_FILE * k))
    ),
    "answers.gift": lambda k: (
        "::q:: x {" + "~<i>a</i> " * int((MAX_ANSWERS_PER_FILE - 10) * k) + "=z}\n"
    ),
    "pairs.gift": lambda k: "::q:: x {" + "=a->b " * int((MAX_ANSWERS_PER_FILE - 10) * k) + "}\n",
    "newlines.gift": lambda k: "::q:: [plain]" + "\\n" * int((TWO_MB // 2 - 20) * k) + "{=a ~b}\n",
    "html.gift": lambda k: "::q:: " + "<p><b>x</b></p>" * int((TWO_MB // 15 - 5) * k) + "{=a ~b}\n",
    "braces.gift": lambda k: "::q:: " + "{" * int((TWO_MB - 20) * k) + "\n",
    "escapes.gift": lambda k: "::" + "\\:" * int((TWO_MB // 2 - 10) * k) + "{=a ~b}\n",
    "tildes.gift": lambda k: "::q:: x {" + "~a" * int((TWO_MB // 2 - 10) * k) + "}\n",
    "entities.xml": lambda k: _entities_xml(int(TWO_MB * k)),
    "many.xml": lambda k: _many_xml(int(MAX_QUESTIONS_PER_FILE * k)),
}
SHAPES = {name: shape(1) for name, shape in SCALED.items()}
SHAPES["over.gift"] = "".join(_gift_question(i) for i in range(MAX_QUESTIONS_PER_FILE + 1))


def main() -> int:
    from ims_training.bank import load_bank

    ok = True
    print(f"{'file':16} {'size':>10} {'CPU s':>7}  verdict")
    with tempfile.TemporaryDirectory() as tmp:
        for number, (name, text) in enumerate(sorted(SHAPES.items()), 1):
            path = Path(tmp) / name
            path.write_text(text, encoding="utf-8")
            start = time.process_time()
            result = load_bank([path], "safety")
            seconds = time.process_time() - start
            outcome = f"refused: {result.errors[0].message[:40]}" if result.errors else "read"
            met = seconds < TARGET_SECONDS
            ok &= met
            print(
                f"{name:16} {path.stat().st_size:>10,} {seconds:7.2f}  "
                f"{'ok' if met else 'MISSED'} (< {TARGET_SECONDS} s; {outcome}) [{number}/{len(SHAPES)}]",
                flush=True,
            )
    print("every file met the target" if ok else "some files missed the target (see above)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
