"""Language choice: the account's setting, then the visitor's cookie, then Accept-Language."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from babel.support import Translations
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import force_locale, get_locale, get_translations
from flask_login import current_user

from .extensions import babel

LANG_COOKIE = "lang"


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands and services outside a request speak English
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("lang") or request.cookies.get(LANG_COOKIE)
    if chosen is not None and chosen in languages:
        return chosen
    # Norwegian browsers often send "no" or "nn"; serve them Bokmål.
    best = request.accept_languages.best_match(list(languages) + ["no", "nn"])
    if best in ("no", "nn"):
        return "nb"
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    """The language of this request as 'en' or 'nb'."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if "lang" not in g:
        g.lang = str(get_locale() or "en")[:2]
        if g.lang not in current_app.config["LANGUAGES"]:
            g.lang = "en"
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
