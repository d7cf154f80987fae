"""Benchmark harness: seed a database, serve the portal and bare Flask under gunicorn, drive both
with wrk (a separate process, so the load tool does not steal the servers' Python time)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = Path(__file__).with_name("report.lua")
# One User-Agent for the log-in, the anonymous cookie and wrk: Flask-Login's session protection
# hashes it into the session, and a different one on every hit would re-sign the cookie each time
# (a cost no browser pays), while a missing cookie would mint a fresh session on every hit.
USER_AGENT = "ims-bench/1.0 (wrk)"


def _opener(jar: CookieJar) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT)]
    return opener


def _cookie_header(jar: CookieJar) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def bench_database_url(name: str) -> str:
    """BENCH_DATABASE_URL when set, else a fresh SQLite file bench/results/<name>.sqlite3 (WAL)."""
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        return url
    results = Path(__file__).with_name("results")
    results.mkdir(exist_ok=True)
    path = results / f"{name}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return f"sqlite:///{path}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:
            time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not come up within {timeout}s")


def tree_cpu_seconds(pid: int) -> tuple[float, float]:
    """(seconds on a CPU, seconds runnable but waiting for one) so far of a process and its live
    children (Linux /proc/<pid>/schedstat): what gunicorn's workers really got on shared cores,
    and how long the other processes kept them waiting."""
    on_cpu = waiting = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if int(entry.name) != pid and ppid != pid:
                continue
            ran, waited, _slices = (entry / "schedstat").read_text().split()
        except (OSError, ValueError):
            continue
        on_cpu += int(ran)
        waiting += int(waited)
    return on_cpu / 1e9, waiting / 1e9


@contextmanager
def gunicorn(app_spec: str, env: dict[str, str], workers: int = 2, pids: list[int] | None = None):
    """Serve `app_spec` with gunicorn (sync workers) on a free loopback port (its master's pid is
    appended to `pids`)."""
    port = free_port()
    gunicorn_bin = str(Path(sys.executable).with_name("gunicorn"))
    proc = subprocess.Popen(
        [
            gunicorn_bin,
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            app_spec,
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    if pids is not None:
        pids.append(proc.pid)
    try:
        wait_until_up(base + ("/healthz" if "ims_training" in app_spec else "/"))
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def login_cookie(base: str, email: str, password: str) -> str:
    """Log in through the real form (CSRF token included) and return the session cookie header."""
    jar = CookieJar()
    opener = _opener(jar)
    page = opener.open(base + "/login").read().decode()
    marker = 'name="csrf_token" type="hidden" value="'
    start = page.index(marker) + len(marker)
    token = page[start : page.index('"', start)]
    data = urllib.parse.urlencode(
        {"email": email, "password": password, "csrf_token": token}
    ).encode()
    opener.open(base + "/login", data=data)
    if "session" not in {c.name for c in jar}:
        raise RuntimeError("log-in failed in the benchmark")
    return _cookie_header(jar)


def visitor_cookie(url: str) -> str | None:
    """An anonymous visitor's cookies after a first visit of `url` (a browser keeps them), or None
    when the page set none."""
    jar = CookieJar()
    _opener(jar).open(url).read()
    return _cookie_header(jar) or None


@dataclass
class Result:
    name: str
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    non2xx: int
    statements: float | None = None  # SQL statements per request (in-process, same cookie)


def run_wrk(
    name: str, url: str, cookie: str | None = None, seconds: int = 8, connections: int = 8
) -> Result:
    if shutil.which("wrk") is None:
        raise SystemExit(
            "wrk is not installed: run `make bench` (it installs Debian's wrk) or apt-get install wrk"
        )
    cmd = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "-s",
        str(LUA),
        "-H",
        f"User-Agent: {USER_AGENT}",
        url,
    ]
    if cookie:
        cmd[1:1] = ["-H", f"Cookie: {cookie}"]
    print(f"  driving {name}: {url} for {seconds}s ...", flush=True)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("{"))
    data = json.loads(line)
    return Result(
        name,
        data["rps"],
        data["p50"] / 1000,
        data["p95"] / 1000,
        data["p99"] / 1000,
        data["errors"],
        data["non2xx"],
    )


def mean_result(name: str, *results: Result) -> Result:
    """The mean of several runs of one page (e.g. hello before and after the portal's pages)."""
    n = len(results)
    return Result(
        name,
        sum(r.rps for r in results) / n,
        sum(r.p50_ms for r in results) / n,
        sum(r.p95_ms for r in results) / n,
        sum(r.p99_ms for r in results) / n,
        sum(r.errors for r in results),
        sum(r.non2xx for r in results),
    )


def statements_per_request(app, path: str, cookie: str | None, requests: int = 20) -> float:  # type: ignore[no-untyped-def]
    """SQL statements per request of `path` in-process (same cookie and User-Agent as wrk), after
    two warm-up requests so cached pages count as the cache hits wrk sees. BEGIN counts."""
    from sqlalchemy import event
    from werkzeug.test import Client

    from ims_training.extensions import db

    headers = {"User-Agent": USER_AGENT, **({"Cookie": cookie} if cookie else {})}
    client = Client(app, use_cookies=False)
    seen: list[str] = []

    def count(*args) -> None:  # type: ignore[no-untyped-def]
        seen.append(args[2])

    with app.app_context():
        engine = db.engine
    for _ in range(2):
        client.get(path, headers=headers)
    event.listen(engine, "before_cursor_execute", count)
    try:
        for _ in range(requests):
            client.get(path, headers=headers)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen) / requests


def print_table(
    baseline: Result,
    results: list[Result],
    goals: dict[str, float] | None = None,
    default_goal: float = 0.5,
    beside: dict[str, Result] | None = None,
) -> bool:
    """The table of pages; a page's ratio is to `beside[page]` (the hello run next to it) when
    given, else to `baseline`."""
    goals, beside = goals or {}, beside or {}
    print()
    print(
        f"{'page':34} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'hello':>8} {'ratio':>7} {'SQL/req':>8}  goal"
    )
    print(
        f"{baseline.name:34} {baseline.rps:9.1f} {baseline.p50_ms:8.2f} {baseline.p95_ms:8.2f} {baseline.p99_ms:8.2f} "
        f"{'-':>8} {1:7.2f} {'-':>8}"
    )
    ok = True
    for r in results:
        goal = goals.get(r.name, default_goal)
        hello = beside.get(r.name, baseline)
        ratio = r.rps / hello.rps if hello.rps else 0
        met = ratio >= goal and r.errors == 0 and r.non2xx == 0
        ok &= met
        flag = (
            f"ok (>= {goal})"
            if met
            else f"MISSED (>= {goal}; errors {r.errors}, non-2xx {r.non2xx})"
        )
        sql = "-" if r.statements is None else f"{r.statements:.1f}"
        print(
            f"{r.name:34} {r.rps:9.1f} {r.p50_ms:8.2f} {r.p95_ms:8.2f} {r.p99_ms:8.2f} "
            f"{hello.rps:8.0f} {ratio:7.2f} {sql:>8}  {flag}"
        )
    return ok
