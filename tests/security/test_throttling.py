"""Point 9: log-in throttling holds across the workers that serve the portal.

`make run` serves one gunicorn process with threads, so its memory:// counters are shared by all
requests; production refuses memory:// and needs a shared store (Redis), which
tests/integration/test_rate_limit_redis.py exercises across two app instances.
"""

from __future__ import annotations

import http.client
import os
import re
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ims_training.config import PROJECT_ROOT, ProductionConfig


def _make_run_gunicorn_args() -> list[str]:
    """The gunicorn options of the Makefile's `run` target, exactly as `make run` passes them."""
    recipe = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8").split("\nrun:", 1)[1]
    line = next(raw for raw in recipe.splitlines() if "bin/gunicorn" in raw)
    args = shlex.split(line.split("bin/gunicorn", 1)[1])
    return [a for a in args if a != "ims_training:create_app()"]


def test_production_refuses_the_per_process_memory_store(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://ims.example.org")  # the other refusal
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    with pytest.raises(RuntimeError, match="RATELIMIT_STORAGE_URI"):
        ProductionConfig.check()
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "memory://")
    with pytest.raises(RuntimeError, match="shared"):
        ProductionConfig.check()
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://cache.internal:6379/0")
    ProductionConfig.check()


def test_make_run_serves_one_process_whose_threads_share_the_counters():
    args = _make_run_gunicorn_args()
    workers = args[args.index("--workers") + 1] if "--workers" in args else "1"
    assert workers == "1" and "--threads" in args


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _request(port: int, method: str, path: str, body: str = "", headers: dict | None = None):  # type: ignore[no-untyped-def]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)  # a new connection each time
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheader("Set-Cookie") or "", response.read().decode()
    finally:
        conn.close()


def test_the_per_address_limit_holds_under_make_runs_gunicorn(_migrated, tmp_path: Path):
    port = _free_port()
    args = [a.replace("$(PORT)", str(port)) for a in _make_run_gunicorn_args()]
    env = os.environ | {
        "IMS_CONFIG": "development",
        "DATABASE_URL": _migrated,
        "SECRET_KEY": "t" * 40,
        "LOGIN_RATE_LIMIT_PER_ADDRESS": "20 per minute",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
    }
    env.pop("RATELIMIT_STORAGE_URI", None)  # the default: memory://
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *args, "ims_training:create_app()"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, cookie, page = _request(port, "GET", "/login")
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        token = re.search(
            r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"',
            page,
        )
        assert token is not None
        csrf = token.group(1) or token.group(2)
        headers = {
            "Cookie": cookie.split(";", 1)[0],
            "Content-Type": "application/x-www-form-urlencoded",
        }
        codes = [
            _request(
                port,
                "POST",
                "/login",
                f"csrf_token={csrf}&email=nobody{n}%40example.org&password=wrong+password+x",
                headers,
            )[0]
            for n in range(26)
        ]
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert codes[:20] == [200] * 20
    assert codes[20:] == [429] * 6  # 45 of 60 got through with two workers counting apart
