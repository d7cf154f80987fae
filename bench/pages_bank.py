"""Bank pages in the page benchmark: the browser and a question page, over the real bank."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select

from ims_training.bank import load_bank
from ims_training.extensions import db
from ims_training.models import User, UserRole
from ims_training.services.bank.bank_import import import_bank

from .pages import PAGES, SEEDERS, BenchPage
from .seed import BENCH_PASSWORD

INSTRUCTOR = "instructor0@bench.example.org"


def seed_bank(context: dict[str, Any]) -> None:
    from pathlib import Path

    from werkzeug.security import generate_password_hash

    app = context["app"]
    import_bank(load_bank([Path(app.config["QUESTION_BANK_DIR"])]), retire_missing=True)
    if db.session.scalar(select(User.id).where(User.email == INSTRUCTOR)) is None:
        db.session.execute(
            insert(User),
            [
                {
                    "email": INSTRUCTOR,
                    "name": "Bench Instructor",
                    "is_enabled": True,
                    "password_hash": generate_password_hash(BENCH_PASSWORD),
                    "session_token": "bench-instructor",
                }
            ],
        )
        user_id = db.session.scalar(select(User.id).where(User.email == INSTRUCTOR))
        db.session.execute(insert(UserRole), [{"user_id": user_id, "role": "instructor"}])
        db.session.commit()


SEEDERS.append(seed_bank)
PAGES.extend(
    [
        BenchPage("bank browser", "/author/bank", login=INSTRUCTOR),
        BenchPage(
            "bank browser, filtered",
            "/author/bank?module=anatomy&difficulty=medium",
            login=INSTRUCTOR,
        ),
        BenchPage(
            "bank question page",
            "/author/bank/questions/foundations-origin-decade",
            login=INSTRUCTOR,
        ),
    ]
)
