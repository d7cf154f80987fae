"""The trainee glossary page (/learn/course/glossary): both languages, searchable, role-checked."""

from __future__ import annotations

from pathlib import Path

from ims_training.models import Role

URL = "/learn/course/glossary"


def test_a_trainee_sees_every_term_in_both_languages_with_definition_and_source(client, login_as):
    login_as(Role.TRAINEE)
    page = client.get(URL).get_data(as_text=True)
    assert '<td lang="en">adverse event</td>' in page
    assert '<td lang="nb">uønsket hendelse</td>' in page
    assert "White 2001" in page
    assert "licensed health professionals" in page  # the audience notice is on the page


def test_search_matches_either_language_and_ignores_case(client, login_as):
    login_as(Role.TRAINEE)
    english = client.get(URL, query_string={"q": "Pincer"}).get_data(as_text=True)
    assert '<td lang="nb">pinsettgrep</td>' in english and "uønsket hendelse" not in english
    norwegian = client.get(URL, query_string={"q": "TUNGPUST"}).get_data(as_text=True)
    assert '<td lang="en">breathlessness</td>' in norwegian and "pinsettgrep" not in norwegian
    nothing = client.get(URL, query_string={"q": "zebra"}).get_data(as_text=True)
    assert "No term matches every word" in nothing


def test_the_page_follows_the_users_language(client, login_as):
    login_as(Role.TRAINEE)
    client.post("/language", data={"lang": "nb", "next": "/"})
    page = client.get(URL).get_data(as_text=True)
    assert "<h1>Ordliste</h1>" in page
    assert '<span lang="nb">Enhver skadelig eller uønsket hendelse' in page


def test_coordinators_are_refused_and_anonymous_visitors_sent_to_log_in(client, login_as):
    anonymous = client.get(URL)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    login_as(Role.COORDINATOR)
    assert client.get(URL).status_code == 403


def test_a_broken_glossary_file_gives_an_empty_list_not_an_error(
    app, client, login_as, tmp_path: Path
):
    (tmp_path / "glossary.yaml").write_text("terms: [oops\n", encoding="utf-8")
    app.config["COURSE_DIR"] = str(tmp_path)
    login_as(Role.INSTRUCTOR)
    response = client.get(URL)
    assert response.status_code == 200
    assert "No term matches every word" in response.get_data(as_text=True)
