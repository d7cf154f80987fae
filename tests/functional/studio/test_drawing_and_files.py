"""Only published versions are drawn; attempts keep theirs; the YAML files stay in step."""

from __future__ import annotations

from sqlalchemy import select

from ims_training.bank import load_bank
from ims_training.bank.studio_form import question_fields
from ims_training.extensions import db
from ims_training.models import Question, QuestionVersion, Role
from ims_training.services.bank.bank_import import import_bank
from ims_training.services.bank.studio_sync import ImportConflict
from ims_training.services.quizzes.attempts import start_attempt
from tests.factories.bank import bank_row_counts
from tests.factories.quizzes import import_marker_bank, stored_answers, write_bank

from .conftest import as_user, latest


def _edit_and_publish(client, auth, writer, reviewer, stem: str, publish: bool = True) -> None:  # type: ignore[no-untyped-def]
    as_user(client, auth, writer)
    question = db.session.scalar(select(Question).where(Question.key == "mk-single"))
    content = db.session.get(QuestionVersion, question.current_version_id).content
    fields = {k: v[0] for k, v in question_fields(content).items()}
    edit = "/author/studio/questions/mk-single/edit"
    page = client.get(edit).get_data(as_text=True)
    lock = page.split('name="lock" value="')[1].split('"')[0]
    fields.update({"lock": lock, "stem-en": stem, "note": "clearer"})
    assert client.post(edit, data=fields).status_code == 302
    revision = latest("mk-single")
    assert client.post(f"/author/studio/revisions/{revision.id}/submit").status_code == 302
    if publish:
        as_user(client, auth, reviewer)
        assert (
            client.post(f"/author/studio/revisions/{revision.id}/approve", data={}).status_code
            == 302
        )
        assert client.post(f"/author/studio/revisions/{revision.id}/publish").status_code == 302


def _drawn_stem(attempt) -> str:  # type: ignore[no-untyped-def]
    version_id = next(e["version_id"] for e in attempt.layout if e["key"] == "mk-single")
    return db.session.get(QuestionVersion, version_id).content["stem"]["en"]


def test_drafts_are_not_drawn_and_attempts_keep_the_version_they_drew(
    app, client, auth, make_user, writer, reviewer, tmp_path
):
    quiz = import_marker_bank(tmp_path)
    first = start_attempt(make_user(Role.TRAINEE), quiz)
    _edit_and_publish(client, auth, writer, reviewer, "Pick the deepest fjord", publish=False)
    second = start_attempt(make_user(Role.TRAINEE), quiz)
    assert _drawn_stem(second) == "Pick the fjord"  # a revision in review is never drawn
    _edit_and_publish(client, auth, writer, reviewer, "Pick the longest fjord")
    third = start_attempt(make_user(Role.TRAINEE), quiz)
    assert _drawn_stem(third) == "Pick the longest fjord"
    db.session.expire_all()
    assert _drawn_stem(first) == "Pick the fjord"
    assert {a.question_version_id for a in stored_answers(first.id)} == {
        e["version_id"] for e in first.layout
    }


def test_import_of_a_file_changed_after_a_web_edit_is_refused_and_changes_nothing(
    app, client, auth, writer, reviewer, tmp_path, runner
):
    import_marker_bank(tmp_path)
    _edit_and_publish(client, auth, writer, reviewer, "Pick the web fjord")
    # meanwhile someone edits the same question in the file
    from tests.factories.quizzes import questions

    edited = questions()
    edited[0]["stem"]["en"] = "Pick the file fjord"
    folder = write_bank(tmp_path / "disk", None, edited)
    before = bank_row_counts()
    result = load_bank([folder])
    try:
        import_bank(result, retire_missing=False)
    except ImportConflict as conflict:
        assert any(
            "question 'mk-single' was edited in the studio since the last export" in c
            and "foundations.yaml:" in c
            for c in conflict.conflicts
        )
    else:  # pragma: no cover - the assertion below names the failure
        raise AssertionError("the import overwrote a web edit")
    assert bank_row_counts() == before
    cli = runner.invoke(args=["bank", "import", str(folder)])
    assert cli.exit_code != 0 and "edited in the studio since the last export" in cli.output

    # `bank export` writes the web edit back; the exported files re-import cleanly
    out = tmp_path / "exported"
    assert runner.invoke(args=["bank", "export", str(out)]).exit_code == 0
    assert "Pick the web fjord" in (out / "foundations.yaml").read_text(encoding="utf-8")
    summary = import_bank(load_bank([out]), retire_missing=False)
    assert summary.questions.changed == 0
    # and from now on the files lead again: a later file edit imports
    assert import_bank(load_bank([folder]), retire_missing=False).questions.changed == 1


