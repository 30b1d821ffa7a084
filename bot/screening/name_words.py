"""Words as the name rules see them: offsets, folded form, capitals, sentence start.

Every rule family reads the same split of the text, so it is made once here
(`split_words`) with the small tests on a word's shape that need no data (too short to
be a name, a mixed-case acronym such as "ExCo") and the two gaps the rules ask about
(what lies between two words, whether they belong to one phrase).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.screening.lexicon import fold
from bot.screening.name_cues import _SENTENCE_END

_WORD_RE = re.compile(
    r"(?:[A-Z]\.-?){2,}|[A-Z]\.-[A-Z]\.?|(?:O['’](?=[A-Z]))?[^\W\d_]+(?:-[^\W\d_]+)*(?:\+\d)?|[Nn][+\-]\d"
)


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str
    folded: str
    is_initial: bool

    # computed once, when the word is split off (read many times per word)
    is_capitalised: bool = False
    is_all_caps: bool = False

    @property
    def is_initials(self) -> bool:
        return "." in self.text


# Scripts whose one character is a syllable: two of them make a whole name ("王伟", "민수",
# "ゆき"), as five or six letters do in Latin script
_SYLLABIC_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3]{2}")


def _too_short(word: Word) -> bool:
    """Fewer than three letters say too little to be a name on their own ("le", "ok", "rh"),
    except two syllables of a syllabic script."""
    return len(word.folded) < 3 and _SYLLABIC_RE.fullmatch(word.folded) is None


_NAME_PREFIXES = ("Mc", "Mac", "De", "Di", "Da", "Le", "La", "Van", "O'", "O’")


def _is_mixed_case_acronym(text: str) -> bool:
    """ExCo, CoDir, SaaS, BotFather, PowerPoint: capitals inside a word make an acronym or a
    product name, except after a surname prefix (McKenzie, DiCaprio, LeBlanc)."""
    # a capital after a hyphen or an apostrophe starts a part: Anne-Sophie, d'Artagnan
    inner = [c for index, c in enumerate(text) if index > 0 and text[index - 1] not in "-'’"]
    if not any(c.isupper() for c in inner) or text[1:].isupper():
        return False
    return not any(text.startswith(p) and text[len(p) : len(p) + 1].isupper() for p in _NAME_PREFIXES)


def split_words(text: str) -> list[Word]:
    """Words with their offsets and whether each starts a sentence."""
    words: list[Word] = []
    for match in _WORD_RE.finditer(text):
        start = match.start()
        if (start > 0 and text[start - 1].isdigit()) or text[match.end() : match.end() + 1].isdigit():
            continue  # letters glued to digits are a code ("DW7S", "B2B", "4G"), never a name
        index = start - 1
        while index >= 0 and text[index] in " \u00a0":
            index -= 1
        is_initial = index < 0 or text[index] in _SENTENCE_END
        raw = match.group(0)
        letters = [c for c in raw if c.isalpha()]
        all_caps = len(letters) >= 2 and all(c.isupper() for c in letters)
        words.append(Word(start, match.end(), raw, fold(raw), is_initial, raw[:1].isupper(), all_caps))
    return words


def _gap(text: str, left: Word, right: Word) -> str:
    return text[left.end : right.start]


def _joined(text: str, left: Word, right: Word, extra: str = "") -> bool:
    """Whether two words belong to the same phrase (only spaces or a comma between)."""
    gap = _gap(text, left, right)
    return len(gap) <= 3 and not gap.strip(" ,\u00a0'’" + extra)
