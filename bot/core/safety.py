"""Distress, danger and urgency outside the frame: detect a few words, answer at once.

Cadre is an asynchronous tool whose mentor reads later on purpose; a person in danger must
not wait for the reading window. The engine asks `SafetyLexicon.detect` about every text a
mentee sends and, on a hit, answers with `respond` (where to find help now), drops the
draft, keeps none of the words and flags a content-free item for the mentor's next digest.

Detection is a lexicon, not a model: predictable, explainable to a coach, testable, and
tunable in YAML (`bot/config/defaults/safety.yaml`, extended by `safety.extra_phrases` in
`config/cadre.yaml`). A missed signal costs more than a false alarm, but a false alarm
costs the mentee their draft, so phrases are written to fit the way people say they are
not well ("je n'en peux plus.") rather than single alarming words ("tuer", "urgent") that
ordinary coaching prose is full of. Phrase syntax is documented in the shipped file.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from typing import Literal, Protocol

from bot.config.i18n import Catalogue
from bot.config.settings import Settings
from bot.config.yamlsource import safe_yaml
from bot.core.items import submit
from bot.core.turn import Turn
from bot.domain import SAFETY_FLOW, Choice, Conversation, ItemKind
from bot.domain.pending import AfterSafety
from bot.domain.text import strip_accents
from bot.errors import ConfigError, ConfigProblem
from bot.ports import Clock, ItemStore

log = logging.getLogger(__name__)

CATEGORIES: tuple[str, ...] = ("suicide", "violence", "medical", "harassment", "distress")
"""Fixed, in order of precedence: when several match, the most serious help is named."""

END = "§"
GAP = "*"
GAP_WORDS = 3
"""A lone * in a phrase spans at most this many words: enough for "subi du harcèlement"."""

_CLAUSE = re.compile(r"[.,;:!?…\n\r()\[\]\"«»“”|/]+")
_NOT_WORD = re.compile(r"[^a-z0-9§*]+")
_DOUBLED = re.compile(r"([a-z])\1+")
_SPECIAL_LETTERS = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d"})

FUSED: Mapping[str, str] = {
    # French elisions typed without the apostrophe, and their spoken forms.
    "jai": "j ai",
    "jen": "j en",
    "nen": "n en",
    "jsuis": "j suis",
    "chui": "j suis",
    "chuis": "j suis",
    "jpeux": "j peux",
    "jveux": "j veux",
    "cest": "c est",
    "jarrive": "j arrive",
    "narrive": "n arrive",
    "jpense": "j pense",
    # English contractions typed without the apostrophe.
    "cant": "can t",
    "cannot": "can t",
    "dont": "don t",
    "im": "i m",
    "ive": "i ve",
    "wont": "won t",
}


def normalise(text: str) -> list[str]:
    """Words of `text` in a form where case, accents, apostrophes and doubled letters vanish.

    Clause punctuation becomes the END token so that a phrase never spans two clauses and
    can require a clause to stop ("en peux plus §"). The same function reads the lexicon,
    so a phrase is written the way people type it.
    """
    plain = strip_accents(text.casefold().translate(_SPECIAL_LETTERS))
    plain = _CLAUSE.sub(f" {END} ", plain)
    words: list[str] = []
    for raw in _NOT_WORD.sub(" ", plain).split():
        for word in FUSED.get(raw, raw).split():
            words.append(word if word in (END, GAP) else _DOUBLED.sub(r"\1", word))
    return words


@dataclass(frozen=True)
class _Token:
    kind: Literal["word", "prefix", "gap", "end"]
    text: str = ""

    def takes(self, word: str) -> bool:
        if word == END:
            return False
        if self.kind == "word":
            return word == self.text
        return word.startswith(self.text)


@dataclass(frozen=True)
class Phrase:
    """One compiled lexicon phrase; `source` is the coach's wording, for error messages."""

    category: str
    source: str
    tokens: tuple[_Token, ...]

    def matches(self, words: Sequence[str]) -> bool:
        return any(self._match_at(words, start, 0) for start in range(len(words)))

    def _match_at(self, words: Sequence[str], position: int, index: int) -> bool:
        if index == len(self.tokens):
            return True
        token = self.tokens[index]
        if token.kind == "gap":
            for skipped in range(GAP_WORDS + 1):
                if skipped and (position + skipped - 1 >= len(words) or words[position + skipped - 1] == END):
                    return False
                if self._match_at(words, position + skipped, index + 1):
                    return True
            return False
        if position >= len(words):
            return False
        if token.kind == "end":
            return words[position] == END and self._match_at(words, position + 1, index + 1)
        return token.takes(words[position]) and self._match_at(words, position + 1, index + 1)


