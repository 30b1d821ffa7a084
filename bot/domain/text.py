"""Text folding: the one place that decides when two typed texts count as the same.

People type on phones: with or without accents, capitals, curly or straight apostrophes.
Each rule below exists once; the modules that compare typed words pick the one they need.
What a person typed is first made printable here (`printable`), once, as it enters the core.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

APOSTROPHES = str.maketrans({"’": "'", "`": "'", "ʼ": "'"})

# A terminal escape sequence (CSI "ESC [ … m", OSC "ESC ] … BEL", or ESC and one byte),
# then any other C0/C1 control character except tab and newline.
_CONTROLS = re.compile(
    r"(?:\x1b\[[0-?]*[ -/]*[@-~]?|\x9b[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[@-_]?|[\x00-\x08\x0b-\x1f\x7f-\x9f])+"
)
# Embeddings, overrides and isolates: they reorder what the mentor's screen shows.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


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


def printable(text: str) -> str:
    """What a person typed, minus what only a terminal or a renderer acts on: escape
    sequences (colours, cursor moves), control characters other than tab and newline (bell,
    NUL), bidirectional overrides and isolates. A carriage return becomes a newline. A run
    of controls between two words becomes one space, as the screening reads it, so that
    "Jean<NUL>Dupont" stays two words. Zero-width characters and look-alike letters are left
    to the screening, which undoes them itself and maps its findings back onto this text."""
    text = _BIDI_CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROLS.sub(lambda match: _gap(text, match.start(), match.end()), text)


def _gap(text: str, start: int, end: int) -> str:
    if start == 0 or end == len(text) or text[start - 1].isspace() or text[end].isspace():
        return ""
    return " "  # between two words


def visible_length(text: str) -> int:
    """Characters as a reader counts them: a letter and its combining accent are one (NFC
    first, then marks left uncomposed), invisible format marks (zero-width spaces, direction
    marks) none."""
    return sum(
        1
        for char in unicodedata.normalize("NFC", text)
        if unicodedata.category(char) not in ("Mn", "Me", "Cf")
    )


def has_words(text: str) -> bool:
    """Whether `text` holds at least one letter or digit (not only emoji or punctuation)."""
    return any(char.isalnum() for char in text)


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
