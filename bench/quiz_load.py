"""Quiz load test: 200 trainees start one quiz together, autosave every answer, submit.

    python -m bench.quiz_load          # SQLite (WAL) file under bench/results/
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench python -m bench.quiz_load

Against gunicorn (2 sync workers). Each simulated trainee is a thread with plain http.client:
log in, open the quiz, wait at a barrier, start, then per question: open the page, choose an
answer, autosave it (JSON + CSRF header) -- some questions twice -- then submit. Afterwards the
database is checked: every successful save is there exactly once (revision count and last value),
one attempt per trainee, all graded. Reports p50/p95/p99 of save and submit and the question
page's throughput (wrk) as a ratio to bare Flask. Environment: QUIZ_BENCH_TRAINEES (200),
QUIZ_BENCH_THINK (mean seconds between a trainee's actions, 1.0), BENCH_SECONDS (wrk, 5).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from flask_migrate import upgrade
from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from ims_training import create_app
from ims_training.bank import load_bank
from ims_training.extensions import db
from ims_training.models import Attempt, AttemptAnswer, User
from ims_training.services.bank.bank_import import import_bank

from .harness import (
    ROOT,
    USER_AGENT,
    bench_database_url,
    gunicorn,
    login_cookie,
    run_wrk,
    tree_cpu_seconds,
)
from .seed import BENCH_PASSWORD, seed_users

RESULTS = Path(__file__).with_name("results")
QUIZ = "quiz-foundations"
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')
ATTR = re.compile(r'([\w-]+)="([^"]*)"')


class Client:
    """One simulated trainee: its cookies, plain http.client, timings and what it saved.

    Like a browser it keeps a cookie the server sets again (Flask re-sends the session cookie
    when its 30 s idle stamp moves): sending the old one would make every later request look
    due for a new stamp, re-signed and re-sent each time, a cost no browser causes."""

    def __init__(self, base: str, cookie: str) -> None:
        parsed = urllib.parse.urlparse(base)
        self.host, self.port = parsed.hostname or "127.0.0.1", parsed.port or 80
        self.cookies = dict(part.strip().split("=", 1) for part in cookie.split(";") if "=" in part)
        self.saves: dict[int, list[str]] = defaultdict(list)  # slot -> values the server confirmed
        self.timings: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.attempt_id: int | None = None

    @property
    def cookie(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def _keep_cookies(self, response: http.client.HTTPResponse) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value, _, attributes = rest.partition(";")
            expired = "max-age=0" in attributes.lower().replace(" ", "") or (
                "expires=thu, 01 jan 1970" in attributes.lower()
            )
            if expired or not value:
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value.strip()

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        timing: str | None = None,
    ) -> tuple[int, dict[str, str], str]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        started = time.perf_counter()
        try:
            conn.request(
                method,
                path,
                body=body,
                headers={"Cookie": self.cookie, "User-Agent": USER_AGENT, **(headers or {})},
            )
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            self._keep_cookies(response)
        finally:
            conn.close()
        if timing:
            self.timings[timing].append((time.perf_counter() - started) * 1000)
        if response.status >= 500:
            self.errors.append(f"{method} {path}: {response.status}")
        return response.status, dict(response.getheaders()), text


def _choose(html: str) -> dict[str, list[str]]:
    """Pick an answer the way a trainee would: some option, some match, a number, the shown order."""
    fields: dict[str, list[str]] = {}
    options: list[str] = []
    for tag in re.findall(r"<input[^>]*>", html):
        attrs = dict(ATTR.findall(tag))
        if attrs.get("name") != "answer":
            continue
        if attrs.get("type") in ("radio", "checkbox"):
            options.append(attrs.get("value", ""))
        else:
            numeric = attrs.get("inputmode") == "decimal"
            fields["answer"] = [
                random.choice(["4", "4,5", "42"] if numeric else ["Vancouver", "L5"])
            ]
    if options:
        fields["answer"] = [random.choice(options)]
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        values = [v for v in re.findall(r'value="([^"]*)"', body) if v]
        if name.startswith("pos-"):
            chosen = re.search(r'value="(\d+)" selected', body)
            fields[name] = [chosen.group(1) if chosen else values[0]]
        else:
            fields[name] = [random.choice(values)]
    return fields


def trainee_run(client: Client, barrier: threading.Barrier, think: float) -> None:
    status, _, page = client.request("GET", f"/learn/quizzes/{QUIZ}")
    token = CSRF_INPUT.search(page)
    if status != 200 or not token:
        client.errors.append(f"quiz page {status}")
        barrier.wait()
        return
    csrf = token.group(1)
    barrier.wait()
    status, headers, _ = client.request(
        "POST",
        f"/learn/quizzes/{QUIZ}/start",
        urllib.parse.urlencode({"csrf_token": csrf, "confirmed": "1"}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
        timing="start",
    )
    match = re.search(r"/learn/attempts/(\d+)", headers.get("Location", ""))
    if status != 302 or not match:
        client.errors.append(f"start {status}")
        return
    client.attempt_id = int(match.group(1))
    base = f"/learn/attempts/{client.attempt_id}"
    slot, total = 0, None
    while total is None or slot < total:
        time.sleep(random.uniform(0.5, 1.5) * think)
        status, _, html = client.request("GET", f"{base}?q={slot + 1}", timing="question page")
        if status != 200:
            client.errors.append(f"question page {status}")
            return
        total = total or int(re.search(r"Question \d+ of (\d+)", html).group(1))  # type: ignore[union-attr]
        for _ in range(2 if slot % 3 == 0 else 1):  # some answers are changed: updates, not inserts
            fields = _choose(html)
            body = json.dumps({"slot": slot, "fields": fields, "flagged": slot % 5 == 0}).encode()
            status, _, text = client.request(
                "POST",
                f"{base}/answers",
                body,
                {
                    "Content-Type": "application/json",
                    "Accept": "application/json",
                    "X-CSRFToken": csrf,
                },
                timing="answer save",
            )
            if status == 200 and json.loads(text).get("saved"):
                client.saves[slot].append(json.dumps(fields, sort_keys=True))
            else:
                client.errors.append(f"save {status} {text[:120]}")
        slot += 1
    time.sleep(random.uniform(0.5, 1.5) * think)
    status, _, _ = client.request(
        "POST",
        f"{base}/submit",
        urllib.parse.urlencode({"csrf_token": csrf}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
        timing="submit",
    )
    if status != 302:
        client.errors.append(f"submit {status}")


def prepare(url: str, trainees: int) -> dict[str, str]:
    env = {
        "DATABASE_URL": url,
        "SECRET_KEY": "bench-secret-" + "x" * 32,
        "IMS_CONFIG": "development",
        "LOGIN_RATE_LIMIT_PER_ADDRESS": "100000 per minute",
        "LOGIN_RATE_LIMIT_PER_ACCOUNT": "100000 per minute",
    }
    os.environ.update(env)
    app = create_app()
    with app.app_context():
        upgrade()
        if (db.session.scalar(select(func.count()).select_from(User)) or 0) < trainees + 1:
            db.session.execute(delete(AttemptAnswer))
            db.session.execute(delete(Attempt))
            db.session.commit()
            seed_users(trainees + 1)
        db.session.execute(delete(AttemptAnswer))
        db.session.execute(delete(Attempt))
        db.session.commit()
        result = load_bank([ROOT / "question_bank"])
        import_bank(result, retire_missing=False)
        db.session.remove()
        db.engine.dispose()
    return env


def verify(url: str, clients: list[Client]) -> list[str]:
    """Every confirmed save is in the database exactly once; one graded attempt per trainee."""
    from ims_training.domain.answer_keys import to_fields

    problems = []
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        for client in clients:
            attempt = (
                db.session.get(Attempt, client.attempt_id, options=[selectinload(Attempt.answers)])
                if client.attempt_id
                else None
            )
            if attempt is None:
                problems.append("a trainee has no attempt")
                continue
            if attempt.status != "submitted" or attempt.score is None:
                problems.append(f"attempt {attempt.id} not graded")
            slots = [a.slot for a in attempt.answers]
            if slots != list(range(len(attempt.layout))):
                problems.append(f"attempt {attempt.id} has answer rows {slots}")
            for answer in attempt.answers:
                sent = client.saves.get(answer.slot, [])
                if answer.revision != len(sent):
                    problems.append(
                        f"attempt {attempt.id} slot {answer.slot}: revision {answer.revision}, saves {len(sent)}"
                    )
                elif sent and json.dumps(
                    to_fields(attempt.layout[answer.slot], answer.response), sort_keys=True
                ) != _normalised(sent[-1], attempt.layout[answer.slot]):
                    problems.append(f"attempt {attempt.id} slot {answer.slot}: last value differs")
        per_user = db.session.execute(
            select(Attempt.user_id, func.count()).group_by(Attempt.user_id)
        ).all()
        if any(n != 1 for _, n in per_user):
            problems.append("a trainee has more than one attempt")
    return problems


def _normalised(sent: str, entry: dict[str, Any]) -> str:
    """The fields as the server would give them back (text trimmed, empty fields dropped)."""
    from ims_training.domain.answer_keys import parse_fields, to_fields

    return json.dumps(to_fields(entry, parse_fields(entry, json.loads(sent))), sort_keys=True)


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    trainees = int(os.environ.get("QUIZ_BENCH_TRAINEES", "200"))
    think = float(os.environ.get("QUIZ_BENCH_THINK", "1.0"))
    seconds = int(os.environ.get("BENCH_SECONDS", "5"))
    RESULTS.mkdir(exist_ok=True)
    url = bench_database_url("quiz_load")
    print(f"1/4 preparing {url.split('@')[-1]}: {trainees} trainees, the question bank")
    env = prepare(url, trainees)
    log = RESULTS / "quiz_load_gunicorn.log"
    log.unlink(missing_ok=True)
    env["GUNICORN_CMD_ARGS"] = f"--error-logfile {log} --capture-output"

    pids: list[int] = []
    with gunicorn("ims_training:create_app()", env, pids=pids) as base:
        print(f"2/4 logging in {trainees} trainees")
        with ThreadPoolExecutor(16) as pool:
            cookies = list(
                pool.map(
                    lambda n: login_cookie(base, f"trainee{n}@bench.example.org", BENCH_PASSWORD),
                    range(trainees),
                )
            )
        clients = [Client(base, c) for c in cookies]
        barrier = threading.Barrier(trainees)
        print(
            f"3/4 {trainees} trainees start together, answer with autosave and submit (think ~{think}s)"
        )
        started, server_before, client_cpu = (
            time.perf_counter(),
            tree_cpu_seconds(pids[0]),
            time.process_time(),
        )
        threads = [threading.Thread(target=trainee_run, args=(c, barrier, think)) for c in clients]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        server_after, client_cpu = tree_cpu_seconds(pids[0]), time.process_time() - client_cpu
        server_cpu, server_wait = (
            after - before for after, before in zip(server_after, server_before, strict=True)
        )
        # the question page under wrk: one more trainee with an open attempt
        extra = Client(
            base, login_cookie(base, f"trainee{trainees}@bench.example.org", BENCH_PASSWORD)
        )
        _, _, page = extra.request("GET", f"/learn/quizzes/{QUIZ}")
        csrf = CSRF_INPUT.search(page).group(1)  # type: ignore[union-attr]
        _, headers, _ = extra.request(
            "POST",
            f"/learn/quizzes/{QUIZ}/start",
            urllib.parse.urlencode({"csrf_token": csrf, "confirmed": "1"}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        question_url = base + urllib.parse.urlparse(headers["Location"]).path + "?q=2"
        print("4/4 question page throughput (wrk) and the bare Flask baseline")
        page_result = run_wrk("question page", question_url, extra.cookie, seconds=seconds)
    with gunicorn("bench.hello_app:app", env) as hello:
        baseline = run_wrk("bare Flask hello", hello + "/", seconds=seconds)

    problems = verify(url, clients)
    errors = [e for c in clients for e in c.errors]
    timings: dict[str, list[float]] = defaultdict(list)
    for c in clients:
        for name, values in c.timings.items():
            timings[name].extend(values)
    locked = log.read_text(errors="replace").count("database is locked") if log.exists() else 0
    ratio = page_result.rps / baseline.rps if baseline.rps else 0
    saves = sum(len(v) for c in clients for v in c.saves.values())

    requests = sum(len(v) for v in timings.values()) + trainees  # + each trainee's first quiz page
    print(f"\n{trainees} trainees in {elapsed:.1f}s, {saves} answer saves confirmed")
    print(
        f"server CPU {server_cpu:.1f} s for {requests} requests ({1000 * server_cpu / requests:.1f} ms each), "
        f"{100 * server_cpu / elapsed:.0f} % of one core on average (2 workers could use 200 %); the workers "
        f"waited {server_wait:.1f} s for a CPU held by other processes; "
        f"this load generator used {client_cpu:.1f} s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(f"{'request':16} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for name in ("start", "question page", "answer save", "submit"):
        v = timings[name]
        print(f"{name:16} {len(v):7d} {pct(v, 50):8.1f} {pct(v, 95):8.1f} {pct(v, 99):8.1f}")
    print(
        f"\nquestion page under wrk: {page_result.rps:.1f} req/s vs bare Flask {baseline.rps:.1f} "
        f"req/s = ratio {ratio:.2f} (goal >= 0.5)"
    )
    print(
        f"server errors / failed requests: {len(errors)}; 'database is locked' in the log: {locked}; "
        f"lost or doubled answers: {len(problems)}"
    )
    for line in (errors + problems)[:20]:
        print("  " + line)
    goals = {
        "answer save p95 < 200 ms": pct(timings["answer save"], 95) < 200,
        "submit p95 < 200 ms": pct(timings["submit"], 95) < 200,
        "question page ratio >= 0.5": ratio >= 0.5,
        "no errors, no lost or doubled answers": not errors and not problems and not locked,
    }
    for goal, met in goals.items():
        print(f"  {'ok    ' if met else 'MISSED'} {goal}")
    return 0 if all(goals.values()) and not problems and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
