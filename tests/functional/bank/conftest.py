"""Bank pages: an instructor's client, an empty or chosen bank directory, uploads in tmp_path."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from ims_training.models import Role


@pytest.fixture
def bank_dir(app, tmp_path: Path) -> Path:
    """QUESTION_BANK_DIR for the test (empty to start with); uploads are staged under tmp_path."""
    folder = tmp_path / "question_bank"
    folder.mkdir()
    app.config["QUESTION_BANK_DIR"] = str(folder)
    app.config["BANK_UPLOAD_DIR"] = str(tmp_path / "uploads")
    return folder


@pytest.fixture
def instructor(login_as, bank_dir):  # type: ignore[no-untyped-def]
    return login_as(Role.INSTRUCTOR)


def upload(client, path: Path, name: str | None = None, **data):  # type: ignore[no-untyped-def]
    with path.open("rb") as handle:
        return client.post(
            "/author/bank/upload",
            data={"file": (handle, name or path.name), **data},
            content_type="multipart/form-data",
        )


def page_text(response) -> str:  # type: ignore[no-untyped-def]
    """The page with tags removed and entities decoded, as a reader sees it."""
    return html.unescape(re.sub(r"<[^>]+>", "", response.get_data(as_text=True)))


def staged_tokens(tmp_path: Path) -> list[str]:
    root = tmp_path / "uploads"
    return [p.name for p in root.iterdir()] if root.exists() else []
