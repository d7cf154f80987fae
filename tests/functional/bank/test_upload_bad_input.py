"""Every broken file uploaded in the browser: the same `file:line:column` messages as the CLI,
under the uploaded file's name, and the database unchanged even if the import is forced."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ims_training.bank import load_bank
from ims_training.services.bank.bank_import import import_bank
from tests.factories.bank import BROKEN, bank_row_counts, single_choice, write_bank
from tests.unit.bank.test_broken_files import CASES

from .conftest import page_text, staged_tokens, upload


@pytest.fixture
def existing(app, tmp_path):  # type: ignore[no-untyped-def]
    write_bank(tmp_path / "existing", [single_choice("existing-question")])
    import_bank(load_bank([tmp_path / "existing"]), retire_missing=False)
    return bank_row_counts()


@pytest.mark.parametrize(("name", "inner", "line", "message"), CASES, ids=[c[0] for c in CASES])
def test_broken_upload_shows_located_errors_and_imports_nothing(
    client, instructor, bank_dir, existing, tmp_path, name, inner, line, message
):
    source = BROKEN / name
    if inner:  # a case that needs other files: they are the bank, the inner file is the upload
        for other in source.iterdir():
            if other.name != inner:
                shutil.copy(other, bank_dir / other.name)
        source = source / inner
    response = upload(client, source)
    assert response.status_code == 422
    text = page_text(response)
    assert f"{source.name}:{line}:" in text and message in text
    assert str(tmp_path) not in text  # the server-side path never reaches the page
    assert "Import these questions" not in text

    (token,) = staged_tokens(tmp_path)
    forced = client.post(f"/author/bank/upload/{token}/import")
    assert "Nothing was imported" in page_text(forced)
    assert bank_row_counts() == existing


def test_a_fifty_megabyte_upload_is_refused_with_a_clear_message(
    client, instructor, existing, tmp_path: Path
):
    big = tmp_path / "huge.yaml"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    response = upload(client, big)
    assert response.status_code == 413
    assert "File too large" in page_text(response)
    assert bank_row_counts() == existing and not staged_tokens(tmp_path)


def test_a_file_over_the_bank_limit_gets_a_form_error(client, instructor, tmp_path: Path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * (3 * 1024 * 1024))
    response = upload(client, big)
    assert response.status_code == 422
    assert "larger than 2 MB" in page_text(response) and not staged_tokens(tmp_path)


def test_a_file_of_another_kind_is_refused(client, instructor, tmp_path: Path):
    other = tmp_path / "notes.pdf"
    other.write_bytes(b"%PDF-1.4")
    response = upload(client, other)
    assert response.status_code == 422
    assert "Use a .yaml, .yml, .gift, .txt or .xml file." in page_text(response)


def test_upload_without_a_csrf_token_is_refused(app, _migrated, make_user, tmp_path: Path):
    from ims_training.models import Role
    from tests.conftest import PASSWORD, make_test_app

    strict = make_test_app(
        _migrated, WTF_CSRF_ENABLED=True, BANK_UPLOAD_DIR=str(tmp_path / "uploads")
    )
    user = make_user(Role.INSTRUCTOR)
    client = strict.test_client()
    login_page = client.get("/login").get_data(as_text=True)
    import re

    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page) or re.search(
        r'name="csrf_token" value="([^"]+)"', login_page
    )
    assert token
    client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token.group(1)}
    )
    path = write_bank(tmp_path / "b", [single_choice("csrf-question")])
    response = upload(client, path)
    assert response.status_code == 400 and not staged_tokens(tmp_path)