def compile_phrase(category: str, source: str) -> Phrase:
    """Raises ValueError (with the fix) for a phrase that would match nearly anything."""
    tokens: list[_Token] = []
    for word in normalise(source):
        if word == END:
            tokens.append(_Token("end"))
        elif word == GAP:
            tokens.append(_Token("gap"))
        elif word.endswith(GAP):
            stem = word.rstrip(GAP)
            if len(stem) < 3:
                raise ValueError(
                    'a word ending in * needs at least 3 letters before the *; write e.g. "harcel*"'
                )
            tokens.append(_Token("prefix", stem))
        else:
            tokens.append(_Token("word", word.replace(GAP, "")))
    while tokens and tokens[0].kind in ("gap", "end"):
        tokens.pop(0)
    if not any(t.kind in ("word", "prefix") for t in tokens):
        raise ValueError('has no word to look for; write a few words, e.g. "je n\'en peux plus"')
    return Phrase(category, source, tuple(tokens))


class SafetyCheck(Protocol):
    """Detects distress, danger or urgency in a text; says where to find help."""

    def detect(self, text: str) -> str | None: ...

    def respond(self, category: str, locale: str) -> str: ...


class SafetyLexicon:
    """A SafetyCheck: phrases per category, answers from the message catalogue."""

    def __init__(
        self, phrases: Mapping[str, Iterable[str]], catalogue: Catalogue, *, source: str = "safety lexicon"
    ) -> None:
        problems: list[ConfigProblem] = []
        compiled: list[Phrase] = []
        for category, sources in phrases.items():
            if category not in CATEGORIES:
                problems.append(
                    ConfigProblem(
                        source,
                        None,
                        category,
                        "is not a safety category",
                        f"write one of {', '.join(CATEGORIES)}",
                    )
                )
                continue
            for text in sources:
                try:
                    compiled.append(compile_phrase(category, str(text)))
                except ValueError as error:
                    what, _, fix = str(error).partition("; ")
                    problems.append(ConfigProblem(source, None, f"{category}: {text!r}", what, fix))
        if problems:
            raise ConfigError(problems)
        rank = {category: index for index, category in enumerate(CATEGORIES)}
        self.phrases: tuple[Phrase, ...] = tuple(sorted(compiled, key=lambda p: rank[p.category]))
        self._catalogue = catalogue

    def detect(self, text: str) -> str | None:
        """The most serious category whose phrase appears in `text`, or None."""
        words = [END, *normalise(text), END]
        for phrase in self.phrases:
            if phrase.matches(words):
                return phrase.category
        return None

    def respond(self, category: str, locale: str) -> str:
        key = f"safety.{category}"
        if not self._catalogue.has(key, locale):
            key = "safety.default"
        return self._catalogue.text(key, locale)


def shipped_phrases() -> dict[str, list[str]]:
    """The lexicon shipped in `bot/config/defaults/safety.yaml`, category → phrases."""
    text = resources.files("bot.config").joinpath("defaults", "safety.yaml").read_text(encoding="utf-8")
    tree = safe_yaml(text) or {}
    return {str(category): [str(p) for p in (phrases or [])] for category, phrases in tree.items()}


def build_safety(settings: Settings, catalogue: Catalogue) -> SafetyLexicon:
    """Shipped phrases plus the coach's `safety.extra_phrases`, compiled once at start-up."""
    phrases = shipped_phrases()
    for category, extra in settings.safety.extra_phrases.items():
        phrases.setdefault(category, []).extend(extra)
    return SafetyLexicon(phrases, catalogue, source="config/cadre.yaml safety.extra_phrases")


class SafetyRedirect:
    """Distress, danger or urgency in a text: answer at once with where to find help, stop
    the flow, keep none of the words.

    The mentor's next digest shows, first, an alert: an item of its own kind that holds no
    content, not even which help was named (the mentee is told the mentor will only know
    that the message was sent, and the category may be health data). The mentee's next
    text gets a sober follow-up rather than the flow's opening.
    """

    def __init__(self, *, lexicon: SafetyCheck, store: ItemStore, clock: Clock) -> None:
        self.lexicon = lexicon
        self.store = store
        self.clock = clock

    def detect(self, text: str) -> str | None:
        return self.lexicon.detect(text)

    async def redirect(self, turn: Turn, category: str) -> Conversation:
        turn.replies.say(self.lexicon.respond(category, turn.replies.locale))
        alert, cleared = await submit(
            self.store,
            turn,
            flow=SAFETY_FLOW,
            answers=(),
            now_at=self.clock.now(),
            is_flagged=True,
            kind=ItemKind.ALERT,
            pending=AfterSafety(),
        )
        log.warning("safety message sent ref=%s", alert.ref)
        return cleared

    def follow_up(self, turn: Turn, question_choice: Choice) -> Conversation:
        """The first text after the safety message: sober, the help still named, and a
        question for the mentor offered rather than started."""
        turn.replies.say(turn.replies.t("safety.follow_up"), (question_choice,))
        return replace(turn.conversation, pending=None)
