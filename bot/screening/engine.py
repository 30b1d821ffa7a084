"""The screening engine: normalise once, run every detector, map back, merge."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain import Finding
from bot.screening.addresses import find_addresses
from bot.screening.hits import KINDS, Hit, merge, settle
from bot.screening.identifiers import find_identifiers
from bot.screening.names import NameDetector
from bot.screening.normalise import normalise


class ScreeningEngine:
    """Finds identifying data in a mentee's text (satisfies `bot.ports.Screener`).

    Pure apart from loading the French model once per process (module cache), so one
    engine per coach configuration is cheap and safe to share between conversations.
    """

    KINDS: tuple[str, ...] = KINDS

    def __init__(
        self,
        client_names: Sequence[str] = (),
        allow_words: Sequence[str] = (),
        use_ner: bool = True,
    ) -> None:
        self._names = NameDetector(client_names, allow_words, use_ner)

    def warm_up(self) -> None:
        """Start loading the language model in the background (first screen waits for it)."""
        from bot.screening.names import warm_up

        warm_up()

    def screen(self, text: str) -> list[Finding]:
        """Sorted, non-overlapping findings with offsets into `text` as given."""
        if not text or not text.strip():
            return []
        norm = normalise(text)
        found: list[Hit] = []
        found.extend(find_identifiers(norm.text))
        found.extend(find_addresses(norm.text))
        found.extend(self._names.detect(norm.text))
        mapped = [Hit(*norm.to_original(h.start, h.end), h.kind) for h in settle(merge(found))]
        return [Finding(h.start, h.end, h.kind, text[h.start : h.end]) for h in merge(mapped)]
