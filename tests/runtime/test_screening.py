"""The screener `cadre run` shares between the inbox and the engine: a text screened a
moment ago is answered from memory, with the same findings, in a bounded memory."""

from __future__ import annotations

from bot.domain import Finding
from bot.runtime.screening import LONGEST_REMEMBERED, RememberingScreener


class Counting:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def screen(self, text: str) -> list[Finding]:
        self.calls.append(text)
        at = text.find("06")
        return [] if at < 0 else [Finding(at, at + 2, "phone", "06", certain=True)]


def test_a_text_screened_again_is_a_lookup_with_the_same_findings() -> None:
    inner = Counting()
    screener = RememberingScreener(inner, limit=2)
    first = screener.screen("appelez le 06")
    first.clear()  # a caller changing its list changes nothing remembered
    assert screener.screen("appelez le 06") == [Finding(11, 13, "phone", "06", certain=True)]
    assert inner.calls == ["appelez le 06"]
    screener.screen("b")
    screener.screen("c")  # past the limit: the oldest is forgotten
    screener.screen("appelez le 06")
    assert inner.calls == ["appelez le 06", "b", "c", "appelez le 06"]


def test_long_texts_are_not_remembered() -> None:
    inner = Counting()
    screener = RememberingScreener(inner)
    long_text = "x" * (LONGEST_REMEMBERED + 1)
    screener.screen(long_text)
    screener.screen(long_text)
    assert len(inner.calls) == 2
