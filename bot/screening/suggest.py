"""The placeholder version of a flagged text, offered instead of a rewrite."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from bot.domain import Finding
from bot.screening.hits import Hit, merge

FALLBACK_PLACEHOLDER = "[…]"

_NEXT_SENTENCE_RE = re.compile(r"\s*(?:$|[A-ZÀ-Ý\"«“(])")


def suggest(text: str, findings: Sequence[Finding], placeholders: Mapping[str, str]) -> str:
    """`text` with each finding replaced by its kind's placeholder.

    Overlapping findings are merged first (the more specific kind names the result), so a
    placeholder never lands inside another one and no fragment of a name survives.
    """
    spans = merge(Hit(max(0, f.start), min(len(text), f.end), f.kind) for f in findings)
    pieces: list[str] = []
    cursor = 0
    for found in spans:
        span = _with_invisibles(found, text, cursor)
        pieces.append(text[cursor : span.start])
        placeholder = placeholders.get(span.kind, FALLBACK_PLACEHOLDER)
        if _ends_the_sentence(text, found):
            placeholder += "."
        pieces.append(placeholder)
        cursor = span.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _with_invisibles(span: Hit, text: str, floor: int) -> Hit:
    """The span with the invisible format characters glued to it (a right-to-left override
    before an address and the mark closing it, direction marks, zero-width spaces): kept
    around the placeholder, an override would reorder what follows it on the reader's
    screen, and a mark would hide in the text the writer is asked to accept."""
    start, end = span.start, span.end
    while start > floor and unicodedata.category(text[start - 1]) == "Cf":
        start -= 1
    while end < len(text) and unicodedata.category(text[end]) == "Cf":
        end += 1
    return span if (start, end) == (span.start, span.end) else Hit(start, end, span.kind)


def _ends_the_sentence(text: str, span: Hit) -> bool:
    """A finding whose last dot is also the sentence's ("…at Acme Corp.", "… J.-P. Then"):
    the placeholder takes the name's place, not the full stop's."""
    if not text[span.start : span.end].endswith("."):
        return False
    return _NEXT_SENTENCE_RE.match(text, span.end) is not None
