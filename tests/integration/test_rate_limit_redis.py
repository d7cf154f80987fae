"""Log-in throttling holds across workers when its counters live in Redis."""

from __future__ import annotations

import socket

import pytest

from ims_training.extensions import db, limiter
from ims_training.models import Role
from ims_training.services.accounts import accounts

from ..conftest import make_test_app


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="Redis is not running on 127.0.0.1:6379")
def test_login_throttle_counts_in_redis_when_configured(_migrated):
    uri = "redis://127.0.0.1:6379/15"
    first = make_test_app(_migrated, RATELIMIT_STORAGE_URI=uri)
    with first.app_context():
        limiter.reset()
        accounts.create_user(
            "redis@example.org", "R", "x" * 20, (Role.TRAINEE,), check_policy=False
        )
        db.session.remove()
    second = make_test_app(_migrated, RATELIMIT_STORAGE_URI=uri)  # another "worker"
    try:
        codes = []
        for n in range(6):
            client = (first if n % 2 else second).test_client()
            codes.append(
                client.post(
                    "/login", data={"email": "redis@example.org", "password": "wrong password"}
                ).status_code
            )
        assert codes[:5] == [200] * 5 and codes[5] == 429
        import redis

        keys = redis.Redis.from_url(uri).keys("LIMITS:*login-account:redis@example.org*")
        assert keys, "the counters are not in Redis"
    finally:
        with second.app_context():
            limiter.reset()
            from sqlalchemy import text

            db.session.execute(text("DELETE FROM audit_events"))
            db.session.execute(text("DELETE FROM user_roles"))
            db.session.execute(text("DELETE FROM users"))
            db.session.commit()
            db.session.remove()
