"""A normalised view of a message that still knows where each character came from.

Evasion (zero-width characters, Cyrillic or Greek look-alikes, fullwidth digits, combining
marks) is undone before detection so a detector sees plain text; but a finding must point
into the text the mentee actually wrote, so every normalised character keeps the span of
original characters it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Letters that render like Latin ones. NFKC leaves them alone because they are different
# letters, not compatibility variants; an evader uses them to hide a name or an address.
CONFUSABLES: dict[str, str] = {
    # Cyrillic lower case
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "о": "o",
    "р": "p",
    "с": "c",
    "у": "y",
    "х": "x",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "ѕ": "s",
    "ԁ": "d",
    "һ": "h",
    "ԛ": "q",
    "ԝ": "w",
    "к": "k",
    "м": "m",
    "н": "h",
    "т": "t",
    "ɡ": "g",
    "ӏ": "l",
    # Cyrillic upper case
    "А": "A",
    "В": "B",
    "Е": "E",
    "Ё": "E",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "Х": "X",
    "У": "Y",
    "І": "I",
    "Ї": "I",
    "Ј": "J",
    "Ѕ": "S",
    "Ԁ": "D",
    "Ԛ": "Q",
    "Ԝ": "W",
    "Ӏ": "I",
    # Greek lower case
    "α": "a",
    "β": "b",
    "ε": "e",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "γ": "y",
    "ω": "w",
    # Greek upper case
    "Α": "A",
    "Β": "B",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "H",
    "Ι": "I",
    "Κ": "K",
    "Μ": "M",
    "Ν": "N",
    "Ο": "O",
    "Ρ": "P",
    "Τ": "T",
    "Υ": "Y",
    "Χ": "X",
    # Latin look-alikes outside ASCII that NFKC keeps
    "ı": "i",
    "ȷ": "j",
    "ℓ": "l",
    # Punctuation used to disguise an address or a number
    "＠": "@",
    "﹫": "@",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "-",
    "—": "-",
    "−": "-",
    "․": ".",
    "。": ".",
    "｡": ".",
}

_KEEP_CONTROLS = {"\n", "\t", "\r"}
# Anything outside printable ASCII, Latin letters and French typography may need undoing.
_UNSAFE = re.compile(
    "[^\t\n\r\x20-\x7e\u00a1-\u00ac\u00ae-\u0130\u0132-\u0236\u0238-\u024f\u2018-\u201f\u2026\u20ac]"
)


@dataclass(frozen=True)
class Normalised:
    """Normalised text; `starts[i]`/`ends[i]` bound the original characters of `text[i]`."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    original_length: int

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the normalised text onto the original text."""
        if not self.text or end <= start:
            return (0, 0)
        start = max(0, min(start, len(self.text) - 1))
        end = max(start + 1, min(end, len(self.text)))
        return (self.starts[start], self.ends[end - 1])


def _clusters(text: str) -> list[tuple[int, int]]:
    """Base character plus the combining marks that follow it, as (start, end) pairs."""
    bounds: list[tuple[int, int]] = []
    index = 0
    length = len(text)
    while index < length:
        end = index + 1
        while end < length and unicodedata.category(text[end]).startswith("M"):
            end += 1
        bounds.append((index, end))
        index = end
    return bounds


def _clean_cluster(cluster: str) -> str:
    """NFKC one cluster, drop invisible characters and marks that did not compose."""
    first = cluster[0]
    category = unicodedata.category(first)
    if category == "Cf" or first in "\u034f\ufeff":
        return ""
    if category == "Cc" and first not in _KEEP_CONTROLS:
        return " "
    if category in ("Zs", "Zl", "Zp") and first not in _KEEP_CONTROLS:
        return "\n" if category in ("Zl", "Zp") else " "
    if category.startswith("M"):
        # A combining mark with nothing to attach to (start of text): invisible noise.
        return ""
    folded = unicodedata.normalize("NFKC", cluster)
    out: list[str] = []
    for char in folded:
        if unicodedata.category(char).startswith("M") or unicodedata.category(char) == "Cf":
            continue
        out.append(CONFUSABLES.get(char, char))
    return "".join(out)


def normalise(text: str) -> Normalised:
    """Undo the usual disguises, keeping a map back to the original offsets."""
    if not _UNSAFE.search(text) and unicodedata.is_normalized("NFKC", text):
        # Most messages: nothing to undo, and the identity map is cheap.
        identity = tuple(range(len(text)))
        return Normalised(text, identity, tuple(range(1, len(text) + 1)), len(text))
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for start, end in _clusters(text):
        cleaned = _clean_cluster(text[start:end])
        for char in cleaned:
            pieces.append(char)
            starts.append(start)
            ends.append(end)
    return Normalised("".join(pieces), tuple(starts), tuple(ends), len(text))
