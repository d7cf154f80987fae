"""The schema is made only by migrations, and the models agree with them."""

from __future__ import annotations

import pytest
from flask_migrate import check


def test_models_and_migrations_agree(app):
    """`flask db check`: exits 1 when autogenerate would produce any operation."""
    try:
        check()
    except SystemExit as exc:
        pytest.fail(f"models and migrations differ (exit {exc.code}): run `flask db migrate`")


def test_migrations_downgrade_to_base_and_upgrade_again(tmp_path):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import inspect

    from ims_training.extensions import db

    from ..conftest import make_test_app

    app = make_test_app("sqlite:///" + str(tmp_path / "m.sqlite3"))
    with app.app_context():
        upgrade()
        assert "users" in inspect(db.engine).get_table_names()
        downgrade(revision="base")
        assert "users" not in inspect(db.engine).get_table_names()
        upgrade()
        assert "certificates" in inspect(db.engine).get_table_names()
        db.session.remove()
        db.engine.dispose()
