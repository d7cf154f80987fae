"""`make bench`: every page in bench/pages.py against bare Flask, in one run, as ratios.

Environment: BENCH_USERS (default 10000), BENCH_SECONDS (default 8), BENCH_DATABASE_URL (default
a fresh SQLite file in WAL mode under bench/results/).
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
from .pages import PAGES, seed_pages_database
from .seed import BENCH_PASSWORD


def main() -> int:
    users = int(os.environ.get("BENCH_USERS", "10000"))
    seconds = int(os.environ.get("BENCH_SECONDS", "8"))
    url = bench_database_url("bench")
    print(f"1/3 seeding {url} with {users} users")
    env = {
        "DATABASE_URL": url,
        "SECRET_KEY": "bench-secret-" + "x" * 32,
        "IMS_CONFIG": "development",
        "LOGIN_RATE_LIMIT_PER_ADDRESS": "10000 per minute",
        "LOGIN_RATE_LIMIT_PER_ACCOUNT": "10000 per minute",
    }
    context = seed_pages_database(users, env)

    print("2/3 bare Flask baseline (gunicorn, 2 workers)")
    with gunicorn("bench.hello_app:app", env) as base:
        hello_before = run_wrk("bare Flask hello", base + "/", seconds=seconds)

    print("3/3 portal pages (gunicorn, 2 workers), then hello again")
    results = []
    with gunicorn("ims_training:create_app()", env) as base:
        for page in PAGES:
            # A fresh login per page: wrk replays one cookie and ignores the renewed one the
            # portal sends when the idle timeout stamp (every 30 s) moves, as a browser would not.
            # Anonymous pages are driven with the cookies a first visit left, as a browser would.
            path = page.path(context) if callable(page.path) else page.path
            if page.login:
                cookie = login_cookie(base, page.login, BENCH_PASSWORD)
            else:
                cookie = visitor_cookie(base + path)
            result = run_wrk(page.name, base + path, cookie, seconds=seconds)
            result.statements = statements_per_request(context["app"], path, cookie)
            results.append(result)
    # The machine is shared: hello is measured before and after the pages, and the ratios are
    # taken against the mean of the two (both are printed, so a drift shows).
    with gunicorn("bench.hello_app:app", env) as base:
        hello_after = run_wrk("bare Flask hello (after)", base + "/", seconds=seconds)
    baseline = mean_result("bare Flask hello (mean)", hello_before, hello_after)
    print(
        f"\nhello before the pages {hello_before.rps:.1f} req/s, after {hello_after.rps:.1f} req/s"
    )
    ok = print_table(baseline, results, goals={page.name: page.goal for page in PAGES})
    print(
        f"\n{users} users, {seconds} s per page, ratios against the hello measured above in this run"
    )
    print("all pages met their goal" if ok else "some pages missed their goal (see above)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
