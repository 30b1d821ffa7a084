"""Names of people and organizations: spaCy's French NER plus the rules it needs.

The small French model misses names typed in lower case, names after a role word and
client names it never saw, and it calls many ordinary capitalised words (sentence starts,
days, job titles, department names) a person. So its entities go through a filter, and
rules built on how mentees actually write ("chez X", "mon N+1 julien", "M. Dupont",
"X SAS", the coach's client list) add what it misses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from bot.screening.firstnames import AMBIGUOUS_FIRST_NAMES, FIRST_NAMES
from bot.screening.hits import Hit
from bot.screening.lexicon import (
    DAYS,
    DEFAULT_ALLOW_WORDS,
    LEGAL_FORMS,
    MONTHS,
    ROLE_QUALIFIERS,
    ROLE_WORDS,
    SENTENCE_WORDS,
    STOP_WORDS,
    TITLES,
    fold,
    folded_set,
)

MODEL_NAME = "fr_core_news_sm"
# Components the NER does not need: its own tok2vec is inside it. The lemmatizer stays
# loaded (not run) because its tables give a French lexicon of common words.
_UNUSED_COMPONENTS = ["tok2vec", "morphologizer", "parser", "senter", "attribute_ruler",
                      "lemmatizer"]
NER_CHUNK_CHARS = 2000

_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*(?:\+\d)?|[Nn][+\-]\d")
_SENTENCE_END = set(".!?…:;\n\r\t•-–—*»«\"“”(")

_FIRST = folded_set(FIRST_NAMES)
_AMBIGUOUS = folded_set(AMBIGUOUS_FIRST_NAMES)
_ROLES = folded_set(ROLE_WORDS)
_QUALIFIERS = folded_set(ROLE_QUALIFIERS)
_TITLES = folded_set(TITLES)
_LEGAL = folded_set(LEGAL_FORMS)
_NEVER_NAME = (
    folded_set(DAYS) | folded_set(MONTHS) | _ROLES | _TITLES | folded_set(STOP_WORDS)
    | folded_set(SENTENCE_WORDS)
)
# "chez Nom", "la société Nom"…: the word that announces an organization.
_ORG_CUES = folded_set(frozenset(
    """
    chez societe entreprise groupe cabinet agence banque start-up startup filiale enseigne
    marque mutuelle assureur laboratoire laboratoires editeur boite usine magasin hotel
    clinique association fondation fournisseur prestataire partenaire concurrent client
    cliente integrateur distributeur sous-traitant franchise institut
    """.split()
))
# Cues after which a first name is a person rather than a company ("chez Julien").
_PERSON_OVER_ORG = _FIRST
_CLIENT_LIKE_ROLES = folded_set(frozenset(
    "client cliente fournisseur prestataire partenaire".split()
))


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str
    folded: str
    is_initial: bool

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_all_caps(self) -> bool:
        return len(self.text) >= 2 and self.text.isupper()


@dataclass(frozen=True)
class Model:
    """The loaded pipeline and the lexicon of common French words taken from it."""

    nlp: Any
    common_words: frozenset[str]


@cache
def load_model() -> Model | None:
    """Load fr_core_news_sm once per process, NER only; None when it is not installed."""
    try:
        import spacy
    except ImportError:  # pragma: no cover - spaCy is a runtime dependency
        return None
    try:
        nlp = spacy.load(MODEL_NAME, disable=_UNUSED_COMPONENTS)
    except OSError:  # pragma: no cover - model package missing
        return None
    words: set[str] = set()
    try:
        lookups = nlp.get_pipe("lemmatizer").lookups
        words.update(str(k) for k in lookups.get_table("lemma_lookup").keys())
        index = lookups.get_table("lemma_index")
        for key in index:
            words.update(str(w) for w in index[key])
    except (KeyError, AttributeError, ValueError):  # pragma: no cover - other model layout
        pass
    common = frozenset(fold(w) for w in words if isinstance(w, str)) | frozenset(
        w for w in words if isinstance(w, str)
    )
    return Model(nlp, common)


def split_words(text: str) -> list[Word]:
    """Words with their offsets and whether each starts a sentence."""
    words: list[Word] = []
    for match in _WORD_RE.finditer(text):
        start = match.start()
        index = start - 1
        while index >= 0 and text[index] in " \u00a0":
            index -= 1
        is_initial = index < 0 or text[index] in _SENTENCE_END
        words.append(Word(start, match.end(), match.group(0), fold(match.group(0)), is_initial))
    return words


def _chunks(text: str, size: int) -> Iterator[tuple[int, str]]:
    """Pieces of at most `size` characters, cut at a line or sentence end when possible."""
    start = 0
    length = len(text)
    while start < length:
        stop = min(length, start + size)
        if stop < length:
            cut = max(text.rfind("\n", start, stop), text.rfind(". ", start, stop))
            if cut <= start:
                cut = text.rfind(" ", start, stop)
            if cut > start:
                stop = cut + 1
        yield start, text[start:stop]
        start = stop


class NameDetector:
    """Finds people and organizations in a normalised text."""

    def __init__(
        self,
        client_names: Sequence[str] = (),
        allow_words: Sequence[str] = (),
        use_ner: bool = True,
    ) -> None:
        self._allow = folded_set(tuple(DEFAULT_ALLOW_WORDS) + tuple(allow_words))
        self._model = load_model() if use_ner else None
        self._common = self._model.common_words if self._model else frozenset()
        names = sorted({fold(n.strip()) for n in client_names if n and n.strip()},
                       key=len, reverse=True)
        self._client_re = (
            re.compile(
                r"(?<![^\W_])(?:"
                + "|".join(r"\s+".join(re.escape(p) for p in n.split()) for n in names)
                + r")(?![^\W_])"
            )
            if names
            else None
        )

    # ------------------------------------------------------------ word tests

    def is_common(self, folded: str, text: str) -> bool:
        """An everyday French word per the model's lexicon (lower-cased, accents kept)."""
        return text.lower() in self._common or folded in self._common

    def never_name(self, word: Word) -> bool:
        return word.folded in _NEVER_NAME or word.folded in self._allow

    def is_namey(self, word: Word) -> bool:
        """Could this capitalised word be (part of) a person's or company's name?"""
        if not (word.is_capitalised or word.is_all_caps) or self.never_name(word):
            return False
        if word.folded in _FIRST and word.folded not in _AMBIGUOUS:
            return True
        return not (word.is_initial and self.is_common(word.folded, word.text))

    def is_lower_name(self, word: Word) -> bool:
        """A lower-case word that can only be a name here (after a role word or a title)."""
        if word.is_capitalised or self.never_name(word) or word.folded in _QUALIFIERS:
            return False
        if word.folded in _FIRST:
            return True
        return len(word.text) >= 3 and bool(self._common) and not self.is_common(
            word.folded, word.text
        )

    # ------------------------------------------------------------ detection

    def detect(self, text: str) -> list[Hit]:
        words = split_words(text)
        hits: list[Hit] = []
        hits.extend(self._clients(text))
        hits.extend(self._rules(words))
        if self._model is not None:
            hits.extend(self._ner(text, words))
        return hits

    def _clients(self, text: str) -> Iterator[Hit]:
        if self._client_re is None:
            return
        for match in self._client_re.finditer(fold(text)):
            yield Hit(match.start(), match.end(), "organization")

    def _extend(self, words: list[Word], index: int, limit: int = 2) -> int:
        """Index past the capitalised words that continue a name starting at `index`."""
        stop = index + 1
        while (
            stop < len(words)
            and stop - index <= limit
            and words[stop].start - words[stop - 1].end <= 1
            and (words[stop].is_capitalised or words[stop].is_all_caps)
            and not self.never_name(words[stop])
            and words[stop].folded not in _LEGAL
        ):
            stop += 1
        return stop

    def _rules(self, words: list[Word]) -> Iterator[Hit]:
        count = len(words)
        for i, word in enumerate(words):
            nxt = words[i + 1] if i + 1 < count else None
            # M. Dupont, Mme Durand, Dr Martin
            if word.folded in _TITLES and nxt is not None and (word.is_capitalised):
                if word.folded in ("m", "me", "pr", "dr") and not word.text[:1].isupper():
                    continue
                if self.is_namey(_mid(nxt)) or self.is_lower_name(nxt):
                    stop = self._extend(words, i + 1)
                    yield Hit(nxt.start, words[stop - 1].end, "person")
                continue
            # mon manager julien, le client Durand, mon N+1 Sophie
            if word.folded in _ROLES:
                j = i + 1
                while j < count and words[j].folded in _QUALIFIERS and j - i <= 2:
                    j += 1
                if j < count and words[j].start - words[j - 1].end <= 3:
                    cand = words[j]
                    if self.is_namey(_mid(cand)):
                        stop = self._extend(words, j)
                        kind = "person"
                        if word.folded in _CLIENT_LIKE_ROLES and cand.folded not in _FIRST:
                            kind = "organization"
                        yield Hit(cand.start, words[stop - 1].end, kind)
                    elif self.is_lower_name(cand):
                        stop = j + 1
                        if stop < count and self.is_lower_name(words[stop]):
                            stop += 1
                        yield Hit(cand.start, words[stop - 1].end, "person")
            # chez Acme, la société Durand Conseil
            if word.folded in _ORG_CUES and nxt is not None and nxt.start - word.end <= 2:
                if self.is_namey(_mid(nxt)):
                    stop = self._extend(words, i + 1, limit=3)
                    kind = "person" if nxt.folded in _PERSON_OVER_ORG else "organization"
                    yield Hit(nxt.start, words[stop - 1].end, kind)
                elif word.folded == "chez" and self.is_lower_name(nxt):
                    yield Hit(nxt.start, nxt.end, "organization")
            # Durand Conseil SAS, Acme GmbH
            if word.folded in _LEGAL and not word.text.islower() and i > 0:
                j = i
                while j > 0 and i - j < 4 and (
                    words[j - 1].is_capitalised or words[j - 1].is_all_caps
                    or words[j - 1].folded in ("et", "de", "&")
                ) and not self.never_name(words[j - 1]) and words[j - 1].end >= words[j].start - 3:
                    j -= 1
                if j < i:
                    yield Hit(words[j].start, word.end, "organization")
            # Julien, Sophie Martin, DUPONT Julien
            if word.folded in _FIRST and word.is_capitalised and not self.never_name(word):
                stop = self._extend(words, i)
                if word.folded in _AMBIGUOUS and word.is_initial and stop == i + 1:
                    continue
                start = word.start
                if i > 0 and words[i - 1].is_all_caps and not self.never_name(words[i - 1]):
                    start = words[i - 1].start
                yield Hit(start, words[stop - 1].end, "person")

    def _ner(self, text: str, words: list[Word]) -> Iterator[Hit]:
        assert self._model is not None
        by_start = {w.start: w for w in words}
        pieces = list(_chunks(text, NER_CHUNK_CHARS))
        docs = self._model.nlp.pipe(piece for _, piece in pieces)
        for (offset, _), doc in zip(pieces, docs, strict=True):
            for ent in doc.ents:
                label = ent.label_
                if label not in ("PER", "ORG", "MISC"):
                    continue
                hit = self._filter_entity(
                    [by_start[offset + t.idx] for t in ent if offset + t.idx in by_start],
                    label,
                )
                if hit is not None:
                    yield hit

    def _filter_entity(self, span: list[Word], label: str) -> Hit | None:
        """Trim an entity to its name-like words; None when nothing identifying is left."""
        while span and not self.is_namey(span[0]):
            span = span[1:]
        while span and not self.is_namey(span[-1]):
            span = span[:-1]
        if not span:
            return None
        if all(w.folded in self._allow or w.folded in _LEGAL for w in span):
            return None
        everyday = all(self.is_common(w.folded, w.text) and w.folded not in _FIRST for w in span)
        if label == "MISC" and (everyday or len(span) > 3):
            return None
        if everyday and not any(w.is_all_caps for w in span) and (
            len(span) == 1 or label != "PER"
        ):
            return None
        kind = "person" if label == "PER" else "organization"
        return Hit(span[0].start, span[-1].end, kind)


def _mid(word: Word) -> Word:
    """The same word judged as if it were not at a sentence start (cues make it a name)."""
    return Word(word.start, word.end, word.text, word.folded, False)

