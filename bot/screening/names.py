"""Names of people and organizations: spaCy's French NER plus the rules it needs.

The small French model misses names typed in lower case, names after a role word and
client names it never saw, and it calls many ordinary capitalised words (sentence starts,
days, job titles, department names) a person. So its entities go through a filter, and
rules built on how mentees actually write ("chez X", "mon N+1 julien", "M. Dupont",
"X SAS", the coach's client list) add what it misses.
"""

from __future__ import annotations

import gc
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from bot.screening.firstnames import AMBIGUOUS_FIRST_NAMES, FIRST_NAMES
from bot.screening.hits import NAME_GUESS, Hit
from bot.screening.lexicon import (
    DAYS,
    DEFAULT_ALLOW_WORDS,
    ENGLISH_WORDS,
    LEGAL_FORMS,
    MONTHS,
    NUMBER_WORDS,
    ROLE_QUALIFIERS,
    ROLE_WORDS,
    SENTENCE_WORDS,
    STOP_WORDS,
    TITLES,
    fold,
    folded_set,
    word_set,
)

MODEL_NAME = "fr_core_news_sm"
# Components the NER does not need (its own tok2vec is inside it), never loaded. The
# lemmatizer is loaded only to read its tables (a lexicon of common French words).
_UNUSED_COMPONENTS = ["tok2vec", "morphologizer", "parser", "senter", "attribute_ruler"]
NER_CHUNK_CHARS = 2000

_WORD_RE = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:-[^\W\d_]+)*(?:\+\d)?|[Nn][+\-]\d")
_SENTENCE_RE = re.compile(r"[^.!?…\n]+(?:[.!?…]+|\n|$)")
_SENTENCE_END = set('.!?…:;\n\r\t•-–—*»«"“”(')

_FIRST = folded_set(FIRST_NAMES)
_AMBIGUOUS = folded_set(AMBIGUOUS_FIRST_NAMES)
_ROLES = folded_set(ROLE_WORDS)
_QUALIFIERS = folded_set(ROLE_QUALIFIERS)
_TITLES = folded_set(TITLES)
_LEGAL = folded_set(LEGAL_FORMS)
_NEVER_NAME = (
    folded_set(DAYS)
    | folded_set(MONTHS)
    | _ROLES
    | _TITLES
    | folded_set(STOP_WORDS)
    | folded_set(SENTENCE_WORDS)
    | folded_set(NUMBER_WORDS)
)
# "chez Nom", "la société Nom"…: the word that announces an organization.
_ORG_CUES = folded_set(
    word_set("""
    chez societe entreprise groupe cabinet agence banque start-up startup filiale enseigne
    marque mutuelle assureur laboratoire laboratoires editeur boite usine magasin hotel
    clinique association fondation fournisseur prestataire partenaire concurrent client
    cliente integrateur distributeur sous-traitant franchise institut
    """)
)
# Cues after which a first name is a person rather than a company ("chez Julien").
_CUE_LINKS = frozenset({"pour", "avec", "a", "de", "par"})
_CUE_VERBS = folded_set(
    word_set("""
    travaille travaillé travailler bosse bossé bosser face partenariat contrat rachat
    racheté rachetée rachete fusion concurrence collabore collaboré appel offres
    """)
)
_STOPS = folded_set(STOP_WORDS)
_VERB_ENDINGS = ("er", "ir", "oir", "ez", "ons")
_ENGLISH = ENGLISH_WORDS
# Verbs whose object is often an employer: "je quitte Picard pour rejoindre Datalog".
_EMPLOYER_VERBS = folded_set(
    word_set("quitte quitter quitté rejoindre rejoins rejoint intégrer intègre intégré")
)
_SURNAME_BLOCK = (
    folded_set(DAYS) | folded_set(MONTHS) | _TITLES | folded_set(STOP_WORDS) | folded_set(SENTENCE_WORDS)
)
_PRONOUNS = frozenset(
    {
        "je",
        "tu",
        "il",
        "elle",
        "on",
        "nous",
        "vous",
        "ils",
        "elles",
        "moi",
        "toi",
        "le",
        "la",
        "les",
        "lui",
        "leur",
        "y",
        "en",
        "t",
        "ce",
    }
)
_DETERMINERS = frozenset(
    {
        "le",
        "la",
        "les",
        "l",
        "du",
        "des",
        "au",
        "aux",
        "un",
        "une",
        "ce",
        "cet",
        "cette",
        "mon",
        "ma",
        "notre",
        "votre",
        "son",
        "sa",
        "leur",
        "nos",
        "vos",
        "ses",
        "mes",
    }
)
_CLIENT_LIKE_ROLES = folded_set(word_set("client cliente fournisseur prestataire partenaire"))


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
    """The loaded NER pipeline and a lexicon of everyday French words taken from the model.

    `form_hashes` holds the lemmatizer's form table as sorted 64-bit string hashes (the
    table itself weighs about 100 MB and is dropped after loading); `index` holds the
    per-part-of-speech word lists. The noun list also holds some surnames, so the lexicon
    is a hint used with position and context, never a verdict on its own.
    """

    nlp: Any
    form_hashes: Any
    index: frozenset[str]
    non_nouns: frozenset[str]

    def _is_form(self, lower: str) -> bool:
        if self.form_hashes is None or len(self.form_hashes) == 0:
            return False
        import numpy as np
        from spacy.strings import get_string_id

        wanted = np.uint64(get_string_id(lower))
        position = int(np.searchsorted(self.form_hashes, wanted))
        return position < len(self.form_hashes) and self.form_hashes[position] == wanted

    def knows(self, lower: str) -> bool:
        """Whether the lexicon holds this lower-case word."""
        return lower in self.index or self._is_form(lower)

    def knows_besides_nouns(self, lower: str) -> bool:
        """Known as a verb, adjective, adverb or inflected form (the noun list holds surnames)."""
        return lower in self.non_nouns or self._is_form(lower)


