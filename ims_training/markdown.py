"""The one Markdown choke point: markdown-it-py with raw HTML off, then nh3 with an allow-list.

Every piece of Markdown a trainee sees (lessons, question stems, explanations) goes through
`render_markdown` or `render_inline_markdown`; nothing else in the code base renders Markdown.

Heading ids: lower-case ASCII where a Latin letter can be transliterated (æ -> ae, ø -> o,
å -> a, é -> e, ß -> ss), other letters and digits kept as they are (Greek, Cyrillic...), every
other run of characters becomes one '-'. "Sikkerhet og samtykke" -> "sikkerhet-og-samtykke",
"Første møte" -> "forste-mote". ASCII ids make plain, copyable `#fragment` links.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

FIGURE_SCHEME = "figure:"
MISSING_FIGURE_NOTICE = "Figure not available: {name}"


class SafeHTML(str):
    """Sanitised HTML; `__html__` lets Jinja insert it without escaping it again."""

    def __html__(self) -> str:
        return str(self)


@dataclass(frozen=True)
class FigureHTML:
    """What a figure resolver returns: a URL (not a data: URI) and already localised texts."""

    src: str
    alt: str
    caption: str | None = None


@dataclass(frozen=True)
class TocEntry:
    """One `##`/`###` heading for an in-page table of contents."""

    level: int
    id: str
    text: str


@dataclass(frozen=True)
class RenderedMarkdown:
    """Sanitised HTML and the table of contents of its headings."""

    html: SafeHTML
    toc: list[TocEntry] = field(default_factory=list)

    def __html__(self) -> str:
        return str(self.html)


FigureResolver = Callable[[str], FigureHTML | None]

_BLOCK_TAGS = {
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "div",
    "figure",
    "figcaption",
    "span",
}
_BLOCK_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "h2": {"id"},
    "h3": {"id"},
    "th": {"scope", "class"},
    "td": {"class"},
    "div": {"class"},
    "p": {"class", "role"},
    "span": {"class"},
    "figure": {"class"},
    "ol": {"start"},
    "code": {"class"},
}
_INLINE_TAGS = {"strong", "em", "code", "a", "br", "span"}
_INLINE_ATTRIBUTES = {"a": {"href", "title"}, "span": {"class"}}
_URL_SCHEMES = {"http", "https", "mailto"}
_TRANSLITERATE = str.maketrans(
    {"æ": "ae", "ø": "o", "å": "a", "ß": "ss", "œ": "oe", "đ": "d", "ł": "l", "þ": "th", "ð": "d"}
)


def slugify(text: str) -> str:
    """A stable heading id (see the module docstring); never empty."""
    lowered = unicodedata.normalize("NFKC", text).lower().translate(_TRANSLITERATE)
    stripped = "".join(
        c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c)
    )
    slug = re.sub(r"[\W_]+", "-", stripped).strip("-")
    return slug or "section"


def _clean(markup: str, tags: set[str], attributes: dict[str, set[str]]) -> SafeHTML:
    return SafeHTML(
        nh3.clean(
            markup,
            tags=tags,
            attributes=attributes,
            url_schemes=_URL_SCHEMES,
            link_rel="noopener noreferrer",
        )
    )


def _plain_text(inline: Token) -> str:
    return "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline"))


def _render_image(self: Any, tokens: list[Token], idx: int, options: Any, env: dict) -> str:
    """`figure:<name>` images become <figure> (or a visible notice); others render as usual."""
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    if not src.startswith(FIGURE_SCHEME):
        return _plain_image(token)
    name = src.removeprefix(FIGURE_SCHEME)
    resolver: FigureResolver | None = env.get("figure_resolver")
    figure = resolver(name) if resolver else None
    standalone = bool(token.meta.get("standalone"))
    if figure is None:
        notice = html.escape(
            env.get("missing_figure_notice", MISSING_FIGURE_NOTICE).format(name=name)
        )
        if standalone:
            return f'<p class="figure-missing" role="note">{notice}</p>\n'
        return f'<span class="figure-missing">{notice}</span>'
    img = f'<img src="{html.escape(figure.src)}" alt="{html.escape(figure.alt)}">'
    if not standalone:
        return img
    caption = f"<figcaption>{html.escape(figure.caption)}</figcaption>" if figure.caption else ""
    return f"<figure>{img}{caption}</figure>\n"


def _plain_image(token: Token) -> str:
    alt = html.escape("".join(c.content for c in token.children or []))
    return f'<img src="{html.escape(str(token.attrGet("src") or ""))}" alt="{alt}">'


def _table_open(self: Any, tokens: list[Token], idx: int, options: Any, env: dict) -> str:
    return '<div class="table-wrap">\n<table>\n'


def _table_close(self: Any, tokens: list[Token], idx: int, options: Any, env: dict) -> str:
    return "</table>\n</div>\n"


def _build_block_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.add_render_rule("image", _render_image)
    md.add_render_rule("table_open", _table_open)
    md.add_render_rule("table_close", _table_close)
    return md


def _build_inline_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable("image")
    return md


_block = _build_block_parser()
_inline = _build_inline_parser()


def _prepare(tokens: list[Token]) -> list[TocEntry]:
    """Give h2/h3 unique ids, mark stand-alone figures, turn table alignment into classes."""
    toc: list[TocEntry] = []
    used: dict[str, int] = {}
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in ("h2", "h3"):
            text = _plain_text(tokens[i + 1])
            base = slugify(text)
            used[base] = used.get(base, 0) + 1
            slug = base if used[base] == 1 else f"{base}-{used[base]}"
            token.attrSet("id", slug)
            toc.append(TocEntry(int(token.tag[1]), slug, text))
        elif token.type == "paragraph_open" and i + 2 < len(tokens):
            children = [c for c in tokens[i + 1].children or [] if c.type != "text" or c.content]
            if len(children) == 1 and children[0].type == "image":
                src = str(children[0].attrGet("src") or "")
                if src.startswith(FIGURE_SCHEME):
                    children[0].meta["standalone"] = True
                    token.hidden = tokens[i + 2].hidden = True
        elif token.type in ("th_open", "td_open"):
            style = str(token.attrGet("style") or "")
            if style:
                del token.attrs["style"]
                token.attrSet("class", "align-" + style.split(":")[-1].strip())
            if token.type == "th_open":
                token.attrSet("scope", "col")
    return toc


def render_markdown(
    text: str,
    *,
    figure_resolver: FigureResolver | None = None,
    missing_figure_notice: str = MISSING_FIGURE_NOTICE,
) -> RenderedMarkdown:
    """Render trusted-format, untrusted-content Markdown (lessons, explanations) to safe HTML."""
    if figure_resolver is None:  # a pure function of the text: memoised (question stems, reviews)
        return _render_without_figures(text, missing_figure_notice)
    return _render(text, figure_resolver, missing_figure_notice)


# Rendering is a pure function of the text, and a quiz page renders the same stems and options
# for every trainee on every visit: remember the most recent few thousand.
RENDER_CACHE_SIZE = 4096


@lru_cache(maxsize=RENDER_CACHE_SIZE)
def _render_without_figures(text: str, missing_figure_notice: str) -> RenderedMarkdown:
    return _render(text, None, missing_figure_notice)


def _render(
    text: str, figure_resolver: FigureResolver | None, missing_figure_notice: str
) -> RenderedMarkdown:
    env: dict[str, Any] = {
        "figure_resolver": figure_resolver,
        "missing_figure_notice": missing_figure_notice,
    }
    tokens = _block.parse(text, env)
    toc = _prepare(tokens)
    markup = _block.renderer.render(tokens, _block.options, env)
    return RenderedMarkdown(_clean(markup, _BLOCK_TAGS, _BLOCK_ATTRIBUTES), toc)


@lru_cache(maxsize=RENDER_CACHE_SIZE)
def render_inline_markdown(text: str) -> SafeHTML:
    """Render a short string (question stem, option) with emphasis, code and links only."""
    return _clean(_inline.renderInline(text), _INLINE_TAGS, _INLINE_ATTRIBUTES)
