"""What the data says about one word, before any context is read.

The screening lexicon (`knowledge`) holds, for each folded word, how often it is a
first name or a surname in France, Britain and elsewhere, how frequent it is in
ordinary French and English text, and whether it is a place, a model's name, a company
or a dictionary word. Every rule family asks the same questions of it ("mostly a
name?", "ordinary word?", "unknown to every list?"), so they are answered here, once,
for the detector's language.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace

from bot.screening.knowledge import Knowledge, WordFacts, knowledge
from bot.screening.lexicon import (
    ACRONYMS,
    DAYS,
    DEFAULT_ALLOW_WORDS,
    ENGLISH_CALENDAR,
    ENGLISH_ROLE_WORDS,
    ENGLISH_STOP_WORDS,
    ENGLISH_TITLES,
    MONTHS,
    NUMBER_WORDS,
    ROLE_WORDS,
    SENTENCE_WORDS,
    fold,
    folded_set,
    word_set,
)
from bot.screening.name_cues import _NAME_ENDS, _PARTICLES, _STOPS, _TITLES
from bot.screening.name_words import Word, _too_short

_ROLES_FR = folded_set(ROLE_WORDS)
_ROLES_EN = folded_set(ENGLISH_ROLE_WORDS)

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
_CALENDAR_EN = folded_set(ENGLISH_CALENDAR)
# What English itself never takes for a name (its stop words, calendar, roles, titles): the
# rest of _NEVER is French, a word only in French text
_NEVER_IN_ENGLISH = (
    folded_set(ENGLISH_STOP_WORDS) | _CALENDAR_EN | _ROLES_EN | folded_set(ENGLISH_TITLES) | _PARTICLES
)
_ACRONYMS = folded_set(ACRONYMS)

# After these, a word that is a name of either kind is taken as one ("avec pierre").
_PERSON_LINKS = folded_set(word_set("avec à a pour par de chez contre et with to by for from and"))

# Letters of Latin alphabets that French spelling never uses (Turkish, Polish, Romanian,
# Hungarian, Vietnamese, Portuguese, Spanish, Nordic, German): "ş", "ł", "ț", "ő", "ả", "ã"
_FOREIGN_LETTERS = frozenset("şğıłżźśćńąęțșőűđươãõñåøäöüßảạấầẩẫậắằẳẵặẻẽẹếềểễệỉĩịỏọốồổỗộớờởỡợủũụứừửữựỳỷỹỵ")
# Prefixes that make English words of English words ("micromanagement")
_PREFIXES = ("micro", "macro", "multi", "over", "under", "inter", "cross", "hyper", "super", "counter")
# English derivations the spelling lists hold only in part: a field's practitioner
# ("oncologist" of "oncology", "ergonomist" of "ergonomics"), a verb's "-ing" or "-ed"
# ("rostering"), with a prefix ("reskilling", "upskilling")
_SUFFIX_SWAPS = (
    ("ologists", "ology"),
    ("ologist", "ology"),
    ("ographers", "ography"),
    ("ographer", "ography"),
    ("icians", "ics"),
    ("ician", "ics"),
    ("ists", "y"),
    ("ist", "y"),
    ("ist", "ics"),
    ("ist", "ism"),
    ("eons", "ery"),
    ("eon", "ery"),
)
# a verb's forms, and the suffixes that make an abstract noun of a noun or an adjective
# ("Mentorship" of "mentor", "Tiredness" of "tired"): no name file holds such words
_INFLECTIONS = ("ings", "ing", "ed", "ships", "ship", "hood", "ness")
_DERIVING_PREFIXES = (
    *_PREFIXES,
    *("re", "up", "co", "pre", "non", "out", "sub", "mis", "self"),
)


class WordJudge:
    """The detector's state (language, the coach's lists) and the word-level verdicts
    every rule family builds on."""

    def __init__(
        self,
        client_names: Sequence[str] = (),
        allow_words: Sequence[str] = (),
        locale: str = "fr",
    ) -> None:
        self._lang = "en" if locale.startswith("en") else "fr"
        self._roles = _ROLES_EN | _ROLES_FR if self._lang == "en" else _ROLES_FR
        self._never = _NEVER | _CALENDAR_EN if self._lang == "en" else _NEVER
        # French titles ("Me", "M") are words in English; English ones are used in French
        self._titles = folded_set(ENGLISH_TITLES) if self._lang == "en" else _TITLES
        # in English "a" is the article ("a STAR answer", "a arvo"), not a typed "à"
        self._person_links = _PERSON_LINKS - {"a"} if self._lang == "en" else _PERSON_LINKS
        self._knowledge: Knowledge | None = None  # the process-wide table, once looked up
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
        if self._knowledge is None:
            self._knowledge = knowledge()
        return self._knowledge

    def facts(self, word: Word) -> WordFacts:
        found = self._k.folded_facts(word.folded)
        city = self._lang == "en" and word.folded in self._k.cities_en
        if self._lang == "en" and (found.is_commune or (city and not found.is_place)):
            # a French village is no place in English text; a large city is ("Durban", "Accra")
            found = replace(found, is_place=city)
        if "'" in word.folded and not (found.first_en or found.surname_en):
            found = self._without_apostrophe(word.folded, found)
        if "-" not in word.folded or found.first_fr or found.surname_fr or found.first_en:
            return found
        pieces = word.folded.split("-")
        head = self._k.folded_facts(pieces[0])
        if (
            len(pieces) == 2
            and max(head.first_fr, head.first_en) >= 4.5
            and 2 <= len(pieces[1]) <= 4
            and pieces[1] not in _STOPS
            and pieces[1] not in _NEVER
            and pieces[1] not in ("ci", "la", "là")  # "Celle-ci", "celui-là"
            and not found.is_lexicon
            and not (self._lang == "en" and self._k.folded_facts(pieces[1]).is_lexicon_en)  # "joy-free"
        ):
            # "jean-mi", "yann-ber", "marie-jo": a first name and a short second one
            return replace(found, first_fr=head.first_fr, first_en=head.first_en, is_lexicon=False)
        if not word.is_capitalised and any(
            self._k.folded_facts(p).is_lexicon
            or (self._lang == "en" and self._k.folded_facts(p).is_lexicon_en)
            for p in word.folded.split("-")
        ):
            return found  # "court-circuite", "joy-free": ordinary words joined, not a compound name
        # "Élisabeth-Éléonore", "torres-chevallier": a compound of first names or of
        # surnames is one too, though no file counts it
        pieces = word.folded.split("-")
        if len(pieces) < 2 or any(len(p) < 3 or p in _STOPS or p in _PARTICLES for p in pieces):
            return found
        parts = [self._k.folded_facts(p) for p in pieces]
        first = min(max(p.first_fr, p.first_en) for p in parts)
        surname = min(max(p.surname_fr, p.surname_en) for p in parts)
        if first < 3.0 and surname < 2.3:
            return found
        return replace(
            found,
            first_fr=first if first >= 3.0 else 0.0,
            first_en=first if first >= 3.0 else 0.0,
            surname_fr=surname if surname >= 2.3 else 0.0,
            surname_en=surname if surname >= 2.3 else 0.0,
            is_lexicon=False,
            is_lexicon_en=False,
            is_place=found.is_place,
        )

    def _without_apostrophe(self, folded: str, found: WordFacts) -> WordFacts:
        """ "O'Brien", "D'Souza", "O'Neill": the name files spell them without the apostrophe
        ("obrien"), the frequency lists with it; the name counts come from the first."""
        joined = self._k.folded_facts(folded.replace("'", ""))
        if not (joined.first_en or joined.surname_en or joined.first_fr or joined.surname_fr):
            return found
        return replace(
            found,
            first_fr=max(found.first_fr, joined.first_fr),
            surname_fr=max(found.surname_fr, joined.surname_fr),
            first_en=joined.first_en,
            surname_en=joined.surname_en,
        )

    def is_town(self, name: str) -> bool:
        """Whether the data knows `name` ("Galway", "Aix-en-Provence", the suburb "Rosebank")
        as a place; the towns and villages that are places only where the text says so
        count too: an address's line says so."""
        folded = fold(name)
        if self._k.facts(folded).is_place or self._k.is_cued_town(folded):
            return True
        hyphenated = _hyphenated_commune(folded)
        return hyphenated is not None and (
            self._k.facts(hyphenated).is_place or self._k.is_cued_town(hyphenated)
        )

    def _zipf(self, f: WordFacts) -> float:
        """Frequency in the text's language (zipf)."""
        return f.fr if self._lang == "fr" else f.en

    def _is_lexicon(self, f: WordFacts) -> bool:
        """An ordinary word of the text's language per a dictionary (French) or frequency."""
        return f.is_lexicon if self._lang == "fr" else f.is_lexicon_en

    def _first(self, f: WordFacts) -> float:
        """First-name frequency, as log10 of a count of people."""
        intl = 1.2 + 0.3 * f.first_intl if f.first_intl else 0.0
        if self._lang == "fr":
            return max(f.first_fr, min(intl, 3.2))
        return max(f.first_en, f.first_fr - 0.5, min(intl, 4.0))

    def _surname(self, f: WordFacts) -> float:
        return f.surname_fr if self._lang == "fr" else max(f.surname_en, f.surname_fr - 0.5)

    def excess(self, f: WordFacts) -> float:
        """Ordinary use beyond the name use, in zipf units: > 0.3 mostly an ordinary word."""
        cal = self._k.calibration
        lang = self._lang
        total = 0.0
        first, surname = self._first(f), self._surname(f)
        if first > 0:
            total += 10 ** (cal[f"first_{lang}"] + first)
        if surname > 0:
            total += 10 ** (cal[f"surname_{lang}"] + surname)
        zipf = self._zipf(f)
        own = (zipf - math.log10(total)) if total > 0 else (9.0 if zipf > 0 else 0.0)
        if lang == "fr" and f.en >= 4.5 and not f.is_lexicon:
            # an English word in a French message ("meeting", "will")
            own = max(own, f.en - 3.5 - max(0.0, f.first_en - 4.5))
        return own

    def is_blocked(self, word: Word) -> bool:
        """Never part of a name whatever the context: function words, days, titles, roles."""
        return (
            (word.folded in self._never and not self._is_english_name_of_french_word(word))
            or word.folded in self._allow
            or len(word.folded) < 2
            or ("-" in word.folded and word.folded.rsplit("-", 1)[1] in _STOPS)
            or ("-" in word.folded and word.folded.rsplit("-", 1)[1] in ("ci", "la", "meme"))  # celle-ci
            # an imperative and its pronoun ("Racontez-moi", "Dis-toi"): a verb, never a name
            or ("-" in word.folded and word.folded.rsplit("-", 1)[1] in ("moi", "toi"))
            or ("-" in word.folded and all(p in self._never for p in word.folded.split("-")))
            # a public body ("IRS told me to wait", "Centrelink called"): no one
            or (word.is_all_caps and word.folded in self._k.public_acronyms)
            or word.folded in self._k.public_names
        )

    def _is_english_name_of_french_word(self, word: Word) -> bool:
        """In English text, a capitalised French function word, month or role that is a
        common English first name and no English word ("Mai" not "mai", "Deja" not "déjà",
        "Mari", "Mel"): the name, not the French word, since the message is not French."""
        if self._lang != "en" or not word.is_capitalised or word.is_all_caps or len(word.folded) < 3:
            return False
        if word.folded in _NEVER_IN_ENGLISH:
            return False
        f = self._k.folded_facts(word.folded)
        return f.first_en >= 3.0 and not f.is_lexicon_en

    def name_strength(self, word: Word) -> float:
        f = self.facts(word)
        return max(self._first(f), self._surname(f))

    def is_mostly_name(self, word: Word) -> bool:
        """The data alone says this word is a name ("erwan", "dubois", "julien")."""
        if self.is_blocked(word) or len(word.folded) < 3:
            return False
        f = self.facts(word)
        first, surname = self._first(f), self._surname(f)
        if first < 2.7 and surname < 2.5:
            return False
        if first < 3.3 and surname < 2.5 and (self._is_lexicon(f) or self._zipf(f) >= 3.2):
            return False
        if f.is_place and first < 4.0 and surname < 3.0:
            return False
        if word.is_capitalised and self._is_famous_place(word, f):
            # "Madrid", "Sydney", "India": text names the place ten times as often as the
            # people of that name explain; a cue still makes it someone ("Sydney said")
            return False
        if (
            self._lang == "en"
            and not word.is_capitalised
            and (f.is_lexicon_en or (f.is_lexicon and f.fr >= 4.0))
        ):
            return False  # English writers capitalise names; a lower-case dictionary word is a word
        if (
            self._lang == "en"
            and not word.is_capitalised
            and f.first_en == 0
            and f.first_fr < 2.0
            and not f.first_intl
        ):
            return False  # only ever a surname: rarely typed alone in lower case ("noone", "loo")
        # English keeps names out of its dictionary's lower-case words, so a name outside it
        # may be frequent in text and still be a name ("oliver", "fiona")
        limit = 0.35 if self._is_lexicon(f) else 1.6 if self._lang == "en" else 0.9
        return self.excess(f) < limit

    def _is_famous_place(self, word: Word, f: WordFacts) -> bool:
        """A place (or a town named like people) whose text frequency is ten times what its
        name use explains ("Madrid", "Sydney", "India", "Adelaide"; not "Florence",
        "Jackson", "Austin"; not a dictionary word, whose frequency is the word's: "Ange")."""
        # a town named like people counts when text names it often (zipf 3.8: a few times in
        # a million words): "Adelaide", not the small town "Skye" of a colleague's name
        town = word.folded in self._k.name_towns and max(f.fr, f.en) >= 3.8
        return (f.is_place or town) and not (f.is_lexicon or f.is_lexicon_en) and self.excess(f) >= 1.0

    def is_maybe_name(self, word: Word) -> bool:
        """A name in the data, even if also an ordinary word ("pierre", "rose", "martin")."""
        if self.is_blocked(word) or len(word.folded) < 2:
            return False
        f = self.facts(word)
        return self._first(f) >= 2.9 or self._surname(f) >= 2.6

    def _is_cued_name(self, f: WordFacts) -> bool:
        """Enough of a name for a cue to make it one: in some name file, and if it is also
        a word of the text's language, a common first name ("Hope, our head…"; not
        "Coffee, my only friend" nor "Fine, my boss said")."""
        if not self._is_any_name(f):
            return False
        return (
            not (self._is_lexicon(f) or (f.is_lexicon_en and self._lang == "en"))
            or max(self._first(f), f.first_fr, f.first_en) >= 3.3
        )

    def _is_any_name(self, f: WordFacts) -> bool:
        """A name in some file, in either language ("Bill" in a French message)."""
        return max(f.first_fr, f.first_en, f.surname_fr, f.surname_en) >= 2.5 or f.first_intl >= 3

    def is_unknown(self, word: Word) -> bool:
        """No lexicon knows it as an ordinary word (a rare name, a company, a brand)."""
        if self.is_blocked(word) or _too_short(word):
            return False
        f = self.facts(word)
        if f.is_place or f.is_eponym:
            return False
        if not word.is_capitalised and any(
            self._k.facts(part).is_lexicon or self._k.facts(part).is_lexicon_en
            for part in word.folded.split("-")[: 2 if "-" in word.folded else 0]
        ):
            return False  # "court-circuite": ordinary words joined by a hyphen
        zipf = self._zipf(f)
        if self._lang == "en":
            if not word.is_capitalised and self._is_compound_word(word.folded, f):
                return False  # "offsite", "workstream": two everyday words run together
            if word.is_initial and self._is_prefixed_word(word.folded, f):
                return False  # "Micromanagement is…": a sentence's capital says nothing
            if self._is_derived_word(word.folded, f):
                return False  # "our Oncologist", "Reskilling is…": a word of a word
            return not f.is_lexicon_en and zipf < 3.4 and f.fr < 4.5
        if f.is_lexicon:
            return False
        return zipf < 3.4 and f.en < 3.8

    def _is_compound_word(self, folded: str, f: WordFacts) -> bool:
        """Two frequent English dictionary words run together, and no name: "offsite",
        "workstream", "headcount" (not "rosebank": a place; not "jackson": a name)."""
        if len(folded) < 6 or not folded.isalpha() or self._is_any_name(f) or f.first_intl:
            return False
        for cut in range(3, len(folded) - 2):
            head, tail = self._k.folded_facts(folded[:cut]), self._k.folded_facts(folded[cut:])
            if head.is_lexicon_en and tail.is_lexicon_en and min(head.en, tail.en) >= 4.0:
                return True
        return self._is_prefixed_word(folded, f)

    def _is_prefixed_word(self, folded: str, f: WordFacts) -> bool:
        """A prefix before a frequent English word, in a word English text uses and no file
        holds as a name ("micromanagement", "overcommunication"): the word lists hold few
        such derivations."""
        if len(folded) < 9 or f.en <= 0 or not folded.isalpha() or self._is_any_name(f) or f.first_intl:
            return False
        for prefix in _PREFIXES:
            if folded.startswith(prefix):
                tail = self._k.folded_facts(folded[len(prefix) :])
                if tail.is_lexicon_en and tail.en >= 4.0:
                    return True
        return False

    def _is_derived_word(self, folded: str, f: WordFacts) -> bool:
        """An English word the spelling lists leave out but derive from one they hold, and
        no file holds as a name: a field's practitioner ("Oncologist" of "oncology"), a verb's
        "-ing" or "-ed" ("Rostering"), an abstract noun ("Mentorship"), with a prefix too
        ("Reskilling", "Upskilling"). Not a plural, an agent in "-er" nor a prefix before a
        noun: small firms are named so ("Ecoclean", "Telecare", "Currys")."""
        if len(folded) < 7 or not folded.isalpha() or f.is_lexicon_en or f.is_place:
            return False
        if self._is_any_name(f) or f.first_intl:
            return False
        if any(self._is_english_base(c, 2.5) for c in _bases(folded)):
            return True
        for prefix in _DERIVING_PREFIXES:
            rest = folded[len(prefix) :]
            if (
                folded.startswith(prefix)
                and len(rest) >= 5
                and rest.endswith(("ing", "ed"))
                and any(self._is_english_base(c, 3.5) for c in _bases(rest))
            ):
                return True
        return False

    def _is_english_base(self, folded: str, min_zipf: float) -> bool:
        base = self._k.folded_facts(folded)
        return base.is_lexicon_en and base.en >= min_zipf

    def is_ordinary(self, word: Word) -> bool:
        """An everyday word of the language (or of English), whatever names it may also be."""
        f = self.facts(word)
        return self.excess(f) >= 0.9 and (self._zipf(f) >= 3.0 or f.en >= 4.0 or self._is_lexicon(f))

    def _is_acronym(self, word: Word) -> bool:
        """RH, PME, NPS: a common abbreviation (a known one, a dictionary word, or very
        frequent in text), not someone's initials ("JP", "MC" are frequent too)."""
        f = self.facts(word)
        return (
            word.folded in _ACRONYMS
            or word.folded in self._allow
            or self._is_lexicon(f)
            or f.is_place
            or max(f.fr, f.en) >= 4.3
        )

    def _is_town(self, word: Word) -> bool:
        return word.is_capitalised and (self.facts(word).is_place or self._k.is_cued_town(word.folded))

    def _is_bare_unknown(self, word: Word) -> bool:
        """A lower-case word that no dictionary, name file or place list holds, rare in
        text, and no typo of a frequent word: a firm's or a brand's name ("monzo")."""
        if word.is_capitalised or len(word.folded) < 4 or not word.folded.isalpha() or self.is_blocked(word):
            return False
        f = self.facts(word)
        # (in English text the French lemma table counts only for words frequent in French:
        # it holds English brands' plurals, "currys")
        french = f.is_lexicon and (self._lang == "fr" or f.fr >= 3.0)
        if french or f.is_lexicon_en or f.is_place or f.is_eponym:
            return False
        # a first name is the person detector's ("with priya"); a surname alone is a firm here
        if max(f.first_fr, f.first_en) >= 2.5 or f.first_intl:
            return False
        if max(f.fr, f.en) >= 3.0 or word.folded in self._k.idioms:
            return False
        if not any(c in "aeiouy" for c in word.folded):
            return False  # "tmrw", "bfr": shorthand, not a brand
        if self._lang == "en" and self._is_derived_word(word.folded, f):
            return False  # "still at rostering stage", "with reskilling": a verb's form
        return not self._k.is_typo_of_word(word.folded, self._lang, min_zipf=4.5)

    def _is_rare_word(self, word: Word) -> bool:
        """A dictionary word rarely written ("lupin"), listed after a firm: a firm too."""
        f = self.facts(word)
        return (
            len(word.folded) >= 4
            and not self.is_blocked(word)
            and max(f.fr, f.en) < 3.0
            and not f.is_place
            and max(f.first_fr, f.first_en) < 2.5
        )

    def _is_elided_word(self, word: Word, nxt: Word | None = None) -> bool:
        """ "jhabite", "jsuis", "jbosse": j (je) glued to a frequent French word; before a
        negation a verb opening with a vowel too ("jose pas", "jaime pas": j'ose, j'aime)."""
        folded = word.folded
        if len(folded) < 4 or folded[0] != "j" or word.is_capitalised:
            return False
        rest = self._k.folded_facts(folded[1:])
        if folded[1] in "aeiouy":
            return (
                nxt is not None
                and nxt.folded in ("pas", "plus", "jamais", "rien")
                and rest.is_lexicon
                and rest.fr >= 3.5
            )
        return len(folded) >= 5 and rest.is_lexicon and rest.fr >= 3.0

    def _is_plain_word(self, f: WordFacts) -> bool:
        """A lower-case part of a compound that is no first name ("centric", "based")."""
        return self._first(f) < 3.0 and self._surname(f) < 3.0

    def _is_plain_place(self, f: WordFacts) -> bool:
        """A place the name files hardly know: no common first name, no common surname (for
        a compound, "Saint-Étienne", the facts of the whole, not those of its parts)."""
        return f.is_place and self._first(f) < 3.0 and self._surname(f) < 3.0

    def _is_nameless(self, f: WordFacts) -> bool:
        """No name file holds it at all, in either language, and it is no known place or
        model: a capitalised word that can only be what its context says ("Vanoise")."""
        return (
            max(f.first_fr, f.first_en) < 2.0
            and max(f.surname_fr, f.surname_en) < 2.5  # (a few hundred people: noise in a surname file)
            and not f.first_intl
            and not f.is_place
            and not f.is_eponym
        )

    def _is_listed_first_name(self, word: Word) -> bool:
        """A common first name, whatever else it means ("holly", "mark", "dean")."""
        if self.is_blocked(word) or len(word.folded) < 3:
            return False
        f = self.facts(word)
        return self._first(f) >= 3.5 and not f.is_place and not f.is_eponym

    def _is_foreign_word(self, word: Word) -> bool:
        """A lower-case word of four letters or more that no lexicon or frequency list
        holds: in a message, most often a name from elsewhere ("vamakshi", "wojciech")."""
        if len(word.folded) < 4 or self.is_blocked(word) or not word.folded.isalpha():
            return False
        f = self.facts(word)
        if self._lang == "en" and self._is_derived_word(word.folded, f):
            return False  # "lumped with reskilling": a verb's form no list holds
        return max(f.fr, f.en) < 2.0 and not f.is_lexicon and not f.is_lexicon_en and not f.is_place

    def _is_plain_surname(self, word: Word) -> bool:
        if self.is_blocked(word) or word.folded in _NAME_ENDS or word.folded in _PARTICLES:
            return False
        f = self.facts(word)
        return self._surname(f) >= 2.3 and self.excess(f) < 2.5

    def _is_rare_surname(self, word: Word) -> bool:
        """A surname the files hold, however rarely, that no dictionary holds as a word and
        text seldom uses ("potvin", "desrosiers", "bédard"; a small commune's name too:
        "soucy"): after a first name in lower case, the rest of the person's name."""
        if len(word.folded) < 3 or self.is_blocked(word) or not word.folded.isalpha():
            return False
        f = self.facts(word)
        if f.is_lexicon or f.is_lexicon_en or f.is_eponym or max(f.fr, f.en) >= 3.5:
            return False
        if f.is_place and not (f.is_commune and f.fr < 3.0):
            return False
        # in English text, any census surname that text seldom uses ("okafor", "obi")
        english = self._lang == "en" and f.surname_en >= 2.0 and max(f.fr, f.en) < 3.0
        return f.surname_fr >= 1.0 or f.surname_en >= 3.0 or english

    def _is_name_not_word(self, word: Word) -> bool:
        """A word the name files hold, that no dictionary holds and text seldom uses, however
        few people bear it ("brahier", "azzouz", "debroux", "sezer"): where a person is
        expected, such a word is one, though alone it is too rare a name to be sure of."""
        if len(word.folded) < 4 or self.is_blocked(word) or not word.folded.isalpha():
            return False
        f = self.facts(word)
        if f.is_lexicon or f.is_lexicon_en or f.is_eponym or max(f.fr, f.en) >= 3.5:
            return False
        if f.is_place and not (f.is_commune and f.fr < 3.0 and f.surname_fr >= 2.0):
            return False
        if self._is_word_mistyped(word.folded):
            return False
        return f.surname_fr >= 1.3 or f.first_fr >= 2.0 or f.first_intl >= 2 or f.surname_en >= 3.5

    def _is_name_after_role(self, word: Word) -> bool:
        """After a role, a word the name files hold that no dictionary holds as a word, even
        one frequent in text for a famous bearer ("hamon", "santos"); of four letters at
        least (a lower-case acronym is as short: "le chef seo")."""
        if len(word.folded) < 4 or self.is_blocked(word) or not word.folded.isalpha():
            return False
        f = self.facts(word)
        if f.is_lexicon or f.is_lexicon_en or f.is_eponym or f.is_place or max(f.fr, f.en) >= 4.5:
            return False
        return max(self._first(f), self._surname(f)) >= 2.0 and not self._is_word_mistyped(word.folded)

    def _is_written_abroad(self, word: Word) -> bool:
        """A lower-case word spelt with a letter French never writes ("şensoy", "tagangül",
        "yıldırım", "łukasz", "thảo"), that no dictionary or place list holds: a word of
        another language, in a French message most often a person's name."""
        if len(word.folded) < 3 or word.is_capitalised or self.is_blocked(word):
            return False
        if not any(c in _FOREIGN_LETTERS for c in word.text.lower()):
            return False
        f = self.facts(word)
        return not (f.is_lexicon or f.is_lexicon_en or f.is_place or f.is_eponym)

    def _is_word_mistyped(self, folded: str) -> bool:
        """A French word typed without its apostrophe ("lequipe", "detre", "jallais") or with
        a typo ("boulo"): rare names of the files are as rare in text as these are."""
        for head in ("qu", "l", "d", "j", "m", "t", "s", "n", "c"):
            rest = folded[len(head) :]
            if folded.startswith(head) and len(rest) >= 3:
                facts = self._k.folded_facts(rest)
                if facts.is_lexicon and facts.fr >= 3.0 and rest[0] in "aeiouyh":
                    return True
        return len(folded) >= 5 and self._k.is_typo_of_word(folded, "fr", min_zipf=4.0)

    def _is_rare_first_name(self, word: Word) -> bool:
        """A first name the files hold, however few people bear it, that no dictionary holds
        and text seldom uses ("tymon", "fodil", "youba"): before a surname, a person."""
        if len(word.folded) < 3 or self.is_blocked(word) or not word.folded.isalpha():
            return False
        f = self.facts(word)
        if f.is_lexicon or f.is_lexicon_en or f.is_eponym or f.is_place or max(f.fr, f.en) >= 3.5:
            return False
        if self._is_word_mistyped(word.folded):
            return False
        return f.first_fr >= 1.3 or f.first_intl >= 1 or f.first_en >= 3.0

    def _is_surname_like(self, word: Word) -> bool:
        f = self.facts(word)
        return self._surname(f) >= 2.0 and self.excess(f) < 0.6

    def _is_unlisted(self, f: WordFacts) -> bool:
        """In English text, a word no English dictionary holds and rare in text ("kavya",
        "thabo"; French typos, "persone", "olala", are as rare and as unlisted)."""
        return self._lang == "en" and not f.is_lexicon_en and f.en < 3.2 and f.fr < 4.0

    def _is_name_shaped(self, word: Word) -> bool:
        """A lower-case word that is, in this language, most likely someone's name when a
        subject is expected: no lexicon holds it at all, or (English) no English one does."""
        if self._is_foreign_word(word):
            return True
        if len(word.folded) < 4 or not word.folded.isalpha() or self.is_blocked(word):
            return False
        f = self.facts(word)
        if self._lang == "en":
            shaped = self._is_unlisted(f)
        else:
            shaped = not f.is_lexicon and not f.is_lexicon_en and not f.is_place and max(f.fr, f.en) < 3.0
        return shaped and not (
            len(word.folded) >= 6 and self._k.is_typo_of_word(word.folded, self._lang, min_zipf=3.5)
        )  # "autocorect and i": a typo

    def _is_unlisted_name(self, word: Word) -> bool:
        """A name in some file that no dictionary holds as a word ("brodie")."""
        f = self.facts(word)
        return self._is_any_name(f) and not f.is_lexicon and not f.is_lexicon_en and not f.is_place


