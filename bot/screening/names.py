"""Names of people and organizations, decided from knowledge rather than from capitals.

Each word is looked up in the screening lexicon (`knowledge`): how often it is a first
name or a surname, how frequent it is in ordinary text, whether it is a place or a model's
name. A word is a name when the data says it is mostly a name ("erwan", "Dubois"), or
when its context says so although it is also an ordinary word ("mon collègue pierre",
"madame Rose", "Pierre Martin", "julien, pierre et marc"). A capitalised word inside a
sentence that no lexicon knows is a name too ("Axelter"). Places alone, models named
after people ("matrice d'Eisenhower"), cited authors ("comme dit Simon Sinek"),
acronyms, sentence starts and English words identify no one.

Organizations come from a sourced list of well-known companies with their usual short
forms ("la sncf", "BNP", "crédit agricole"), from cues ("chez X", "ets X", "X & fils",
"X SARL") and from the coach's client list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from bot.screening.hits import Hit
from bot.screening.knowledge import Knowledge, WordFacts, fold, knowledge
from bot.screening.lexicon import (
    DAYS,
    DEFAULT_ALLOW_WORDS,
    ENGLISH_ROLE_WORDS,
    ENGLISH_STOP_WORDS,
    ENGLISH_TITLES,
    LEGAL_FORMS,
    MONTHS,
    NUMBER_WORDS,
    ROLE_QUALIFIERS,
    ROLE_WORDS,
    SENTENCE_WORDS,
    STOP_WORDS,
    TITLES,
    folded_set,
    word_set,
)

_WORD_RE = re.compile(
    r"(?:[A-Z]\.-?){2,}|[A-Z]\.-[A-Z]\.?|[^\W\d_]+(?:-[^\W\d_]+)*(?:\+\d)?|[Nn][+\-]\d"
)
_SENTENCE_END = set('.!?…:;\n\r\t•-–—*»«"“”(')
_SPACED_RE = re.compile(r"(?<![^\W\d_])(?:[^\W\d_](?: |\. ?|-|_)){3,}[^\W\d_](?![^\W\d_])")

_TITLES = folded_set(TITLES) | folded_set(ENGLISH_TITLES)
_ROLES_FR = folded_set(ROLE_WORDS)
_ROLES_EN = folded_set(ENGLISH_ROLE_WORDS)
_QUALIFIERS = folded_set(ROLE_QUALIFIERS)
_LEGAL = folded_set(LEGAL_FORMS)
_STOPS = folded_set(STOP_WORDS) | folded_set(ENGLISH_STOP_WORDS)
_NEVER = (
    folded_set(DAYS)
    | folded_set(MONTHS)
    | _TITLES
    | _STOPS
    | folded_set(SENTENCE_WORDS)
    | folded_set(NUMBER_WORDS)
    | _ROLES_FR
    | _ROLES_EN
)
_ORG_CUES = folded_set(
    word_set("""
    chez societe entreprise groupe cabinet agence banque filiale enseigne marque mutuelle
    assureur laboratoire editeur boite usine magasin fournisseur prestataire partenaire
    concurrent client cliente clients integrateur distributeur sous-traitant franchise ets
    etablissements etablissement ste startup start-up
    company firm agency bank supplier vendor client customer competitor
    """)
)
_EMPLOYER_VERBS = folded_set(
    word_set("""
    quitte quitter quitté quittes rejoindre rejoins rejoint rejoignez intégrer intègre intégré
    bosse bossé bosser travaille travaillé travailler racheté rachetée rachète
    join joined joining leave left leaving quit
    """)
)
# After these, a word that is a name of either kind is taken as one ("avec pierre").
_PERSON_LINKS = folded_set(word_set("avec à a pour par de chez contre et with to by for from and"))
_AT_LINKS = folded_set(word_set("pour chez at for with avec"))
_PLACE_LINKS = folded_set(
    word_set("à a au aux en vers sur dans de du depuis près pres près-de in at to from near")
)
_CITE = folded_set(word_set("dit disait selon après d'après apres citant cite cité says said according"))
_FEASTS = folded_set(word_set("noël noel pâques paques toussaint pentecôte ascension"))
_FEAST_CONTEXT = folded_set(word_set("à a de pour avant après apres depuis père pere joyeux bon"))
_LIST_JOINS = re.compile(r"^(?:\s*,\s*|\s+(?:et|ou|and|or|&)\s+|\s*,\s*(?:et|ou|and|or)\s+|\s*/\s*)$")


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
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)

    @property
    def is_initials(self) -> bool:
        return "." in self.text


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
        words.append(Word(start, match.end(), raw, fold(raw), is_initial))
    return words


def load_model() -> Knowledge:
    """Load the screening lexicon (kept under this name for callers that warm it up)."""
    return knowledge()


def _gap(text: str, left: Word, right: Word) -> str:
    return text[left.end : right.start]


def _joined(text: str, left: Word, right: Word, extra: str = "") -> bool:
    """Whether two words belong to the same phrase (only spaces or a comma between)."""
    gap = _gap(text, left, right)
    return len(gap) <= 3 and not gap.strip(" ,\u00a0'’" + extra)


class NameDetector:
    """Finds people and organizations in a normalised text, for one language."""

    def __init__(
        self,
        client_names: Sequence[str] = (),
        allow_words: Sequence[str] = (),
        locale: str = "fr",
    ) -> None:
        self._lang = "en" if locale.startswith("en") else "fr"
        self._roles = _ROLES_EN | _ROLES_FR if self._lang == "en" else _ROLES_FR
        self._coach_allow = folded_set(tuple(allow_words))
        self._allow = folded_set(DEFAULT_ALLOW_WORDS) | self._coach_allow
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

    @property
    def _k(self) -> Knowledge:
        return knowledge()

    # ------------------------------------------------------------ word tests

    def facts(self, word: Word) -> WordFacts:
        return self._k.facts(word.folded)

    def _zipf(self, f: WordFacts) -> float:
        return f.fr if self._lang == "fr" else max(f.en, f.fr - 1.0)

    def _first(self, f: WordFacts) -> float:
        return f.first_fr if self._lang == "fr" else max(f.first_en, f.first_fr - 0.5)

    def _surname(self, f: WordFacts) -> float:
        return f.surname_fr if self._lang == "fr" else max(f.surname_en, f.surname_fr - 0.5)

    def excess(self, f: WordFacts) -> float:
        """Ordinary use beyond the name use, in the text's language (and English in French)."""
        own = self._k.ordinary_excess(f, self._lang)
        if self._lang == "fr" and f.en >= 4.5:
            own = max(own, self._k.ordinary_excess(f, "en") if f.first_en or f.surname_en else f.en - 3.5)
        return own

    def is_blocked(self, word: Word) -> bool:
        """Never part of a name whatever the context: function words, days, titles, roles."""
        return (
            word.folded in _NEVER
            or word.folded in self._allow
            or len(word.folded) < 2
            or ("-" in word.folded and word.folded.rsplit("-", 1)[1] in _STOPS)
        )

    def name_strength(self, word: Word) -> float:
        f = self.facts(word)
        return max(self._first(f), self._surname(f))

    def is_mostly_name(self, word: Word) -> bool:
        """The data alone says this word is a name ("erwan", "dubois", "julien")."""
        if self.is_blocked(word) or len(word.folded) < 3:
            return False
        f = self.facts(word)
        first, surname = self._first(f), self._surname(f)
        if first < 3.3 and surname < 2.5:
            return False
        limit = 0.35 if f.is_lexicon else 0.9
        if f.is_place and first < 4.0:
            return False
        return self.excess(f) < limit

    def is_maybe_name(self, word: Word) -> bool:
        """A name in the data, even if also an ordinary word ("pierre", "rose", "martin")."""
        if self.is_blocked(word) or len(word.folded) < 2:
            return False
        f = self.facts(word)
        return self._first(f) >= 3.0 or self._surname(f) >= 2.6

    def is_unknown(self, word: Word) -> bool:
        """No lexicon knows it as an ordinary word (a rare name, a company, a brand)."""
        if self.is_blocked(word) or len(word.folded) < 3:
            return False
        f = self.facts(word)
        if f.is_place or f.is_eponym:
            return False
        if f.is_lexicon and self._zipf(f) >= 2.5:
            return False
        return self._zipf(f) < 2.8 and f.en < 3.8

    def is_ordinary(self, word: Word) -> bool:
        """An everyday word of the language (or of English), whatever names it may also be."""
        f = self.facts(word)
        return self.excess(f) >= 0.9 and (self._zipf(f) >= 3.0 or f.en >= 4.0 or f.is_lexicon)

    # ------------------------------------------------------------ detection

    def detect(self, text: str) -> list[Hit]:
        words = split_words(text)
        clean = self._suppressed(words, text)
        hits: list[Hit] = []
        hits.extend(self._clients(text))
        orgs, org_words = self._organizations(words, text)
        hits.extend(orgs)
        hits.extend(self._spaced(text))
        taken = clean | org_words
        hits.extend(self._people(words, text, taken))
        hits.extend(self._org_cues(words, text, taken))
        return hits

    def _clients(self, text: str) -> Iterator[Hit]:
        if self._client_re is None:
            return
        for match in self._client_re.finditer(fold(text)):
            yield Hit(match.start(), match.end(), "organization")

    def _spaced(self, text: str) -> Iterator[Hit]:
        """ "M a r t i n e", "M.a.r.t.i.n.e": letters spaced out to hide a name."""
        for match in _SPACED_RE.finditer(text):
            letters = "".join(c for c in match.group(0) if c.isalpha())
            if len(letters) < 4:
                continue
            end = match.end()
            f = self._k.facts(letters)
            if self._first(f) >= 2.5 or self._surname(f) >= 2.5 or not self._k.facts(letters).is_known:
                yield Hit(match.start(), end, "person")

    def _suppressed(self, words: list[Word], text: str) -> set[int]:
        """Indexes of words that are a model's name or a cited author ("loi de Pareto")."""
        k = self._k
        out: set[int] = set()
        count = len(words)
        for i, word in enumerate(words):
            # comme dit Simon Sinek / as Brené Brown says
            if i + 1 < count and f"{word.folded} {words[i + 1].folded}" in k.authors:
                out.update((i, i + 1))
                continue
            if word.folded in k.eponym_names or self.facts(word).is_eponym:
                near_model = any(words[j].folded in k.model_words for j in range(max(0, i - 4), i))
                f = self.facts(word)
                distinctive = self._first(f) < 3.0 and self._surname(f) < 2.6
                cited = i > 0 and words[i - 1].folded in _CITE
                if near_model or distinctive or cited:
                    out.add(i)
                    # "Kübler-Ross", "Hersey et Blanchard": the partner name too
                    if i + 2 < count and words[i + 1].folded in ("et", "and") and (
                        words[i + 2].folded in k.eponym_names
                    ):
                        out.add(i + 2)
            # matrice BCG, modèle de Tuckman: a capitalised word right after a model word
            if word.folded in k.model_words and i + 1 < count:
                j = i + 1
                while j < count and words[j].folded in ("de", "d", "du", "des", "of", "the") and j - i <= 2:
                    j += 1
                if j < count and words[j].is_capitalised and words[j].folded in k.eponym_names:
                    out.add(j)
        return out

    def _organizations(self, words: list[Word], text: str) -> tuple[list[Hit], set[int]]:
        """Known organizations, longest match first; ordinary-word names need a capital or a cue."""
        orgs = self._k.organizations
        hits: list[Hit] = []
        used: set[int] = set()
        i = 0
        count = len(words)
        while i < count:
            if words[i].folded not in orgs.firsts:
                i += 1
                continue
            matched = 0
            for size in range(min(orgs.longest, count - i), 0, -1):
                span = words[i : i + size]
                if any(not _joined(text, a, b, "&-.") for a, b in zip(span, span[1:], strict=False)):
                    continue
                key = tuple(w.folded for w in span)
                if key not in orgs.phrases:
                    continue
                if orgs.phrases[key] and not self._org_word_counts(words, i, size):
                    continue
                matched = size
                break
            if matched:
                hits.append(Hit(words[i].start, words[i + matched - 1].end, "organization"))
                used.update(range(i, i + matched))
                i += matched
            else:
                i += 1
        return hits, used

    def _org_word_counts(self, words: list[Word], i: int, size: int) -> bool:
        """An organization named by an ordinary word ("Orange", "Free"): capitalised inside
        a sentence, or announced ("chez orange", "bosse pour free")."""
        first = words[i]
        prev = words[i - 1] if i > 0 else None
        if prev is not None and (prev.folded in _ORG_CUES or prev.folded in _EMPLOYER_VERBS):
            return True
        if prev is not None and prev.folded in _AT_LINKS and first.is_capitalised:
            return True
        return first.is_capitalised and not first.is_initial and not first.is_all_caps or (
            first.is_all_caps and len(first.folded) >= 3 and size == 1 and prev is not None
        )

    def _people(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        count = len(words)
        person = [False] * count
        for i, word in enumerate(words):
            if i in taken:
                continue
            person[i] = self._is_person_here(words, i, text, taken)
        # Lists: "julien, pierre et marc" — a name's neighbours that are names too.
        changed = True
        while changed:
            changed = False
            for i in range(count):
                if not person[i]:
                    continue
                for j in (i - 1, i + 1):
                    if 0 <= j < count and not person[j] and j not in taken:
                        left, right = (words[j], words[i]) if j < i else (words[i], words[j])
                        gap = _gap(text, left, right)
                        if _LIST_JOINS.match(gap) and self.is_maybe_name(words[j]):
                            person[j] = True
                            changed = True
        i = 0
        while i < count:
            if not person[i]:
                i += 1
                continue
            stop = i + 1
            # Martine Dubois, martine dubois, J.-P. Martin
            while stop < count and stop not in taken and _gap(text, words[stop - 1], words[stop]) in (" ", "\u00a0"):
                nxt = words[stop]
                if person[stop]:
                    stop += 1
                    continue
                if self.is_blocked(nxt) or nxt.folded in _LEGAL:
                    break
                if nxt.is_capitalised and not self.is_ordinary(nxt):
                    stop += 1
                    continue
                if not nxt.is_capitalised and self.is_mostly_name(nxt):
                    stop += 1
                    continue
                if not nxt.is_capitalised and words[i].is_capitalised is False and self._is_surname_like(nxt):
                    stop += 1
                    continue
                break
            kind = "person"
            yield Hit(words[i].start, words[stop - 1].end, kind)
            i = stop

    def _is_surname_like(self, word: Word) -> bool:
        f = self.facts(word)
        return self._surname(f) >= 2.0 and self.excess(f) < 0.6

    def _is_person_here(self, words: list[Word], i: int, text: str, taken: set[int]) -> bool:
        word = words[i]
        prev = words[i - 1] if i > 0 else None
        linked = prev is not None and _joined(text, prev, word, ".")
        if self.is_blocked(word):
            return False
        if word.is_initials:
            # J.-P., A.-S.: initials standing for a person, not an acronym like "R.H."
            return "-" in word.text or (prev is not None and prev.folded in _TITLES)
        f = self.facts(word)
        # M. Durand, madame dubois, Mr smith: after a title anything but a function word
        if prev is not None and linked and prev.folded in _TITLES and (prev.is_capitalised or len(prev.folded) > 2):
            return not self.is_ordinary(word) or self.is_maybe_name(word) or word.is_capitalised
        # mon collègue pierre, ma manager Zoé, my teammate josh
        role = self._role_before(words, i, text)
        if role and (self.is_maybe_name(word) or self.is_unknown(word) or (word.is_capitalised and not self.is_ordinary(word))):
            return True
        if prev is not None and linked and prev.folded in _PERSON_LINKS and self.is_maybe_name(word):
            f_first = self._first(f)
            if f_first >= 3.5 and (word.is_capitalised or self.excess(f) < 1.2):
                if not (f.is_place and prev.folded in _PLACE_LINKS and word.is_capitalised and f_first < 4.5):
                    return True
        if word.is_all_caps:
            if len(word.folded) < 4 or word.folded in self._k.eponym_names:
                return False
            return self.is_mostly_name(word) and self.name_strength(word) >= 3.0
        if word.is_capitalised and not word.is_initial:
            if word.folded in _FEASTS:
                return prev is None or prev.folded not in _FEAST_CONTEXT
            if f.is_place and (prev is None or prev.folded in _PLACE_LINKS or self._first(f) < 4.0):
                return self._first(f) >= 4.0 and prev is not None and prev.folded not in _PLACE_LINKS
            if self.is_maybe_name(word) and self.excess(f) < 1.0:
                return True
            if self.is_unknown(word):
                return True
            return self.is_mostly_name(word)
        if word.is_capitalised and word.is_initial:
            nxt = words[i + 1] if i + 1 < len(words) else None
            if nxt is not None and _gap(text, word, nxt) == " " and nxt.is_capitalised and not nxt.is_all_caps:
                if self.is_maybe_name(word) and (self.is_maybe_name(nxt) or self.is_unknown(nxt)):
                    return True
            if self.is_mostly_name(word):
                return True
            return self._first(f) >= 4.5 and self.excess(f) < 1.0 and not f.is_place
        # lower case: only what the data says is mostly a name
        return self.is_mostly_name(word)

    def _role_before(self, words: list[Word], i: int, text: str) -> bool:
        """Whether a role word ("collègue", "manager", "N+1") announces words[i]."""
        j = i - 1
        steps = 0
        while j >= 0 and steps < 3:
            w = words[j]
            if not _joined(text, w, words[j + 1]):
                return False
            if w.folded in self._roles:
                return True
            if w.folded in _QUALIFIERS:
                j -= 1
                steps += 1
                continue
            return False
        return False

    def _org_cues(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        """chez Acme, la société Durand Conseil, ets Martin, Martin & fils, Durand SARL."""
        count = len(words)
        for i, word in enumerate(words):
            nxt = words[i + 1] if i + 1 < count else None
            if word.folded in _ORG_CUES and nxt is not None and i + 1 not in taken and _joined(text, word, nxt, "."):
                if self.is_blocked(nxt) or self.is_ordinary(nxt) and not nxt.is_capitalised:
                    continue
                if nxt.is_capitalised and self.facts(nxt).is_place and word.folded != "ets":
                    continue
                if nxt.is_capitalised or self.is_unknown(nxt) or self.is_maybe_name(nxt) or word.folded in ("ets", "etablissements", "ste"):
                    stop = i + 2
                    while stop < count and stop - i <= 3 and _joined(text, words[stop - 1], words[stop], "&") and (
                        words[stop].is_capitalised or words[stop].folded in _LEGAL or words[stop].folded in ("fils", "freres")
                    ) and not self.is_blocked(words[stop]):
                        stop += 1
                    start = nxt.start if word.folded not in ("ets", "etablissements", "ste") else word.start
                    yield Hit(start, words[stop - 1].end, "organization")
            # Durand SARL, Martin & fils, Acme GmbH
            if word.folded in _LEGAL and i > 0 and (not word.text.islower() or word.folded in ("fils", "freres", "sarl", "sas")):
                j = i
                while (
                    j > 0
                    and i - j < 4
                    and words[j - 1].end >= words[j].start - 3
                    and not self.is_blocked(words[j - 1])
                    and (words[j - 1].is_capitalised or words[j - 1].folded in ("et",) or self.is_maybe_name(words[j - 1]) or self.is_unknown(words[j - 1]))
                ):
                    j -= 1
                    if words[j].folded == "et" or "&" in _gap(text, words[j], words[j + 1]):
                        continue
                if j < i:
                    end = word.end + (1 if text[word.end : word.end + 1] == "." and word.folded in ("inc", "ltd", "corp", "co") else 0)
                    yield Hit(words[j].start, end, "organization")
