"""Seed a benchmark database: migrations, then many users in bulk (one shared password hash)."""

from __future__ import annotations

import time

from sqlalchemy import insert
from werkzeug.security import generate_password_hash

from ims_training.extensions import db
from ims_training.models import User, UserRole

BENCH_PASSWORD = "benchmark passphrase 2026"


def seed_users(count: int, batch: int = 2000) -> None:
    """Insert `count` trainees with a shared (real scrypt) hash; prints progress."""
    hashed = generate_password_hash(BENCH_PASSWORD)
    started = time.time()
    for offset in range(0, count, batch):
        rows = [
            {
                "email": f"trainee{n}@bench.example.org",
                "name": f"Bench Trainee {n}",
                "password_hash": hashed,
                "session_token": f"bench-{n}",
                "is_enabled": True,
            }
            for n in range(offset, min(count, offset + batch))
        ]
        db.session.execute(insert(User), rows)
        ids = (
            db.session.execute(db.select(User.id).where(User.email.in_([r["email"] for r in rows])))
            .scalars()
            .all()
        )
        db.session.execute(insert(UserRole), [{"user_id": i, "role": "trainee"} for i in ids])
        db.session.commit()
        done = min(count, offset + batch)
        print(f"\r  seeded {done}/{count} users ({time.time() - started:.1f}s)", end="", flush=True)
    print()
