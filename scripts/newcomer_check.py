"""The newcomer's path, as CI walks it: clean clone -> `PORT=N make run` -> /healthz -> log in -> stop.

    python3 scripts/newcomer_check.py [--keep]

Clones the committed state of this repository into a temporary folder (so nothing uncommitted
helps), runs the README's first command there on a free port with a fresh `.venv`, waits for
`/healthz`, reads the demo password that `make run` printed, logs in as the demo trainee through
the real form (CSRF token included), opens the dashboard, opens the demo certificate's
verification link on that port, and stops the server. Exit status 0 only
if every step worked; on failure it prints the step and the tail of `make run`'s output.
Standard library only, so it runs before anything is installed.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = float(
    os.environ.get("NEWCOMER_START_TIMEOUT", "900")
)  # a cold pip install included


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def step(message: str) -> None:
    print(f"[newcomer] {message}", flush=True)


class Failed(Exception):
    pass


def wait_for_health(base: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    shown = 0
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise Failed(
                f"`make run` exited with status {server.returncode} before /healthz answered"
            )
        lines = log.read_text(errors="replace").splitlines()
        for line in lines[shown:]:
            if (
                line.startswith(("Installing", "Demo logins", "IMS Training Portal:"))
                or "seed" in line.lower()
            ):
                step(f"  make run: {line.strip()}")
        shown = len(lines)
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(1)
    raise Failed(f"/healthz did not answer within {START_TIMEOUT:.0f} s")


def log_in(base: str, email: str, password: str) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/login", timeout=30) as response:
        page = response.read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page
    )
    if not token:
        raise Failed("the login page has no CSRF token field")
    form = urllib.parse.urlencode(
        {"csrf_token": token.group(1), "email": email, "password": password}
    )
    with opener.open(base + "/login", data=form.encode(), timeout=30) as response:
        landed = response.geturl()
    if urllib.parse.urlparse(landed).path.startswith("/login"):
        raise Failed(f"logging in as {email} with the printed password failed (still on {landed})")
    with opener.open(base + "/dashboard", timeout=30) as response:
        if response.status != 200 or "/login" in urllib.parse.urlparse(response.geturl()).path:
            raise Failed("/dashboard did not open after logging in")
    step(f"logged in as {email} and opened /dashboard")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary clone for inspection"
    )
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="ims-newcomer-"))
    clone, log = work / "portal", work / "make-run.log"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server: subprocess.Popen[bytes] | None = None
    started = time.monotonic()
    try:
        step(f"cloning the committed state of {ROOT} into {clone}")
        subprocess.run(
            ["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True
        )
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("VIRTUAL_ENV", "DEMO_PASSWORD", "PUBLIC_BASE_URL")
        }
        env.update(PORT=str(port))
        step(f"PORT={port} make run (fresh .venv; the first install can take a few minutes)")
        with log.open("wb") as out:
            server = subprocess.Popen(
                ["make", "run"],
                cwd=clone,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for_health(base, server, log)
        step(f"/healthz answered after {time.monotonic() - started:.0f} s")
        printed = re.search(
            r"Demo logins \(password for all: (\S+)\)", log.read_text(errors="replace")
        )
        if not printed:
            raise Failed("`make run` did not print the demo password")
        log_in(base, "trainee@example.org", printed.group(1))
        issued = re.search(r"issued certificate (\S+) to", log.read_text(errors="replace"))
        if not issued:
            raise Failed("`make run` did not issue the demo certificate")
        link = f"{base}/verify/{issued.group(1)}"  # what the PDF, QR code and credential carry
        with urllib.request.urlopen(link, timeout=30) as response:
            if response.status != 200:
                raise Failed(f"the demo certificate's link {link} answered {response.status}")
        step(f"the demo certificate's verification link answers on this port: {link}")
        step(f"passed in {time.monotonic() - started:.0f} s")
        return 0
    except (Failed, subprocess.CalledProcessError) as problem:
        print(f"[newcomer] FAILED: {problem}", file=sys.stderr)
        if log.exists():
            tail = log.read_text(errors="replace").splitlines()[-40:]
            print(
                "[newcomer] the last lines of `make run`:\n  " + "\n  ".join(tail), file=sys.stderr
            )
        return 1
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGINT)  # gunicorn: quick shutdown
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
