"""Certification eligibility from a program's requirements and a trainee's facts."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from ims_training.domain.eligibility import (
    ClinicalCase,
    EligibilityFacts,
    EligibilityReport,
    LicenceFact,
    Progress,
    RequirementStatus,
    check_eligibility,
    requirements_met,
)

NOW = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)

PROGRAM = {
    "quizzes": ["quiz-foundations", "quiz-final-exam"],
    "practical_assessments": [
        {
            "key": "cervical-paraspinals",
            "title": {"en": "Cervical paraspinals", "nb": "Cervikale paraspinale"},
        },
        {
            "key": "lumbar-paraspinals",
            "title": {"en": "Lumbar paraspinals", "nb": "Lumbale paraspinale"},
        },
    ],
    "clinical": {"cases": 10, "hours": 20},
    "licence_required": True,
    "validity_months": 24,
}


def cases(n: int, hours: float = 2.5, start: datetime = NOW - 100 * DAY) -> list[ClinicalCase]:
    return [ClinicalCase(start + i * DAY, hours) for i in range(n)]


def complete_facts() -> EligibilityFacts:
    return EligibilityFacts(
        passed_quizzes={"quiz-foundations": NOW - 90 * DAY, "quiz-final-exam": NOW - 10 * DAY},
        sign_offs={"cervical-paraspinals": NOW - 30 * DAY, "lumbar-paraspinals": NOW - 20 * DAY},
        clinical_cases=cases(12),
        licence=LicenceFact("verified", verified_at=NOW - 200 * DAY),
    )


def item(report: EligibilityReport, key: str) -> RequirementStatus:
    return next(i for i in report.items if i.key == key)


def test_complete_facts_make_a_trainee_eligible() -> None:
    report = check_eligibility(PROGRAM, complete_facts(), NOW)
    assert report.eligible
    assert report.percent_met == 100
    assert report.missing == ()
    assert report.eligible_at == NOW - 10 * DAY  # the last requirement: the final exam


def test_items_come_in_a_stable_order_with_kinds() -> None:
    report = check_eligibility(PROGRAM, complete_facts(), NOW)
    assert [(i.key, i.kind) for i in report.items] == [
        ("quiz-foundations", "quiz"),
        ("quiz-final-exam", "quiz"),
        ("cervical-paraspinals", "practical"),
        ("lumbar-paraspinals", "practical"),
        ("clinical-cases", "clinical_cases"),
        ("clinical-hours", "clinical_hours"),
        ("licence", "licence"),
    ]
    title = item(report, "lumbar-paraspinals").title
    assert title is not None and title["nb"] == "Lumbale paraspinale"


def test_nothing_done_lists_everything_as_missing() -> None:
    report = check_eligibility(PROGRAM, EligibilityFacts(), NOW)
    assert not report.eligible and report.percent_met == 0 and report.eligible_at is None
    assert len(report.missing) == 7
    assert item(report, "licence").detail == "missing"
    assert item(report, "quiz-foundations").detail == "not_passed"


def test_clinical_cases_show_progress_and_are_met_at_the_tenth_case() -> None:
    few = check_eligibility(PROGRAM, EligibilityFacts(clinical_cases=cases(6)), NOW)
    status = item(few, "clinical-cases")
    assert not status.met and status.progress == Progress(6, 10) and str(status.progress) == "6/10"
    assert status.detail == "6 of 10 cases"

    enough = check_eligibility(
        PROGRAM, EligibilityFacts(clinical_cases=list(reversed(cases(12)))), NOW
    )
    status = item(enough, "clinical-cases")
    assert status.met and status.met_at == NOW - 100 * DAY + 9 * DAY


def test_clinical_hours_are_met_when_the_sum_reaches_the_target() -> None:
    report = check_eligibility(PROGRAM, EligibilityFacts(clinical_cases=cases(8, hours=2.5)), NOW)
    status = item(report, "clinical-hours")
    assert status.met and status.progress == Progress(20, 20)
    assert status.met_at == NOW - 100 * DAY + 7 * DAY
    assert not item(report, "clinical-cases").met


def test_clinical_requirement_may_be_cases_or_hours_alone() -> None:
    program = {"clinical": {"hours": 5}}
    report = check_eligibility(program, EligibilityFacts(clinical_cases=cases(1, hours=6)), NOW)
    assert [i.key for i in report.items] == ["clinical-hours"] and report.eligible


def test_facts_dated_after_now_do_not_count_yet() -> None:
    facts = EligibilityFacts(
        passed_quizzes={"quiz-foundations": NOW + DAY},
        sign_offs={"cervical-paraspinals": NOW + DAY},
        clinical_cases=cases(5, start=NOW - 2 * DAY),  # three of them in the future
        licence=LicenceFact("verified", verified_at=NOW + DAY),
    )
    report = check_eligibility(PROGRAM, facts, NOW)
    assert not item(report, "quiz-foundations").met
    assert not item(report, "cervical-paraspinals").met
    assert item(report, "clinical-cases").progress.done == 3
    assert not item(report, "licence").met


def test_licence_must_be_verified_and_unexpired() -> None:
    program = {"licence_required": True}
    pending = EligibilityFacts(licence=LicenceFact("pending"))
    expired = EligibilityFacts(
        licence=LicenceFact("verified", NOW - 400 * DAY, expires_at=NOW - DAY)
    )
    valid = EligibilityFacts(licence=LicenceFact("verified", NOW - 400 * DAY, expires_at=NOW + DAY))
    assert item(check_eligibility(program, pending, NOW), "licence").detail == "pending"
    assert item(check_eligibility(program, expired, NOW), "licence").detail == "expired"
    status = item(check_eligibility(program, valid, NOW), "licence")
    assert status.met and status.met_at == NOW - 400 * DAY


def test_licence_not_required_is_not_listed() -> None:
    report = check_eligibility({"quizzes": ["q"]}, EligibilityFacts(passed_quizzes={"q": NOW}), NOW)
    assert [i.key for i in report.items] == ["q"] and report.eligible


def test_percent_met_is_floored_so_almost_is_not_a_hundred() -> None:
    program = {"quizzes": [f"q{i}" for i in range(200)]}
    facts = EligibilityFacts(passed_quizzes={f"q{i}": NOW for i in range(199)})
    report = check_eligibility(program, facts, NOW)
    assert report.percent_met == 99 and report.missing == ("q199",)


def test_one_missing_sign_off_blocks_eligibility() -> None:
    facts = complete_facts()
    facts = EligibilityFacts(
        passed_quizzes=facts.passed_quizzes,
        sign_offs={"cervical-paraspinals": NOW - DAY},
        clinical_cases=facts.clinical_cases,
        licence=facts.licence,
    )
    report = check_eligibility(PROGRAM, facts, NOW)
    assert not report.eligible and report.missing == ("lumbar-paraspinals",)
    assert report.percent_met == 85
    assert item(report, "lumbar-paraspinals").detail == "awaiting_sign_off"


def test_program_without_requirements_is_trivially_eligible() -> None:
    report = check_eligibility({"validity_months": 24}, EligibilityFacts(), NOW)
    assert report.eligible and report.items == () and report.percent_met == 100


def test_every_published_lesson_is_a_requirement_when_the_program_asks_for_it():
    from datetime import UTC, datetime

    from ims_training.domain.eligibility import EligibilityFacts, check_eligibility

    now = datetime(2026, 3, 1, tzinfo=UTC)
    earlier = datetime(2026, 2, 1, tzinfo=UTC)
    published = ("a", "b", "c", "d")
    four_of_four = EligibilityFacts(
        completed_lessons={k: earlier for k in published}, published_lessons=published
    )
    one_of_four = EligibilityFacts(completed_lessons={"a": earlier}, published_lessons=published)
    report = check_eligibility({"lessons": "all"}, one_of_four, now)
    assert (
        not report.eligible
        and report.missing == ("lessons",)
        and str(report.items[0].progress) == "1/4"
    )
    assert check_eligibility({"lessons": "all"}, four_of_four, now).eligible
    assert check_eligibility(
        {"lessons": "all"}, four_of_four, earlier.replace(day=1, month=1)
    ).missing == ("lessons",)
    assert check_eligibility({}, one_of_four, now).eligible  # a program without the requirement


def _random_facts(rng: random.Random) -> EligibilityFacts:
    """Facts around NOW, some dated after it (they must not count yet), some requirements unmet."""

    def when() -> datetime:
        return NOW + rng.choice([-30, -1, 0, 1, 30]) * DAY

    lessons = [f"lesson-{n}" for n in range(rng.randint(0, 4))]
    return EligibilityFacts(
        passed_quizzes={q: when() for q in PROGRAM["quizzes"] if rng.random() < 0.6},
        sign_offs={
            p["key"]: when() for p in PROGRAM["practical_assessments"] if rng.random() < 0.6
        },
        clinical_cases=[
            ClinicalCase(when(), rng.choice([0.5, 2.0, 4.0])) for _ in range(rng.randint(0, 14))
        ],
        licence=rng.choice(
            [
                None,
                LicenceFact("pending"),
                LicenceFact("verified", verified_at=when()),
                LicenceFact("verified", verified_at=NOW - DAY, expires_at=when()),
            ]
        ),
        completed_lessons={key: when() for key in lessons if rng.random() < 0.8},
        published_lessons=tuple(lessons),
    )


def test_the_met_count_agrees_with_the_full_report_whatever_the_facts():
    rng = random.Random(13)
    programs = [
        PROGRAM,
        {**PROGRAM, "lessons": "all"},
        {"lessons": "all"},
        {"clinical": {"hours": 0}},
        {},
    ]
    for _ in range(400):
        requirements, facts = rng.choice(programs), _random_facts(rng)
        report = check_eligibility(requirements, facts, NOW)
        assert requirements_met(requirements, facts, NOW) == (
            sum(i.met for i in report.items),
            len(report.items),
        )