_LOAD_LOCK = threading.Lock()
_LOADED: list[Model | None] = []


def load_model() -> Model | None:
    """Load fr_core_news_sm once per process (thread-safe); None when it is not installed."""
    with _LOAD_LOCK:
        if not _LOADED:
            _LOADED.append(_load_model())
        return _LOADED[0]


def warm_up() -> None:
    """Load the model in a background thread, so a console is ready before it is."""
    if not _LOADED:
        threading.Thread(target=load_model, name="cadre-spacy-load", daemon=True).start()


def _load_model() -> Model | None:
    """Only NER stays in memory: the lemmatizer is read for its lexicon, then removed."""
    try:
        import numpy as np
        import spacy
    except ImportError:  # pragma: no cover - spaCy is a runtime dependency
        return None
    try:
        nlp = spacy.load(MODEL_NAME, exclude=_UNUSED_COMPONENTS)
    except OSError:  # pragma: no cover - model package missing
        return None
    form_hashes: Any = None
    words: set[str] = set()
    non_nouns: set[str] = set()
    try:
        tables: Any = getattr(nlp.get_pipe("lemmatizer"), "lookups")  # noqa: B009
        lookup = tables.get_table("lemma_lookup")
        form_hashes = np.fromiter((int(k) for k in lookup), dtype=np.uint64, count=len(lookup))
        form_hashes.sort()
        index = tables.get_table("lemma_index")
        noun_key = nlp.vocab.strings["noun"]
        for key in index:
            entries = [w for w in index[key] if isinstance(w, str)]
            words.update(entries)
            if key != noun_key:
                non_nouns.update(entries)
        del lookup, index, tables
    except (KeyError, AttributeError, ValueError):  # pragma: no cover - other model layout
        pass
    if "lemmatizer" in nlp.pipe_names:
        nlp.remove_pipe("lemmatizer")
    gc.collect()
    return Model(nlp, form_hashes, frozenset(words), frozenset(non_nouns))


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _encodable(text: str) -> str:
    """spaCy encodes text as UTF-8, so a lone surrogate (possible in a platform's JSON, or
    from a console's surrogateescape) would raise; U+FFFD is one code point too, so every
    offset still points into the original text."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def split_words(text: str) -> list[Word]:
    """Words with their offsets and whether each starts a sentence."""
    words: list[Word] = []
    for match in _WORD_RE.finditer(text):
        start = match.start()
        index = start - 1
        while index >= 0 and text[index] in " \u00a0":
            index -= 1
        is_initial = index < 0 or text[index] in _SENTENCE_END
        raw = match.group(0)
        folded = fold(raw).replace(".", "") if raw.endswith(".") else fold(raw)
        words.append(Word(start, match.end(), raw, folded, is_initial))
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
    """Finds people and organizations in a normalised text.

    The model loads on first use (or earlier through `warm_up`), not at construction, so
    building a screener costs nothing at start-up.
    """

    @property
    def _model(self) -> Model | None:
        return load_model() if self._use_ner else None

    def __init__(
        self,
        client_names: Sequence[str] = (),
        allow_words: Sequence[str] = (),
        use_ner: bool = True,
    ) -> None:
        self._coach_allow = folded_set(tuple(allow_words))
        self._allow = folded_set(DEFAULT_ALLOW_WORDS) | self._coach_allow
        self._use_ner = use_ner
        names = sorted({fold(n.strip()) for n in client_names if n and n.strip()}, key=len, reverse=True)
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

    def is_common(self, word: Word) -> bool:
        """An everyday French word per the model's lexicon (all parts of a compound)."""
        if self._model is None:
            return False
        lower = word.text.lower()
        if lower in _ENGLISH or self._model.knows(lower):
            return True
        parts = lower.split("-")
        return len(parts) > 1 and all(self._model.knows(p) or p in _STOPS for p in parts)

    def never_name(self, word: Word) -> bool:
        if word.folded in _NEVER_NAME or word.folded in self._allow or len(word.text) < 2:
            return True
        if len(word.text) == 2 and word.is_all_caps:
            return True  # FR, RH, DG, SA: codes and acronyms, not names
        # "Dois-je", "Pouvez-vous": a verb with its pronoun
        return "-" in word.folded and word.folded.rsplit("-", 1)[1] in _PRONOUNS

    def is_namey(self, word: Word) -> bool:
        """Could this capitalised word be (part of) a person's or company's name?"""
        if not (word.is_capitalised or word.is_all_caps) or self.never_name(word):
            return False
        if word.folded in _FIRST and word.folded not in _AMBIGUOUS:
            return True
        return not (word.is_initial and self.is_common(word))

    def is_lower_name(self, word: Word) -> bool:
        """A lower-case word that can only be a name here (after a role word or a title)."""
        if word.is_capitalised or word.folded in _QUALIFIERS:
            return False
        if word.folded in _FIRST and word.folded not in self._coach_allow:
            return True
        if self.never_name(word):
            return False
        return len(word.text) >= 3 and self._model is not None and not self.is_common(word)

    def is_lower_surname(self, word: Word) -> bool:
        """After a lower-case first name, a word that is no verb, adjective or function word."""
        if word.is_capitalised or self._model is None or self._never_surname(word):
            return False
        if word.folded in _QUALIFIERS or word.folded in _ROLES or len(word.text) < 2:
            return False
        return not self._model.knows_besides_nouns(word.text.lower())

    def is_unknown_proper(self, word: Word) -> bool:
        """A capitalised word inside a sentence that no French lexicon knows: a name."""
        return (
            self._model is not None
            and word.is_capitalised
            and not word.is_all_caps
            and len(word.text) >= 3
            and not self.never_name(word)
            and not self.is_common(word)
            # At a sentence start, an unknown word shaped like a verb is an instruction
            # ("Voir", "Envoyez"), not a name; the lexicon lacks some infinitives.
            and not (word.is_initial and word.folded.endswith(_VERB_ENDINGS))
        )

    # ------------------------------------------------------------ detection

    def detect(self, text: str) -> list[Hit]:
        words = split_words(text)
        hits: list[Hit] = []
        hits.extend(self._clients(text))
        hits.extend(self._rules(words, text))
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
            and not self._never_surname(words[stop])
            and words[stop].folded not in _LEGAL
        ):
            stop += 1
        return stop

    def _never_surname(self, word: Word) -> bool:
        """Right after a name, a capitalised role word is a surname ("Gabriel Voisin")."""
        return word.folded in _SURNAME_BLOCK or word.folded in self._allow or len(word.text) < 2

    def _legal_end(self, word: Word, text: str) -> int:
        """End of a legal form, with the abbreviation's dot ("Inc.", "Ltd.")."""
        if word.folded in ("inc", "ltd", "corp", "co") and text[word.end : word.end + 1] == ".":
            return word.end + 1
        return word.end

    def _rules(self, words: list[Word], text: str) -> Iterator[Hit]:
        count = len(words)
        for i, word in enumerate(words):
            nxt = words[i + 1] if i + 1 < count else None
            prev = words[i - 1] if i > 0 else None
            close = nxt is not None and _joined(text, word, nxt)
            # M. Dupont, Mme Durand, Dr Martin
            titled = nxt is not None and _joined(text, word, nxt, extra=".")
            if word.folded in _TITLES and word.is_capitalised and nxt is not None and titled:
                if self.is_namey(_mid(nxt)) or self.is_lower_name(nxt):
                    stop = self._extend(words, i + 1)
                    yield Hit(nxt.start, words[stop - 1].end, "person")
                continue
            if word.folded in _ROLES:
                yield from self._after_role(words, i, text)
            # chez Acme, la société Durand Conseil, travaille avec Axelter
            is_cue = (
                word.folded in _ORG_CUES
                or word.folded in _EMPLOYER_VERBS
                or (word.folded in _CUE_LINKS and prev is not None and prev.folded in _CUE_VERBS)
            )
            if is_cue and nxt is not None and close:
                if self.is_namey(_mid(nxt)):
                    stop = self._extend(words, i + 1, limit=3)
                    kind = "person" if nxt.folded in _FIRST else "organization"
                    start = word.start if word.is_capitalised and not word.is_initial else nxt.start
                    if word.is_capitalised and word.folded in _ORG_CUES:
                        start = word.start
                    if word.folded in _EMPLOYER_VERBS:
                        start = nxt.start
                    yield Hit(start, words[stop - 1].end, kind)
                elif word.folded == "chez" and self.is_lower_name(nxt):
                    yield Hit(nxt.start, nxt.end, "organization")
            # Durand Conseil SAS, Acme GmbH, Martin S.A.R.L.
            if word.folded in _LEGAL and not word.text.islower() and i > 0:
                j = i
                while (
                    j > 0
                    and i - j < 4
                    and words[j - 1].end >= words[j].start - 3
                    and (
                        words[j - 1].folded in ("et", "de")
                        or (words[j - 1].folded in _LEGAL and words[j - 1].is_capitalised)
                        or (
                            (words[j - 1].is_capitalised or words[j - 1].is_all_caps)
                            and not self.never_name(words[j - 1])
                        )
                    )
                ):
                    j -= 1
                while j < i and words[j].folded in ("et", "de"):
                    j += 1
                if j < i:
                    yield Hit(words[j].start, self._legal_end(word, text), "organization")
            # Julien, Sophie Martin
            if word.folded in _FIRST and word.is_capitalised and word.folded not in self._coach_allow:
                stop = self._extend(words, i)
                if self.never_name(word) and stop == i + 1:
                    pass
                elif not (word.folded in _AMBIGUOUS and word.is_initial and stop == i + 1):
                    yield Hit(word.start, words[stop - 1].end, "person")
                    continue
            # je l'ai dit à suzanne
            if (
                word.folded in _FIRST
                and not word.is_capitalised
                and prev is not None
                and prev.folded in ("a", "avec")
                and word.folded not in _AMBIGUOUS
                and word.folded not in self._allow
                and _joined(text, prev, word)
            ):
                yield Hit(word.start, word.end, "person")
                continue
            # DUPONT Julien
            if (
                word.is_all_caps
                and len(word.text) >= 3
                and not self.never_name(word)
                and nxt is not None
                and nxt.start - word.end == 1
                and nxt.is_capitalised
                and not nxt.is_all_caps
                and self.is_namey(_mid(nxt))
            ):
                yield Hit(word.start, nxt.end, "person")
                continue
            # Axelter, Tenvea: capitalised mid-sentence and unknown to the lexicon
            if self.is_unknown_proper(word):
                stop = self._extend(words, i)
                start = word.start
                if (
                    prev is not None
                    and prev.is_capitalised
                    and prev.end + 1 == word.start
                    and not self.never_name(prev)
                ):
                    start = prev.start
                yield Hit(start, words[stop - 1].end, NAME_GUESS)

    def _after_role(self, words: list[Word], i: int, text: str) -> Iterator[Hit]:
        """mon manager julien, le client Durand, mon N+1, Sophie, la cheffe de projet zoé."""
        count = len(words)
        role = words[i]
        j = i + 1
        while j < count and j - i <= 3:
            if words[j].folded in _QUALIFIERS:
                j += 1
            elif (
                words[j].folded in ("de", "d", "des", "du")
                and j + 1 < count
                and not words[j + 1].is_capitalised
                and words[j + 1].folded not in _FIRST
                and self.is_common(words[j + 1])
            ):
                j += 2
            else:
                break
        if j >= count or not _joined(text, words[j - 1], words[j]):
            return
        cand = words[j]
        # le fondateur de Garnier, la directrice de Novalis
        after = words[j + 1] if j + 1 < count else None
        if (
            cand.folded in ("de", "d", "du")
            and after is not None
            and self.is_namey(_mid(after))
            and (not self.is_common(after) or after.folded in _FIRST or after.is_all_caps)
        ):
            target = after
            stop = self._extend(words, j + 1, limit=3)
            kind = "person" if target.folded in _FIRST else "organization"
            yield Hit(target.start, words[stop - 1].end, kind)
            return
        first_name = cand.is_capitalised and cand.folded in _FIRST and (cand.folded not in self._coach_allow)
        if self.is_namey(_mid(cand)) or first_name:
            stop = self._extend(words, j)
            kind = "person"
            if role.folded in _CLIENT_LIKE_ROLES and cand.folded not in _FIRST:
                kind = "organization"
            yield Hit(cand.start, words[stop - 1].end, kind)
        elif self.is_lower_name(cand):
            stop = j + 1
            if stop < count and words[stop].start - words[stop - 1].end <= 1:
                after = words[stop]
                if self.is_lower_surname(after) or self.is_namey(_mid(after)):
                    stop = self._extend(words, stop, limit=1)
            yield Hit(cand.start, words[stop - 1].end, "person")

    def _ner(self, text: str, words: list[Word]) -> Iterator[Hit]:
        """Run the model on the sentences that hold a name-like word, in bounded chunks.

        An entity survives `_filter_entity` only if it holds a word `is_namey` accepts, so
        a sentence without one cannot yield anything: skipping it changes no result and
        spares most of the model's cost (most sentences in coaching prose have no name).
        """
        assert self._model is not None
        by_start = {w.start: w for w in words}
        pieces = list(self._ner_pieces(text, words))
        if not pieces:
            return
        docs = self._model.nlp.pipe(_encodable(piece) for _, piece in pieces)
        for (offset, _), doc in zip(pieces, docs, strict=True):
            for ent in doc.ents:
                label = ent.label_
                if label not in ("PER", "ORG", "MISC"):
                    continue
                span = [by_start[offset + t.idx] for t in ent if offset + t.idx in by_start]
                hit = self._filter_entity(span, label, words)
                if hit is not None:
                    yield hit

    def _ner_pieces(self, text: str, words: list[Word]) -> Iterator[tuple[int, str]]:
        """(offset, text) pieces of at most NER_CHUNK_CHARS made of sentences worth reading."""
        wanted = [w.start for w in words if self.is_namey(w)]
        if not wanted:
            return
        spans: list[tuple[int, int]] = []
        cursor = 0
        for match in _SENTENCE_RE.finditer(text):
            start, end = match.start(), match.end()
            while cursor < len(wanted) and wanted[cursor] < start:
                cursor += 1
            if cursor < len(wanted) and wanted[cursor] < end:
                if spans and start - spans[-1][1] <= 1 and end - spans[-1][0] <= NER_CHUNK_CHARS:
                    spans[-1] = (spans[-1][0], end)
                else:
                    spans.append((start, end))
        for start, end in spans:
            for offset, piece in _chunks(text[start:end], NER_CHUNK_CHARS):
                yield start + offset, piece

    def _filter_entity(self, span: list[Word], label: str, words: list[Word]) -> Hit | None:
        """Trim an entity to its name-like words; None when nothing identifying is left."""
        while span and not self.is_namey(span[0]):
            span = span[1:]
        while span and not self.is_namey(span[-1]):
            span = span[:-1]
        if not span:
            return None
        if all(w.folded in self._allow or w.folded in _LEGAL for w in span):
            return None
        if any(w.folded in _FIRST for w in span) or any(w.is_all_caps for w in span):
            everyday = False
        else:
            everyday = all(self.is_common(w) or w.folded in _STOPS for w in span)
        if label == "MISC" and (everyday or len(span) > 3):
            return None
        if everyday:
            if label != "PER" or len(span) == 1:
                return None
            before = _word_before(words, span[0])
            if before is not None and before.folded in _DETERMINERS:
                return None
        kind = "person" if label == "PER" else "organization"
        if span[0].folded in _FIRST and span[0].folded not in _AMBIGUOUS:
            kind = "person"  # "Julien" alone is a person whatever the model guessed
        return Hit(span[0].start, span[-1].end, kind)


def _joined(text: str, left: Word, right: Word, extra: str = "") -> bool:
    """Whether two words belong to the same phrase (only spaces or a comma between)."""
    gap = text[left.end : right.start]
    return len(gap) <= 3 and not gap.strip(" ,\u00a0'’" + extra)


def _word_before(words: list[Word], word: Word) -> Word | None:
    for index, candidate in enumerate(words):
        if candidate.start == word.start:
            return words[index - 1] if index > 0 else None
    return None


def _mid(word: Word) -> Word:
    """The same word judged as if it were not at a sentence start (cues make it a name)."""
    return Word(word.start, word.end, word.text, word.folded, False)
