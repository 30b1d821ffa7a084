"""Text folding: the one place that decides when two typed texts count as the same.

People type on phones: with or without accents, capitals, curly or straight apostrophes.
Each rule below exists once; the modules that compare typed words pick the one they need.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

APOSTROPHES = str.maketrans({"’": "'", "`": "'", "ʼ": "'"})


def strip_accents(text: str) -> str:
    """The text without combining marks ("é" → "e"), compatibility forms unfolded."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower case, no accents, one apostrophe: for comparing phrases loosely."""
    return strip_accents(text.translate(APOSTROPHES).casefold())


def fold_words(text: str) -> list[str]:
    """Folded words, apostrophes dropped and other punctuation splitting: "Merci d'avance" →
    ["merci", "davance"]."""
    plain = strip_accents(text.casefold().replace("’", "").replace("'", ""))
    return "".join(c if c.isalnum() else " " for c in plain).split()


def fold_letters(text: str) -> str:
    """Only the folded letters and digits: "D’accord !" → "daccord"."""
    return "".join(fold_words(text))


def fold_keeping_offsets(text: str) -> str:
    """Lower case without accents, character for character: the result has the length of
    `text`, so an offset found in it is an offset into `text` (screening findings)."""
    out: list[str] = []
    for char in text:
        base = unicodedata.normalize("NFD", char)[0]
        lower = base.lower()
        out.append(lower if len(lower) == 1 else base)
    return "".join(out).replace("’", "'")


def strings_in(value: object, skipping: frozenset[str] = frozenset()) -> list[str]:
    """Every string inside a decoded JSON value, in order, except under the keys `skipping`:
    what a platform's event carries that a person may have written, for screening it whole."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in strings_in(item, skipping)]
    if isinstance(value, Mapping):
        kept = (item for name, item in value.items() if name not in skipping)
        return [text for item in kept for text in strings_in(item, skipping)]
    return []
