"""The program's criteria as one printed line per language, from its requirements (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _parts(requirements: Mapping[str, Any], lessons: int) -> tuple[list[str], list[str]]:
    en: list[str] = []
    nb: list[str] = []
    if requirements.get("lessons") in ("all", True) and lessons:
        en.append(f"all {lessons} lessons")
        nb.append(f"alle {lessons} leksjoner")
    quizzes = [str(q) for q in requirements.get("quizzes") or []]
    if quizzes:
        final = any("final" in q for q in quizzes)
        en.append(f"{len(quizzes)} quizzes" + (" including the final exam" if final else ""))
        nb.append(f"{len(quizzes)} quizer" + (" med avsluttende eksamen" if final else ""))
    practicals = len(requirements.get("practical_assessments") or [])
    if practicals:
        en.append(f"{practicals} supervised practical assessments")
        nb.append(f"{practicals} veiledede praktiske vurderinger")
    clinical = requirements.get("clinical") or {}
    if clinical.get("cases"):
        en.append(f"{clinical['cases']:g} supervised clinical cases")
        nb.append(f"{clinical['cases']:g} veiledede kliniske kasus")
    if clinical.get("hours"):
        en.append(f"{clinical['hours']:g} hours of supervised clinical work")
        nb.append(f"{clinical['hours']:g} timer veiledet klinisk arbeid")
    if requirements.get("licence_required"):
        en.append("a verified health-professional licence")
        nb.append("verifisert autorisasjon som helsepersonell")
    return en, nb


def _join(items: list[str], conjunction: str) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def criteria_lines(requirements: Mapping[str, Any], lessons: int) -> tuple[str, str]:
    """(English, Norwegian) sentences naming what the holder completed; empty without criteria."""
    en, nb = _parts(requirements, lessons)
    if not en:
        return "", ""
    return (
        "Criteria met: " + _join(en, "and") + ".",
        "Oppfylte kriterier: " + _join(nb, "og") + ".",
    )
