"""`make bench`: every page in bench/pages.py against bare Flask, in one run, as ratios: each
page alternates with hello (ROUNDS turns of BENCH_SECONDS / ROUNDS each), and its ratio is to
those hello runs (req/s and latencies are the means of the turns).

Environment: BENCH_USERS (default 10000), BENCH_SECONDS (default 8), BENCH_DATABASE_URL (default
a fresh SQLite file in WAL mode under bench/results/), BENCH_PAGES (default all: a comma-separated
list of words; only pages whose name contains one of them are driven, e.g. `dashboard,lesson`).
"""

from __future__ import annotations

import os
import sys

from .harness import (
    bench_database_url,
    gunicorn,
    login_cookie,
    mean_result,
    print_table,
    run_wrk,
    statements_per_request,
    visitor_cookie,
)
from .pages import PAGES, BenchPage, seed_pages_database
from .seed import BENCH_PASSWORD

ROUNDS = 3  # alternations of hello and each page


def selected_pages() -> list[BenchPage]:
    """PAGES, or those whose name contains a word of BENCH_PAGES (comma-separated)."""
    words = [w.strip().lower() for w in os.environ.get("BENCH_PAGES", "").split(",") if w.strip()]
    if not words:
        return list(PAGES)
    chosen = [page for page in PAGES if any(word in page.name.lower() for word in words)]
    if not chosen:
        raise SystemExit(
            f"BENCH_PAGES={os.environ['BENCH_PAGES']!r} names no page; the pages are: "
            + ", ".join(page.name for page in PAGES)
        )
    return chosen


def main() -> int:
    users = int(os.environ.get("BENCH_USERS", "10000"))
    seconds = int(os.environ.get("BENCH_SECONDS", "8"))
    url = bench_database_url("bench")
    print(f"1/2 seeding {url} with {users} users")
    env = {
        "DATABASE_URL": url,
        "SECRET_KEY": "bench-secret-" + "x" * 32,
        "IMS_CONFIG": "development",
        "LOGIN_RATE_LIMIT_PER_ADDRESS": "10000 per minute",
        "LOGIN_RATE_LIMIT_PER_ACCOUNT": "10000 per minute",
    }
    context = seed_pages_database(users, env)

    print(
        f"2/2 each page alternated {ROUNDS} times with bare Flask hello, both under gunicorn (2 workers each)"
    )
    results, beside = [], {}
    # Hello drifts by 10-30 % between runs of a few seconds on shared cores, so each page is
    # measured in ROUNDS alternations with hello (hello, page, hello, page, ...), and its ratio is
    # taken against those hello runs: drift during the page's turn hits both alike. Both servers
    # stay up; the idle one costs nothing.
    turn = max(1, round(seconds / ROUNDS))
    with (
        gunicorn("bench.hello_app:app", env) as hello,
        gunicorn("ims_training:create_app()", env) as base,
    ):
        for page in selected_pages():
            # A fresh login per page: wrk replays one cookie and ignores the renewed one the
            # portal sends when the idle timeout stamp (every 30 s) moves, as a browser would not.
            # Anonymous pages are driven with the cookies a first visit left, as a browser would.
            path = page.path(context) if callable(page.path) else page.path
            if page.login:
                cookie = login_cookie(base, page.login, BENCH_PASSWORD)
            else:
                cookie = visitor_cookie(base + path)
            hello_runs, page_runs = [], []
            for _ in range(ROUNDS):
                hello_runs.append(run_wrk("bare Flask hello", hello + "/", seconds=turn))
                page_runs.append(run_wrk(page.name, base + path, cookie, seconds=turn))
            beside[page.name] = mean_result("bare Flask hello", *hello_runs)
            result = mean_result(page.name, *page_runs)
            result.statements = statements_per_request(context["app"], path, cookie)
            results.append(result)
    hellos = list(beside.values())
    baseline = mean_result("bare Flask hello (mean of runs)", *hellos)
    print(
        f"\nhello beside the {len(hellos)} pages: {min(h.rps for h in hellos):.1f} to "
        f"{max(h.rps for h in hellos):.1f} req/s (means of {ROUNDS} runs of {turn} s); each page's "
        "ratio is to the hello runs alternated with it"
    )
    ok = print_table(
        baseline, results, goals={page.name: page.goal for page in PAGES}, beside=beside
    )
    print(
        f"\n{users} users, {seconds} s per page, ratios against the hello measured beside each page"
    )
    print("all pages met their goal" if ok else "some pages missed their goal (see above)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
