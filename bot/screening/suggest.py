"""The placeholder version of a flagged text, offered instead of a rewrite."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.domain import Finding
from bot.screening.hits import Hit, merge

FALLBACK_PLACEHOLDER = "[…]"


def suggest(text: str, findings: Sequence[Finding], placeholders: Mapping[str, str]) -> str:
    """`text` with each finding replaced by its kind's placeholder.

    Overlapping findings are merged first (the more specific kind names the result), so a
    placeholder never lands inside another one and no fragment of a name survives.
    """
    spans = merge(Hit(max(0, f.start), min(len(text), f.end), f.kind) for f in findings)
    pieces: list[str] = []
    cursor = 0
    for span in spans:
        pieces.append(text[cursor : span.start])
        pieces.append(placeholders.get(span.kind, FALLBACK_PLACEHOLDER))
        cursor = span.end
    pieces.append(text[cursor:])
    return "".join(pieces)
