"""Each broken course tree reports exactly the expected `path:line: message` lines."""

import re
from pathlib import Path

import pytest

from ims_training.course_source import format_problems, load_course

BROKEN = Path(__file__).parents[2] / "fixtures" / "course_broken"
NO_NB = "warning: no 'nb' translation (the site falls back to en)"

EXPECTED: dict[str, list[str | re.Pattern[str]]] = {
    "front_matter_missing_fence": [
        "front_matter_missing_fence/foundations/01-a.en.md:1: front matter must start with '---' "
        "on the first line",
        "front_matter_missing_fence/foundations/02-b.en.md:1: front matter is not closed by a "
        "'---' line",
        "2 errors in 2 files",
    ],
    "front_matter_yaml_error": [
        # The portal names the file and line; the words after "YAML syntax error:" are PyYAML's own.
        re.compile(r"front_matter_yaml_error/foundations/01-a\.en\.md:6: YAML syntax error: \S.*"),
        "1 error in 1 file",
    ],
    "front_matter_fields": [
        "front_matter_fields/foundations/01-a.en.md:1: front matter: missing field 'title'",
        "front_matter_fields/foundations/01-a.en.md:1: front matter: unknown field 'author'",
        "front_matter_fields/foundations/01-a.en.md:2: 'id' must be lower-case letters, digits "
        "and '-' (got text 'Foundations_A')",
        "front_matter_fields/foundations/01-a.en.md:4: 'order' must be a whole number >= 1 "
        "(got text 'one')",
        "front_matter_fields/foundations/01-a.en.md:6: 'objectives' must be a non-empty list of "
        "text (got text 'Learn')",
        "5 errors in 1 file",
    ],
    "unknown_module": [
        "unknown_module/anatomy/01-roots.en.md:3: unknown module 'anatomy'",
        "unknown_module/foundations/01-a.en.md:3: module 'safety' does not match the directory "
        "'foundations'",
        "2 errors in 2 files",
    ],
    "duplicate_id": [
        f"duplicate_id/foundations/01-a.en.md:1: {NO_NB}",
        "duplicate_id/foundations/02-a-again.en.md:2: duplicate lesson id 'foundations-a' "
        "(also in duplicate_id/foundations/01-a.en.md)",
        "duplicate_id/safety/01-a.en.md:2: lesson id 'foundations-a' is used in modules "
        "'foundations' and 'safety' (also in duplicate_id/foundations/01-a.en.md)",
        "2 errors in 2 files, 1 warning in 1 file",
    ],
    "unknown_language": [
        "unknown_language/foundations/01-a.de.md:1: unknown language 'de' in the file name; "
        "expected one of en, nb",
        "unknown_language/foundations/01-a.de.md:5: 'language' must be one of en, nb "
        "(got text 'de')",
        f"unknown_language/foundations/01-a.en.md:1: {NO_NB}",
        "2 errors in 1 file, 1 warning in 1 file",
    ],
    "language_files_disagree": [
        "language_files_disagree/foundations/01-a.nb.md:2: 'id' is 'foundations-b' but "
        "'foundations-a' in language_files_disagree/foundations/01-a.en.md",
        "language_files_disagree/foundations/01-a.nb.md:4: 'order' is 2 but 1 in "
        "language_files_disagree/foundations/01-a.en.md",
        "2 errors in 1 file",
    ],
    "prerequisite_cycle": [
        f"prerequisite_cycle/foundations/01-a.en.md:1: {NO_NB}",
        "prerequisite_cycle/foundations/01-a.en.md:10: prerequisite cycle: foundations-a -> "
        "foundations-b -> foundations-a",
        f"prerequisite_cycle/foundations/02-b.en.md:1: {NO_NB}",
        "prerequisite_cycle/foundations/02-b.en.md:10: unknown prerequisite lesson 'foundations-z'",
        "prerequisite_cycle/modules.yaml:1: module prerequisite cycle: foundations -> safety -> "
        "foundations",
        "prerequisite_cycle/modules.yaml:9: module 'safety': unknown prerequisite module 'anatomy'",
        "4 errors in 3 files, 2 warnings in 2 files",
    ],
    "missing_figure": [
        "missing_figure/figures/figures.yaml:1: figure 'no-svg' has no file "
        "missing_figure/figures/no-svg.svg",
        "missing_figure/figures/figures.yaml:2: warning: figure 'no-svg' alt text: missing 'nb' "
        "(falls back to en)",
        "missing_figure/figures/figures.yaml:4: figure 'no-alt' alt text: missing 'en'",
        f"missing_figure/foundations/01-a.en.md:1: {NO_NB}",
        "missing_figure/foundations/01-a.en.md:14: unknown figure 'nope'",
        "missing_figure/foundations/01-a.en.md:17: unknown figure 'no-svg'",
        "4 errors in 2 files, 2 warnings in 2 files",
    ],
    "invalid_utf8": [
        "invalid_utf8/foundations/01-a.en.md:14: invalid UTF-8 (byte 0xe5 at offset 169)",
        "1 error in 1 file",
    ],
    "raw_html": [
        f"raw_html/foundations/01-a.en.md:1: {NO_NB}",
        "raw_html/foundations/01-a.en.md:14: raw HTML is not allowed in lessons",
        "raw_html/foundations/01-a.en.md:17: raw HTML is not allowed in lessons",
        "2 errors in 1 file, 1 warning in 1 file",
    ],
    # course/glossary.yaml: wrong forms, as error or warning as the glossary entry says
    "glossary_wrong_form": [
        "glossary_wrong_form/foundations/01-a.en.md:12: glossary: 'scalenii' is a wrong form for "
        "\"scalenes\" (term 'scalenes'); use 'scalenes'",
        "glossary_wrong_form/foundations/01-a.nb.md:6: glossary: 'bivirkning' is a wrong form for "
        "\"adverse event\" (term 'adverse-event'); use 'uønsket hendelse'",
        "glossary_wrong_form/foundations/01-a.nb.md:13: warning: glossary: 'SCALENII' is a wrong "
        "form for \"scalenes\" (term 'scalenes'); use 'scalenusmusklene'",
        "glossary_wrong_form/foundations/01-a.nb.md:13: warning: glossary: 'hopptegn' is a wrong "
        "form for \"jump sign\" (term 'jump-sign'); use 'hoppetegn'",
        "glossary_wrong_form/modules.yaml:8: glossary: 'bivirkning' is a wrong form for "
        "\"adverse event\" (term 'adverse-event'); use 'uønsket hendelse'",
        "glossary_wrong_form/modules.yaml:10: glossary: 'scalenii' is a wrong form for "
        "\"scalenes\" (term 'scalenes'); use 'scalenes'",
        "glossary_wrong_form/modules.yaml:11: warning: glossary: 'scalenii' is a wrong form for "
        "\"scalenes\" (term 'scalenes'); use 'scalenusmusklene'",
        "4 errors in 3 files, 3 warnings in 2 files",
    ],
    "glossary_bad_file": [
        f"glossary_bad_file/foundations/01-a.en.md:1: {NO_NB}",
        "glossary_bad_file/glossary.yaml:2: term 'adverse-event': 'definition' needs one line in "
        "each of: en, nb",
        "glossary_bad_file/glossary.yaml:7: term 'scalenes': 'definition' needs one line in each "
        "of: en, nb",
        "glossary_bad_file/glossary.yaml:7: term 'scalenes': 'nb' is required",
        "glossary_bad_file/glossary.yaml:7: term 'scalenes': 'source' is required",
        "glossary_bad_file/glossary.yaml:7: term 'scalenes': unknown key 'colour'",
        "glossary_bad_file/glossary.yaml:11: term 'scalenes': wrong form: 'severity' must be "
        "error or warning",
        "glossary_bad_file/glossary.yaml:12: duplicate term id 'adverse-event' (also on line 2)",
        "7 errors in 1 file, 1 warning in 1 file",
    ],
}


def test_every_broken_case_has_an_expectation():
    assert sorted(p.name for p in BROKEN.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_broken_course_reports_exact_problems(case):
    result = load_course(BROKEN / case)
    lines = format_problems(result.problems).splitlines()
    assert len(lines) == len(EXPECTED[case]), lines
    for line, expected in zip(lines, EXPECTED[case], strict=True):
        if isinstance(expected, re.Pattern):
            assert expected.fullmatch(line), line
        else:
            assert line == expected
    assert not result.ok


def test_invalid_utf8_file_is_not_loaded():
    result = load_course(BROKEN / "invalid_utf8")
    assert result.lessons == []


def test_raw_html_in_inline_code_is_not_reported():
    result = load_course(BROKEN / "raw_html")
    assert all(p.line != 19 for p in result.problems)
