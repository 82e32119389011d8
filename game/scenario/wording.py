"""How the battle's events are put into words: sentence templates and the names they use.

The templates live in the scenario file (its `story:` block), keyed by event, so that a
translator can replace them one by one and nobody edits code to reword a caption. Each event
that has a formation for its subject has two forms, `one` for a formation named in the
singular ("The Persian centre charges Ascan's cavalry.") and `many` for one named in the
plural ("The Ghassanid Arabs break and run."). The names carry their own article, or none
("the Persian centre", "Ascan's cavalry"), so a template never writes "the" before a name.

Placeholders: {actor} and {target} (a formation's name as the sentence uses it), {commander}
(a person); capitalised ({Actor}, {Target}, {Commander}) at the start of a sentence.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field

from game.scenario.yamlsafe import Node

PLACEHOLDERS = ("actor", "target", "commander")
NUMBERS = ("one", "many")
SENTENCES = (
    "rout",
    "rally",
    "charge",
    "assault",
    "dismount",
    "stand_formed",
    "crossing",
    "commander_falls",
    "commander_leaves",
)
"""The events worded from templates (`phase` and `nightfall` events read as the phase's name)."""


@dataclass(frozen=True)
class Named:
    """A formation as sentences and the map name it."""

    called: str  # the noun phrase with its article, or none: "the Persian centre"
    many: bool  # named in the plural: "the Ghassanid Arabs break"
    target: str = ""  # as the object of a charge, where a language declines it (de, el, tr)
    allied: bool = False  # an allied contingent (Ghassanids, Lakhmids): striped on the map
    household: bool = False  # a general's household: his flag flies over it while he is there


@dataclass(frozen=True)
class Wording:
    sentences: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (one, many)
    named: tuple[Named, ...] = ()  # per formation row

    def sentence(self, key: str, actor: int, target: int = -1, commander: str = "") -> str:
        """The event `key` said of formation `actor` (and `target`, `commander`)."""
        who = self.named[actor]
        one, many = self.sentences[key]
        words = {"actor": who.called, "commander": commander}
        if target >= 0:
            words["target"] = self.named[target].target or self.named[target].called
        return fill(many if who.many else one, words)


def fill(template: str, words: dict[str, str]) -> str:
    """`template` with its placeholders replaced; {Name} capitalises the first letter."""
    out = []
    for literal, name, _, _ in string.Formatter().parse(template):
        out.append(literal)
        if name is None:
            continue
        text = words[name.lower()]
        out.append(text[:1].upper() + text[1:] if name[:1].isupper() else text)
    return "".join(out)


def _placeholders(node: Node, template: str) -> set[str]:
    try:
        names = {n for _, n, _, _ in string.Formatter().parse(template) if n is not None}
    except ValueError as e:
        raise node.error(f"bad template ({e})") from None
    for n in names:
        if n.lower() not in PLACEHOLDERS or not (n.islower() or n == n.capitalize()):
            known = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
            raise node.error(f"unknown placeholder {{{n}}}; known: {known}")
    return {n.lower() for n in names}


def _template(key: str, node: Node) -> tuple[str, str]:
    if isinstance(node.value, str):
        text = node.text()
        if "actor" in _placeholders(node, text):
            raise node.error("a sentence about a formation needs 'one' and 'many' forms")
        return (text, text)
    node.mapping(required=NUMBERS)
    one, many = node["one"].text(), node["many"].text()
    for n, t in ((node["one"], one), (node["many"], many)):
        _placeholders(n, t)
    return (one, many)


def load_wording(node: Node | None, formations: tuple) -> Wording:
    """The `story:` block of a scenario: `formations` (how each is named) and `sentences`.

    Without the block (small test scenarios), formations are named as in their `name` and
    events are worded as their bare name and kind."""
    if node is None:
        return Wording(
            {k: (f"{{Actor}}: {k}.", f"{{Actor}}: {k}.") for k in SENTENCES},
            tuple(Named(f.name, True) for f in formations),
        )
    node.mapping(required=("formations", "sentences"))
    ids = tuple(f.id for f in formations)
    fnode = node["formations"].mapping(required=ids)
    named = []
    for fid in ids:
        n = fnode[fid].mapping(required=("called", "number"), optional=("allied", "household"))
        named.append(
            Named(
                called=n["called"].text(),
                many=n["number"].text(choices=NUMBERS) == "many",
                allied=n["allied"].boolean() if "allied" in n else False,
                household=n["household"].boolean() if "household" in n else False,
            )
        )
    snode = node["sentences"].mapping(required=SENTENCES)
    sentences = {key: _template(key, snode[key]) for key in SENTENCES}
    return Wording(sentences, tuple(named))
