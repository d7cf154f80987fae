"""Moodle files: nothing lost without a word (issue 14, points 7-12).

Feedback and hints, embedded files, colliding names, single-answer partial credit, grades Moodle
refuses, the ordering type, numbers as typed and both languages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ims_training.bank import canonical_content, load_bank
from ims_training.bank.export import export_moodle_xml
from ims_training.bank.gift import read_gift
from ims_training.bank.moodle_common import split_multilang, valid_grade

REPO = Path(__file__).parents[3]


def xml(*questions: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n'
        '<question type="category"><category><text>$course$/IMS/foundations</text>'
        "</category></question>\n" + "\n".join(questions) + "\n</quiz>\n"
    )


def mc(name: str, answers: str, single: str = "true", extra: str = "") -> str:
    return (
        f'<question type="multichoice"><name><text>{name}</text></name>'
        f'<questiontext format="html"><text>Pick one</text></questiontext>'
        f"<single>{single}</single>{answers}{extra}</question>"
    )


def ans(fraction: str, text: str, feedback: str = "") -> str:
    fb = f"<feedback><text>{feedback}</text></feedback>" if feedback else ""
    return f'<answer fraction="{fraction}" format="html"><text>{text}</text>{fb}</answer>'


def load(tmp_path: Path, text: str, name: str = "q.xml"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = load_bank([path])
    return result, [str(p) for p in result.errors], [str(p) for p in result.warnings]


# 7. feedback, hints and embedded files ------------------------------------------------------


def test_per_answer_and_combined_feedback_and_hints_are_named_per_question(tmp_path):
    extra = (
        "<correctfeedback><text>Well done</text></correctfeedback>"
        "<partiallycorrectfeedback><text></text></partiallycorrectfeedback>"
        "<incorrectfeedback><text>No</text></incorrectfeedback>"
        "<hint><text>Think of the spine</text></hint><hint><text>Really</text></hint>"
    )
    result, errors, warnings = load(
        tmp_path,
        xml(
            mc("Spine", ans("100", "yes", "right!") + ans("0", "no", "wrong"), extra=extra),
            mc("Plain", ans("100", "yes") + ans("0", "no")),
        ),
    )
    assert errors == []
    (warning,) = [w for w in warnings if "not kept" in w]
    assert (
        ":4:1: question 'Spine': feedback on 2 answer(s), correct feedback, incorrect feedback, 2 "
        "hint(s) not kept" in warning
    )
    assert {q.id for q in result.questions} == {"spine", "plain"}


def test_gift_answer_feedback_is_named():
    result = read_gift("::Q2:: Which?{=yellow # right; good!\n~red # wrong}\n", "x.gift", "safety")
    assert any("question 'Q2': feedback on 2 answer(s) not kept" in str(p) for p in result.problems)


def test_embedded_files_are_named_and_their_links_dropped(tmp_path):
    question = (
        '<question type="truefalse"><name><text>Image</text></name>'
        '<questiontext format="html"><text><![CDATA[<p>See <a href="@@PLUGINFILE@@/scan.pdf">'
        'the scan</a> <img src="@@PLUGINFILE@@/needle.png"></p>]]></text>'
        '<file name="needle.png" path="/" encoding="base64">iVBORw0KGgo=</file></questiontext>'
        + ans("100", "true")
        + ans("0", "false")
        + "</question>"
    )
    result, errors, warnings = load(tmp_path, xml(question))
    assert errors == []
    assert any("embedded file(s) needle.png, scan.pdf not imported" in w for w in warnings)
    (q,) = result.questions
    assert q.stem.en == "See the scan" and "PLUGINFILE" not in q.stem.en


def test_export_writes_no_dead_link(tmp_path):
    (q,) = load_bank(
        [
            _yaml(
                tmp_path,
                "stem: {en: 'See [the chart](/static/chart.png) and "
                "[Moodle](https://moodle.org) and [file](@@PLUGINFILE@@/x.png)'}",
            )
        ]
    ).questions
    summary = export_moodle_xml([q], tmp_path / "out", "https://ims.example.org")
    text = summary.path.read_text()
    assert "[the chart](https://ims.example.org/static/chart.png)" in text
    assert "[Moodle](https://moodle.org)" in text and "PLUGINFILE" not in text
    assert summary.lossy == [
        (q.id, "link to '@@PLUGINFILE@@/x.png' (no address outside the portal) kept as text")
    ]
    no_base = export_moodle_xml([q], tmp_path / "out2")
    assert "](/static" not in no_base.path.read_text()


def _yaml(tmp_path: Path, stem: str, body: str = "type: true_false\n    answer: true") -> Path:
    path = tmp_path / "src" / "foundations.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(
        f"module: foundations\nquestions:\n  - id: q-one\n    {body}\n    {stem}\n",
        encoding="utf-8",
    )
    return path


# 8. no silent merges ------------------------------------------------------------------------


def test_two_questions_with_the_same_id_stop_the_import_naming_both_places(tmp_path):
    result, errors, _ = load(
        tmp_path,
        xml(
            mc("Needle depth", ans("100", "a") + ans("0", "b")),
            mc("Needle  Depth!", ans("100", "c") + ans("0", "d")),
        ),
    )
    assert errors == [
        f"{tmp_path}/q.xml:5:1: duplicate question id 'needle-depth'; also defined at "
        f"{tmp_path}/q.xml:4"
    ]


def test_an_imported_name_that_is_an_existing_question_id_is_refused(tmp_path):
    yaml_path = _yaml(tmp_path, "stem: {en: 'Sterile?'}")
    moodle = tmp_path / "src" / "moodle.xml"
    moodle.write_text(xml(mc("q-one", ans("100", "a") + ans("0", "b"))), encoding="utf-8")
    result = load_bank([yaml_path, moodle])
    assert [str(e) for e in result.errors] == [
        f"{moodle}:4:1: duplicate question id 'q-one'; also defined at {yaml_path}:3"
    ]


# 9. partial credit and grades ---------------------------------------------------------------


def test_single_answer_partial_credit_is_refused_not_turned_into_tick_boxes(tmp_path):
    result, errors, _ = load(
        tmp_path, xml(mc("Half", ans("100", "right") + ans("50", "nearly") + ans("0", "wrong")))
    )
    assert result.questions == []
    assert errors == [
        f"{tmp_path}/q.xml:4:1: not supported: question 'Half' is single-answer "
        "multiple choice with partial credit ('nearly' (50%)); the bank's single_choice "
        "has one right answer and no partial credit (not imported)"
    ]


def test_multiple_answer_partial_credit_still_imports(tmp_path):
    result, errors, _ = load(
        tmp_path,
        xml(mc("Many", ans("50", "a") + ans("50", "b") + ans("-100", "c"), single="false")),
    )
    assert errors == [] and result.questions[0].type == "multiple_response"


@pytest.mark.parametrize("fraction", ["33", "45", "150", "-120", "abc"])
def test_grades_moodle_refuses_are_refused_and_nothing_is_imported(tmp_path, fraction):
    result, errors, _ = load(
        tmp_path,
        xml(
            mc("Fine", ans("100", "a") + ans("0", "b")),
            mc("Broken", ans(fraction, "a") + ans("100", "b") + ans("0", "c"), single="false"),
        ),
    )
    assert (
        len(errors) == 1
        and f"question 'Broken': grade(s) '{fraction}' (%) are not Moodle grade options"
        in errors[0]
        and errors[0].startswith(f"{tmp_path}/q.xml:5:1:")
    )
    # A file with an error imports nothing: the import service refuses any load with errors.


def test_moodle_grade_options():
    assert all(valid_grade(g) for g in (100, 33.33333, -33.33333, 14.28571, 12.5, 0, -100, 5))
    assert not any(valid_grade(g) for g in (33, 33.3, 45, 101, -150, 1))


def test_gift_weights_moodle_refuses_are_refused():
    result = read_gift("::W::Which?{~%45%a ~%55%b ~c}\n", "x.gift", "safety")
    assert [str(p) for p in result.problems if p.severity == "error"] == [
        "x.gift:1:1: question 'W': grade(s) '45', '55' (%) are not Moodle grade options (100, 90, "
        "83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5, "
        "11.11111, 10, 5, 0 or their negatives); not imported"
    ]
    assert result.items == []


# 10. ordering -------------------------------------------------------------------------------

ORDERING = """<question type="ordering"><name><text>Needling steps</text></name>
<questiontext format="html"><text>Put the steps in order.</text></questiontext>
<layouttype>VERTICAL</layouttype><selecttype>ALL</selecttype><selectcount>0</selectcount>
<gradingtype>ABSOLUTE_POSITION</gradingtype><showgrading>SHOW</showgrading>
<answer fraction="3.0000000" format="moodle_auto_format"><text>Insert the needle</text></answer>
<answer fraction="1.0000000" format="moodle_auto_format"><text>Palpate the band</text></answer>
<answer fraction="2.0000000" format="moodle_auto_format"><text>Clean the skin</text></answer>
</question>"""


def test_moodle_ordering_imports_in_the_right_order(tmp_path):
    result, errors, _ = load(tmp_path, xml(ORDERING))
    assert errors == []
    (q,) = result.questions
    assert q.type == "ordering"
    assert [i.text.en for i in q.items] == [
        "Palpate the band",
        "Clean the skin",
        "Insert the needle",
    ]


def test_ordering_with_other_grading_is_imported_with_a_warning(tmp_path):
    _, errors, warnings = load(
        tmp_path, xml(ORDERING.replace("ABSOLUTE_POSITION", "LONGEST_ORDERED_SUBSET"))
    )
    assert errors == [] and any("Moodle grading 'LONGEST_ORDERED_SUBSET'" in w for w in warnings)


def test_ordering_exports_and_reimports_unchanged(tmp_path):
    (q,) = load(tmp_path, xml(ORDERING))[0].questions
    summary = export_moodle_xml([q], tmp_path / "out")
    assert '<question type="ordering">' in summary.path.read_text()
    (back,) = load_bank([summary.path]).questions
    assert [i.text.en for i in back.items] == [i.text.en for i in q.items]


# 11. numbers as typed -----------------------------------------------------------------------


def test_numbers_are_written_as_typed_and_reimport_unchanged(tmp_path):
    path = _yaml(
        tmp_path,
        "stem: {en: 'Depth?'}",
        "type: numeric\n    points: 2.5\n    answer: {value: 3.5, tolerance: 0.001}",
    )
    (q,) = load_bank([path]).questions
    summary = export_moodle_xml([q], tmp_path / "out")
    text = summary.path.read_text()
    assert "<tolerance>0.001</tolerance>" in text and ">3.5</text>" in text
    assert "<defaultgrade>2.5</defaultgrade>" in text
    (back,) = load_bank([summary.path]).questions
    assert back.answer.value == 3.5 and back.answer.tolerance == 0.001 and back.points == 2.5


# 12. both languages -------------------------------------------------------------------------


def test_multilang_spans_and_mlang_tags_split_into_en_and_nb():
    assert split_multilang(
        '<span lang="en" class="multilang">Needle</span>'
        '<span class="multilang" lang="no">Nål</span>'
    ) == {"en": "Needle", "nb": "Nål"}
    assert split_multilang("{mlang en}Hip{mlang}{mlang nb}Hofte{mlang}!") == {
        "en": "Hip!",
        "nb": "Hofte!",
    }
    assert split_multilang("No markup") == {"en": "No markup"}


def test_other_languages_are_named(tmp_path):
    question = (
        '<question type="truefalse"><name><text>Lang</text></name><questiontext format="html">'
        '<text><![CDATA[<span lang="en" class="multilang">Yes</span>'
        '<span lang="de" class="multilang">Ja</span>]]></text></questiontext>'
        + ans("100", "true")
        + ans("0", "false")
        + "</question>"
    )
    result, errors, warnings = load(tmp_path, xml(question))
    assert errors == [] and result.questions[0].stem.en == "Yes"
    assert any("language(s) de left out" in w for w in warnings)


def test_the_portals_own_bank_round_trips_through_moodle_with_its_norwegian(tmp_path):
    original = load_bank([REPO / "question_bank"])
    assert original.errors == []
    summary = export_moodle_xml(original.questions, tmp_path / "out", "https://ims.example.org")
    assert 'lang="no" class="multilang"' in summary.path.read_text()
    back = load_bank([summary.path])
    assert back.errors == []
    exported = [q for q in original.questions if q.id in set(summary.exported)]
    assert len(exported) == len(original.questions) == len(back.questions)

    def texts(q):  # type: ignore[no-untyped-def]
        """Everything but what Moodle has no field for: `source`, option/pair/item ids."""
        content = canonical_content(q)
        content.pop("source", None)
        for key in ("options", "pairs", "distractors", "items"):
            if key in content:
                content[key] = [{k: v for k, v in x.items() if k != "id"} for x in content[key]]
        return content

    before = {q.id: texts(q) for q in exported}
    after = {q.id: texts(q) for q in back.questions}
    lossy = {key for key, _ in summary.lossy}
    differing = sorted(k for k in before if before[k] != after.get(k))
    assert set(differing) <= lossy, [
        (k, before[k], after.get(k)) for k in differing if k not in lossy
    ][:2]
    norwegian = [q for q in back.questions if q.stem.nb]
    assert len(norwegian) == len([q for q in exported if q.stem.nb]) > 50


def test_gift_multilang_is_split_and_embedded_files_are_named():
    text = (
        '::Nål::[html]<span lang="en" class="multilang">Needle <a href="@@PLUGINFILE@@/n.png">'
        'image</a></span><span lang="no" class="multilang">Nål</span>'
        # inside the answers, "=" is escaped as GIFT requires
        '{=<span lang\\="en" class\\="multilang">Yes</span><span lang\\="nb" class\\="multilang">Ja</span>'
        ' ~<span lang\\="en" class\\="multilang">No</span><span lang\\="nb" class\\="multilang">Nei</span>}\n'
    )
    result = read_gift(text, "x.gift", "safety")
    (item,) = result.items
    assert item.data["stem"] == {"en": "Needle image", "nb": "Nål"}
    assert [o["text"] for o in item.data["options"]] == [
        {"en": "Yes", "nb": "Ja"},
        {"en": "No", "nb": "Nei"},
    ]
    assert any("embedded file(s) n.png not imported" in str(p) for p in result.problems)


def test_a_short_answer_in_both_languages_accepts_either(tmp_path):
    question = (
        '<question type="shortanswer"><name><text>Muscle</text></name>'
        '<questiontext format="html"><text>Name the muscle</text></questiontext>'
        '<answer fraction="100" format="moodle_auto_format"><text><![CDATA[<span lang="en" '
        'class="multilang">deltoid</span><span lang="no" class="multilang">deltamuskel</span>'
        "]]></text></answer></question>"
    )
    result, errors, _ = load(tmp_path, xml(question))
    assert errors == [] and result.questions[0].accepted == ["deltoid", "deltamuskel"]


@pytest.mark.parametrize("body", ["{=%33%Cat =Frog}", "{#=%45%3:1 =4:0}"])
def test_gift_short_answer_and_numeric_weights_moodle_refuses_are_refused(body):
    result = read_gift(f"::W::Which?{body}\n", "x.gift", "safety")
    assert result.items == []
    assert any("are not Moodle grade options" in str(p) for p in result.problems)
