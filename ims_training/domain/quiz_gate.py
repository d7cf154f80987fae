"""What unlocks a quiz: the quiz's `unlocked_by` rule (or its kind's default) against plain facts.

A rule is data in the quiz definition (docs/contracts.md):

    unlocked_by: {lessons: module | all | none, module_quizzes: bool, quizzes: [ids],
                  certificate: bool}

Without `unlocked_by` a quiz gets its kind's default (`DEFAULT_RULES`): a module quiz opens when
every published lesson of its (unlocked) module is complete; the final exam when every lesson is
complete and every module quiz is passed; the recertification quiz only for holders of a
certificate that is active, or expired no longer ago than the program's renewal window.
Decided here, enforced by `services.attempts.start_attempt`, shown by the quiz pages.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

MissingKind = Literal["module_locked", "module_lessons", "all_lessons", "quiz", "certificate"]
CertificateStanding = Literal["none", "current", "renewable", "lapsed"]

DEFAULT_RULES: dict[str, dict[str, Any]] = {
    "module": {"lessons": "module"},
    "final": {"lessons": "all", "module_quizzes": True},
    "recertification": {"certificate": True},
}


@dataclass(frozen=True)
class GateFacts:
    """A trainee's progress as the gate needs it.

    `lessons`: module slug -> (completed, published) lesson counts; `locked_modules`: locked module
    -> the prerequisite modules it waits for; `module_quizzes`: every live module quiz's id;
    `certificate`: the trainee's standing as a holder (see `certificate_standing`).
    """

    lessons: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    locked_modules: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    passed_quizzes: Collection[str] = ()
    module_quizzes: Sequence[str] = ()
    certificate: CertificateStanding = "none"


@dataclass(frozen=True)
class Missing:
    """One unmet condition: what (`kind`, `key`) and how far (`done` of `required`)."""

    kind: MissingKind
    key: str | None = None
    done: int = 0
    required: int = 0
    waiting_for: tuple[str, ...] = ()  # module_locked: the modules to complete first


@dataclass(frozen=True)
class Gate:
    """Whether the quiz is open to the trainee, and what is still missing if not."""

    open: bool
    missing: tuple[Missing, ...] = ()


def rule_of(definition: Mapping[str, Any]) -> dict[str, Any]:
    """The quiz's `unlocked_by` rule, or its kind's default."""
    given = definition.get("unlocked_by")
    if given is not None:
        return dict(given)
    return dict(DEFAULT_RULES.get(str(definition.get("kind") or "module"), {}))


def certificate_standing(
    status: str | None, days_since_expiry: int | None, window_days: int
) -> CertificateStanding:
    """A holder's standing from their latest certificate's effective status.

    `days_since_expiry` counts from the expiry day (0 or less while not expired).
    """
    if status is None:
        return "none"
    if status == "active":
        return "current"
    if status == "expired" and days_since_expiry is not None and days_since_expiry <= window_days:
        return "renewable"
    return "lapsed"


def gate(definition: Mapping[str, Any], facts: GateFacts) -> Gate:
    """Decide whether a quiz may be started on the grounds of what the trainee has done."""
    rule = rule_of(definition)
    missing: list[Missing] = []
    lessons = rule.get("lessons") or "none"
    if lessons == "module":
        module = str(definition.get("module") or "")
        if module in facts.locked_modules:
            missing.append(
                Missing("module_locked", module, waiting_for=tuple(facts.locked_modules[module]))
            )
        done, total = facts.lessons.get(module, (0, 0))
        if done < total:
            missing.append(Missing("module_lessons", module, done, total))
    elif lessons == "all":
        done = sum(d for d, _t in facts.lessons.values())
        total = sum(t for _d, t in facts.lessons.values())
        if done < total:
            missing.append(Missing("all_lessons", None, done, total))
    wanted = list(rule.get("quizzes") or [])
    if rule.get("module_quizzes"):
        wanted += [q for q in facts.module_quizzes if q not in wanted]
    passed = set(facts.passed_quizzes)
    own = definition.get("id")
    missing += [Missing("quiz", key, 0, 1) for key in wanted if key != own and key not in passed]
    if rule.get("certificate") and facts.certificate not in ("current", "renewable"):
        missing.append(Missing("certificate", facts.certificate, 0, 1))
    return Gate(not missing, tuple(missing))
