"""Course progress: percentages, module locks and the lesson to continue with."""

from ims_training.domain.course_progress import LessonNode, ModuleNode, course_progress

MODULES = [
    ModuleNode("foundations", 1),
    ModuleNode("neuropathy", 2, ("foundations",)),
    ModuleNode("anatomy", 3, ("foundations",)),
    ModuleNode("safety", 4, ("neuropathy", "anatomy")),
]
LESSONS = [
    LessonNode("f1", "foundations", 1),
    LessonNode("f2", "foundations", 2),
    LessonNode("f3", "foundations", 3),
    LessonNode("n2", "neuropathy", 2),
    LessonNode("n1", "neuropathy", 1),
    LessonNode("a1", "anatomy", 1),
    LessonNode("a2", "anatomy", 2),
    LessonNode("s1", "safety", 1),
]


def test_new_trainee_starts_at_the_first_lesson_with_later_modules_locked():
    progress = course_progress(MODULES, LESSONS, set())
    assert progress.percent == 0
    assert progress.next_lesson == "f1"
    assert [m.locked for m in progress.modules] == [False, True, True, True]
    assert progress.module("safety").waiting_for == ("neuropathy", "anatomy")
    assert progress.module("safety").unlocked_by == ("neuropathy", "anatomy")


def test_percent_is_rounded_down_per_module_and_overall():
    progress = course_progress(MODULES, LESSONS, {"f1", "f2"})
    foundations = progress.module("foundations")
    assert (foundations.completed, foundations.total, foundations.percent) == (2, 3, 66)
    assert progress.percent == 25  # 2 of 8


def test_completing_a_module_unlocks_the_modules_that_need_it():
    progress = course_progress(MODULES, LESSONS, {"f1", "f2", "f3"})
    assert not progress.module("neuropathy").locked
    assert not progress.module("anatomy").locked
    assert progress.module("safety").waiting_for == ("neuropathy", "anatomy")


def test_a_module_stays_locked_until_every_prerequisite_is_complete():
    progress = course_progress(MODULES, LESSONS, {"f1", "f2", "f3", "n1", "n2"})
    assert progress.module("safety").locked
    assert progress.module("safety").waiting_for == ("anatomy",)


def test_next_lesson_prefers_the_module_of_the_last_completed_lesson():
    progress = course_progress(MODULES, LESSONS, {"f1", "f2", "f3", "a1"}, "a1")
    assert progress.next_lesson == "a2"


def test_next_lesson_falls_back_to_module_order_when_the_last_module_is_done():
    progress = course_progress(MODULES, LESSONS, {"f1", "f2", "f3", "a1", "a2"}, "a2")
    assert progress.next_lesson == "n1"


def test_next_lesson_follows_lesson_order_not_input_order():
    progress = course_progress(MODULES, LESSONS, {"f1", "f2", "f3"}, "f3")
    assert progress.next_lesson == "n1"


def test_next_lesson_never_points_into_a_locked_module():
    progress = course_progress(MODULES, LESSONS, {"f1", "f2", "f3", "n1", "n2"}, "n2")
    assert progress.next_lesson == "a1"


def test_finished_course_has_no_next_lesson_and_is_complete():
    everything = {lesson.id for lesson in LESSONS}
    progress = course_progress(MODULES, LESSONS, everything, "s1")
    assert progress.percent == 100
    assert progress.next_lesson is None
    assert all(m.complete and not m.locked for m in progress.modules)


def test_unknown_completed_ids_are_ignored():
    progress = course_progress(MODULES, LESSONS, {"removed-lesson", "f1"}, "removed-lesson")
    assert progress.module("foundations").completed == 1
    assert progress.next_lesson == "f2"


def test_a_module_without_lessons_does_not_lock_its_dependants():
    modules = [ModuleNode("empty", 1), ModuleNode("next", 2, ("empty",))]
    progress = course_progress(modules, [LessonNode("x1", "next", 1)], set())
    assert progress.module("empty").percent == 100
    assert not progress.module("next").locked
    assert progress.next_lesson == "x1"