def test_an_import_after_the_form_was_opened_makes_the_save_stale(client, login_as, tmp_path):
    from tests.factories.quizzes import questions

    import_marker_bank(tmp_path)
    login_as(Role.INSTRUCTOR)
    edit = "/author/studio/questions/mk-single/edit"
    page = client.get(edit).get_data(as_text=True)
    base = page.split('name="base" value="')[1].split('"')[0]
    assert "No changes in the studio yet." in client.get(
        "/author/studio/question/mk-single/revisions"
    ).get_data(as_text=True)
    changed = questions()
    changed[0]["stem"]["en"] = "Pick the fjord from the file"
    import_bank(load_bank([write_bank(tmp_path / "disk", None, changed)]), retire_missing=False)
    content = db.session.get(QuestionVersion, int(base)).content
    fields = {k: v[0] for k, v in question_fields(content).items()}
    stale = client.post(edit, data={**fields, "lock": "0", "base": base, "stem-en": "My wording"})
    assert stale.status_code == 409
    assert "My wording" in stale.get_data(as_text=True)
    assert client.get("/author/studio/question/mk-single/revisions").status_code == 200


def test_an_upload_that_would_overwrite_a_web_edit_shows_the_conflict(
    app, client, auth, writer, reviewer, tmp_path
):
    import io

    from tests.factories.quizzes import questions

    app.config["BANK_UPLOAD_DIR"] = str(tmp_path / "uploads")
    (tmp_path / "empty").mkdir()
    app.config["QUESTION_BANK_DIR"] = str(tmp_path / "empty")
    import_marker_bank(tmp_path)
    _edit_and_publish(client, auth, writer, reviewer, "Pick the web fjord")
    edited = questions()
    edited[0]["stem"]["en"] = "Pick the file fjord"
    source = write_bank(tmp_path / "disk", None, edited) / "foundations.yaml"
    checked = client.post(
        "/author/bank/upload",
        data={"file": (io.BytesIO(source.read_bytes()), "foundations.yaml")},
        content_type="multipart/form-data",
    )
    assert checked.status_code == 200, checked.get_data(as_text=True)[:2000]
    token = checked.get_data(as_text=True).split("/author/bank/upload/")[1].split("/import")[0]
    before = bank_row_counts()
    refused = client.post(f"/author/bank/upload/{token}/import")
    assert "was edited in the studio since the last export" in refused.get_data(as_text=True)
    assert bank_row_counts() == before


def test_a_full_import_does_not_retire_a_question_written_in_the_studio(
    client, auth, writer, reviewer, tmp_path, runner
):
    from tests.functional.studio.conftest import single_choice_form

    folder = write_bank(tmp_path / "bank")
    import_bank(load_bank([folder]), retire_missing=True)
    as_user(client, auth, writer)
    assert (
        client.post(
            "/author/studio/questions/new", data=single_choice_form("studio-only")
        ).status_code
        == 302
    )
    revision = latest("studio-only")
    client.post(f"/author/studio/revisions/{revision.id}/submit")
    as_user(client, auth, reviewer)
    client.post(f"/author/studio/revisions/{revision.id}/approve", data={})
    client.post(f"/author/studio/revisions/{revision.id}/publish")
    before = bank_row_counts()
    try:
        import_bank(load_bank([folder]), retire_missing=True)
    except ImportConflict as conflict:
        assert conflict.conflicts == [
            "question 'studio-only' was written in the studio and is not in the files "
            "yet; a full import would retire it"
        ]
    else:  # pragma: no cover
        raise AssertionError("a full import retired a studio question")
    assert bank_row_counts() == before
    assert (
        db.session.scalar(select(Question.retired_at).where(Question.key == "studio-only")) is None
    )


def test_a_reviewer_compares_the_change_with_the_published_version(client, login_as, tmp_path):
    import html

    import_marker_bank(tmp_path)
    login_as(Role.INSTRUCTOR)
    question = db.session.scalar(select(Question).where(Question.key == "mk-single"))
    content = db.session.get(QuestionVersion, question.current_version_id).content
    fields = {k: v[0] for k, v in question_fields(content).items()}
    edit = "/author/studio/questions/mk-single/edit"
    client.post(
        edit,
        data={
            **fields,
            "lock": "0",
            "base": str(question.current_version_id),
            "stem-nb": "Velg fjorden",
        },
    )
    history = client.get("/author/studio/question/mk-single/revisions").get_data(as_text=True)
    assert "Changes from the published version" in history
    page = html.unescape(
        client.get("/author/studio/question/mk-single/diff?a=0&b=1").get_data(as_text=True)
    )
    assert (
        "Published version" in page
        and "<del>Pick the fjord (nb)</del>" in page
        and "<ins>Velg fjorden</ins>" in page
    )
    assert client.get("/author/studio/question/mk-single/diff?a=7&b=1").status_code == 404
