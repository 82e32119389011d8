"""The languages a window offers, each loaded and checked once at start-up.

For each language: its interface words (`game.lang.words`), the scenario with its texts in that
language and the maps' place names (`game.scenario.translations`), and the prologue and epilogue
worded in it (`game.scenario.campaign_texts`). A damaged or incomplete file
stops start-up in one line, before the battle is simulated, like every data file.
"""

from __future__ import annotations

from collections.abc import Callable

from game.lang.languages import DEFAULT_LANGUAGE, LANGUAGES, SOURCE_LANGUAGE, Language
from game.lang.words import Words, load_words
from game.scenario.campaign import Campaign, load_campaign_for
from game.scenario.campaign_texts import translated_campaign
from game.scenario.geography import Region, bundled_region
from game.scenario.specs import Scenario
from game.scenario.translations import load_texts, texts_path, translated


class Languages:
    """The offered languages of one scenario: words, translated scenario, place names."""

    def __init__(
        self,
        scenario: Scenario,
        offered: tuple[str, ...] | None = None,
        default: str = DEFAULT_LANGUAGE,
        region: Region | None = None,
    ):
        """`offered` None: English and every language the scenario has a file for (all seven
        for the bundled battle; a test scenario without a `lang/` folder has English only)."""
        if offered is None:
            offered = available(scenario)
        if default not in offered:
            offered = (default, *offered)
        self.default = default
        self.offered: tuple[Language, ...] = tuple(LANGUAGES[c] for c in offered)
        region = region or bundled_region()
        self._words: dict[str, Words] = {}
        self._shown: dict[str, tuple[Scenario, Callable[[str], str]]] = {}
        self._campaigns: dict[str, Campaign | None] = {}
        english = load_campaign_for(scenario, region)
        for code in offered:
            self._words[code] = load_words(code)
            if code == SOURCE_LANGUAGE:
                self._shown[code] = (scenario, str)
                self._campaigns[code] = english
            else:
                path = texts_path(scenario, code)
                texts = load_texts(path, code, scenario, region, english)
                self._shown[code] = (translated(scenario, texts), texts.place)
                told = texts.campaign
                self._campaigns[code] = translated_campaign(english, told) if told else english

    def words(self, code: str) -> Words:
        return self._words[code]

    def shown(self, code: str) -> tuple[Scenario, Callable[[str], str]]:
        """The scenario worded in `code`, and its place names."""
        return self._shown[code]

    def campaign(self, code: str) -> Campaign | None:
        """The prologue and epilogue worded in `code` (None: the scenario has none)."""
        return self._campaigns[code]

    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.offered)


def available(scenario: Scenario) -> tuple[str, ...]:
    """The languages `scenario` can be shown in, in the order of `LANGUAGES`."""
    return tuple(c for c in LANGUAGES if c == SOURCE_LANGUAGE or texts_path(scenario, c).is_file())


def show_language(languages: Languages, code: str, scene, bar=None, stage=None) -> Words:
    """Word a scene (its timeline bar, and the prologue's and epilogue's `stage`) in language
    `code`; returns its words."""
    words = languages.words(code)
    shown, places = languages.shown(code)
    scene.fonts.set_language(words)
    scene.show(shown, places)
    if bar is not None:
        bar.show(shown, code)
    campaign = languages.campaign(code)
    if stage is not None and campaign is not None:
        stage.show(campaign, places)
    return words
