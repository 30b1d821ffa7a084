"""The Screener `cadre run` shares between the inbox and the engine, remembering recent texts.

Every event's words are screened when recorded (bot.delivery.inbox.ScreenedInbox), and the
flows screen the same text again when they handle it: the second call is a lookup. Short
texts come back often too (commands, button titles, "merci"). The memory holds the last
RECENT_TEXTS texts and their findings, in this process only (nothing is written), bounded.
"""

from __future__ import annotations

from bot.domain import Finding
from bot.domain.lru import BoundedDict
from bot.ports import Screener

RECENT_TEXTS = 512
LONGEST_REMEMBERED = 4096
"""Longer texts are screened each time, not kept (memory stays small)."""


class RememberingScreener:
    """A Screener answering a text seen recently from memory, else asking `inner`."""

    def __init__(self, inner: Screener, *, limit: int = RECENT_TEXTS) -> None:
        self.inner = inner
        self._recent: BoundedDict[str, tuple[Finding, ...]] = BoundedDict(limit)

    def screen(self, text: str) -> list[Finding]:
        found = self._recent.get(text)
        if found is None:
            found = tuple(self.inner.screen(text))
            if len(text) <= LONGEST_REMEMBERED:
                self._recent[text] = found
        return list(found)