_SAINT_RE = re.compile(r"^(?:st|ste|saint|sainte)[ .]+", re.IGNORECASE)
_COMMUNE_LINK_RE = re.compile(r" (?=(?:sur|sous|en|lès|les|lez|le|la|de|du|des|d'|l')[ '])", re.IGNORECASE)


def _hyphenated_commune(folded: str) -> str | None:
    """A French commune's name typed with spaces for its hyphens, as the data writes it
    ("saint denis" -> "saint-denis", "st etienne" -> "saint-etienne", "aix en provence" ->
    "aix-en-provence"); None when the name has no such shape (a person's "jean martin")."""
    saint = _SAINT_RE.match(folded)
    if saint is None and _COMMUNE_LINK_RE.search(folded) is None:
        return None
    if saint is not None:
        head = "sainte" if saint.group(0).rstrip(" .").lower() in ("ste", "sainte") else "saint"
        folded = f"{head} {folded[saint.end() :]}"
    hyphenated = re.sub(r"\s+", "-", folded.strip())
    return hyphenated if hyphenated != folded else None


def _bases(folded: str) -> list[str]:
    """What an English word may be derived from by one suffix: "rostering" -> "roster",
    "oncologist" -> "oncology"."""
    out: list[str] = []
    for suffix in _INFLECTIONS:
        rest = folded[: -len(suffix)]
        if folded.endswith(suffix) and len(rest) >= 4:
            out += [rest, rest + "e"]
            if rest[-1] == rest[-2]:
                out.append(rest[:-1])  # "planning" -> "plan"
            if rest.endswith("i"):
                out.append(rest[:-1] + "y")  # "copied" -> "copy"
    for suffix, base in _SUFFIX_SWAPS:
        if folded.endswith(suffix) and len(folded) - len(suffix) >= 3:
            out.append(folded[: -len(suffix)] + base)
    return out
