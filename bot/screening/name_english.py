"""Frames only English text uses, for people, employers, eponyms and places.

English writes things French does not: a tenure that names an employer ("i was with
grab for two years"), a vocative before a request ("Yaw, call the transporter"), "to"
after a verb of giving ("I report to Preston"), "the" before an eponym ("the Flynn
effect"), a site in a town ("the plant in Tracy"). Kept together so the English
reading can be followed (and tuned) without the French one in the way.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from bot.screening.hits import Hit
from bot.screening.lexicon import word_set
from bot.screening.name_cues import (
    _ACTION_EN,
    _DETERMINERS,
    _INSTITUTIONS,
    _PLACE_HEADS,
    _SIGNED_RE,
    _STOPS,
    _TELLING,
)
from bot.screening.name_facts import _ACRONYMS
from bot.screening.name_frames import SentenceFrames
from bot.screening.name_words import Word, _gap, _joined

# What stands before the verb "miss" (a subject, an auxiliary, an adverb): "I miss", "we'll
# miss", "going to miss", "really miss"
_MISS_SUBJECTS = frozenset(
    {"i", "we", "you", "they", "he", "she", "ll", "d", "will", "would", "do", "don", "didn", "did"}
    | {"to", "really", "still", "so", "also", "truly", "always", "already", "might", "may", "can"}
    | {"could", "should", "must", "gonna", "t", "def", "defo", "definitely", "genuinely", "honestly"}
)
# "i was with X for two years", "I've been at X eleven years": a stay counted in years or
# months after "was/been/worked at, with, for" is a job, so X is the employer
_TENURE_VERBS = frozenset({"was", "were", "been", "worked", "work", "working", "works", "stayed"})
_TENURE_LINKS = frozenset({"at", "with", "for"})
_TENURE_RE = re.compile(
    r"\s+(?:for\s+)?(?:(?:almost|nearly|over|about|around|just|only)\s+)?"
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|a\s+few|a\s+couple\s+of|several|many)\s+(?:years?|yrs?|months?)\b"
    r"|\s+for\s+(?:years|months|ages|decades)\b",
    re.IGNORECASE,
)
# Where one stays years without it being an employer ("at uni for three years", "at sea")
_TENURE_NOT_FIRMS = (
    frozenset({"uni", "school", "home", "church", "sea", "college", "work", "war", "camp", "rehab"})
    | _INSTITUTIONS
)
# What a vocative opening a request is followed by: "Yaw, call the transporter…"
_REQUEST_VERBS = frozenset(
    {"call", "ring", "send", "sort", "check", "fix", "bring", "book", "email", "text", "ping", "tell", "ask"}
    | {"come", "meet", "get", "take", "make", "let", "please", "pls", "can", "could", "remind", "update"}
)
# What kind of place a name is, after it: "Georgia the state"
_PLACE_KINDS = frozenset(
    {"state", "city", "town", "country", "region", "county", "province", "island", "capital", "suburb"}
    | {"village", "river", "lake", "mountain", "valley", "district"}
)
# Verbs whose "to" names the person given to ("I report to Jackson", "handed it to Tyler")
_GIVING = frozenset(
    {"report", "reports", "reported", "reporting", "hand", "hands", "handed", "handing", "give"}
    | {"gives", "gave", "given", "giving", "pass", "passed", "forward", "forwarded", "escalate"}
    | {"escalated", "introduce", "introduced", "listen", "listened", "complain", "complained"}
    | {"explain", "explained", "mention", "mentioned", "apologise", "apologised", "apologize"}
    | {"apologized", "delegate", "delegated", "lend", "lent", "owe", "owed", "answer", "answers"}
    # "according to Tyler": who says so, not where
    | {"according"}
)

# What an event, a feast or a season is named with, after "the": "the Oktoberfest week",
# "the Sinulog weekend", "the Diwali rush"; no one's name takes them so ("Sarah's weekend")
_EVENT_NOUNS = frozenset(
    {"week", "weekend", "weekends", "fortnight", "festival", "festivals", "holiday", "holidays"}
    | {"season", "break", "rush", "parade", "fair", "celebrations", "period", "eve", "crowds"}
)
# What names an author by the work read or quoted ("I've read Sutherland", "quoting Drucker")
_READING_VERBS = frozenset(
    {"read", "reading", "reread", "re-read", "quote", "quoted", "quoting", "quotes", "cite", "cited"}
    | {"citing", "cites", "studied", "studying"}
)
# What English capitalises by grammar, whatever it names: months and days ("since April",
# "see you Monday"), so their capital says nothing of a firm of that name
_CAPITALISED_BY_GRAMMAR = word_set("""
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    """)
# A list item's head: a bullet or a number opening a line, one or two capitalised words,
# then a colon or a dash ("- Callum: strong but checked out", "2) Mei Ling – wants to leave")
_ITEM_HEAD_RE = re.compile(
    r"(?m)^[ \t]*(?:[-*•·–—]|\d{1,2}[.)])[ \t]*"
    r"([A-ZÀ-Ý][\w'’-]*(?: [A-ZÀ-Ý][\w'’.-]*)?)[ \t]*(?::|[ \t][-–—][ \t])"
)
# How initials are used as a person's name in English: a sign-off ("Thanks, JA"), a
# relative "who" ("it's MK who decides"), speech ("whatever MK says")
_SIGN_OFFS = frozenset({"thanks", "thank", "cheers", "regards", "best", "thx", "ta", "rgds", "warmly"})
_OWNERS = frozenset({"the", "a", "an", "our", "my", "your", "their", "his", "her"})
_SAYS = frozenset({"says", "said", "thinks", "wants", "insists", "decides", "decided", "told", "asked"})
# Where a firm's initials are announced ("at RBC", "from CCI in Durban", "joined TCS")
_EMPLOYER_LINKS = frozenset({"at", "from", "with", "for", "joined", "join", "joining", "left", "leave"})
# "named after Ada Lovelace", "called after Turing": what a thing is named after is famous
_NAMED_AFTER = frozenset({"named", "called", "renamed", "christened"})

# What is in a town, not in a person ("the plant in Tracy")
_SITE_NOUNS = _PLACE_HEADS | frozenset(
    {"team", "teams", "school", "schools", "shop", "shops", "farm", "mine", "base", "hub", "lab", "mill"}
)

# What follows a sentence-start subject in English: "Cliff is…", "Buck keeps…"
_SUBJECT_VERBS_EN = _ACTION_EN | frozenset(
    {"is", "was", "has", "had", "does", "did", "will", "would", "can", "could", "never", "always"}
    | {"just", "still", "really", "also", "gets", "got", "goes", "went", "came", "comes", "seems"}
)
_POSSESSIVES_EN = frozenset({"our", "my", "their", "your"})
_PREDICATE_DETERMINERS = frozenset({"the", "a", "an", "our", "my", "their", "your"})
# What ends a noun phrase's words: "the best fitter [by] miles", "the only one [who]"
_PHRASE_ENDS_EN = frozenset({"who", "whom", "whose", "which", "by", "ever", "around", "here", "there"})
_PHRASE_MODIFIERS_EN = frozenset({"only", "other", "very", "same", "own", "most"})
# Words for a person, heads of a predicate ("the longest-serving guy")
_PERSON_NOUNS_EN = frozenset(
    {"guy", "guys", "bloke", "lad", "man", "woman", "lady", "girl", "boy", "person", "fella"}
    | {"chap", "gal", "dude", "kid", "mum", "mom", "dad", "mother", "father", "son", "daughter"}
    | {"sister", "brother", "aunt", "uncle", "grandma", "grandad", "agent", "member", "worker"}
)
# The endings of English agent nouns ("fitter", "lineman", "florist", "librarian",
# "supervisor"); the frequent words that end so are mostly things ("answer", "number")
_AGENT_ENDINGS_EN = ("er", "or", "ist", "ian", "man", "woman", "person")
# "he" or "she" taking up a sentence's subject (split off "he's", "she'd")
_CLAUSE_JOINS_EN = frozenset({"and", "but", "so", "because", "cause", "cos", "coz", "though", "although"})
_CLAUSE_JOINS_EN = _CLAUSE_JOINS_EN | {"when", "while", "since", "as", "if", "yet", "then", "now"}
_THIRD_PERSONS_EN = frozenset({"he", "she", "him", "his", "her", "himself", "herself"})

# What a writer is cited by ("Camille Fournier's book"), and how ("as Kim Scott writes")
_BOOKS_EN = frozenset(
    {"book", "books", "article", "articles", "essay", "essays", "podcast", "newsletter", "blog"}
    | {"bestseller", "memoir", "framework", "ted"}
)
_WRITES_EN = frozenset({"writes", "wrote", "argues", "argued", "puts", "observes", "observed"})
# Who owns the role said of a lower-case name right after it ("rhiannon my trainee dropped…")
_ROLE_OWNERS_EN = frozenset({"my", "our", "his", "her", "their", "the"})
# Verbs in the past that no "-ed" shows, after a subject ("rhiannon my trainee lost the keys")
_PAST_VERBS_EN = frozenset(
    {"broke", "put", "threw", "lost", "stole", "hit", "caught", "brought", "bought", "found", "shut"}
    | {"spent", "cut", "sold", "taught", "swore", "wore", "slept", "sat", "stood", "fell", "won"}
)
# Chat words no dictionary holds that stand where a name would ("lmao my boss said")
_LOWER_NOT_NAMES_EN = frozenset({"lmao", "lmfao", "rofl", "smh", "tbf", "idk", "ikr", "wtf", "imo", "imho"})


class EnglishFrames(SentenceFrames):
    """The English-only frames (most return early for French text)."""

    @staticmethod
    def _gives_to(words: list[Word], i: int) -> bool:
        """Whether "to" before words[i] follows a verb of giving or reporting, up to three
        words back ("report to", "handed the keys to", "gave it back to")."""
        for j in range(i - 2, max(-1, i - 6), -1):
            if words[j].folded in _GIVING:
                return True
            if words[j].is_capitalised and not words[j].is_initial:
                return False
        return False

    def _employer_by_tenure(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        """ "before this i was with grab for two years", "i've been at zurich eleven years":
        what one was at, with or for, for a count of years or months, is an employer, even an
        ordinary word or a town; not a determiner, a frequent word ("at home for two years")
        nor a place of study or life ("at uni", "at sea")."""
        count = len(words)
        for i in range(1, count - 1):
            link, verb = words[i], words[i - 1]
            if link.folded not in _TENURE_LINKS or verb.folded not in _TENURE_VERBS:
                continue
            j = i + 1
            first = words[j]
            if j in taken or not _joined(text, link, first) or self.is_blocked(first):
                continue
            if first.folded in _TENURE_NOT_FIRMS or first.folded in self._roles:
                continue
            stop = j + 1  # "li & fung", "Direct Line": joined by "&" or capitalised together
            while stop < count and stop - j < 4 and stop not in taken:
                gap = _gap(text, words[stop - 1], words[stop])
                if gap.strip() == "&" or (gap == " " and first.is_capitalised and words[stop].is_capitalised):
                    stop += 1
                    continue
                break
            if not _TENURE_RE.match(text, words[stop - 1].end):
                continue
            if stop - j == 1 and max(self.facts(first).en, self.facts(first).fr) >= 4.7:
                continue
            yield Hit(first.start, words[stop - 1].end, "organization")

    def _vocative(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        """ "Yaw, call the transporter…": a capitalised word opening a sentence or a quote,
        set off by a comma before a request, is whom it is addressed to; only a rare word
        or one the name files hold ("Pearl, ring me"), not "Honestly, call it…"."""
        for i in range(len(words) - 1):
            word, nxt = words[i], words[i + 1]
            if i in taken or not word.is_initial or not word.is_capitalised or word.is_all_caps:
                continue
            if _gap(text, word, nxt) != ", " or nxt.folded not in _REQUEST_VERBS or nxt.is_capitalised:
                continue
            if self.is_blocked(word) or word.folded in self._roles or word.folded in self._titles:
                continue
            f = self.facts(word)
            zipf = max(f.en, f.fr)
            named = max(f.first_en, f.first_fr) >= 3.5 or f.first_intl >= 3
            if f.is_place or f.is_eponym or not (zipf < 3.5 or (named and zipf < 4.5)):
                continue
            yield Hit(word.start, word.end, "person")

    def _the_named_model(self, words: list[Word], i: int, text: str) -> range | None:
        """ "the Flynn effect", "the Overton window", "the Ivy Lee method": "the", one or two
        capitalised words, then a model's word in lower case. English puts no article before
        someone's name, so the name there qualifies the model (an eponym); not a word the
        organization lists open ("the Gartner hype cycle" is the firm's)."""
        if i == 0 or words[i - 1].folded != "the" or not _joined(text, words[i - 1], words[i]):
            return None
        models = self._k.model_words
        for size in (1, 2):
            if i + size >= len(words):
                return None
            span, head = words[i : i + size], words[i + size]
            if not all(w.is_capitalised and not w.is_all_caps and not self.is_blocked(w) for w in span):
                return None
            if not all(_gap(text, a, b) == " " for a, b in itertools.pairwise([*span, head])):
                return None
            if head.is_capitalised or head.folded not in models:
                continue
            if self._opens_a_known_organization(words, i):
                return None
            return range(i, i + size)
        return None

    def _opens_a_known_organization(self, words: list[Word], i: int) -> bool:
        """A known organization's whole name starts at word i ("Gartner", "Ivy Collection"): a
        first word shared with one ("Ivy" in "the Ivy Lee method") is not enough."""
        orgs = self._k.organizations
        for size in orgs.sizes.get(words[i].folded, ()):
            if tuple(w.folded for w in words[i : i + size]) in orgs.phrases:
                return True
        return False

    def _named_as_place(self, words: list[Word], i: int, text: str) -> bool:
        """ "Georgia the state", "Florence, the city, not my colleague": a place the data
        knows, followed by what kind of place it is, is that place."""
        if i + 2 >= len(words) or not (self.facts(words[i]).is_place or self._is_town(words[i])):
            return False
        article, kind = words[i + 1], words[i + 2]
        if not (
            article.folded == "the"
            and _gap(text, words[i], article).strip() in ("", ",")
            and _joined(text, article, kind)
            and kind.folded in _PLACE_KINDS
        ):
            return False
        # the kind closes the phrase: not "Georgia, the state manager, said no"
        after = text[kind.end : kind.end + 2].strip()[:1]
        return after in ("", ",", ".", ";", ")", "!", "?") or (
            i + 3 < len(words) and words[i + 3].folded in ("not", "itself")
        )

    def _site_in(self, words: list[Word], i: int, text: str) -> bool:
        """ "the plant in Tracy", "our office in Alexandria", "school in Karen": a site, a
        team or a school is in a place, not in a person; not "in Tracy's team" (whose it is)
        nor before a surname ("the office in Karen Lee's name")."""
        if self._lang != "en" or i < 2 or words[i - 1].folded != "in":
            return False
        site = words[i - 2]
        if site.folded not in _SITE_NOUNS or not _joined(text, site, words[i - 1]):
            return False
        if not _joined(text, words[i - 1], words[i]) or text[words[i].end : words[i].end + 1] in ("'", "’"):
            return False
        nxt = words[i + 1] if i + 1 < len(words) else None
        return not (nxt is not None and nxt.is_capitalised and _gap(text, words[i], nxt) == " ")

    def _capitalised_run(self, words: list[Word], i: int, text: str) -> tuple[int, int]:
        """The capitalised words around words[i] that read as one name (single spaces
        between, three at most): (first index, index after the last)."""

        def name_part(w: Word) -> bool:
            return w.is_capitalised and not w.is_all_caps

        start = i
        while start > 0 and i - start < 2 and name_part(words[start - 1]):
            if _gap(text, words[start - 1], words[start]) != " " or words[start - 1].is_initial:
                break
            start -= 1
        stop = i + 1
        while stop < len(words) and stop - start < 3 and name_part(words[stop]):
            if _gap(text, words[stop - 1], words[stop]) != " ":
                break
            stop += 1
        return start, stop

    def _not_anyone_en(self, words: list[Word], i: int, text: str) -> bool:
        """English grammar that names a thing, not a person, with a capitalised word:
        an event ("the Oktoberfest week", "the Sinulog weekend"), a team or a site named by
        its town ("the Alexandria team"; not "the Jackson team": a frequent surname), an
        author read or quoted ("I've read Sutherland", not "I read Sarah's email"), what
        something is named after ("named after Ada Lovelace, the other one after Alan
        Turing")."""
        if self._lang != "en":
            return False
        start, stop = self._capitalised_run(words, i, text)
        prev = words[start - 1] if start > 0 else None
        head = words[stop] if stop < len(words) else None
        after = text[words[stop - 1].end : words[stop - 1].end + 1]
        if (
            prev is not None
            and prev.folded == "the"
            and head is not None
            and not head.is_capitalised
            and _gap(text, words[stop - 1], head) == " "
            and _joined(text, prev, words[start])
        ):
            if head.folded in _EVENT_NOUNS:
                return True
            # a town the place data knows, no frequent surname ("the Jackson team" is hers)
            if (
                head.folded in _SITE_NOUNS
                and stop - start == 1
                and self._is_town(words[i])
                and self.facts(words[i]).surname_en < 3.0
            ):
                return True
        if prev is None or not _joined(text, prev, words[start]) or after in ("'", "’"):
            return False
        if prev.folded in _READING_VERBS:
            return True
        if prev.folded == "after" and start > 1:
            if words[start - 2].folded in _NAMED_AFTER:
                return True
            # "…named after Ada Lovelace and the other one after Alan Turing"
            pairs = itertools.pairwise(words[:start])
            return any(w.folded in _NAMED_AFTER and nxt.folded == "after" for w, nxt in pairs)
        return False

    def _is_verb_miss(self, words: list[Word], j: int) -> bool:
        """A lower-case "miss" after a subject or an auxiliary is the verb, not the title:
        "I miss Cape Town", "we'll really miss Dundee" (the title is "Miss Patel")."""
        if self._lang != "en" or j < 1 or words[j].folded != "miss" or words[j].is_capitalised:
            return False
        return words[j - 1].folded in _MISS_SUBJECTS

    def _capitals_in_noun_phrase(self, words: list[Word], i: int, text: str) -> bool:
        """Capitals inside a noun phrase opened by a determiner, directly or past one
        lower-case word ("the JCC and I", "the broken AC", "our new CRM"): English puts no
        article before someone's initials, so the capitals are a thing (a body, a system)."""
        if self._lang != "en" or not words[i].is_all_caps or i == 0:
            return False
        if _SIGNED_RE.search(text, max(0, words[i].start - 60), words[i].start):
            return False  # "signs every memo DWK": the signer's initials, not the memo's name
        determiners = _DETERMINERS["en"]
        prev = words[i - 1]
        if _gap(text, prev, words[i]) != " ":
            return False
        if prev.folded in determiners:
            return True
        if i < 2 or prev.is_capitalised or prev.folded in _STOPS or prev.folded in _TELLING:
            return False
        before = words[i - 2]
        return (
            before.folded in determiners
            and _gap(text, before, prev) == " "
            and self.facts(prev).is_lexicon_en
        )

    def _is_english_acronym(self, words: list[Word], i: int) -> bool:
        """SME, BAU: three capitals, frequent as a word in English text (wordfreq zipf 2.5 or
        more) and no first name anywhere: an abbreviation. Someone's three initials ("JBW",
        "JBM") are rare in text (below 1.5); two letters ("JR", "MK") are frequent either way
        and stay with the initials' rules. Not after an employer's link ("four years at RBC",
        "the offer is from CCI"): a firm's initials are frequent too, and are found there;
        but "moved from CSR to dispatch supervisor" goes from a role to a role."""
        word = words[i]
        if self._lang != "en" or len(word.folded) != 3 or not word.is_all_caps:
            return False
        if i > 0 and words[i - 1].folded in _EMPLOYER_LINKS and not self._role_to_role(words, i):
            return False
        f = self.facts(word)
        return f.en >= 2.5 and f.first_en == 0 and f.first_intl == 0

    def _listed_acronym(self, words: list[Word], j: int, text: str) -> bool:
        """Capitals listed with the writer that are an abbreviation, or listed with one ("we
        talked about DEI and ESG and I…"): topics, not someone's initials ("KD and I")."""
        if not words[j].is_all_caps:
            return False
        return self._is_english_acronym(words, j) or any(
            words[n].is_all_caps and self._is_english_acronym(words, n)
            for n in self._list_neighbours(words, j, text)
        )

    def _capital_is_grammar_en(self, word: Word) -> bool:
        """In English a month's or a day's name is capitalised wherever it stands: "I haven't
        taken leave since April" names no insurer called April."""
        return self._lang == "en" and word.folded in _CAPITALISED_BY_GRAMMAR

    def _listed_heads(self, words: list[Word], text: str, hits: list[Hit], taken: set[int]) -> Iterator[Hit]:
        """ "My team: - Callum: strong… - Adaeze: new… - Ryan T.: on leave": list items headed
        by a name and a colon are alike; when one head is already someone, the other heads
        are people too, unless they are an English word, a place, a day or a known firm
        ("- Budget: tight" stays). Needs two heads at least."""
        if self._lang != "en" or "\n" not in text:
            return
        heads = [(m.start(1), m.end(1)) for m in _ITEM_HEAD_RE.finditer(text)]
        if len(heads) < 2:
            return
        people = [h for h in hits if h.kind == "person"]
        if not any(p.start <= start < p.end for start, _ in heads for p in people):
            return
        by_start = {w.start: k for k, w in enumerate(words)}
        for start, end in heads:
            if any(h.start < end and start < h.end for h in hits):
                continue
            k = by_start.get(start)
            if k is None or k in taken:
                continue
            span = [w for w in words[k:] if w.end <= end]
            if all(self._may_head_as_name(w) for w in span):
                yield Hit(start, span[-1].end, "person")

    def _may_head_as_name(self, word: Word) -> bool:
        """A list item's head that may be someone: no English dictionary word, place, day,
        title or frequent word (wordfreq zipf below 4)."""
        if word.is_all_caps or self.is_blocked(word) or word.folded in self._roles:
            return False
        f = self.facts(word)
        return not (f.is_lexicon_en or f.is_place or self._is_town(word) or f.is_eponym or f.en >= 4.0)

    def _is_place_phrase(self, phrase: str) -> bool:
        """A place of several words, folded ("nova scotia"); in English text the towns of
        several words where mentees write English too ("montego bay", "jurong west")."""
        return self._k.folded_facts(phrase).is_place or (self._lang == "en" and phrase in self._k.cities_en)

    def _city_named_as_someone(self, words: list[Word], i: int, text: str) -> bool:
        """A large city that only cities_en.txt holds, where the sentence names a person:
        after a verb of telling or giving ("told Kingston", "I report to Kingston", "handed
        it to Durban"), "with" or "by", a title or a role ("my new hire Brooklyn")."""
        word = words[i]
        if self._lang != "en" or word.folded not in self._k.cities_en:
            return False
        known = self._k.folded_facts(word.folded)
        if known.is_place and not known.is_commune:
            return False  # a place the other lists hold too keeps their reading
        if i == 0 or not _joined(text, words[i - 1], word):
            return False
        prev = words[i - 1].folded
        return (
            prev in _TELLING
            or prev in ("with", "by", "cc", "ask", "asked")
            or (prev in self._titles and not self._is_verb_miss(words, i - 1))
            or (prev == "to" and (self._gives_to(words, i) or (i > 1 and words[i - 2].folded in _TELLING)))
            or self._role_before(words, i, text)
        )

    def _initials_by_frame(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        """Two or three capitals that English grammar uses as someone's name: a sign-off
        closing the text ("Thanks, JA"), before "who" ("it's MK who makes the calls"), a
        verb of saying ("whatever MK says") or an apposition naming a role ("JR the safety
        driver", "JA is the head of department"). Not a listed abbreviation, a dictionary
        word or a place ("the GM said", "IT who…" stay clean), nor after a determiner."""
        if self._lang != "en":
            return
        count = len(words)
        for i, word in enumerate(words):
            if i in taken or not word.is_all_caps or not 2 <= len(word.folded) <= 3 or "." in word.text:
                continue
            f = self.facts(word)
            if (
                word.folded in _ACRONYMS
                or self.is_blocked(word)
                or f.is_lexicon
                or f.is_lexicon_en
                or f.is_place
                or self._is_english_acronym(words, i)
                or word.folded in self._k.public_acronyms
            ):
                continue
            prev = words[i - 1] if i > 0 else None
            if prev is not None and prev.folded in _OWNERS:
                continue
            if (
                prev is not None
                and prev.folded in _SIGN_OFFS
                and _gap(text, prev, word).strip() in (",", "")
                and not text[word.end :].strip(" .!\n")
            ):
                yield Hit(word.start, word.end, "person")
                continue
            nxt = words[i + 1] if i + 1 < count else None
            if nxt is None or _gap(text, word, nxt) != " " or nxt.is_capitalised:
                continue
            if nxt.folded == "who" or nxt.folded in _SAYS or self._initials_role_after(words, i + 1):
                yield Hit(word.start, word.end, "person")

    def _initials_role_after(self, words: list[Word], j: int) -> bool:
        """ "the safety driver", "is the head of department", "is my line manager": from
        words[j], an article (after "is"/"was" or not) and, within three words, a role, an
        agent noun ("driver", "supervisor") or "head of"."""
        k = j + 1 if words[j].folded in ("is", "was") else j
        if k >= len(words) or words[k].folded not in ("the", "my", "our"):
            return False
        for w in words[k + 1 : k + 4]:
            if w.is_capitalised:
                return False
            if w.folded in self._roles or w.folded == "head":
                return True
            if w.folded.endswith(("er", "or", "ist")) and self.facts(w).is_lexicon_en and len(w.folded) > 4:
                return True
        return False

    def _role_to_role(self, words: list[Word], i: int) -> bool:
        """ "from CSR to dispatch supervisor", "from QA to team lead": after "from", what
        words[i] becomes is a role (within three words after "to"), so words[i] is one too."""
        if i == 0 or words[i - 1].folded != "from" or i + 1 >= len(words) or words[i + 1].folded != "to":
            return False
        return any(w.folded in self._roles for w in words[i + 2 : i + 5] if not w.is_capitalised)

    def _opener_said_of_someone(self, words: list[Word], i: int, text: str) -> bool:
        """A sentence-start first name that is also a word ("Cliff", "Mercy", "Warren"), said
        of as a person by what follows in its sentence: a predicate whose head noun names a
        person ("Mercy is my best agent", "Warren is the longest-serving guy", "Hunter is the
        only one who…"), its role in apposition with no comma ("Earnest our stage manager is
        retiring"), or "he"/"she" taking it up with nobody else named between ("Cliff is our
        best fitter but he wont…"). A virtue, a season or a thing is none of these: "Hope is
        the best motivator" is no agent's head, "Summer is our busiest season" has no "he"."""
        if self._lang != "en" or i + 2 >= len(words):
            return False
        word, nxt = words[i], words[i + 1]
        if not word.is_capitalised or word.is_all_caps or nxt.is_capitalised:
            return False
        f = self.facts(word)
        if f.is_place or f.is_eponym or self._first(f) < 3.5:
            return False
        if _gap(text, word, nxt) != " ":
            return False
        if nxt.folded in _POSSESSIVES_EN:
            head = self._phrase_head(words, i + 2, text)
            if head is not None and words[head].folded in self._roles:
                # the clause goes on after the role: "Earnest our stage manager is retiring"
                return head + 1 < len(words) and words[head + 1].folded in _SUBJECT_VERBS_EN
            return False
        if nxt.folded in ("is", "was"):
            at = i + 3 if words[i + 2].folded == "not" else i + 2  # "Hope is not a plan"
            if at < len(words) and words[at].folded in _PREDICATE_DETERMINERS:
                head = self._phrase_head(words, at + 1, text)
                if head is not None:  # what the word is says whether it is someone
                    return at == i + 2 and self._names_a_person(words, head, text)
        if nxt.folded not in _SUBJECT_VERBS_EN and not nxt.folded.endswith(("s", "ed")):
            return False
        return self._taken_up_by_pronoun(words, i + 1, text)

    def _phrase_head(self, words: list[Word], j: int, text: str) -> int | None:
        """The last word of a noun phrase of up to four lower-case words from words[j] ("the
        [longest-serving guy] on the team"), stopped by a function word or punctuation."""
        head = None
        for k in range(j, min(len(words), j + 4)):
            w = words[k]
            if k > j and _gap(text, words[k - 1], w) not in (" ", "-"):
                break
            if w.folded in _PHRASE_MODIFIERS_EN:
                continue  # "the only one who", "the other Korean"
            if w.is_capitalised or w.folded in _STOPS or w.folded in _PHRASE_ENDS_EN:
                break
            head = k
        return head

    def _names_a_person(self, words: list[Word], k: int, text: str) -> bool:
        """A head noun that only a person is: a role, a word for a person ("guy", "lady"),
        "one who", or an English agent noun ("fitter", "lineman", "supervisor")."""
        w = words[k]
        after = words[k + 1].folded if k + 1 < len(words) else ""
        if w.folded in self._roles or w.folded in _PERSON_NOUNS_EN:
            return True
        if w.folded == "one":
            return after in ("who", "that") and _gap(text, w, words[k + 1]) == " "
        f = self.facts(w)
        return (
            f.is_lexicon_en
            and len(w.folded) >= 5
            and w.folded.endswith(_AGENT_ENDINGS_EN)
            and self._zipf(f) < 4.6
        )

    def _taken_up_by_pronoun(self, words: list[Word], j: int, text: str) -> bool:
        """Whether "he" or "she" (or "him", "his", "her") follows in the sentence from
        words[j], before any other capitalised word, role or person's noun that could be the
        one it takes up."""
        for k in range(j, len(words)):
            w = words[k]
            if k > j and re.search(r"[.!?;:\n]", _gap(text, words[k - 1], w)):
                return False
            if w.folded in _THIRD_PERSONS_EN and not w.is_all_caps:
                # "but he wont…", "push him": a clause's subject or an object, not the
                # subject of a relative ("the answer he gave")
                if w.folded in ("him", "himself", "herself"):
                    return True
                before = words[k - 1]
                return before.folded in _CLAUSE_JOINS_EN or "," in _gap(text, before, w)
            if w.folded in self._roles or w.folded in _PERSON_NOUNS_EN:
                return False
            # a nationality or a place is no one it could take up ("the other Korean")
            if w.is_capitalised and w.folded != "i" and not self.facts(w).is_place:
                return False
        return False

    def _full_name_cited(self, words: list[Word], i: int, text: str) -> int:
        """How many words from words[i] are an author cited by their full name, which is how
        one cites a writer and seldom a colleague: before "'s" and a book ("Camille
        Fournier's book", "Julie Zhuo's newsletter") or as the one who put it so ("as Andy
        Grove put it", "as Kim Scott writes"); 0 when not so. A colleague's work, talk or
        email ("Sarah Jones's work") and a first name alone ("as Tom put it") stay people."""
        if self._lang != "en" or i + 1 >= len(words):
            return 0
        first, last = words[i], words[i + 1]
        if not (first.is_capitalised and last.is_capitalised) or first.is_all_caps or last.is_all_caps:
            return 0
        f = self.facts(first)
        if (
            _gap(text, first, last) != " "
            or self.is_blocked(last)
            or not (self._first(f) >= 2.5 or f.first_intl)
        ):
            return 0
        if text[last.end : last.end + 2] in ("'s", "’s") and i + 3 < len(words):
            return 2 if words[i + 3].folded in _BOOKS_EN else 0
        prev = words[i - 1] if i > 0 else None
        if prev is None or prev.folded != "as" or not _joined(text, prev, first) or i + 2 >= len(words):
            return 0
        verb = words[i + 2]
        if _gap(text, last, verb) != " ":
            return 0
        if verb.folded in ("put", "puts") and i + 3 < len(words) and words[i + 3].folded == "it":
            return 2
        return 2 if verb.folded in _WRITES_EN else 0

    def _lower_full_name(self, words: list[Word], i: int, text: str) -> bool:
        """A lower-case first name then a surname that no dictionary holds ("mercy wanjiru",
        "hamish mcbride", "dudley okafor"): a person's whole name, typed in lower case, even
        when the first name alone would be a word ("with mercy" is a virtue, "with mercy
        wanjiru" someone)."""
        if self._lang != "en" or i + 1 >= len(words):
            return False
        word, nxt = words[i], words[i + 1]
        if word.is_capitalised or nxt.is_capitalised or _gap(text, word, nxt) != " ":
            return False
        if self.is_blocked(word) or len(word.folded) < 3:
            return False
        f = self.facts(word)
        first = self._is_rare_first_name(word) or (
            self._first(f) >= 3.5 and not f.is_place and not f.is_eponym and self._zipf(f) < 5.5
        )
        return first and self._is_lower_surname_en(nxt)

    def _is_lower_surname_en(self, word: Word) -> bool:
        """A lower-case word that may end a person's name after a first name: a surname of
        the files text seldom uses ("okafor", "mcbride"), or a word no dictionary, place list
        or frequency list above rare holds ("wanjiru", "okonjo")."""
        if self._is_rare_surname(word) or self._is_foreign_word(word):
            return True
        if len(word.folded) < 4 or self.is_blocked(word) or not word.folded.isalpha():
            return False
        f = self.facts(word)
        if (
            f.is_lexicon
            or f.is_lexicon_en
            or f.is_place
            or f.is_eponym
            or self._is_derived_word(word.folded, f)
        ):
            return False
        return max(f.fr, f.en) < 2.5

    def _is_lower_name_en(self, word: Word) -> bool:
        """A lower-case word that may be someone's first name or surname in English text: a
        name of some file that no English dictionary holds ("priyanka", "kai", "mcallister"),
        or a word no lexicon holds at all ("chiamaka"), not a typo of a frequent word."""
        if self._lang != "en" or word.is_capitalised or len(word.folded) < 3 or not word.folded.isalpha():
            return False
        if self.is_blocked(word) or word.folded in _LOWER_NOT_NAMES_EN:
            return False
        f = self.facts(word)
        if f.is_lexicon_en or f.is_eponym or (f.is_place and self._first(f) < 4.0):
            return False
        if not any(c in "aeiouy" for c in word.folded):
            return False  # "thnk my boss is…": a word typed without its vowels
        if len(word.folded) >= 4 and self._k.is_typo_of_word(
            word.folded, "en", min_zipf=3.5 if len(word.folded) >= 5 else 4.5
        ):
            return False  # "collegue my manager", "abt my boss": a word mistyped
        named = self._is_any_name(f) or self._is_rare_first_name(word) or self._first(f) >= 2.5
        return (named and self._zipf(f) < 4.5) or self._is_foreign_word(word)

    def _role_phrase_end(self, words: list[Word], j: int, text: str) -> int | None:
        """The index of the role that ends a short noun phrase opening at words[j] ("my
        senior", "my till colleague", "the click and collect manager"), if it ends in one: a
        role word, or an agent noun of the dictionary ("sergeant", "apprentice")."""
        count = len(words)
        for k in range(j, min(count, j + 4)):
            w = words[k]
            if w.is_capitalised or _gap(text, words[k - 1], w) != " ":
                return None
            if text[w.end : w.end + 2] in ("'s", "’s"):
                return None  # "my manager's words": the role owns the rest
            if w.folded in self._roles or w.folded in ("senior", "junior", "sous", "supervisor"):
                return k
            f = self.facts(w)
            if f.is_lexicon_en and w.folded.endswith((*_AGENT_ENDINGS_EN, "ant", "ent", "ee", "tice")):
                return k
            if w.folded in _STOPS and w.folded != "and":
                return None
        return None

    def _lower_name_then_role_en(self, words: list[Word], i: int, text: str) -> bool:
        """A lower-case name, then who it is without a comma, then what the person does:
        "tomasz my senior rewrites…", "rhiannon my trainee lost…", "declan the shift manager
        took me off…": a thing is nobody's senior. The verb after the role closes the frame ("i
        love my manager" has no name, "jira my manager wants" is a tool no name file holds)."""
        if not self._is_lower_name_en(words[i]) or i + 2 >= len(words):
            return False
        det = words[i + 1]
        if det.folded not in _ROLE_OWNERS_EN or _gap(text, words[i], det) != " ":
            return False
        end = self._role_phrase_end(words, i + 2, text)
        return end is not None and self._verb_next_en(words, end, text)

    def _verb_next_en(self, words: list[Word], j: int, text: str) -> bool:
        """Whether what follows words[j] is a verb a subject takes: a subject's usual next
        word ("keeps", "won't"), what only a person does ("said"), or a verb in the past ("put",
        "broke", "reported": a dictionary word in "-ed")."""
        if self._subject_next(words, j, text) or self._acts_next(words, j, text):
            return True
        if j + 1 >= len(words) or _gap(text, words[j], words[j + 1]) != " ":
            return False
        nxt = words[j + 1]
        if nxt.is_capitalised:
            return False
        return nxt.folded in _PAST_VERBS_EN or (
            nxt.folded.endswith("ed") and len(nxt.folded) >= 5 and self.facts(nxt).is_lexicon_en
        )

    def _lower_name_after_role_en(self, words: list[Word], i: int, text: str) -> bool:
        """A determiner, a short noun phrase, then a lower-case name that some name file
        holds and no dictionary does, then what a person does: "the new porter ifeoma
        is…", "our depot lead anselm wants…", "this site engineer pradeep who…"."""
        word = words[i]
        if not self._is_lower_name_en(word) or i < 2 or i + 1 >= len(words):
            return False
        f = self.facts(word)
        if not (self._is_rare_first_name(word) or self._is_foreign_word(word) or self._first(f) >= 3.0):
            return False
        nxt = words[i + 1]
        if not (self._verb_next_en(words, i, text) or (nxt.folded == "who" and _gap(text, word, nxt) == " ")):
            return False
        head = words[i - 1]
        if _gap(text, head, word) != " " or head.is_capitalised or not self.facts(head).is_lexicon_en:
            return False
        if head.folded in _STOPS:
            return False
        for k in range(i - 2, max(-1, i - 5), -1):
            w = words[k]
            if _gap(text, w, words[k + 1]) != " " or w.is_capitalised:
                return False
            if w.folded in _ROLE_OWNERS_EN or w.folded in ("this", "that"):
                return True
            if w.folded in _STOPS or not self.facts(w).is_lexicon_en:
                return False
        return False
