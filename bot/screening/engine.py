"""The screening engine: normalise once, run every detector, map back, merge."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from bot.domain import Finding
from bot.screening.hits import KINDS, Hit, join_addresses, join_names, merge, public_kind, settle

if TYPE_CHECKING:
    from bot.screening.names import NameDetector


class ScreeningEngine:
    """Finds identifying data in a mentee's text (satisfies `bot.ports.Screener`).

    Pure apart from loading the screening lexicon once per process (module cache), so one
    engine per coach configuration and locale is cheap and safe to share. `locale` is the
    language the text is judged in ("fr" or "en": which words are ordinary, which names
    and phone numbers are usual); with `follow_language`, a message clearly written in the
    other one is judged in that one (bot.screening.language).
    """

    KINDS: tuple[str, ...] = KINDS

    def __init__(
        self,
        client_names: Sequence[str] = (),
        allow_words: Sequence[str] = (),
        locale: str = "fr",
        *,
        follow_language: bool = True,
    ) -> None:
        self.locale = locale
        self.follow_language = follow_language
        self._client_names = tuple(client_names)
        self._allow_words = tuple(allow_words)
        self._detectors: dict[str, NameDetector] = {}

    @property
    def _names(self) -> NameDetector:
        return self._names_in(self.locale)

    def _names_in(self, locale: str) -> NameDetector:
        """Built on first use: the detectors' modules (regexes, phone metadata) are imported
        then, so building an engine at start-up costs nothing."""
        detector = self._detectors.get(locale)
        if detector is None:
            from bot.screening.names import NameDetector

            detector = self._detectors[locale] = NameDetector(self._client_names, self._allow_words, locale)
        return detector

    def for_locale(self, locale: str) -> ScreeningEngine:
        """The same coach's engine, configured for another language (its detectors share the
        process-wide table): `cadre check --jsonl` lines that say their language."""
        if locale == self.locale:
            return self
        return ScreeningEngine(
            self._client_names, self._allow_words, locale, follow_language=self.follow_language
        )

    def language_of(self, text: str) -> str:
        """The language `text` is judged in."""
        if not self.follow_language:
            return self.locale
        from bot.screening.language import language_of

        return language_of(text, self.locale)

    def load(self) -> None:
        """Load what screening needs now (the first screen would otherwise)."""
        from bot.screening.knowledge import knowledge

        knowledge()
        _ = self._names

    def warm_up(self) -> None:
        """Load the table (and the phone metadata) in a background thread, so a console shows
        its first message before screening is ready (a first screen waits for it)."""
        from bot.screening.knowledge import is_loaded

        if not is_loaded():
            threading.Thread(target=_load_all, name="cadre-screening-load", daemon=True).start()

    def screen(self, text: str) -> list[Finding]:
        """Sorted, non-overlapping findings with offsets into `text` as given."""
        if not text or not text.strip():
            return []
        from bot.screening.addresses import find_addresses
        from bot.screening.identifiers import find_identifiers
        from bot.screening.normalise import normalise

        norm = normalise(text)
        locale = self.language_of(norm.text)
        names = self._names_in(locale)
        found: list[Hit] = []
        found.extend(find_identifiers(norm.text, locale))
        found.extend(find_addresses(norm.text, locale, names.is_town))
        found.extend(_spoken_addresses(norm.text, locale, names.is_town))
        found.extend(names.detect(norm.text))
        mapped = [
            Hit(*norm.to_original(h.start, h.end), h.kind)
            for h in settle(join_addresses(join_names(merge(found), norm.text), norm.text))
        ]
        return [Finding(h.start, h.end, *_public(h, text)) for h in merge(mapped)]


def _spoken_addresses(text: str, locale: str, is_town: Callable[[str], bool]) -> list[Hit]:
    """Addresses whose numbers are read aloud ("quarante-deux rue de la République soixante-neuf
    zéro zéro deux Lyon"), found in a view with the numbers in digits and mapped back."""
    from bot.screening.addresses import find_addresses
    from bot.screening.identifiers import spoken_number_view

    spoken = spoken_number_view(text)
    if spoken is None:
        return []
    view, spans = spoken
    hits: list[Hit] = []
    for hit in find_addresses(view, locale, is_town):
        start, end = spans[hit.start][0], spans[hit.end - 1][1]
        if text[start:end] != view[hit.start : hit.end]:
            hits.append(Hit(start, end, hit.kind))
    return hits


def _load_all() -> None:
    """Everything a first screen needs: the table, the detectors' modules, the phone metadata."""
    import phonenumbers

    import bot.screening.addresses
    import bot.screening.identifiers
    import bot.screening.names
    import bot.screening.normalise  # noqa: F401
    from bot.screening.knowledge import knowledge

    knowledge()
    phonenumbers.parse("+33612345678")


def _public(hit: Hit, text: str) -> tuple[str, str, bool]:
    kind, certain = public_kind(hit.kind)
    return kind, text[hit.start : hit.end], certain
