"""The kiosk file's language keys: the languages offered on the bar (``languages``) and the one a
visitor finds and an idle reset restores (``language``), which must be among them.

Their own reader because the two keys are checked against each other and against the
catalogues that exist (game.lang.languages), not each on its own like the other keys.
"""

from __future__ import annotations

from game.lang.languages import LANGUAGES as ALL_LANGUAGES
from game.scenario.yamlsafe import Node

LANGUAGES = tuple(ALL_LANGUAGES)
"""Languages whose captions and labels exist (game.lang.languages)."""


def read_language(node: Node) -> str:
    """One language code, of those that exist."""
    return node.text(choices=LANGUAGES)


def read_languages(node: Node) -> tuple[str, ...]:
    """A list of language codes, each once: the buttons on the bar, in this order."""
    codes = tuple(read_language(n) for n in node.sequence(min_len=1))
    if len(set(codes)) != len(codes):
        raise node.error("a language is listed twice")
    return codes


def check_default_language(language: str, languages: tuple[str, ...], root: Node) -> None:
    """Refuse a default language that the bar does not offer, at the key that set it."""
    if language not in languages:
        node = root.get("language") or root.get("languages") or root
        raise node.error(
            f"'{language}' is the default language but not one of languages "
            f"({', '.join(languages)})"
        )
