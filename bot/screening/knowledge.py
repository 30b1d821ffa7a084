"""What screening knows about words, from real data rather than guesses.

`lexicon.bin` (built by benchmarks/screening/build_knowledge.py; sources and licences in
lexicon.json and data/NOTICE.md) gives, for about 700 000 words folded to lower case
without accents: their frequency in French and English text (wordfreq), how often they
are a first name or a surname in France (INSEE, SIRENE) and in the United States (Census
1990), and whether they are an ordinary French word, a place or a model's name. The
small text files beside it list well-known organizations, eponymous models and cited
authors, and places.

From frequencies alone a word's "name share" follows: a first name given N times is seen
in text about as often as 10**(offset) x N; what the text frequency adds beyond that is the
word's ordinary use. "erwan" is a name; "pierre" is as much the stone as the man; "rose"
is mostly the flower.

Loading is lazy and compact: the table is read into typed arrays (about 11 bytes per word)
on first use, looked up by bisection; no Python object per word is kept.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from bot.screening.lexicon import fold

DATA_DIR = Path(__file__).resolve().parent / "data"
FIELDS: tuple[str, ...] = (
    "fr",
    "en",
    "first_fr",
    "surname_fr",
    "first_en",
    "surname_en",
    "flags",
    "first_intl",
)
FLAG_LEXICON = 1
FLAG_PLACE = 2
FLAG_LEXICON_EN = 4
FLAG_EPONYM = 8
FLAG_COMMUNE = 16
_MAGIC = b"CADRELEX1"


def key_of(word: str) -> int:
    """The table key of a word: 64-bit BLAKE2b of its folded form."""
    return int.from_bytes(hashlib.blake2b(fold(word).encode("utf-8"), digest_size=8).digest(), "little")


def read_list(name: str) -> list[str]:
    """Non-comment lines of a data file, stripped."""
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def read_sections(name: str) -> dict[str, list[str]]:
    """A data file split by `[section]` headers; words or ` | `-separated lines in each."""
    sections: dict[str, list[str]] = {}
    current = ""
    for line in read_list(name):
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections[current] = []
        elif "|" in line or current in ("authors", "phrases"):
            sections[current].extend(p.strip() for p in line.split("|") if p.strip())
        else:
            sections[current].extend(line.split())
    return sections


@dataclass(frozen=True)
class WordFacts:
    """What the data says about one word (zipf frequencies; name counts as log10)."""

    fr: float
    en: float
    first_fr: float
    surname_fr: float
    first_en: float
    surname_en: float
    is_lexicon: bool
    is_place: bool
    is_eponym: bool
    first_intl: int = 0
    is_lexicon_en: bool = False
    is_commune: bool = False

    @property
    def is_known(self) -> bool:
        return self.fr > 0 or self.en > 0 or self.first_fr > 0 or self.surname_fr > 0


UNKNOWN = WordFacts(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, False, False, False)
_PLACE = WordFacts(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, False, True, False)


class Knowledge:
    """The word table, the organization, eponym and place lists, loaded once."""

    def __init__(self, path: Path = DATA_DIR / "lexicon.bin") -> None:
        manifest = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        with path.open("rb") as handle:
            if handle.read(len(_MAGIC)) != _MAGIC:
                raise ValueError(f"{path.name} is not a screening lexicon")
            count = int.from_bytes(handle.read(8), "little")
            self._keys = array("Q")
            self._keys.fromfile(handle, count)
            self._columns: list[array[int]] = []
            for _ in FIELDS:
                column = array("B")
                column.fromfile(handle, count)
                self._columns.append(column)
        self.calibration: dict[str, float] = dict(manifest["calibration"])
        self.organizations = _organizations()
        sections = read_sections("eponyms.txt")
        self.model_words = frozenset(fold(w) for w in sections["models"])
        self.eponym_names = frozenset(fold(w) for w in sections["names"])
        self.authors = frozenset(fold(a) for a in sections["authors"])
        # single words only; short ones ("la" of "la Palice", "don" of "don Quichotte")
        # would hide ordinary words
        # public holidays named alone or whole ("Juneteenth", "Rizal Day"): build_feasts.py
        feasts = read_sections("feasts.txt")
        self.idioms = frozenset(fold(w) for w in sections["idioms"] + feasts["idioms"] if len(w) >= 4)
        # idioms of several words, by their first word: ("rob", "peter", "to", "pay", "paul")
        phrases: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sections.get("phrases", []) + feasts["phrases"]:
            words = tuple(split_folded(phrase))
            if words:
                phrases.setdefault(words[0], []).append(words)
        self.idiom_phrases = {first: sorted(p, key=len, reverse=True) for first, p in phrases.items()}
        # towns and regions abroad that are no common name (build_places.py)
        # (and places.txt, read here too so an entry added there counts before a rebuild)
        self.world_places = frozenset(read_list("world_places.txt")) | frozenset(
            fold(p) for p in read_list("places.txt")
        )
        # the short forms of French communes of several parts ("Ivry", "Vélizy"): places
        # after "à", "de", "vers"… (build_short_towns.py); elsewhere the context decides
        # villages and suburbs at home and abroad that no other list holds and that are no
        # name nor word ("Rosebank", "Nouméa"): places where the text says so (build_places.py)
        self.localities = frozenset(read_list("localities.txt"))
        self.short_towns = frozenset(read_list("commune_short_forms.txt"))
        # towns whose name is also a name or a word ("Stafford", "Preston"): places only where
        # the text says so (build_places.py)
        self.name_towns = frozenset(read_list("name_towns.txt"))
        # towns and regions of any country that no name file holds at all ("Ghazni",
        # "Elbasan"): places where the text says so, and a subject that does what a place
        # does ("Elbasan was lovely"), never after an employer's cue (build_places.py)
        self.far_places = frozenset(read_list("far_places.txt"))
        # large cities and states of one word that world_places.txt leaves out for a rare
        # surname or a French word ("Durban", "Accra"): places in English text
        # (build_cities_en.py)
        self.cities_en = frozenset(read_list("cities_en.txt"))
        # public bodies by their abbreviation or one-word name ("IRS", "Centrelink"): no one
        bodies = read_sections("public_bodies.txt")
        self.public_acronyms = frozenset(fold(w) for w in bodies["acronyms"] if len(w) >= 3)
        self.public_names = frozenset(fold(w) for w in bodies["names"])
        # English short forms of first names ("kev", "nate") with the strength of their full
        # name, lowered: a first name like the census ones (build_nicknames.py)
        self.nicknames_en = {
            parts[0]: float(parts[1]) for parts in (line.split() for line in read_list("nicknames_en.txt"))
        }
        self._lookup = lru_cache(maxsize=65536)(self._facts)
        self._typo = lru_cache(maxsize=4096)(self._is_typo_of_word)

    def is_cued_town(self, folded: str) -> bool:
        """A town or village that is a place only where the text says so ("in Stafford",
        "based in Rosebank"): a town named like a person or a word, or a locality."""
        return folded in self.name_towns or folded in self.localities or folded in self.far_places

    def is_short_town(self, folded: str) -> bool:
        """A place after "à", "de", "vers"…: a commune's short form ("Ivry") or a locality."""
        return folded in self.short_towns or folded in self.localities or folded in self.far_places

    def facts(self, word: str) -> WordFacts:
        return self._lookup(fold(word))

    def folded_facts(self, folded: str) -> WordFacts:
        """`facts` of a word folded already (a detector's `Word.folded`, words of them joined):
        folding is most of a lookup's cost, and folding twice changes nothing."""
        return self._lookup(folded)

    def _facts(self, folded: str) -> WordFacts:
        key = int.from_bytes(hashlib.blake2b(folded.encode("utf-8"), digest_size=8).digest(), "little")
        index = bisect_left(self._keys, key)
        if index >= len(self._keys) or self._keys[index] != key:
            if folded in self.nicknames_en:
                return replace(UNKNOWN, first_en=self.nicknames_en[folded])
            return _PLACE if folded in self.world_places else UNKNOWN
        fr, en, first_fr, surname_fr, first_en, surname_en, flags, intl = (c[index] for c in self._columns)
        short_form = self.nicknames_en.get(folded)
        if short_form is not None:
            first_en = max(first_en, round(short_form * 20))
        if folded in self.world_places:
            flags |= FLAG_PLACE
        if folded in self.eponym_names:
            flags |= FLAG_EPONYM
        return WordFacts(
            fr / 10,
            en / 10,
            first_fr / 20,
            surname_fr / 20,
            first_en / 20,
            surname_en / 20,
            bool(flags & FLAG_LEXICON),
            bool(flags & (FLAG_PLACE | FLAG_COMMUNE)),
            bool(flags & FLAG_EPONYM),
            intl,
            bool(flags & FLAG_LEXICON_EN),
            bool(flags & FLAG_COMMUNE) and not flags & FLAG_PLACE,
        )

    def is_typo_of_word(self, folded: str, lang: str, min_zipf: float = 3.5) -> bool:
        """Whether one edit turns `folded` into a frequent word of `lang` (cached)."""
        return self._typo(folded, lang, min_zipf)

    def _is_typo_of_word(self, folded: str, lang: str, min_zipf: float) -> bool:
        """Whether one edit (a letter dropped, added, changed or two swapped) turns `folded`
        into a frequent dictionary word of `lang` ("wrking" -> "working", "persone" ->
        "personne"). Each edit is looked up without the word cache: rare words only."""
        letters = "abcdefghijklmnopqrstuvwxyz"
        splits = [(folded[:i], folded[i:]) for i in range(len(folded) + 1)]

        def candidates() -> Iterator[str]:  # the likeliest edits first
            yield from (a + b[1:] for a, b in splits if b)
            yield from (a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
            yield from (a + c + b[1:] for a, b in splits if b for c in letters)
            yield from (a + c + b for a, b in splits for c in letters)

        for candidate in candidates():
            if candidate == folded:
                continue
            f = self._facts(candidate)
            zipf = f.fr if lang == "fr" else f.en
            lexicon = f.is_lexicon if lang == "fr" else f.is_lexicon_en
            if lexicon and zipf >= min_zipf:
                return True
            # a long word may miss one the dictionary holds only capitalised ("wendesday"):
            # frequent enough, and no name
            named = max(f.first_fr, f.first_en, f.surname_en) >= 2.5
            if len(folded) >= 8 and zipf >= max(min_zipf, 3.5) and not named:
                return True
        return False

    def name_zipf(self, facts: WordFacts, lang: str) -> float:
        """How frequent the word would be in text if it were only a name (zipf scale)."""
        total = 0.0
        for field in (f"first_{lang}", f"surname_{lang}"):
            value = getattr(facts, field)
            if value > 0:
                total += 10 ** (self.calibration[field] + value)
        return math.log10(total) if total > 0 else 0.0

    def ordinary_excess(self, facts: WordFacts, lang: str) -> float:
        """Text frequency beyond the name use, in zipf units (> 0.3: mostly an ordinary word)."""
        zipf = facts.fr if lang == "fr" else facts.en
        expected = self.name_zipf(facts, lang)
        if expected == 0.0:
            return 9.0 if zipf > 0 else 0.0
        return zipf - expected


@dataclass(frozen=True)
class Organizations:
    """Known organizations: folded word sequences, and which are also ordinary words."""

    phrases: dict[tuple[str, ...], str]  # "plain", "ordinary" (also a word), "tool" (also software)
    longest: int
    firsts: frozenset[str]
    # the lengths of the names opening with each first word, longest first: a match tries
    # only those ("la" opens names of 2 to 6 words, "tesco" of 1 and 2)
    sizes: dict[str, tuple[int, ...]]


def _organizations() -> Organizations:
    phrases: dict[tuple[str, ...], str] = {}
    # the brands first, then the stock indices' members, so the hand-kept list's markers win
    # (brands.txt: build_brands.py; companies.txt: build_companies.py)
    for line in read_list("brands.txt") + read_list("companies.txt") + read_list("organizations.txt"):
        for name in line.split("|"):
            name = name.strip()
            marker = {"~": "ordinary", "^": "tool"}.get(name[:1], "plain")
            words = tuple(split_folded(name.lstrip("~^")))
            if words:
                phrases[words] = marker
    lengths: dict[str, set[int]] = {}
    for words in phrases:
        lengths.setdefault(words[0], set()).add(len(words))
    sizes = {first: tuple(sorted(n, reverse=True)) for first, n in lengths.items()}
    return Organizations(phrases, max(len(p) for p in phrases), frozenset(sizes), sizes)


def split_folded(text: str) -> list[str]:
    """Folded words of a short phrase, as the name detector splits them."""
    import re

    return [m.group(0) for m in re.finditer(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+", fold(text))]


_LOCK = threading.Lock()
_LOADED: list[Knowledge] = []


def knowledge() -> Knowledge:
    """The process-wide table (thread-safe, loaded on first use)."""
    with _LOCK:
        if not _LOADED:
            _LOADED.append(Knowledge())
        return _LOADED[0]


def is_loaded() -> bool:
    return bool(_LOADED)
