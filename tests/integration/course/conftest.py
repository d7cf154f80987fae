from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories.course import write_course


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    return write_course(tmp_path / "course")
