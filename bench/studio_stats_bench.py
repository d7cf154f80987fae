"""Item analysis of one quiz with 100,000 submitted attempts (1,000,000 responses): time and memory.

    python -m bench.studio_stats_bench [ATTEMPTS]
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_studio python -m bench.studio_stats_bench

The database is seeded in bulk (10,000 trainees x 10 attempts of a 10-question quiz, responses
drawn from a simple ability model so facility and discrimination vary), then the statistics run in
a fresh process (`--measure`) so its peak RSS is the statistics' own, not the seeding's.
PostgreSQL: the named database is dropped and re-created (never point this at `test`).
Target: < 3 s per analysis on SQLite and on PostgreSQL. Not a timed test.
"""

from __future__ import annotations

import math
import os
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import create_engine, insert, text

from bench.harness import bench_database_url

TARGET_SECONDS = 3.0
QUESTIONS = 10
ATTEMPTS_PER_TRAINEE = 10
CHUNK = 20_000


def _fresh_postgres(url: str) -> None:
    name = url.rsplit("/", 1)[1].split("?")[0]
    if name in ("test", "postgres"):
        raise SystemExit(f"refusing to drop database {name!r}; use e.g. .../bench_studio")
    admin = create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def _question(i: int) -> dict[str, Any]:
    def t(s: str) -> dict[str, str]:
        return {"en": s, "nb": s + " (nb)"}

    return {
        "id": f"bench-q{i}",
        "type": "single_choice",
        "module": "foundations",
        "difficulty": "medium",
        "stem": t(f"Bench question {i}"),
        "options": [
            {"id": o, "text": t(f"Option {o} of {i}"), **({"correct": True} if o == "a" else {})}
            for o in "abcd"
        ],
    }


