"""The seven languages a visitor can choose, each named in its own language.

The locale decides numbers and times (Babel, from CLDR): Syrian Arabic and Iranian Persian write
Arabic-Indic digits, the others European ones; every clock is 24-hour, as the battle clock has
always been. Arabic and Persian are written right to left.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # the option's value and the catalogue's folder: "ar"
    name: str  # in its own language, as its button shows it: "العربية"
    locale: str  # CLDR locale for numbers and times: "ar_SY"
    rtl: bool = False


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "English", "en_GB"),
        Language("ar", "العربية", "ar_SY", rtl=True),
        Language("fa", "فارسی", "fa_IR", rtl=True),
        Language("el", "Ελληνικά", "el_GR"),
        Language("tr", "Türkçe", "tr_TR"),
        Language("de", "Deutsch", "de_DE"),
        Language("fr", "Français", "fr_FR"),
    )
}
DEFAULT_LANGUAGE = "en"
SOURCE_LANGUAGE = "en"
"""The language the code and the scenario are written in; the others translate it."""


def language(code: str) -> Language:
    """The language of `code`; ValueError naming the known codes otherwise."""
    try:
        return LANGUAGES[code]
    except KeyError:
        raise ValueError(f"unknown language {code!r}; known: {', '.join(LANGUAGES)}") from None
