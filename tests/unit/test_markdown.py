"""The Markdown choke point: nothing executable survives; headings, tables and figures render."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ims_training.markdown import (
    FigureHTML,
    TocEntry,
    render_inline_markdown,
    render_markdown,
    slugify,
)

XSS_INPUTS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1) )",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '<iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
    '<div onmouseover="alert(1)">hover</div>',
    '[x](https://ok.example "title" onclick=alert(1))',
    "<svg onload=alert(1)>",
    "<!-- <script>alert(1)</script> -->",
    "| a |\n|---|\n| <script>alert(1)</script> |",
    "## <img src=x onerror=alert(1)>",
]

EXECUTABLE = re.compile(
    # A URL scheme only executes at the start of an attribute value; "%3Ejavascript:" is a path.
    r"<script|<iframe|<style|<svg|\son\w+\s*=|(?:href|src)\s*=\s*[\"']?\s*(?:javascript|vbscript|data):",
    re.IGNORECASE,
)


def _tags(html: str) -> str:
    """Only the markup, without the escaped text between tags."""
    return " ".join(re.findall(r"<[^>]*>", html))


@pytest.mark.parametrize("source", XSS_INPUTS)
def test_nothing_executable_survives_block_rendering(source):
    html = str(render_markdown(source).html)
    assert not EXECUTABLE.search(_tags(html)), html


@pytest.mark.parametrize("source", XSS_INPUTS)
def test_nothing_executable_survives_inline_rendering(source):
    html = str(render_inline_markdown(source))
    assert not EXECUTABLE.search(_tags(html)), html


def test_raw_html_is_shown_as_text_not_markup():
    html = str(render_markdown("Hello <b>world</b>").html)
    assert html == "<p>Hello &lt;b&gt;world&lt;/b&gt;</p>\n"


def test_safe_links_get_noopener_noreferrer():
    html = str(render_markdown("[Gunn](https://example.org/gunn)").html)
    assert html == (
        '<p><a href="https://example.org/gunn" rel="noopener noreferrer">Gunn</a></p>\n'
    )


def test_javascript_markdown_link_is_not_a_link():
    html = str(render_markdown("[click](javascript:alert(1))").html)
    assert "<a" not in html


def test_headings_get_unicode_aware_slugs_and_a_toc():
    rendered = render_markdown("## Sikkerhet og samtykke\n\ntext\n\n### Første møte: å spørre\n")
    assert '<h2 id="sikkerhet-og-samtykke">Sikkerhet og samtykke</h2>' in rendered.html
    assert '<h3 id="forste-mote-a-sporre">' in rendered.html
    assert rendered.toc == [
        TocEntry(2, "sikkerhet-og-samtykke", "Sikkerhet og samtykke"),
        TocEntry(3, "forste-mote-a-sporre", "Første møte: å spørre"),
    ]


def test_repeated_headings_get_distinct_ids():
    toc = render_markdown("## Steps\n\n## Steps\n\n## Steps\n").toc
    assert [entry.id for entry in toc] == ["steps", "steps-2", "steps-3"]


def test_only_level_two_and_three_headings_enter_the_toc():
    rendered = render_markdown("# Title\n\n#### Detail\n\n## Part\n")
    assert rendered.toc == [TocEntry(2, "part", "Part")]
    assert "<h4>Detail</h4>" in rendered.html


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Sikkerhet og samtykke", "sikkerhet-og-samtykke"),
        ("Blåbær og øl", "blabaer-og-ol"),
        ("C5–C6: the deltoid", "c5-c6-the-deltoid"),
        ("Café Señor", "cafe-senor"),
        ("Ωμέγα", "ωμεγα"),
        ("?!", "section"),
    ],
)
def test_slugify(text, slug):
    assert slugify(text) == slug


def test_tables_are_wrapped_with_a_header_row_of_column_headers():
    html = str(render_markdown("| Root | Muscle |\n|:--|--:|\n| C5 | Deltoid |\n").html)
    assert html.startswith('<div class="table-wrap">\n<table>\n<thead>\n<tr>\n')
    assert '<th class="align-left" scope="col">Root</th>' in html
    assert '<th class="align-right" scope="col">Muscle</th>' in html
    assert '<td class="align-left">C5</td>' in html
    assert "style=" not in html
    assert html.rstrip().endswith("</table>\n</div>")


def test_figure_on_its_own_line_becomes_a_figure_with_localised_alt():
    def resolver(name):
        return FigureHTML(f"/static/figures/{name}.svg", "Nerverøtter <ut>", "Utgang")

    html = str(render_markdown("![](figure:root-exit)\n", figure_resolver=resolver).html)
    assert html == (
        '<figure><img src="/static/figures/root-exit.svg" alt="Nerverøtter &lt;ut&gt;">'
        "<figcaption>Utgang</figcaption></figure>\n"
    )


def test_unknown_figure_renders_a_visible_notice():
    html = str(render_markdown("![](figure:nope)\n", figure_resolver=lambda name: None).html)
    assert html == '<p class="figure-missing" role="note">Figure not available: nope</p>\n'


def test_figure_without_resolver_renders_the_notice_in_the_callers_words():
    rendered = render_markdown("![](figure:x)", missing_figure_notice="Figuren mangler: {name}")
    assert "Figuren mangler: x" in rendered.html


def test_inline_rendering_has_emphasis_and_code_but_no_blocks():
    html = str(render_inline_markdown("Which root is **C5**? Use `code`.\n\n## Not a heading"))
    assert "<strong>C5</strong>" in html and "<code>code</code>" in html
    assert "<h2" not in html and "<p>" not in html


def test_inline_rendering_has_no_images():
    assert "<img" not in str(render_inline_markdown("![alt](https://example.org/x.png)"))


def test_rendered_html_is_marked_safe_for_jinja():
    rendered = render_markdown("*hi*")
    assert rendered.__html__() == "<p><em>hi</em></p>\n"
    assert render_inline_markdown("*hi*").__html__() == "<em>hi</em>"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<",
                ">",
                "script",
                "img",
                " onerror=",
                "javascript:",
                "[a](",
                ")",
                "](",
                '"',
                "'",
                "\n",
                "|",
                "---",
                "## ",
                "`",
                "x",
            ]
        ),
        max_size=30,
    )
)
def test_no_generated_input_yields_executable_markup(parts):
    source = "".join(parts)
    assert not EXECUTABLE.search(_tags(str(render_markdown(source).html)))
    assert not EXECUTABLE.search(_tags(str(render_inline_markdown(source))))
