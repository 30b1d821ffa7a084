"""Which language a message is written in, French or English, from word frequencies.

The rules that say which words are ordinary, which are names and which numbers are phones
are a language's (bot.screening.names, identifiers). A firm set to French still gets
English messages (a mentee who works in English, a pasted e-mail), and judged as French an
English sentence loses its ordinary words: "Will", "Grace", "Bill" become people and
"Reading" a place. So the engine judges each message in the language it is written in,
when the words say so clearly, and in the configured one otherwise.

The decision reuses the frequencies the screening already holds (wordfreq's, in the word
table): each word votes by how much more usual it is in one language than in the other,
capped so one rare word cannot decide; accented letters and French elisions vote French.
A language-identification package would cost what this table already paid for: the ones
measured (py3langid, lingua) took 1.5–3.6 s and 130 MB to load for two languages. A
message with too few words to tell, or mixed, keeps the configured language.
"""

from __future__ import annotations

import re

from bot.screening.knowledge import knowledge
from bot.screening.lexicon import fold

LANGUAGES = ("fr", "en")
MIN_WORDS = 4
"""Fewer voting words than this: the configured language stands ("ok merci", a name)."""
CAP = 3.0
"""A word's vote, in zipf points, at most: one rare word never decides."""
MARGIN = 0.9
"""The mean vote (zipf points per word) that switches the language."""

_WORD = re.compile(r"[^\W\d_]{2,}")
_FRENCH_MARKS = re.compile(r"[éèêëàâîïôûùüçœÉÈÊÀÂÎÔÛÇŒ]|\b[ldjnmstcqu]'[^\W\d_]", re.IGNORECASE)


def english_lean(text: str) -> tuple[float, int]:
    """The mean vote for English over French (zipf points per word; negative: French), and
    how many words voted."""
    table = knowledge()
    total = 0.0
    words = 0
    for match in _WORD.finditer(text):
        facts = table.folded_facts(fold(match.group(0)))
        if not facts.fr and not facts.en:
            continue  # a name, a typo, a word of neither: no vote
        total += max(-CAP, min(CAP, facts.en - facts.fr))
        words += 1
    marks = len(_FRENCH_MARKS.findall(text))
    total -= CAP * marks
    words += marks
    return (total / words if words else 0.0), words


def language_of(text: str, configured: str) -> str:
    """The language to judge `text` in: the other one only when its words clearly say so."""
    if configured not in LANGUAGES:
        return configured
    lean, words = english_lean(text)
    if words < MIN_WORDS:
        return configured
    if configured == "fr" and lean >= MARGIN:
        return "en"
    if configured == "en" and lean <= -MARGIN:
        return "fr"
    return configured
