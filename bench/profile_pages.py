"""Where a page's time goes: every bench page served in-process, timed, and optionally profiled.

    .venv/bin/python -m bench.profile_pages                 # mean ms per request, per page
    .venv/bin/python -m bench.profile_pages "lesson page"   # plus a cProfile of that page

Seeds the same data as `make bench` (BENCH_USERS, default 2000 here to start quickly) into a
fresh SQLite file, then requests each page N times (BENCH_REQUESTS, default 300) through the WSGI
app directly, without a server: the numbers are the app's own cost per request, the part that
our code can change. The server-level ratios come from `make bench`.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import re
import sys
import time

from werkzeug.test import Client

from .harness import bench_database_url
from .pages import PAGES, seed_pages_database
from .seed import BENCH_PASSWORD
from .wire import WireTrace


def _login(client: Client, email: str) -> None:
    page = client.get("/login")
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data())
    data = {"email": email, "password": BENCH_PASSWORD}
    if token:
        data["csrf_token"] = token.group(1).decode()
    response = client.post("/login", data=data)
    if response.status_code != 302:
        raise RuntimeError(f"login as {email} failed: {response.status_code}")


def main(argv: list[str]) -> int:
    users = int(os.environ.get("BENCH_USERS", "2000"))
    requests = int(os.environ.get("BENCH_REQUESTS", "300"))
    url = bench_database_url("profile")
    print(f"seeding {url} with {users} users")
    context = seed_pages_database(
        users,
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench-secret-" + "x" * 32,
            "IMS_CONFIG": "development",
        },
    )
    app = context["app"]

    from .hello_app import app as hello_app

    clients: dict[str | None, Client] = {}
    rows: list[tuple[str, float, str]] = []
    targets = [a for a in argv if not a.startswith("-")]

    bare = Client(hello_app)
    started = time.perf_counter()
    for _ in range(requests):
        bare.get("/")
    baseline = (time.perf_counter() - started) / requests * 1000
    rows.append(("bare Flask hello", baseline, ""))
    from ims_training.extensions import db

    with app.app_context():
        engine = db.engine
    on_pg = engine.dialect.name == "postgresql"

    for page in PAGES:
        if page.login not in clients:
            client = Client(app, use_cookies=True)
            if page.login:
                _login(client, page.login)
            clients[page.login] = client
        client = clients[page.login]
        path = page.path(context) if callable(page.path) else page.path
        first = client.get(path)
        if first.status_code != 200:
            print(f"  {page.name}: {path} answered {first.status_code}, skipped")
            continue
        profiler = cProfile.Profile() if page.name in targets else None
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        for _ in range(requests):
            client.get(path)
        if profiler:
            profiler.disable()
        elapsed = (time.perf_counter() - started) / requests * 1000
        with WireTrace(engine) as wire:  # PostgreSQL: what one request sends, after the timed ones
            client.get(path)
            sent = wire.take()
        on_wire = f"{sent.statements:>5} {sent.round_trips:>6}" if on_pg else ""
        if on_pg and page.name in targets:
            print(f"{page.name} sends: {sent.texts}")
        rows.append((page.name, elapsed, on_wire))
        if profiler:
            print(f"\n== profile of {page.name} ({requests} requests) ==")
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
    print(f"\n{'page':<34} {'ms/request':>10} {'x hello':>8}" + ("   SQL  trips" if on_pg else ""))
    for name, ms, on_wire in rows:
        print(f"{name:<34} {ms:>10.2f} {ms / baseline:>8.1f} {on_wire}")
    if on_pg:
        print(
            "SQL, trips: statements and round trips one request sends to PostgreSQL (bench/wire.py)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
