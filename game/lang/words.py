"""The interface's words in one language: its gettext catalogue, and numbers and times as its
locale writes them (Babel, from CLDR).

Catalogues are the `.po` files under `game/lang/locale/` (extracted from the code with
`pybabel extract`, see the README); they are read, checked and compiled in memory when a
language is first asked for, so there is no compiled `.mo` file to go stale. A message marked in
the code with `N_` is looked up by its English text; a message a catalogue lacks is shown in
English (and the completeness test fails).
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal, format_percent

from game.lang.languages import DEFAULT_LANGUAGE, SOURCE_LANGUAGE, Language, language
from game.scenario.errors import DataError
from game.scenario.reading import read_limited

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "callinicum531"
CATALOGUE_BYTES = 2_000_000
NATIVE_DIGITS = {"arab": "٠١٢٣٤٥٦٧٨٩", "arabext": "۰۱۲۳۴۵۶۷۸۹"}


def N_(message: str) -> str:
    """Marks `message` for the catalogue; it is translated where it is shown."""
    return message


def catalogue_path(code: str, folder: Path = LOCALE_DIR) -> Path:
    return folder / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass(frozen=True)
class Words:
    """One language's interface words and number formats (immutable: switching language
    swaps the whole object)."""

    language: Language
    translations: gettext.NullTranslations = field(default_factory=gettext.NullTranslations)

    @property
    def code(self) -> str:
        return self.language.code

    @property
    def rtl(self) -> bool:
        return self.language.rtl

    def t(self, message: str) -> str:
        """`message` (its English text) in this language ("" stays "": gettext would give the
        catalogue's header)."""
        return self.translations.gettext(message) if message else message

    def digits(self, text: str) -> str:
        """`text` with its European digits written as the locale writes digits."""
        table = _digit_table(self.language.locale)
        return text.translate(table) if table else text

    def number(self, value: float, decimals: int = 0) -> str:
        """A count or measure: "7,295" (en), "7.295" (de), "٧٬٢٩٥" (ar)."""
        return _number(value, type(value), decimals, self.language.locale)

    def percent(self, fraction: float) -> str:
        text = format_percent(fraction, locale=self.language.locale, numbering_system="default")
        return self.digits(text)

    def clock(self, hhmm: str) -> str:
        """A time of day given as "HH:MM", on the 24-hour clock in the locale's digits."""
        hours, minutes = (int(p) for p in hhmm.split(":"))
        return self.digits(f"{dt.time(hours % 24, minutes):%H:%M}")


@lru_cache(maxsize=4096)
def _number(value: float, _type: type, decimals: int, locale: str) -> str:
    """`Words.number`, kept: the frame's banners format the same strengths every frame, and
    Babel takes ~0.1 ms a number (the type is in the key so that 7 and 7.0 never share)."""
    fmt = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(value, format=fmt, locale=locale, numbering_system="default")
    table = _digit_table(locale)
    return text.translate(table) if table else text


@cache
def _digit_table(locale: str) -> dict[int, str] | None:
    native = NATIVE_DIGITS.get(Locale.parse(locale).default_numbering_system)
    return str.maketrans("0123456789", native) if native else None


def load_words(code: str = DEFAULT_LANGUAGE, folder: Path = LOCALE_DIR) -> Words:
    """The words of language `code`; its catalogue, checked. A damaged catalogue is one
    `DataError` line naming the file and the line."""
    lang = language(code)
    if code == SOURCE_LANGUAGE:
        return Words(lang)
    return Words(lang, _translations(catalogue_path(code, folder)))


def read_catalogue(path: Path):
    """The Babel catalogue of one `.po` file, refused in one line if it does not parse."""
    data = read_limited(path, CATALOGUE_BYTES)
    try:
        return read_po(io.BytesIO(data), abort_invalid=True, charset="utf-8")
    except PoFileError as err:
        line = getattr(err, "lineno", 0)
        raise DataError(path, line, 0, "(catalogue)", str(err).split(" on ")[0]) from None
    except (UnicodeDecodeError, ValueError) as err:
        raise DataError(path, 0, 0, "(catalogue)", f"cannot read it ({err})") from None


def _translations(path: Path) -> gettext.GNUTranslations:
    catalog = read_catalogue(path)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


ENGLISH = Words(language(SOURCE_LANGUAGE))
"""The source language: every message as the code writes it (immutable, shared safely)."""
