"""Human words for stored codes (audit actions, details, module slugs, assessments), in the
visitor's language. A code without a label is shown as a readable phrase, never as a raw key:
`tests/functional/test_norwegian_crawl.py` crawls every page of every role and fails on raw keys.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..i18n import localised
from ..services.certification import programs
from ..services.course import course_catalog

AUDIT_ACTIONS = {
    "account.created": _l("Account created"),
    "account.disabled": _l("Account disabled"),
    "account.enabled": _l("Account enabled"),
    "account.password_changed": _l("Password changed"),
    "account.password_reset": _l("Password reset"),
    "role.granted": _l("Role granted"),
    "role.removed": _l("Role removed"),
    "bank.imported": _l("Question bank imported"),
    "course.imported": _l("Course imported"),
    "certificate.issued": _l("Certificate issued"),
    "certificate.suspended": _l("Certificate suspended"),
    "certificate.suspend": _l("Certificate suspended"),
    "certificate.reinstated": _l("Certificate reinstated"),
    "certificate.reinstate": _l("Certificate reinstated"),
    "certificate.revoked": _l("Certificate revoked"),
    "certificate.revoke": _l("Certificate revoked"),
    "certificate.renewed": _l("Certificate renewed"),
    "certificate.renew": _l("Certificate renewed"),
    "certificate.expired": _l("Certificate expired"),
    "certificate.expire": _l("Certificate expired"),
    "certificate.superseded": _l("Certificate corrected"),
    "certificate.supersede": _l("Certificate corrected"),
    "certificate.renamed": _l("Certificate name corrected"),
    "certificate.rename": _l("Certificate name corrected"),
    "clinical_case.recorded": _l("Clinical case recorded"),
    "clinical_case.edited": _l("Clinical case corrected"),
    "clinical_case.withdrawn": _l("Clinical case withdrawn"),
    "signoff.recorded": _l("Practical sign-off recorded"),
    "signoff.edited": _l("Practical sign-off corrected"),
    "signoff.withdrawn": _l("Practical sign-off withdrawn"),
    "licence.submitted": _l("Licence submitted"),
    "licence.verified": _l("Licence verified"),
    "licence.rejected": _l("Licence rejected"),
    "licence.withdrawn": _l("Licence submission withdrawn"),
    "quiz.accommodation_granted": _l("Accommodation granted"),
    "quiz.accommodation_edited": _l("Accommodation corrected"),
    "quiz.accommodation_withdrawn": _l("Accommodation withdrawn"),
    "quiz.regraded": _l("Quiz regraded"),
    "continuing_education.submitted": _l("Continuing education submitted"),
    "continuing_education.approved": _l("Continuing education approved"),
    "continuing_education.rejected": _l("Continuing education rejected"),
    "cohort.created": _l("Cohort created"),
    "cohort.member_added": _l("Cohort member added"),
    "cohort.member_removed": _l("Cohort member removed"),
    "partner.created": _l("Training partner created"),
    "partner.coordinator_added": _l("Coordinator added"),
    "partner.coordinator_removed": _l("Coordinator removed"),
    "register.opted_in": _l("Joined the practitioner register"),
    "register.opted_out": _l("Left the practitioner register"),
}

CERTIFICATE_EVENTS = {
    "issued": _l("Issued"),
    "issue": _l("Issued"),
    "suspended": _l("Suspended"),
    "suspend": _l("Suspended"),
    "reinstated": _l("Reinstated"),
    "reinstate": _l("Reinstated"),
    "revoked": _l("Revoked"),
    "revoke": _l("Revoked"),
    "renewed": _l("Renewed"),
    "renew": _l("Renewed"),
    "expired": _l("Expired"),
    "expire": _l("Expired"),
    "superseded": _l("Corrected"),
    "supersede": _l("Corrected"),
    "renamed": _l("Name corrected"),
    "rename": _l("Name corrected"),
}

SUBJECTS = {
    "certificate": _l("certificate"),
    "sign_off": _l("sign-off"),
    "signoff": _l("sign-off"),
    "clinical_case": _l("clinical case"),
    "licence": _l("licence"),
    "quiz": _l("quiz"),
    "cohort": _l("cohort"),
    "partner": _l("training partner"),
    "accommodation": _l("accommodation"),
    "bank": _l("question bank"),
    "course": _l("course"),
    "user": _l("account"),
    "continuing_education": _l("continuing education"),
    "attempt": _l("attempt"),
}

DETAIL_KEYS = {
    "role": _l("role"),
    "code": _l("code"),
    "from_status": _l("from"),
    "to_status": _l("to"),
    "expires_on": _l("valid until"),
    "old_expires_on": _l("was valid until"),
    "assessment": _l("assessment"),
    "assessed_on": _l("date"),
    "seen_on": _l("date"),
    "hours": _l("hours"),
    "region": _l("region"),
    "questions": _l("questions"),
    "quizzes": _l("quizzes"),
    "lessons": _l("lessons"),
    "modules": _l("modules"),
    "added": _l("added"),
    "changed": _l("changed"),
    "unchanged": _l("unchanged"),
    "retired": _l("retired"),
    "removed": _l("removed"),
    "bank": _l("source"),
    "profession": _l("profession"),
    "country": _l("country"),
    "licence_number": _l("licence number"),
    "name": _l("name"),
    "kind": _l("kind"),
    "quiz": _l("quiz"),
    "time_factor": _l("time factor"),
    "extra_attempts": _l("extra attempts"),
    "attempts": _l("attempts"),
    "changes": _l("changes"),
    "cohort": _l("cohort"),
    "partner": _l("training partner"),
    "note": _l("note"),
    "old_name": _l("earlier name"),
    "new_name": _l("new name"),
    "passed_at": _l("passed"),
    "supervisor_id": _l("supervisor"),
    "status": _l("status"),
    "summary": _l("summary"),
    "dependent_certificates": _l("certificates that relied on it"),
    "before": _l("before"),
    "after": _l("after"),
}

ROLES = {
    "trainee": _l("Trainee"),
    "instructor": _l("Instructor"),
    "coordinator": _l("Coordinator"),
    "administrator": _l("Administrator"),
}

STATUS_WORDS = {
    "active": _l("active"),
    "expired": _l("expired"),
    "suspended": _l("suspended"),
    "revoked": _l("revoked"),
    "superseded": _l("superseded"),
    "pending": _l("pending"),
    "verified": _l("verified"),
    "rejected": _l("rejected"),
    "approved": _l("approved"),
    "withdrawn": _l("withdrawn"),
}


def _humanise(code: str) -> str:
    """Last resort for a code without a label: words, not a key (`foo_bar.baz` -> "Foo bar: baz")."""
    words = code.replace("_", " ").replace("-", " ").replace(".", ": ")
    return words[:1].upper() + words[1:]


def audit_label(action: str) -> str:
    """The label for an audit action; features add theirs to AUDIT_ACTIONS."""
    label = AUDIT_ACTIONS.get(action)
    return str(label) if label is not None else _humanise(action)


def certificate_event_label(action: str) -> str:
    label = CERTIFICATE_EVENTS.get(action)
    return str(label) if label is not None else _humanise(action)


def subject_label(kind: str | None) -> str:
    if not kind:
        return ""
    label = SUBJECTS.get(kind)
    return str(label) if label is not None else _humanise(kind).lower()


def _value(key: str, value: Any) -> str:
    from ..formats import num

    if isinstance(value, dict):
        return ", ".join(
            f"{_detail_key(k)} {_value(k, v)}"
            for k, v in sorted(value.items())
            if v not in (None, "")
        )
    if isinstance(value, list | tuple):
        return ", ".join(_value(key, v) for v in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        return num(value)
    if key == "role" and value in ROLES:
        return str(ROLES[value])
    if key in ("from_status", "to_status", "status") and value in STATUS_WORDS:
        return str(STATUS_WORDS[value])
    if key == "assessment":
        return assessment_label(str(value))
    return str(value)


def _detail_key(key: str) -> str:
    label = DETAIL_KEYS.get(key)
    return str(label) if label is not None else key.replace("_", " ")


def audit_details(details: dict[str, Any] | None) -> str:
    """An event's details as a readable line: "questions: added 2, changed 0; source: bank.yaml"."""
    parts = []
    for key, value in sorted((details or {}).items()):
        if value is None or value == "" or value == {} or value == []:
            continue
        parts.append(f"{_detail_key(key)}: {_value(key, value)}")
    return "; ".join(parts)


def _module_titles() -> dict[str, dict[str, str]]:
    if "module_titles" not in g:  # once per request, however many labels a page shows
        g.module_titles = course_catalog.module_titles()
    return g.module_titles


def module_title(slug: str | None) -> str:
    """A module's title in the visitor's language from its slug (the slug humanised if unknown)."""
    if not slug:
        return ""
    title = _module_titles().get(slug)
    return localised(title) if title else _humanise(slug)


def _assessment_titles() -> dict[str, dict[str, str]]:
    if "assessment_titles" not in g:
        g.assessment_titles = programs.assessment_titles()
    return g.assessment_titles


def assessment_label(key: str) -> str:
    """A practical assessment's title from its key (`cervical-paraspinals` -> "Cervical paraspinals")."""
    title = _assessment_titles().get(key)
    return localised(title) if title else _humanise(key)


def init_labels(app: Flask) -> None:
    app.jinja_env.filters.update(
        audit_label=audit_label,
        audit_details=audit_details,
        certificate_event=certificate_event_label,
        subject_label=subject_label,
        module_title=module_title,
        assessment_label=assessment_label,
    )
