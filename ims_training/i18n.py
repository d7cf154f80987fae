"""Language choice: the account's setting, then the visitor's cookie, then Accept-Language."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from babel.support import Translations
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import force_locale, get_locale, get_translations
from flask_login import current_user
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from .extensions import babel

LANG_COOKIE = "lang"


def select_locale() -> str:
    if not has_request_context():  # CLI commands and services outside a request speak English
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    locale = current_user.locale if current_user and current_user.is_authenticated else None
    return pick_language(
        locale,
        session.get("lang"),
        request.cookies.get(LANG_COOKIE),
        request.headers.get("Accept-Language"),
        tuple(current_app.config["LANGUAGES"]),
        current_app.config["BABEL_DEFAULT_LOCALE"],
    )


def pick_language(
    account_locale: str | None,
    session_lang: object,
    cookie_lang: str | None,
    accept_language: str | None,
    languages: tuple[str, ...],
    default: str,
) -> str:
    """The account's language, then the session's or the visitor's cookie, then Accept-Language.

    On plain values, not Flask's globals: Flask-Babel's selector above and the page-cache WSGI
    layer (page_cache/layer.py) choose a page's language with this one rule."""
    if account_locale in languages:
        return account_locale
    chosen = session_lang or cookie_lang
    if chosen in languages:
        return chosen
    return _browser_language(accept_language, languages) or default


@functools.lru_cache(maxsize=256)
def _browser_language(accept_language: str | None, languages: tuple[str, ...]) -> str | None:
    """The best of `languages` for an Accept-Language header (browsers send a few distinct ones)."""
    best = parse_accept_header(accept_language, LanguageAccept).best_match([*languages, "no", "nn"])
    # Norwegian browsers often send "no" or "nn"; serve them Bokmål.
    return "nb" if best in ("no", "nn") else best


def language_code(locale: object, languages: Sequence[str]) -> str:
    """A selected locale as the two-letter language the pages and the page-cache key use."""
    lang = str(locale or "en")[:2]
    return lang if lang in languages else "en"


def current_language() -> str:
    """The language of this request as 'en' or 'nb'."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if "lang" not in g:
        g.lang = language_code(get_locale(), current_app.config["LANGUAGES"])
    return g.lang


def localised(text: dict | None, lang: str | None = None) -> str:
    """Pick a language from a {"en": ..., "nb": ...} mapping, falling back to English."""
    if not text:
        return ""
    lang = lang or current_language()
    return text.get(lang) or text.get("en") or next(iter(text.values()), "")


TRANSLATIONS = "_ims_translations"


def request_translations() -> Translations:
    """This request's catalogue, looked up once (Flask-Babel walks its domain, context, locale and
    cache on every string: ~10 calls for each `_()` in a template). Dropped with `g` at the end of
    the request (a language switch redirects, so the next request resolves the new one)."""
    translations = g.get(TRANSLATIONS)
    if translations is None:
        translations = get_translations()
        setattr(g, TRANSLATIONS, translations)
    return translations


@contextmanager
def in_locale(lang: str) -> Iterator[None]:
    """Render in `lang` for a moment (e.g. both previews on one page), then go back to the
    request's language, its catalogue included: the once-per-request catalogue above would
    otherwise keep whichever language translated first."""
    before_lang, before_catalogue = g.get("lang"), g.pop(TRANSLATIONS, None)
    g.lang = lang
    try:
        with force_locale(lang):
            yield
    finally:
        g.pop(TRANSLATIONS, None)
        if before_catalogue is not None:
            setattr(g, TRANSLATIONS, before_catalogue)
        if before_lang is None:
            g.pop("lang", None)
        else:
            g.lang = before_lang


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    # Templates translate through the request's catalogue, resolved once per request.
    # Jinja's i18n extension (enabled by Flask-Babel) adds this method at run time; Environment's types lack it.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals["current_language"] = current_language
    app.jinja_env.filters["localised"] = localised
