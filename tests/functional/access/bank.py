"""The question-bank pages: instructors and administrators only."""

from __future__ import annotations

from typing import Any

from . import STAFF, Expect
from .setup import HOOKS


def _one_question(world: Any) -> None:
    from ims_training.bank import load_bank
    from ims_training.services.bank.bank_import import import_bank
    from tests.factories.bank import REAL_BANK

    import_bank(load_bank([REAL_BANK / "foundations.yaml"]), retire_missing=False)
    world.extra["bank_question"] = "foundations-origin-decade"


HOOKS.append(_one_question)

EXPECTATIONS = {
    "author.bank": Expect("/author/bank", allowed=STAFF),
    "author.bank_question": Expect(
        lambda w: f"/author/bank/questions/{w.extra['bank_question']}", allowed=STAFF
    ),
    "author.bank_upload_form": Expect(
        "/author/bank/upload", methods=("GET", "POST"), allowed=STAFF
    ),
    # A token nobody staged: staff get 404 (someone else's or expired upload), others are refused first.
    "author.bank_upload_import": Expect(
        "/author/bank/upload/aaaaaaaaaaaaaaaaaaaaaaaa/import",
        methods=("POST",),
        allowed=STAFF,
        ok_status=404,
    ),
}
