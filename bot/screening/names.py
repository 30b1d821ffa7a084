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

This module is the entry point (`NameDetector.detect`, `load_model`); the rules live in
one module per family, stacked as one class so that each family may use those below it:
`name_words` (the split into words), `name_cues` (shared cue words), `name_facts` (what
the data says of a word), `name_frames` (sentence frames), `name_english` (English-only
frames), `name_places`, `name_exceptions` (eponyms, idioms, public bodies), `name_initials`,
`name_orgs`, `name_people`.
"""

from __future__ import annotations

import re

from bot.screening.hits import CLIENT, Hit
from bot.screening.knowledge import Knowledge, knowledge
from bot.screening.lexicon import fold
from bot.screening.name_people import PersonRules
from bot.screening.name_words import split_words

# @handles, and user names ending in digits ("darkvador_78", "lucie.m92")
_HANDLE_RE = re.compile(
    r"(?<![\w.@])@[^\W\d_][\w.]{1,30}(?<!\.)|(?<![\w@.])[^\W\d_]{2,}(?:[._][^\W\d_]+)*[._]\d{1,4}\b"
)

# What links or closes the parts of one person's name in many naming customs: a patronymic
# ("Siti Aisyah binti Osman", "Ahmad bin Ismail", "Ravi a/l Muthu") and a generation's
# suffix ("Ricky Delgado Jr.", "John Smith III")
_PATRONYMIC_RE = re.compile(r"[ \u00a0]+(?:bin|binti|bint|ibn|bte|a/l|a/p|s/o|d/o)[ \u00a0]+(?=[A-ZÀ-Ý])")
_NEXT_NAME_RE = re.compile(r"[A-ZÀ-Ý][\w'’-]+")
# A Vietnamese middle name closing a hit ("Tran Thi", "Nguyen Van"): the given name follows
_MIDDLE_END_RE = re.compile(r"[ \u00a0](?:Thi|Thị|Van|Văn)$")
# A surname in capitals, a comma, then the first name: "MARTIN, Julie"
_SURNAME_COMMA_RE = re.compile(r"([A-ZÀ-Ý][A-ZÀ-Ý'’-]+), (?=[A-ZÀ-Ý][a-zà-ÿ])")
# The "N'" or "M'" of West African surnames ("N'Guessan", "N'Diaye", "M'Bala"), glued to the
# capital the finder read: the surname's own first letter, not an elided "ne" or "me"
_AFRICAN_PREFIX_RE = re.compile(r"(?<![\w'’])[NM]['’]$")
_GENERATION_RE = re.compile(r",?[ \u00a0]+(?:Jr\.?|Sr\.?|Jnr\.?|Snr\.?|III|II|IV)(?![\w-])")


def _with_lineage(hits: list[Hit], text: str) -> list[Hit]:
    """A person's name with its patronymic and its generation's suffix, so the finding (and
    its suggestion) covers the whole name: "Siti Aisyah binti Osman" is one person, not
    "Siti Aisyah" and "Osman"; "Ricky Delgado Jr." keeps its "Jr."; "N'Guessan" its "N'"."""
    people = sorted((h for h in hits if h.kind == "person"), key=lambda h: h.start)
    if not people:
        return hits
    others = [h for h in hits if h.kind != "person"]
    joined: list[Hit] = []
    for hit in people:
        if joined and joined[-1].end >= hit.start:
            last = joined[-1]
            joined[-1] = Hit(last.start, max(last.end, hit.end), "person")
            continue
        joined.append(hit)
    out: list[Hit] = []
    for hit in joined:
        if text[hit.start : hit.start + 1].isupper() and _AFRICAN_PREFIX_RE.search(
            text, max(0, hit.start - 2), hit.start
        ):
            hit = Hit(hit.start - 2, hit.end, "person")
        link = _PATRONYMIC_RE.match(text, hit.end)
        if link:
            after = _NEXT_NAME_RE.match(text, link.end())
            if after:
                nxt = next((h for h in joined if h.start == after.start()), None)
                hit = Hit(hit.start, nxt.end if nxt else after.end(), "person")
        if _MIDDLE_END_RE.search(text, hit.start, hit.end):
            after = _NEXT_NAME_RE.match(text, hit.end + 1) if text[hit.end : hit.end + 1] == " " else None
            if after:  # "Tran Thi Mai": a Vietnamese middle name announces one more name
                hit = Hit(hit.start, after.end(), "person")
        surname_first = _SURNAME_COMMA_RE.match(text, hit.start)
        if surname_first and surname_first.end(1) == hit.end:
            first = next((h for h in joined if h.start == surname_first.end()), None)
            if first is not None and text[first.start : first.start + 1].isupper():
                hit = Hit(hit.start, first.end, "person")  # "MARTIN, Julie": one person
        suffix = _GENERATION_RE.match(text, hit.end)
        if suffix and text[hit.start : hit.start + 1].isupper():
            hit = Hit(hit.start, suffix.end(), "person")
        if out and out[-1].end >= hit.start:
            out[-1] = Hit(out[-1].start, max(out[-1].end, hit.end), "person")
            continue
        out.append(hit)
    return others + out


# One word, and up to two words before or after it on the same line (a town's parts)
_ONE_WORD_RE = re.compile(r"[^\W\d_]+")
_WORDS_BEFORE_RE = re.compile(r"([^\W\d_]+(?: [^\W\d_]+)?) $")
_WORDS_AFTER_RE = re.compile(r" ([^\W\d_]+(?: [^\W\d_]+)?)")
# A town's parts before an elided article inside its name: "Villeneuve-d'", "Saint-Martin-d'"
_ELIDED_BEFORE_RE = re.compile(r"((?:[^\W\d_]+-)+[dlDL])['’]$")
_ELIDED_AFTER_RE = re.compile(r"['’][^\W\d_]+")


def _ends(parts: list[str], side: int) -> list[str]:
    """The one or two words next to a word, joined by hyphens on its side."""
    if side < 0:
        return [p + "-" for p in ("-".join(parts[-1:]), "-".join(parts[-2:])) if p]
    return ["-" + p for p in ("-".join(parts[:1]), "-".join(parts[:2])) if p]


def load_model() -> Knowledge:
    """Load the screening lexicon (kept under this name for callers that warm it up)."""
    return knowledge()


class NameDetector(PersonRules):
    """Finds people and organizations in a normalised text, for one language."""

    def detect(self, text: str) -> list[Hit]:
        words = self._title_case_lowered(split_words(text), text)
        clean = self._suppressed(words, text)
        hits: list[Hit] = []
        hits.extend(self._clients(text))
        orgs, org_words = self._organizations(words, text, clean)
        hits.extend(orgs)
        hits.extend(self._spaced(text))
        hits.extend(Hit(m.start(), m.end(), "person") for m in _HANDLE_RE.finditer(text))
        hits.extend(self._labelled(text))
        taken = clean | org_words
        hits.extend(
            self._with_initial(
                self._with_nickname(
                    self._with_lower_particle(self._with_particles(h, words, text), words, text), words, text
                ),
                text,
            )
            for h in self._people(words, text, taken)
            if not self._is_typo(h, words, text)
        )
        hits.extend(self._initial_and_surname(words, text, taken))
        hits.extend(self._org_cues(words, text, taken))
        hits.extend(self._unknown_after_link(words, text, taken))
        hits.extend(self._institutions(words, text))
        hits.extend(self._saint_institutions(words, text))
        hits.extend(self._firm_in_apposition(words, text, taken))
        hits.extend(self._school_before_degree(words, text, taken))
        hits.extend(self._employer_by_tenure(words, text, taken))
        hits.extend(self._vocative(words, text, taken))
        hits.extend(self._named_by_domain(words, text, taken))
        hits.extend(self._org_frames(words, text, taken))
        hits.extend(self._person_frames(words, text, taken))
        hits.extend(self._listed_with_orgs(words, text, hits, clean))
        hits.extend(self._initials_by_frame(words, text, taken))  # name_english
        hits.extend(list(self._listed_heads(words, text, hits, taken)))  # name_english
        hits.extend(list(self._signature_firms(text, hits)))
        hits = _with_lineage(self._firm_spans(words, text, hits), text)
        return [
            h
            for h in hits
            if h.kind == CLIENT
            or not (self._is_coach_allowed(text[h.start : h.end]) or self._half_of_place(h, text))
        ]

    def _half_of_place(self, hit: Hit, text: str) -> bool:
        """ "mutée a clermont ferrand", "à aix en provence": one word of a town whose hyphens
        were typed as spaces is no one ("ferrand" is a surname, "Clermont-Ferrand" a town)."""
        if hit.kind != "person":
            return False
        elided_after = _ELIDED_AFTER_RE.match(text, hit.end)
        if elided_after and re.search(r"-[dlDL]$", text[hit.start : hit.end]):
            # "Saint-Martin-d'Hères": the part of a town before its elided article
            return self._k.folded_facts(fold(text[hit.start : elided_after.end()])).is_place
        if not _ONE_WORD_RE.fullmatch(text, hit.start, hit.end):
            return False
        word = text[hit.start : hit.end]
        before = _WORDS_BEFORE_RE.search(text, 0, hit.start)
        after = _WORDS_AFTER_RE.match(text, hit.end)
        lefts = [""] + (_ends(before.group(1).split(" "), -1) if before else [])
        rights = [""] + (_ends(after.group(1).split(" "), 1) if after else [])
        candidates = [left + word + right for left in lefts for right in rights if left or right]
        # "Villeneuve-d'Ascq", "Pont-l'Évêque": the part after an elided "d'" or "l'" of a town
        elided = _ELIDED_BEFORE_RE.search(text, 0, hit.start)
        if elided:
            candidates.append(elided.group(1) + "'" + word)
        return any(self._k.folded_facts(fold(c)).is_place for c in candidates)

    def _is_coach_allowed(self, span: str) -> bool:
        """The coach's `screening.allow_words` hold the whole span, or each of its words:
        such a span is never flagged, whichever rule found it (a person, a firm)."""
        if not self._coach_allow:
            return False
        spanned = split_words(span)
        return fold(span.strip()) in self._coach_allow or (
            bool(spanned) and all(w.folded in self._coach_allow for w in spanned)
        )
