"""A cohort at a glance for its coordinator: course progress, quiz results and certification.

Built with a fixed number of aggregate queries whatever the cohort's size (no query per member).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from ...domain.histogram import Bar, Bin, bar_chart, progress_histogram
from ...extensions import db
from ...models import (
    Attempt,
    Certificate,
    Cohort,
    CohortMember,
    Lesson,
    LessonProgress,
    Program,
    Quiz,
    User,
)
from ..csv_export import csv_bytes
from ..evidence import evidence
from ..quizzes.quiz_titles import quiz_titles


@dataclass(frozen=True)
class MemberRow:
    user_id: int
    name: str
    email: str
    lessons_completed: int
    lessons_total: int
    percent: int
    passed_quizzes: int
    best_scores: dict[str, float]
    requirements_met: int
    requirements_total: int
    certificate_status: str | None
    certificate_expires: date | None
    passed_keys: frozenset[str] = (
        frozenset()
    )  # quizzes this member has passed (marked ✓ in the table)


@dataclass(frozen=True)
class CohortReport:
    cohort: Cohort
    rows: list[MemberRow]
    lessons_total: int
    quizzes: list[tuple[str, str]]  # (key, title) shown as score columns
    histogram: list[Bin]
    bars: list[Bar]
    mean_percent: int
    final_key: str | None = None  # the final exam among `quizzes`, shown first


def published_lesson_count() -> int:
    return (
        db.session.scalar(
            select(func.count()).select_from(Lesson).where(Lesson.status == "published")
        )
        or 0
    )


def _completed_lessons(users: Select[Any]) -> dict[int, int]:
    rows = db.session.execute(
        select(LessonProgress.user_id, func.count())
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(
            LessonProgress.user_id.in_(users),
            LessonProgress.completed_at.is_not(None),
            Lesson.status == "published",
        )
        .group_by(LessonProgress.user_id)
    )
    return {uid: n for uid, n in rows}


def _quiz_results(users: Select[Any]) -> tuple[dict[int, dict[str, float]], dict[int, set[str]]]:
    """Best percent per trainee and quiz, and which quizzes each has passed."""
    rows = db.session.execute(
        select(
            Attempt.user_id,
            Quiz.key,
            func.max(Attempt.percent),
            func.count(Attempt.id).filter(Attempt.passed.is_(True)),
        )
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .where(Attempt.user_id.in_(users), Attempt.status == "submitted")
        .group_by(Attempt.user_id, Quiz.key)
    )
    best: dict[int, dict[str, float]] = defaultdict(dict)
    passed: dict[int, set[str]] = defaultdict(set)
    for uid, key, percent, n_passed in rows:
        if percent is not None:
            best[uid][key] = float(percent)
        if n_passed:
            passed[uid].add(key)
    return best, passed


@dataclass(frozen=True)
class _CertificateState:
    status: str
    expires_on: date | None


def _certificate_states(users: Select[Any]) -> dict[int, _CertificateState]:
    """Each member's most recent certificate's status and expiry (as `evidence.latest_certificates`
    orders them), as plain rows."""
    rows = db.session.execute(
        select(Certificate.user_id, Certificate.status, Certificate.expires_on)
        .where(Certificate.user_id.in_(users))
        .order_by(Certificate.issued_on, Certificate.id)
    )
    return {user_id: _CertificateState(status, expires_on) for user_id, status, expires_on in rows}


def _final_exam(keys: list[str]) -> str | None:
    return db.session.scalar(
        select(Quiz.key).where(Quiz.key.in_(keys), Quiz.kind == "final").limit(1)
    )


def percent_of(done: int, total: int) -> int:
    """Floored, so 100 % means every lesson is done."""
    return (100 * done) // total if total else 0


def cohort_program(cohort: Cohort) -> Program | None:
    return (
        db.session.get(Program, cohort.program_id) if cohort.program_id else None
    ) or evidence.default_program()


def cohort_report(cohort: Cohort, now: datetime, only_user_id: int | None = None) -> CohortReport:
    """The report for every member, or for one member (`only_user_id`) of the cohort."""
    members = select(CohortMember.user_id).where(CohortMember.cohort_id == cohort.id)
    if only_user_id is not None:
        members = members.where(CohortMember.user_id == only_user_id)
    people = db.session.execute(
        select(User.id, User.name, User.email)
        .where(User.id.in_(members))
        .order_by(User.name, User.id)
    ).all()
    total = published_lesson_count()
    completed = _completed_lessons(members)
    best, passed = _quiz_results(members)
    program = cohort_program(cohort)
    met_counts = (
        evidence.met_counts_for_users([p.id for p in people], program, now) if program else {}
    )
    certificates = _certificate_states(members)
    quiz_keys = (
        [str(q) for q in (program.requirements or {}).get("quizzes") or []] if program else []
    )
    if not quiz_keys:
        quiz_keys = sorted({k for scores in best.values() for k in scores})
    titles = quiz_titles(quiz_keys)
    final_key = _final_exam(quiz_keys) if quiz_keys else None
    if final_key:
        quiz_keys = [final_key] + [k for k in quiz_keys if k != final_key]
    rows = []
    for p in people:
        met, required = met_counts.get(p.id, (0, 0))
        cert = certificates.get(p.id)
        rows.append(
            MemberRow(
                user_id=p.id,
                name=p.name,
                email=p.email,
                lessons_completed=completed.get(p.id, 0),
                lessons_total=total,
                percent=percent_of(completed.get(p.id, 0), total),
                passed_quizzes=len(passed.get(p.id, ())),
                best_scores=best.get(p.id, {}),
                requirements_met=met,
                requirements_total=required,
                certificate_status=cert.status if cert else None,
                certificate_expires=cert.expires_on if cert else None,
                passed_keys=frozenset(passed.get(p.id, ())),
            )
        )
    histogram = progress_histogram(r.percent for r in rows)
    mean = percent_of(sum(r.lessons_completed for r in rows), len(rows) * total)
    return CohortReport(
        cohort=cohort,
        rows=rows,
        lessons_total=total,
        quizzes=[(k, titles.get(k, k)) for k in quiz_keys],
        histogram=histogram,
        bars=bar_chart(histogram),
        mean_percent=mean,
        final_key=final_key,
    )


def cohort_csv(report: CohortReport, delimiter: str = ",") -> bytes:
    """The report as CSV. With ";" (what Norwegian Excel expects) decimals get a comma too."""
    header = (
        [
            _("Name"),
            _("E-mail"),
            _("Lessons completed"),
            _("Lessons in the course"),
            _("Course progress (%)"),
            _("Quizzes passed"),
        ]
        + [_("Best score: %(quiz)s (%%)", quiz=title) for _k, title in report.quizzes]
        + [
            _("Certification requirements met"),
            _("Certification requirements"),
            _("Certificate status"),
            _("Certificate expires"),
        ]
    )
    rows = (
        [r.name, r.email, r.lessons_completed, r.lessons_total, r.percent, r.passed_quizzes]
        + [r.best_scores.get(k) for k, _t in report.quizzes]
        + [
            r.requirements_met,
            r.requirements_total,
            _status_word(r.certificate_status),
            r.certificate_expires,
        ]
        for r in report.rows
    )
    return csv_bytes(header, rows, delimiter=delimiter, decimal="," if delimiter == ";" else ".")


def _status_word(status: str | None) -> str:
    from ..certification.certificates import STATUS_LABELS, Status

    try:
        return str(STATUS_LABELS[Status(status)]) if status else ""
    except ValueError:
        return status or ""


@dataclass(frozen=True)
class CohortSummary:
    cohort: Cohort
    members: int
    mean_percent: int


def summaries(cohorts: list[Cohort]) -> list[CohortSummary]:
    """Member counts and mean course progress for several cohorts, in three queries."""
    ids = [c.id for c in cohorts]
    if not ids:
        return []
    counts = dict(
        db.session.execute(
            select(CohortMember.cohort_id, func.count())
            .where(CohortMember.cohort_id.in_(ids))
            .group_by(CohortMember.cohort_id)
        ).all()
    )
    done = dict(
        db.session.execute(
            select(CohortMember.cohort_id, func.count(LessonProgress.id))
            .join(LessonProgress, LessonProgress.user_id == CohortMember.user_id)
            .join(Lesson, Lesson.id == LessonProgress.lesson_id)
            .where(
                CohortMember.cohort_id.in_(ids),
                LessonProgress.completed_at.is_not(None),
                Lesson.status == "published",
            )
            .group_by(CohortMember.cohort_id)
        ).all()
    )
    total = published_lesson_count()
    return [
        CohortSummary(
            c, counts.get(c.id, 0), percent_of(done.get(c.id, 0), counts.get(c.id, 0) * total)
        )
        for c in cohorts
    ]
