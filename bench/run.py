"""`make bench`: every page in bench/pages.py against bare Flask, in one run, as ratios.

Environment: BENCH_USERS (default 10000), BENCH_SECONDS (default 8), BENCH_DATABASE_URL (default
a fresh SQLite file in WAL mode under bench/results/).
"""

from __future__ import annotations

import os
import sys

from flask_migrate import upgrade

from ims_training import create_app
from ims_training.extensions import db

from .harness import bench_database_url, gunicorn, login_cookie, print_table, run_wrk
from .pages import PAGES, SEEDERS, load_feature_pages
from .seed import BENCH_PASSWORD, seed_users


def main() -> int:
    load_feature_pages()
    users = int(os.environ.get("BENCH_USERS", "10000"))
    seconds = int(os.environ.get("BENCH_SECONDS", "8"))
    url = bench_database_url("bench")
    print(f"1/3 seeding {url} with {users} users")
    env = {"DATABASE_URL": url, "SECRET_KEY": "bench-secret-" + "x" * 32, "IMS_CONFIG": "development",
           "LOGIN_RATE_LIMIT_PER_ADDRESS": "10000 per minute", "LOGIN_RATE_LIMIT_PER_ACCOUNT": "10000 per minute"}
    os.environ.update(env)
    app = create_app()
    context: dict = {"app": app}
    with app.app_context():
        upgrade()
        seed_users(users)
        for seeder in SEEDERS:
            seeder(context)
        db.session.remove()
        db.engine.dispose()

    print("2/3 bare Flask baseline (gunicorn, 2 workers)")
    with gunicorn("bench.hello_app:app", env) as base:
        baseline = run_wrk("bare Flask hello", base + "/", seconds=seconds)

    print("3/3 portal pages (gunicorn, 2 workers)")
    results = []
    with gunicorn("ims_training:create_app()", env) as base:
        for page in PAGES:
            # A fresh login per page: wrk replays one cookie and ignores the renewed one the
            # portal sends when the idle timeout stamp (every 30 s) moves, as a browser would not.
            cookie = login_cookie(base, page.login, BENCH_PASSWORD) if page.login else None
            path = page.path(context) if callable(page.path) else page.path
            results.append(run_wrk(page.name, base + path, cookie, seconds=seconds))
    ok = print_table(baseline, results)
    print("\nall pages met the goal" if ok else "\nsome pages missed the goal (see above)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
