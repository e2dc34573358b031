"""Translations (gettext catalogues built with Babel) and Swedish-style formatting.

Source strings are English; ``tui/locale/sv`` holds Swedish, ``tui/locale/en`` English.
Call :func:`set_language` to switch; :func:`_` always uses the current language, so texts
must be translated when they are shown, not at import time (mark those with :func:`N_`).
"""

from __future__ import annotations

import gettext
import unicodedata
from datetime import date, datetime
from pathlib import Path

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "lotsen"
LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"

_catalogues: dict[str, gettext.NullTranslations] = {}
_language = DEFAULT_LANGUAGE


def _catalogue(lang: str) -> gettext.NullTranslations:
    if lang not in _catalogues:
        _catalogues[lang] = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang],
                                                fallback=True)
    return _catalogues[lang]


def set_language(lang: str | None) -> str:
    """Switch the UI language; unknown values fall back to Swedish. Returns the language."""
    global _language
    _language = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    return _language


def language() -> str:
    return _language


def _(message: str) -> str:
    return _catalogue(_language).gettext(message)


def translate(message: str, lang: str) -> str:
    """``message`` in ``lang`` regardless of the UI language (e.g. a slip for a visitor)."""
    return _catalogue(lang if lang in LANGUAGES else DEFAULT_LANGUAGE).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalogue(_language).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for extraction; translate it later with :func:`_`."""
    return message


def error_text(error: Exception) -> str:
    """A data-layer error (``db.errors.LotsenError``) in the current language."""
    template = getattr(error, "template", None)
    if template is None:
        return str(error)
    try:
        return _(template).format(**getattr(error, "params", {}))
    except (KeyError, IndexError, ValueError):
        return str(error)


_WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
             N_("Saturday"), N_("Sunday"))


_WEEKDAYS_SHORT = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"),
                   N_("Sun"))


def weekday_name(day: date, lang: str | None = None) -> str:
    message = _WEEKDAYS[day.weekday()]
    return translate(message, lang) if lang else _(message)


def weekday_short(day: date) -> str:
    return _(_WEEKDAYS_SHORT[day.weekday()])


def format_time(moment: datetime) -> str:
    """24-hour clock, as in Sweden: 21:05."""
    return moment.strftime("%H:%M")


def format_date(day: date) -> str:
    """ISO dates, the Swedish standard: 2026-11-23."""
    return day.strftime("%Y-%m-%d")


def format_decimal(value: float, places: int = 1) -> str:
    """A decimal number as the language writes it: 4,2 in Swedish, 4.2 in English."""
    text = f"{value:.{places}f}"
    return text.replace(".", ",") if _language == "sv" else text


def format_datetime(moment: datetime) -> str:
    return f"{format_date(moment)} {format_time(moment)}"


_SWEDISH_TAIL = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"})


def sort_key(text: str) -> str:
    """Collation key: Swedish puts å, ä, ö after z; English treats them as a and o."""
    folded = text.casefold()
    if _language == "sv":
        folded = folded.translate(_SWEDISH_TAIL)
    decomposed = unicodedata.normalize("NFD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
