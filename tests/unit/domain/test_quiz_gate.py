"""What unlocks a quiz: the kind's default rule or the quiz's own `unlocked_by`."""

from __future__ import annotations

from ims_training.domain.quiz_gate import GateFacts, Missing, certificate_standing, gate

MODULE_QUIZ = {"id": "quiz-foundations", "kind": "module", "module": "foundations"}
FINAL = {"id": "quiz-final-exam", "kind": "final"}
RECERT = {"id": "quiz-recertification", "kind": "recertification"}
ALL_MODULE_QUIZZES = ("quiz-foundations", "quiz-neuropathy")


def facts(**kw) -> GateFacts:  # type: ignore[no-untyped-def]
    base = {
        "lessons": {"foundations": (4, 4), "neuropathy": (4, 4)},
        "module_quizzes": ALL_MODULE_QUIZZES,
    }
    base.update(kw)
    return GateFacts(**base)


def test_a_module_quiz_opens_only_after_every_lesson_of_its_module():
    locked = gate(MODULE_QUIZ, facts(lessons={"foundations": (3, 4)}))
    assert not locked.open and locked.missing == (Missing("module_lessons", "foundations", 3, 4),)
    assert gate(MODULE_QUIZ, facts()).open


def test_a_quiz_of_a_locked_module_stays_locked_whatever_the_lessons_say():
    result = gate(
        MODULE_QUIZ,
        facts(locked_modules={"foundations": ("intro",)}, lessons={"foundations": (0, 0)}),
    )
    assert not result.open and result.missing == (
        Missing("module_locked", "foundations", waiting_for=("intro",)),
    )


def test_the_final_exam_needs_every_lesson_and_every_module_quiz():
    new_trainee = gate(FINAL, facts(lessons={"foundations": (0, 4), "neuropathy": (0, 4)}))
    assert not new_trainee.open
    assert [m.kind for m in new_trainee.missing] == ["all_lessons", "quiz", "quiz"]
    one_short = gate(FINAL, facts(passed_quizzes={"quiz-foundations"}))
    assert one_short.missing == (Missing("quiz", "quiz-neuropathy", 0, 1),)
    assert gate(FINAL, facts(passed_quizzes=set(ALL_MODULE_QUIZZES))).open


def test_the_recertification_quiz_is_for_current_or_recently_expired_holders_only():
    assert not gate(RECERT, facts(certificate="none")).open
    assert not gate(RECERT, facts(certificate="lapsed")).open
    assert gate(RECERT, facts(certificate="current")).open
    assert gate(RECERT, facts(certificate="renewable")).open


def test_certificate_standing_follows_status_and_the_renewal_window():
    assert certificate_standing(None, None, 180) == "none"
    assert certificate_standing("active", -30, 180) == "current"
    assert certificate_standing("expired", 180, 180) == "renewable"
    assert certificate_standing("expired", 181, 180) == "lapsed"
    assert certificate_standing("revoked", -30, 180) == "lapsed"
    assert certificate_standing("suspended", -30, 180) == "lapsed"


def test_a_quiz_can_state_its_own_rule_instead_of_its_kinds_default():
    open_to_all = {**FINAL, "unlocked_by": {"lessons": "none"}}
    assert gate(open_to_all, facts(lessons={"foundations": (0, 4)})).open
    after_one = {**MODULE_QUIZ, "unlocked_by": {"quizzes": ["quiz-neuropathy"]}}
    assert gate(after_one, facts(lessons={"foundations": (0, 4)})).missing == (
        Missing("quiz", "quiz-neuropathy", 0, 1),
    )