def _seed(attempts: int) -> None:
    from flask_migrate import upgrade

    from bench.seed import seed_users
    from ims_training.bank import BankLoadResult
    from ims_training.bank.quiz_schema import QUIZ_ADAPTER
    from ims_training.bank.schema import QUESTION_ADAPTER
    from ims_training.extensions import db
    from ims_training.models import Attempt, AttemptAnswer, Question, Quiz, User
    from ims_training.services.bank.bank_import import import_bank

    upgrade()
    questions = [QUESTION_ADAPTER.validate_python(_question(i)) for i in range(QUESTIONS)]
    quiz = QUIZ_ADAPTER.validate_python(
        {
            "id": "bench-quiz",
            "kind": "final",
            "title": {"en": "Bench", "nb": "Bench"},
            "questions": [q.id for q in questions],
            "pass_mark": 60,
        }
    )
    import_bank(BankLoadResult(questions=questions, quizzes=[quiz]), retire_missing=False)
    trainees = math.ceil(attempts / ATTEMPTS_PER_TRAINEE)
    seed_users(trainees)
    quiz_row = db.session.scalar(db.select(Quiz).where(Quiz.key == "bench-quiz"))
    versions = dict(db.session.execute(db.select(Question.key, Question.current_version_id)).all())
    user_ids = list(db.session.scalars(db.select(User.id).order_by(User.id)))
    version_ids = [versions[q.id] for q in questions]
    layout = [
        {"key": q.id, "version_id": v, "type": "single_choice", "options": ["a", "b", "c", "d"]}
        for q, v in zip(questions, version_ids, strict=True)
    ]
    difficulty = [random.Random(i).uniform(-1.5, 1.5) for i in range(QUESTIONS)]
    rng = random.Random(2026)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    next_id = 1
    started = time.time()
    for offset in range(0, attempts, CHUNK):
        attempt_rows, answer_rows = [], []
        for n in range(offset, min(attempts, offset + CHUNK)):
            ability = rng.gauss(0, 1)
            score = 0
            for slot, version_id in enumerate(version_ids):
                p = 1 / (1 + math.exp(-(ability - difficulty[slot]) * 1.7))
                right = rng.random() < p
                score += right
                response = "a" if right else rng.choice("bcd") if slot != 3 else rng.choice("bc")
                answer_rows.append(
                    {
                        "attempt_id": next_id,
                        "slot": slot,
                        "question_version_id": version_id,
                        "response": response if rng.random() > 0.02 else None,
                        "flagged": False,
                        "saved_at": start,
                        "revision": 1,
                        "score": float(right),
                        "max_score": 1.0,
                    }
                )
            percent = 100.0 * score / QUESTIONS
            attempt_rows.append(
                {
                    "id": next_id,
                    "user_id": user_ids[n // ATTEMPTS_PER_TRAINEE],
                    "quiz_id": quiz_row.id,
                    "quiz_version_id": quiz_row.current_version_id,
                    "number": n % ATTEMPTS_PER_TRAINEE + 1,
                    "status": "submitted",
                    "started_at": start + timedelta(minutes=n),
                    "submitted_at": start + timedelta(minutes=n + 9),
                    "closed_by": "trainee",
                    "layout": layout,
                    "score": float(score),
                    "max_score": float(QUESTIONS),
                    "percent": percent,
                    "passed": percent >= 60,
                }
            )
            next_id += 1
        db.session.execute(insert(Attempt), attempt_rows)
        db.session.execute(insert(AttemptAnswer), answer_rows)
        db.session.commit()
        print(
            f"\r  seeded {min(attempts, offset + CHUNK):,}/{attempts:,} attempts ({time.time() - started:.0f} s)",
            end="",
            flush=True,
        )
    print()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SELECT setval('attempts_id_seq', (SELECT max(id) FROM attempts))"))
        db.session.execute(text("ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
    db.session.commit()


def _peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM; getrusage would carry the parent's over exec)."""
    for line in open("/proc/self/status", encoding="ascii"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure() -> int:
    from ims_training import create_app
    from ims_training.extensions import db
    from ims_training.models import Quiz
    from ims_training.services.bank import studio_stats

    app = create_app()
    with app.app_context(), app.test_request_context():
        quiz = db.session.scalar(db.select(Quiz).where(Quiz.key == "bench-quiz"))
        baseline = _peak_rss_mb()
        times, cpu = [], []
        for _ in range(3):
            db.session.expire_all()
            began, began_cpu = time.perf_counter(), time.process_time()
            analysis = studio_stats.analyse(quiz)
            times.append(time.perf_counter() - began)
            cpu.append(time.process_time() - began_cpu)
        tracemalloc.start()
        studio_stats.analyse(quiz)
        traced = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        peak = _peak_rss_mb()
        dialect = db.engine.dialect.name
    responses = sum(item.count for item in analysis.items)
    print(
        f"{dialect}: {analysis.scores.count:,} attempts, {responses:,} graded responses; "
        f"alpha {analysis.alpha:.3f}, mean {analysis.scores.mean:.1f} %"
    )
    print(
        f"analysis time: best {min(times):.2f} s, median {sorted(times)[1]:.2f} s, worst {max(times):.2f} s "
        f"wall; this process's CPU {min(cpu):.2f}-{max(cpu):.2f} s (PostgreSQL works in its own process); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print(
        f"peak RSS {peak:.0f} MB (app loaded: {baseline:.0f} MB, so +{peak - baseline:.0f} MB); "
        f"tracemalloc peak of one analysis {traced:.1f} MB"
    )
    ok = sorted(times)[1] < TARGET_SECONDS
    print(f"target: < {TARGET_SECONDS:.0f} s:", "met" if ok else "NOT MET")
    return 0 if ok else 1


def main(attempts: int = 100_000) -> int:
    url = bench_database_url("studio_stats")
    if url.startswith("postgresql"):
        _fresh_postgres(url)
    os.environ["DATABASE_URL"] = url
    from ims_training import create_app

    app = create_app()
    with app.app_context():
        began = time.time()
        _seed(attempts)
        print(f"seeded in {time.time() - began:.0f} s")
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.call([sys.executable, "-m", "bench.studio_stats_bench", "--measure"], env=env)


if __name__ == "__main__":
    if sys.argv[1:] == ["--measure"]:
        sys.exit(_measure())
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
