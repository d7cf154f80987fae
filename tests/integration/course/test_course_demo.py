"""Demo data: the course is imported and the demo trainee has real progress, idempotently."""

from __future__ import annotations

from ims_training.services.accounts import accounts
from ims_training.services.course.course import Viewer, course_overview


def test_seed_demo_imports_the_course_and_gives_the_demo_trainee_progress(runner, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
    for _ in range(2):
        result = runner.invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
    assert "lessons 0 added, 0 changed, 27 unchanged, 0 retired" in result.output
    trainee = accounts.find_user_by_email("trainee@example.org")
    overview = course_overview(Viewer.of(trainee, "en"))
    # other demo modules (partners) may add progress too: some, but not all, lessons are done
    assert overview.total == 27 and 3 <= overview.completed < 27
    assert overview.next_lesson is not None and not overview.next_lesson.completed
