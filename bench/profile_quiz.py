"""Where the quiz load's time goes: the trainee's steps served in-process, timed, SQL counted.

    .venv/bin/python -m bench.profile_quiz                  # ms and SQL statements per step
    .venv/bin/python -m bench.profile_quiz "answer save"    # plus a cProfile of that step
    .venv/bin/python -m bench.profile_quiz --cpu            # CPU ms per step, nothing listening

The same database and quiz as `bench.quiz_load` (QUIZ_BENCH_TRAINEES trainees, default 40 here),
driven one request at a time through the WSGI app, without a server or concurrency: each trainee
opens the quiz, starts it, opens every question page (each after a save: a page-cache miss, as
in the load), autosaves every answer (some twice) and submits. The figures are the app's own
cost per step, the part our code can change; `bench.quiz_load` adds the server and contention.

Counting SQL means listening to the engine, and a listened-to engine sends `database.read_rows`
through SQLAlchemy instead of straight to the driver (so that listeners see every statement):
the default figures include that slower path. `--cpu` listens to nothing and reports the
process's CPU time per step, which is what a worker pays in production.
"""

from __future__ import annotations

import cProfile
import json
import os
import pstats
import re
import sys
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from typing import Any

from sqlalchemy import event
from werkzeug.test import Client

from .harness import USER_AGENT, bench_database_url
from .quiz_load import CSRF_INPUT, QUIZ, _choose, prepare
from .seed import BENCH_PASSWORD
from .wire import WireTrace

STEPS = ("quiz page", "start", "question page", "answer save", "submit")


def _login(client: Client, email: str) -> None:
    page = client.get("/login", headers={"User-Agent": USER_AGENT}).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    data = {
        "email": email,
        "password": BENCH_PASSWORD,
        "csrf_token": token.group(1) if token else "",
    }
    response = client.post("/login", data=data, headers={"User-Agent": USER_AGENT})
    if response.status_code != 302:
        raise RuntimeError(f"login as {email} failed: {response.status_code}")


class Recorder:
    """Wall time and SQL statements per step; a cProfile of the chosen step."""

    def __init__(self, engine: Any, profiled: str | None, cpu: bool = False) -> None:
        self.ms: dict[str, list[float]] = defaultdict(list)
        self.sql: dict[str, list[int]] = defaultdict(list)
        self.seen = 0
        self.profiler = cProfile.Profile() if profiled else None
        self.profiled = profiled
        self.clock = time.process_time if cpu else time.perf_counter
        self.trips: dict[str, list[int]] = defaultdict(list)
        # On PostgreSQL the statements are counted on the wire (with the round trips), which
        # leaves read_rows on its fast path; elsewhere with SQLAlchemy's events. --cpu: nothing.
        self.wire = WireTrace(engine) if engine.dialect.name == "postgresql" and not cpu else None
        if self.wire is not None:
            self.wire.__enter__()
        elif not cpu:
            event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *args: Any) -> None:
        self.seen += 1

    def step(self, name: str, call: Callable[[], Any]) -> Any:
        before = self.seen
        profiling = self.profiler is not None and name == self.profiled
        started = self.clock()
        if profiling:
            self.profiler.enable()  # type: ignore[union-attr]
        result = call()
        if profiling:
            self.profiler.disable()  # type: ignore[union-attr]
        self.ms[name].append((self.clock() - started) * 1000)
        if self.wire is not None:
            sent = self.wire.take()
            self.sql[name].append(sent.statements)
            self.trips[name].append(sent.round_trips)
        else:
            self.sql[name].append(self.seen - before)
        return result


def run_trainee(client: Client, rec: Recorder) -> None:
    headers = {"User-Agent": USER_AGENT}
    page = rec.step("quiz page", lambda: client.get(f"/learn/quizzes/{QUIZ}", headers=headers))
    csrf = CSRF_INPUT.search(page.get_data(as_text=True)).group(1)  # type: ignore[union-attr]
    started = rec.step(
        "start",
        lambda: client.post(
            f"/learn/quizzes/{QUIZ}/start",
            data={"csrf_token": csrf, "confirmed": "1"},
            headers=headers,
        ),
    )
    base = urllib.parse.urlparse(started.headers["Location"]).path
    slot, total = 0, None
    while total is None or slot < total:
        response = rec.step(
            "question page", partial(client.get, f"{base}?q={slot + 1}", headers=headers)
        )
        html = response.get_data(as_text=True)
        if response.status_code != 200:
            raise RuntimeError(f"question page answered {response.status_code}")
        total = total or int(re.search(r"Question \d+ of (\d+)", html).group(1))  # type: ignore[union-attr]
        for _ in range(2 if slot % 3 == 0 else 1):
            body = json.dumps({"slot": slot, "fields": _choose(html), "flagged": slot % 5 == 0})
            saved = rec.step(
                "answer save",
                partial(
                    client.post,
                    f"{base}/answers",
                    data=body,
                    headers={
                        **headers,
                        "Content-Type": "application/json",
                        "Accept": "application/json",
                        "X-CSRFToken": csrf,
                    },
                ),
            )
            if saved.status_code != 200 or not saved.get_json().get("saved"):
                raise RuntimeError(
                    f"save answered {saved.status_code}: {saved.get_data(as_text=True)[:200]}"
                )
        slot += 1
    done = rec.step(
        "submit", lambda: client.post(f"{base}/submit", data={"csrf_token": csrf}, headers=headers)
    )
    if done.status_code != 302:
        raise RuntimeError(f"submit answered {done.status_code}")


def main(argv: list[str]) -> int:
    trainees = int(os.environ.get("QUIZ_BENCH_TRAINEES", "40"))
    targets = [a for a in argv if not a.startswith("-")]
    url = bench_database_url("profile_quiz")
    print(f"preparing {url.split('@')[-1]}: {trainees} trainees, the question bank")
    prepare(url, trainees)
    from ims_training import create_app
    from ims_training.extensions import db

    app = create_app()
    with app.app_context():
        engine = db.engine
    clients = []
    for n in range(trainees):
        client = Client(app, use_cookies=True)
        _login(client, f"trainee{n}@bench.example.org")
        clients.append(client)
    cpu = "--cpu" in argv
    rec = Recorder(engine, targets[0] if targets else None, cpu=cpu)
    for client in clients:
        run_trainee(client, rec)
    unit = "CPU" if cpu else "ms"
    trips = " trips/req" if rec.wire is not None else ""
    print(
        f"\n{'step':16} {'count':>6} {'mean ' + unit:>8} {'p50 ' + unit:>8} {'max ' + unit:>8} {'SQL/req':>8}{trips}"
    )
    for name in STEPS:
        values = sorted(rec.ms[name])
        line = (
            f"{name:16} {len(values):6d} {sum(values) / len(values):8.2f} {values[len(values) // 2]:8.2f} "
            f"{values[-1]:8.2f} {sum(rec.sql[name]) / len(values) if not cpu else float('nan'):8.1f}"
        )
        if rec.wire is not None:
            line += f" {sum(rec.trips[name]) / len(values):9.1f}"
        print(line)
    if rec.wire is not None:
        rec.wire.__exit__(None, None, None)
        print("SQL and trips counted on the wire: statements and round trips (bench/wire.py)")
    if rec.profiler is not None:
        print(f"\n== profile of {rec.profiled} ==")
        stats = pstats.Stats(rec.profiler).sort_stats("cumulative")
        stats.print_stats(50)
        if os.environ.get("PROFILE_CALLERS"):
            stats.print_callers(os.environ["PROFILE_CALLERS"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
