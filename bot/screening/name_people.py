"""People: first names and surnames decided by the data and the sentence around them.

A word is someone when the data says it is mostly a name ("erwan", "Dubois"), or when
the context does although it is also an ordinary word ("mon collègue pierre", "madame
Rose", "Pierre Martin", "julien, pierre et marc"). The longest part of the detector:
names in lower case, in lists, after titles, spaced out, in form fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from bot.screening.hits import Hit
from bot.screening.knowledge import WordFacts
from bot.screening.lexicon import folded_set, word_set
from bot.screening.name_cues import (
    _ACTION_EN,
    _APPOSITION_ARTICLES,
    _APPOSITION_QUALIFIERS,
    _CLAUSE_ENDS,
    _DEPARTMENTS,
    _DETERMINERS,
    _DOTTED_ABBREVIATIONS,
    _LEGAL,
    _NAME_ENDS,
    _NAMING,
    _ORG_LINKS,
    _PARTICLES,
    _PLACE_HEADS,
    _PLACE_LINKS,
    _POSSESSIVES,
    _SECTORS,
    _STOPS,
    _TELLING,
    _TITLES,
)
from bot.screening.name_english import _TENURE_RE
from bot.screening.name_orgs import OrganizationRules
from bot.screening.name_words import Word, _gap, _is_mixed_case_acronym, _joined, _too_short, split_words

# Particles of surnames as they are typed in lower case: "tiphaine le goff", "karim ben salah"
# The verbs a team names someone with ("on l'appelle", "qu'on surnomme")
_NICKNAMING = frozenset({"appelle", "appellent", "appelait", "surnomme", "surnommait"})
_LOWER_PARTICLES = frozenset({"le", "la", "de", "du", "da", "di", "van", "von", "ben", "el", "dos", "das"})

_SPACED_RE = re.compile(
    r"(?<![^\W\d_])[^\W\d_](?P<sep> |\. ?| \. |-|_)(?:[^\W\d_](?P=sep)){2,}[^\W\d_](?![^\W\d_])"
)

# "P-A", "J-M": two capitals joined by a hyphen are someone's initials ("A-Z" is a range)
# Capitals in the plural ("MBAs", "PMs", "KPIs") and a letter before a word ("C-level")
_PLURAL_CAPITALS_RE = re.compile(r"[A-Z]{2,6}s")
_LETTER_WORD_RE = re.compile(r"[A-Z]-[a-z]{3,}")
# What a lower-case word after it is a thing for: "a arvo", "the bakkie", "this arvo"
_THING_DETERMINERS_EN = frozenset({"a", "an", "the", "this", "every", "each"})
_HYPHEN_INITIALS_RE = re.compile(r"^[A-Z]-[A-Z]$")

# Before a word no lexicon knows, these make it someone: "tell brijesh", "avec wojciech".
_TELL_LINKS = folded_set(
    word_set("with tell told ask asked cc ping pinged thank thanked avec dire dit demander demandé")
)

# What takes a person after it in French ("selon debroux", "je remplace azevedo", "à cause
# de ferland"): before a lower-case word of the name files that no dictionary holds
_PERSON_OBJECT_LINKS = folded_set(
    word_set("""
    avec pour par contre selon dixit sauf vu voir vois croisé croise appeler appelé appelle
    rappeler relancer relancé relance remplacer remplace remplacé recadrer recadre recadré
    prévenir prévenu aider aidé soutenir virer viré embauché embaucher convaincre
    """)
)
# "à cause de X", "de la part de X", "l'avis de X": a "de" that takes a person
_PERSON_OF = folded_set(
    word_set("cause part avis place bureau équipe fille fils femme mari mère père frère sœur soeur enfants")
)

# After these a dictionary word in lower case is an adjective ("d'être clément")
_COPULAS = folded_set(
    word_set("""
    être etre suis es sommes êtes etes sont sois soit soyez rester reste restez devenir devient
    très tres trop assez si plus moins
    """)
)

# What follows two subjects joined by "et"/"and" ("wiremu et tama ont refusé")
_PLURAL_VERBS = folded_set(
    word_set("ont sont étaient avaient veulent font disent vont peuvent doivent m'ont nous ont")
)

# Pronouns that may close a list of people ("dean, holly, mark and someone from HR")
_LIST_PRONOUNS = folded_set(
    word_set("someone somebody others everyone me i myself us moi toi quelqu'un quelqu autres")
)
# A form pasted in a message: "Nom : Kowalczyk Prénom : Agnieszka", "Name: Ravi Menon"
# (capitalised values: "le nom : c'est compliqué" is a sentence)
_LABELLED_RE = re.compile(
    r"(?<![^\W_])(?i:nom(?: de (?:famille|naissance|jeune fille))?|pr[ée]noms?|"
    r"(?:first |last |full |sur|family |given )?name)\s*:[ \t\u00a0]*"
    r"(?P<value>(?!(?i:nom|pr[ée]nom|name|adresse|address|t[ée]l)\b)[A-ZÀ-Ý][\w'’\-]*"
    r"(?:[ \t\u00a0]+(?!(?i:nom|pr[ée]nom|name|adresse|address|t[ée]l|e-?mail|employeur|date)\b)"
    r"[A-ZÀ-Ý][\w'’\-]*){0,2})"
)
# A person's field holding "Surname, First name", the order of forms and directories
# ("Employee: Okafor, Chinedu", "Nom : Lefèvre, Anne"): one name, the field's whole line
_INVERTED_NAME_RE = re.compile(
    r"(?<![^\W_])(?i:name|full name|nom|nom complet|employee|employé|employée|salarié|salariée|"
    r"candidate|candidat|candidate|applicant|patient|tenant|locataire|student|élève|etudiant|étudiant|"
    r"staff member|agent|contact|beneficiary|bénéficiaire)\s*:[ \t\u00a0]*"
    r"(?P<last>[A-ZÀ-Ý][\w'’\-]+),[ \t\u00a0]+(?P<first>[A-ZÀ-Ý][\w'’\-]+)[ \t\u00a0]*(?=$|\n|\r)",
    re.MULTILINE,
)
# A form's employer or bank field: "Employer: Harwell Foods", "Banque : Crédit Mutuel"
_LABELLED_ORG_RE = re.compile(
    r"(?<![^\W_])(?i:employer|company|bank|employeur|entreprise|soci[ée]t[ée]|banque)\s*:[ \t\u00a0]*"
    r"(?P<value>[A-ZÀ-Ý][\w'’&\-]*(?:[ \t\u00a0]+(?:&[ \t\u00a0]+)?[A-ZÀ-Ý][\w'’\-]*){0,3})"
)

# Colours, some of them first names too, and their shades: "couleur ambre", "Rose pâle"
_COLOURS = folded_set(
    word_set("""
    rouge orange jaune vert verte bleu bleue violet violette rose noir noire blanc blanche gris
    grise marron beige turquoise ambre jade olive prune kaki bordeaux corail lilas saumon
    """)
)
_SHADES = folded_set(word_set("pâle pâles foncé foncée clair claire vif vive fluo poudré poudrée"))
# A bracket right after a word, and what in it says the word is what someone is called
_BRACKET_AFTER_RE = re.compile(r"[ \u00a0]?\(([^()]{3,80})\)")
_NAME_EXPLAINED_RE = re.compile(
    r"(?i)\b(?:surnom\w*|appell?e\w*|initiales?|son (?:vrai )?(?:nom|prénom|prenom)\b|"
    r"le (?:nom|prénom|prenom) d[eu] (?:mon|ma|notre|la|l'|cette|ce)\b)"
)
# "…, qui a 62 ans": someone's age in a relative clause
_AGE_CLAUSE_RE = re.compile(r"\s*,\s*qui (?:a|avait|aura) (?:\d{1,2}|\w+-?\w*) ans\b")
# What opens the object of a verb: "qui gère les plannings", "qui fait tout"
_OBJECT_DETERMINERS = frozenset(
    {"les", "le", "la", "l", "des", "du", "mes", "tes", "ses", "nos", "vos", "tous", "toutes", "tout"}
)
# Sizes before a nickname: "le grand momo", "la petite juju"
_NICKNAME_SIZES = frozenset({"grand", "grande", "petit", "petite", "gros", "grosse"})
# Indefinite and partitive articles: a lower-case word after one is counted, not named
_INDEFINITES = frozenset({"un", "une", "du", "des"})
_FEASTS = folded_set(word_set("noël noel pâques paques toussaint pentecôte ascension"))
# A street named without its number is a place: the words after these ("rue de Rivoli",
# "boulevard Haussmann", "avenue des Champs-Élysées") name the street, not a person; so do
# the words before an English street type ("Baker Street", "Abbey Road"). "place" and
# "cours" are everyday words too: a capital must follow them ("place Bellecour").
_PLACE_DETERMINERS = word_set("the our their my your its this that")
# "spoke to X", "parlé à X" ("à" folds to "a", which in English is an article: "emailed a
# German colleague")
_TO = {"en": frozenset({"to"}), "fr": frozenset({"à", "a", "to"})}
# "un peu de", "beaucoup de", "plus de": a noun follows
_QUANTITIES = folded_set(word_set("peu beaucoup trop plus moins assez pas tant autant"))

# "in jan", "by sept", "end of dec": a month's short form, not Jan or Dec
_MONTH_SHORT = word_set("jan feb mar apr jun jul aug sep sept oct nov dec")
_MONTH_CUES = word_set("in by until till from since next last early mid late end of this before after")

_FEAST_CONTEXT = folded_set(word_set("à a de pour avant après apres depuis père pere joyeux bon d"))


_ENGLISH_NAME_WORDS = frozenset({"will", "bill", "pat", "art"})
# The subject of a clause reported after "told X", "asked X": "i told john i can't"
_REPORTED_SUBJECTS = frozenset({"i", "we", "he", "she", "they", "you"})
_ARTICLES_EN = frozenset({"the", "a", "an", "our", "their", "this", "that"})
# An amount just before a word: "250k Naira", "40,000 Rand", "2 million Cedis", "5 lakh
# rupees": what follows is a currency or a unit, no one (not bare digits: "room 101 Priya")
_AMOUNT_BEFORE_RE = re.compile(
    r"(?:\b\d{1,3}(?:,\d{3})+|\b\d+(?:\.\d+)?\s?(?:k|m|bn)"
    r"|\b(?:hundred|thousand|million|billion|grand|lakh|lakhs|crore|crores))[ \u00a0]$",
    re.IGNORECASE,
)
# What someone has at work, after a first name's "'s" ("Mark's team", "Faith's desk"):
# a word that is also a first name owns these only as a person
_OWNED_AT_WORK = frozenset(
    {"team", "teams", "role", "job", "desk", "office", "idea", "ideas", "project", "projects"}
    | {"plan", "leave", "birthday", "farewell", "promotion", "replacement", "shift", "shifts"}
    | {"feedback", "email", "emails", "message", "messages", "mum", "dad", "mom", "kids", "son"}
    | {"daughter", "department", "approval", "sign-off", "deck", "slides", "report", "review"}
    | {"old", "new", "last", "first", "own", "name", "side", "place", "number", "calendar", "diary"}
)
# Doubled-syllable nicknames: "Titi", "Doudou", "Fanfan", "Jojo".
_NICKNAME_RE = re.compile(r"^([^\W\d_]{2,3})\1$")

# Months that are first names too ("June", "April", "Avril")
_NAMED_MONTHS = frozenset({"april", "may", "june", "july", "august", "avril", "juin"})
_BEFORE_ROLE = _POSSESSIVES | _APPOSITION_QUALIFIERS

# A request after a word opening a sentence: the word is who is asked ("Jhen pls call…")
_PLEASE = frozenset({"please", "pls", "plz", "plse", "svp", "stp"})

# A name then one of these makes an adjective of manner: "Gawande-style", "Jobs-like"
_MANNER_SUFFIXES = frozenset({"style", "like", "esque", "type", "inspired", "ish"})


# Before a role, whose role it is: "ma collègue Pau", "my colleague Florence"
_ROLE_OWNERS = frozenset({"mon", "ma", "notre", "my", "our", "his", "her", "their", "nos", "mes"})
# Trades named after "the" as someone's job: "Mike the plumber", "JR the safety driver"
_JOBS_EN = frozenset(
    {"driver", "plumber", "electrician", "cleaner", "mechanic", "porter", "chef", "cook", "caretaker"}
    | {"guard", "courier", "fitter", "welder", "operator", "foreman", "janitor", "handyman", "builder"}
)
# Shifts and posts one is "on": "Pearl on nights", "Ivy on the tills"
_SHIFTS = frozenset({"nights", "days", "lates", "earlies", "nightshift", "nightshifts", "tills", "reception"})
_SHIFT_KINDS = frozenset({"night", "late", "early", "day", "weekend", "graveyard", "desk", "phones", "floor"})


class PersonRules(OrganizationRules):
    """The person rules: who a word is, from its data, its neighbours and its list."""

    def _unknown_after_link(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        """ "leaving the bank for monzo", "the manager from greggs", "claims from bupa and
        petsy": after a preposition that takes a firm, a word no lexicon knows is one."""
        for i in range(1, len(words)):
            word, prev = words[i], words[i - 1]
            if i in taken or prev.folded not in _ORG_LINKS or not _joined(text, prev, word):
                continue
            if not self._is_bare_unknown(word):
                continue
            if self._lang == "fr" and prev.folded == "avec" and self.facts(word).surname_fr >= 2.0:
                continue  # "ça se passe mal avec abdellaoui": one works with people by surname
            yield Hit(word.start, word.end, "organization")
            if (
                i + 2 < len(words)
                and words[i + 1].folded in ("and", "et", "or", "ou", "&")
                and i + 2 not in taken
                and not words[i + 2].is_capitalised
                and (self._is_bare_unknown(words[i + 2]) or self._is_rare_word(words[i + 2]))
            ):
                yield Hit(words[i + 2].start, words[i + 2].end, "organization")

    def _labelled(self, text: str) -> Iterator[Hit]:
        """The value of a form's name field ("Nom : Kowalczyk", "Name: Ravi Menon")."""
        for match in _LABELLED_RE.finditer(text):
            head = split_words(match.group("value"))[:1]
            # a place in a name field is a name too when some file holds it ("Prénom : Hery",
            # a Malagasy first name and a commune of the Yonne)
            if head and not self.is_blocked(head[0]):
                f = self.facts(head[0])
                if not f.is_place or self._is_any_name(f):
                    yield Hit(match.start("value"), match.end("value"), "person")
        for match in _INVERTED_NAME_RE.finditer(text):
            last, first = split_words(match.group("last"))[0], split_words(match.group("first"))[0]
            if not any(
                self.is_blocked(w) or self.facts(w).is_place or w.folded in _LEGAL for w in (last, first)
            ):
                yield Hit(match.start("last"), match.end("first"), "person")
        for match in _LABELLED_ORG_RE.finditer(text):
            head = split_words(match.group("value"))[:1]
            if head and not self.is_blocked(head[0]):
                yield Hit(match.start("value"), match.end("value"), "organization")

    def _spaced(self, text: str) -> Iterator[Hit]:
        """ "M a r t i n e", "M.a.r.t.i.n.e": letters spaced out to hide a name."""
        last_end = -1
        for match in _SPACED_RE.finditer(text):
            letters = "".join(c for c in match.group(0) if c.isalpha())
            start = match.start()
            if last_end >= 0 and 0 < start - last_end <= 4 and not text[last_end:start].strip():
                # "K e v i n  O s e i": letters spaced out right after a spaced-out name are
                # its surname, whatever the data knows of them
                last_end = match.end()
                yield Hit(start, match.end(), "person")
                continue
            # "à M a r t i n e": the preposition is no letter of the name
            for skip in (1, 0) if letters[:1].lower() in ("à", "a", "y") else (0, 1):
                word = letters[skip:]
                if len(word) < 4:
                    break
                f = self._k.facts(word)
                if self._first(f) >= 2.5 or self._surname(f) >= 2.5 or (not f.is_known and skip == 0):
                    offset = (
                        start
                        if skip == 0
                        else start + len(match.group(0)) - len(match.group(0)[1:].lstrip(" .-_"))
                    )
                    last_end = match.end()
                    yield Hit(offset, match.end(), "person")
                    break

    def _named_by_apposition(self, word: Word, f: WordFacts, words: list[Word], i: int, text: str) -> bool:
        """A capitalised word that some name file holds, or no dictionary does, before an
        apposition naming a role; not a place that is no common first name ("Lyon, la
        directrice régionale…" is where she works), not a model's name."""
        return (
            not word.is_all_caps
            # English capitalises "Fine, my boss said": there only what a cue alone makes a name
            # (an interjection, "Bon, …", "Ah, …", is far more a word than a name)
            and (
                self.is_unknown(word) or (self.is_maybe_name(word) and self.excess(f) < 2.3)
                if self._lang == "fr"
                else self._is_cued_name(f) or self.is_unknown(word)
            )
            and not f.is_eponym
            and (not f.is_place or self._first(f) >= 3.5)
            and self._role_apposition(words, i, text)
        )

    def _person_frames(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        """English frames that make a first name that is also a word someone, as a subject
        opening its clause: on a shift ("Pearl on nights keeps…"), from a firm ("Ivy from
        Hastings Direct called": the firm too), or staying years at a post ("Pearl has been
        at the front desk for 31 years"). The word must be one the name files hold (not
        "Chip"), so "Honestly on nights…" or "Frank feedback from Acme" stay clean."""
        yield from self._named_by_role(words, text, taken)
        yield from self._name_and_initial(words, text, taken)
        yield from self._name_of_department(words, text, taken)
        if self._lang != "en":
            return
        count = len(words)
        for i in range(count - 2):
            if i not in taken and (
                self._lower_name_on_post(words, i, text) or self._lower_name_after_role(words, i, text)
            ):
                yield Hit(words[i].start, words[i].end, "person")
        for i in range(count - 2):
            word, nxt = words[i], words[i + 1]
            if (
                i in taken
                or not word.is_capitalised
                or word.is_all_caps
                or not self._opens_clause_here(words, i, text)
            ):
                continue
            if _gap(text, word, nxt) != " " or not self.is_maybe_name(word) or self.facts(word).is_place:
                continue
            if nxt.folded == "on" and self._on_shift(words, i + 2, text):
                yield Hit(word.start, word.end, "person")
            elif nxt.folded == "from" and i + 2 not in taken:
                stop = self._firm_from(words, i + 2, text, taken)
                if stop is not None:
                    yield Hit(word.start, word.end, "person")
                    yield Hit(words[i + 2].start, words[stop - 1].end, "organization")
            elif (
                nxt.folded in ("has", "had")
                and words[i + 2].folded == "been"
                and i + 3 < count
                and words[i + 3].folded in ("at", "with", "on", "in", "here", "there")
            ):
                clause = re.split(r"[.;!?\n]", text[words[i + 2].end :], maxsplit=1)[0]
                if any(_TENURE_RE.match(clause, m.start()) for m in re.finditer(r"\s", clause)):
                    yield Hit(word.start, word.end, "person")

    def _lower_name_on_post(self, words: list[Word], i: int, text: str) -> bool:
        """A lower-case first name, then the shift or the department its bearer works on or
        in: "tom on nights is close to burning out", "gareth on days", "nate in logistics
        botched…". The word must be a first name of some file (an English word only when a
        very common first name: "tom", "glen") or a word no lexicon holds: "working on
        nights" or "issues in logistics" stay clean."""
        word, nxt = words[i], words[i + 1]
        if word.is_capitalised or len(word.folded) < 3 or word.folded in _STOPS or self.is_blocked(word):
            return False
        if _gap(text, word, nxt) != " " or _gap(text, nxt, words[i + 2]) != " ":
            return False
        if nxt.folded == "on":
            posted = self._on_shift(words, i + 2, text)
        else:
            posted = nxt.folded in ("in", "from") and words[i + 2].folded in _DEPARTMENTS
        if not posted:
            return False
        return self._is_lower_first_name(word)

    def _is_lower_first_name(self, word: Word) -> bool:
        """A lower-case word that is a first name where a frame expects one: a first name of
        some file, an English word only when a very common first name ("tom", "glen"), or a
        word no lexicon holds ("chiamaka")."""
        f = self.facts(word)
        if f.is_place and self._first(f) < 3.0:
            return False
        if f.is_lexicon_en or (f.is_lexicon and f.fr >= 3.0):
            return self._first(f) >= 4.5
        if self._lang == "en" and self._is_compound_word(word.folded, f):
            return False  # "the team offsite": two everyday words run together
        return self._first(f) >= 2.5 or self._is_name_shaped(word)

    def _lower_name_after_role(self, words: list[Word], i: int, text: str) -> bool:
        """English: a lower-case first name right after a role its owner holds ("my team
        leader gareth keeps…", "the new teller chiamaka is…", "my manager shona"): a
        possessive or "the", at most one more word ("team", "new"), the role, the name."""
        word = words[i]
        if self._lang != "en" or word.is_capitalised or i < 2 or word.folded in _STOPS:
            return False
        if len(word.folded) < 3 or self.is_blocked(word):
            return False
        role = words[i - 1]
        if role.folded not in self._roles or role.is_capitalised or _gap(text, role, word) != " ":
            return False
        if role.folded in _DEPARTMENTS:
            return False  # "the team offsite", "my team workstream": a group, not its member
        for k in (i - 2, i - 3):
            if k < 0 or _gap(text, words[k], words[k + 1]) != " ":
                return False
            if words[k].folded in _ROLE_OWNERS or words[k].folded == "the":
                return self._is_lower_first_name(word)
            if words[k].is_capitalised:
                return False
        return False

    def _with_lower_particle(self, hit: Hit, words: list[Word], text: str) -> Hit:
        """ "avec tiphaine le goff", "voir avec karim ben salah": a name typed in lower case
        goes on over a particle and a surname, when the word after the particle is no
        ordinary word, place or department ("julien le matin", "marie de lyon" stop)."""
        if hit.kind != "person" or not text[hit.start : hit.end].islower():
            return hit
        index = next((i for i, w in enumerate(words) if w.end == hit.end), None)
        if index is None or index + 2 >= len(words):
            return hit
        particle, surname = words[index + 1], words[index + 2]
        if particle.folded not in _LOWER_PARTICLES or particle.is_capitalised or surname.is_capitalised:
            return hit
        if _gap(text, words[index], particle) != " " or _gap(text, particle, surname) not in (" ", "'", "’"):
            return hit
        if self.is_blocked(surname) or _too_short(surname) or surname.folded in _DEPARTMENTS:
            return hit
        f = self.facts(surname)
        if f.is_place or f.is_eponym or self.is_ordinary(surname) or f.is_lexicon or f.is_lexicon_en:
            return hit
        if self._surname(f) >= 1.0 or self.is_unknown(surname):
            return Hit(hit.start, surname.end, "person")
        return hit

    def _name_and_initial(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        """ "Priyanka S., Oluwaseun et…", "voir avec Tomasz K.": a capitalised word then
        one capital and a dot is a first name and a surname's initial, wherever it stands
        and whichever country the name comes from, when the word is in some name file or
        in no dictionary; not a dictionary word ("Plan B.", "Vitamine C."), a place
        ("Paris S.") or an abbreviation ("U.S.", "J.-P." are found elsewhere)."""
        for i in range(len(words) - 1):
            word, initial = words[i], words[i + 1]
            if i in taken or not word.is_capitalised or word.is_all_caps or _too_short(word):
                continue
            if len(initial.text) != 1 or not initial.text.isupper() or _gap(text, word, initial) != " ":
                continue
            after = text[initial.end : initial.end + 3]
            if not after.startswith(".") or (len(after) > 1 and after[1].isalpha()):
                continue  # "U.S.": an abbreviation, not an initial
            f = self.facts(word)
            if self.is_blocked(word) or f.is_place or f.is_eponym or self._is_lexicon(f) or f.is_lexicon_en:
                continue
            if self._is_any_name(f) or self.is_unknown(word):
                yield Hit(word.start, initial.end + 1, "person")

    def _name_of_department(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        """ "Noël du contrôle de gestion refuse…", "Rose de la compta m'a dit": a first name,
        even one that is an ordinary word or a feast, then "du"/"de la" and a department is
        someone of that department (French; the English "X from accounts" is elsewhere)."""
        if self._lang != "fr":
            return
        count = len(words)
        for i in range(count - 2):
            word = words[i]
            if i in taken or not word.is_capitalised or word.is_all_caps or _too_short(word):
                continue
            j = i + 1
            if words[j].folded == "de" and j + 1 < count and words[j + 1].folded in ("la", "l"):
                j += 1
            elif words[j].folded != "du":
                continue
            dept = words[j + 1] if j + 1 < count else None
            if dept is None or dept.is_capitalised or dept.folded not in _DEPARTMENTS:
                continue
            if not all(_joined(text, words[k], words[k + 1]) for k in range(i, j + 1)):
                continue
            f = self.facts(word)
            if self.is_blocked(word) or f.is_place or f.is_eponym or self._first(f) < 3.5:
                continue
            yield Hit(word.start, word.end, "person")

    def _named_by_role(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        """Who holds a role, by the role next to the name: "ma collègue Pau", "my colleague
        Florence" (a possessive and a role before a capitalised word: someone, even a word
        that is a town), "JR the safety driver", "Mike the plumber" (a name or initials, then
        "the" and a job within three words)."""
        count = len(words)
        for i in range(count - 2):
            owner, role, name = words[i], words[i + 1], words[i + 2]
            if owner.folded in _ROLE_OWNERS and role.folded in self._roles and i + 2 not in taken:
                if not (_gap(text, owner, role) == " " and _gap(text, role, name) == " "):
                    continue
                if not name.is_capitalised or name.is_all_caps or self.is_blocked(name):
                    continue
                if name.folded in _DEPARTMENTS or name.folded in self._roles:
                    continue
                if self.is_ordinary(name) and not self.facts(name).is_place:
                    continue  # "mon collègue Excel"; a town after a role is someone named so
                yield Hit(name.start, name.end, "person")
        if self._lang != "en":
            return
        for i in range(count - 2):
            word, the = words[i], words[i + 1]
            if i in taken or the.folded != "the" or _gap(text, word, the) != " " or not word.is_capitalised:
                continue
            if self.is_blocked(word) or self.facts(word).is_place:
                continue
            initials = word.is_all_caps and 2 <= len(word.folded) <= 3 and not self._is_acronym(word)
            if not (initials or (not word.is_all_caps and self.is_maybe_name(word))):
                continue
            for k in range(i + 2, min(count, i + 5)):
                w = words[k]
                if w.is_capitalised or _gap(text, words[k - 1], w) != " ":
                    break
                # at a sentence start only a trade: "Bill the client for…" is a verb's order
                if w.folded in _JOBS_EN or (w.folded in self._roles and not word.is_initial):
                    yield Hit(word.start, word.end, "person")
                    break

    @staticmethod
    def _opens_clause_here(words: list[Word], i: int, text: str) -> bool:
        """Whether words[i] opens a sentence or a clause ("…, and Pearl on nights…")."""
        if words[i].is_initial:
            return True
        before = text[: words[i].start].rstrip()
        return before.endswith(",") or (
            i > 0 and words[i - 1].folded in ("and", "but", "so") and before[-1:].isalpha()
        )

    def _on_shift(self, words: list[Word], j: int, text: str) -> bool:
        """Whether words[j:] name a shift or a post: "nights", "the late shift", "the tills"."""
        if j >= len(words) or words[j].is_capitalised:
            return False
        if words[j].folded in _SHIFTS:
            return True
        return (
            words[j].folded == "the"
            and j + 1 < len(words)
            and (words[j + 1].folded in _SHIFTS or words[j + 1].folded in _SHIFT_KINDS)
            and not words[j + 1].is_capitalised
        )

    def _firm_from(self, words: list[Word], j: int, text: str, taken: set[int]) -> int | None:
        """The end of a firm's name opening at words[j] after "from", or None: capitalised
        words that are no department, role or known abbreviation, one word being neither a
        place nor a first name, several being no known place ("Hastings Direct")."""
        stop = j
        while stop < len(words) and stop - j < 4 and stop not in taken:
            w = words[stop]
            if not w.is_capitalised or (stop > j and _gap(text, words[stop - 1], w) != " "):
                break
            if self.is_blocked(w) or w.folded in _DEPARTMENTS or w.folded in self._roles:
                return None
            if w.is_all_caps and self._is_acronym(w):
                return None
            stop += 1
        if stop == j:
            return None
        run = words[j:stop]
        if len(run) == 1:
            f = self.facts(run[0])
            if f.is_place or self._is_town(run[0]) or self.is_maybe_name(run[0]) or self.is_ordinary(run[0]):
                return None
            return stop
        phrase = " ".join(w.folded for w in run)
        if self._k.folded_facts(phrase).is_place or phrase in self._k.world_places:
            return None
        return stop

    def _people(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        count = len(words)
        person = [False] * count
        for i in range(count):
            if i not in taken:
                person[i] = self._is_person_here(words, i, text)
        # Lists: "julien, pierre et marc" — a name's neighbours that are names too.
        # "me, tom and priyanka", "JB et moi": the writer listed with others
        for i in range(count):
            if words[i].folded not in ("me", "moi", "i", "toi") or (
                words[i].is_all_caps and words[i].folded != "i"
            ):
                continue
            for j in self._list_neighbours(words, i, text):
                left, right = sorted((words[i], words[j]), key=lambda w: w.start)
                if words[i].folded == "i" and _gap(text, left, right).strip() == ",":
                    continue  # "…and PF, I am not sure": a clause ends before "I"
                if words[i].folded == "i" and j < i and text[words[i].end : words[i].end + 1] in ("'", "’"):
                    continue  # "she sits in Leeds and I'm in Hull": "I'm" opens a clause
                if self._lang == "en" and words[j].is_capitalised and self._is_town_here(words, j, text):
                    continue  # "between Leeds and me": a place
                if self._capitals_in_noun_phrase(words, j, text) or self._listed_acronym(words, j, text):
                    continue  # "the JCC and I", "about DEI and ESG and I…": a body or a topic
                if not person[j] and j not in taken and self._is_list_name(words[j]):
                    person[j] = True
                elif (
                    not person[j]
                    and j not in taken
                    and not words[j].is_capitalised
                    and self._is_name_shaped(words[j])
                    and self._lang == "en"
                ):
                    person[j] = True  # "thandeka and i both applied", "jiwoo and me"
        # "dean, holly, mark and someone from HR": three first names listed are people,
        # though each alone would be a word (two joins at least: commas, "and", "et")
        joins = text.count(",") + sum(text.count(j) for j in (" and ", " et ", " or ", " ou "))
        memo: dict[int, bool] = {}

        def listed(j: int) -> bool:
            if j not in memo:
                memo[j] = self._is_listed_first_name(words[j])
            return memo[j]

        seen: set[int] = set()
        for i in range(count if joins >= 2 else 0):
            if (
                person[i]
                or i in taken
                or i in seen
                or not any(True for _ in self._list_neighbours(words, i, text))
            ):
                continue
            if not listed(i):
                continue
            run = {i}
            frontier = [i]
            mixed = False  # "trust, faith, hope and joy": a word listed with them
            while frontier:
                k = frontier.pop()
                for j in self._list_neighbours(words, k, text):
                    if j in run:
                        continue
                    if j not in taken and listed(j):
                        run.add(j)
                        frontier.append(j)
                    elif not self.is_blocked(words[j]) and words[j].folded not in _LIST_PRONOUNS:
                        mixed = True
            seen |= run
            if len(run) >= 3 and not mixed:
                for j in run:
                    person[j] = True
        changed = True
        while changed:
            changed = False
            for i in range(count):
                if not person[i]:
                    continue
                for j in self._list_neighbours(words, i, text):
                    if not person[j] and j not in taken and self._is_list_name(words[j]):
                        person[j] = True
                        changed = True
        # "… Thi Hoa et Manu, et seul Manu a été augmenté": a capitalised word found to be
        # someone is that person again wherever the message repeats it, capitalised alike,
        # unless it is also a place or a word ("Jordan the country, not Jordan from payroll")
        found_names = {words[i].text for i in range(count) if person[i] and words[i].is_capitalised}
        for i in range(count):
            if (
                not person[i]
                and i not in taken
                and words[i].text in found_names
                and not self.is_blocked(words[i])
            ):
                f = self.facts(words[i])
                person[i] = not (f.is_place or f.is_lexicon or f.is_lexicon_en or self._is_town(words[i]))
        i = 0
        while i < count:
            if not person[i]:
                i += 1
                continue
            start = i
            # "Da Silva", "Le Goff": a particle before a surname belongs to it
            if (
                i > 0
                and i - 1 not in taken
                and words[i - 1].folded in _PARTICLES
                and words[i - 1].is_capitalised
                and (
                    not words[i - 1].is_initial
                    or (i > 1 and (person[i - 2] or words[i - 2].folded in self._titles))
                    # "Le Bihan m'a dit", "Dos Santos Rui": at a sentence start too, before a
                    # surname that is no ordinary word nor place
                    or (
                        not self.facts(words[i]).is_lexicon
                        and not self.facts(words[i]).is_lexicon_en
                        and not self.facts(words[i]).is_place
                        and not self._k.folded_facts(f"{words[i - 1].folded} {words[i].folded}").is_place
                    )
                )
            ) or (
                # "Mr de Wit", "Mme van der Berg": a lower-case particle after a title
                i > 1
                and i - 1 not in taken
                and words[i - 1].folded in _PARTICLES
                and words[i - 2].folded in self._titles
                and _gap(text, words[i - 2], words[i - 1]).strip(" .") == ""
            ):
                start = i - 1
            # "constance ferrand", "marc weiss": a first name before a surname belongs to it,
            # even when alone it would be an ordinary word
            while (
                start > 0
                and start - 1 not in taken
                and not person[start - 1]
                and _gap(text, words[start - 1], words[start]) == " "
                and words[start - 1].is_capitalised == words[start].is_capitalised
                and not self.is_blocked(words[start - 1])
                and self._first(self.facts(words[start - 1])) >= 3.0
                # in lower case not a word as frequent as "vu" ("on a vu julien")
                and (words[start - 1].is_capitalised or self._zipf(self.facts(words[start - 1])) < 5.0)
                and (
                    self._surname(self.facts(words[start])) >= 2.3
                    # "avec Modeste Nzambi": a surname no file holds, in capitals like the first name
                    or (words[start].is_capitalised and self.is_unknown(words[start]))
                    # "Kent Obi": in English any census surname, after a common first name
                    or (
                        self._lang == "en"
                        and words[start].is_capitalised
                        and self._surname(self.facts(words[start])) >= 2.0
                        and self._first(self.facts(words[start - 1])) >= 4.0
                    )
                )
            ):
                start -= 1
            stop = i + 1
            kind = "person"
            cue = words[start - 1] if start > 0 else None
            named = cue is not None and (
                cue.folded in _NAMING
                or (
                    cue.folded in ("him", "her")
                    and start > 1
                    and words[start - 2].folded in ("calls", "call")
                )
            )
            while stop < count and stop not in taken and self._name_continues(words, stop, text):
                nxt = words[stop]
                if person[stop]:
                    stop += 1
                    continue
                if len(nxt.text) == 1 and nxt.text.isupper() and text[nxt.end : nxt.end + 1] == ".":
                    stop += 1  # "Steeve L.", "A.-L. B.": a name and an initial
                    continue
                if named and nxt.is_capitalised and (len(nxt.text) == 1 or not self.is_blocked(nxt)):
                    stop += 1  # "qu'on appelle Mamie Jo", "calls him Big T": the nickname whole
                    continue
                # "de Sousa", "de la Fontaine", "van der Berg": up to two particles
                after = stop + 1
                if after < count and nxt.folded in _PARTICLES and words[after].folded in _PARTICLES:
                    after += 1
                if (
                    nxt.folded in _PARTICLES
                    and after < count
                    and words[after].is_capitalised
                    and not self.is_blocked(words[after])
                    and after not in taken
                ):
                    stop = after + 1
                    continue
                if nxt.folded in _PARTICLES and nxt.is_capitalised:
                    stop += 1
                    continue
                if words[stop - 1].folded in _PARTICLES and nxt.is_capitalised and not self.is_blocked(nxt):
                    # (stop is not in taken: the loop's condition)
                    stop += 1
                    continue
                if (
                    stop == start + 1
                    and not words[start].is_initial
                    and nxt.is_capitalised
                    and not nxt.is_all_caps
                    and self.facts(nxt).is_place
                    and (stop + 1 >= count or not words[stop + 1].is_capitalised)
                    and self._is_branch_head(words[start])
                ):
                    stop += 1  # "an opening at Olam Ghana": a firm no list holds and its country
                    kind = "organization"
                    continue
                if kind == "organization" and nxt.is_all_caps and len(nxt.folded) <= 4:
                    stop += 1  # "Kanté Conseil RH", "Durand Services IT": the firm's field
                    continue
                if nxt.is_capitalised and not nxt.is_all_caps and nxt.folded in _SECTORS:
                    stop += 1  # "Martel Logistique", "Kanté Conseil": a firm named after someone
                    kind = "organization"
                    continue
                if (
                    nxt.is_capitalised
                    and words[stop - 1].is_capitalised
                    and nxt.folded not in _NAME_ENDS
                    and nxt.folded not in self._allow
                    and self._surname(self.facts(nxt)) >= 2.0
                ):
                    stop += 1  # Gabriel Voisin, Thérèse Pires: an ordinary word as surname
                    continue
                if (
                    nxt.is_capitalised
                    and not nxt.is_all_caps
                    and words[stop - 1].is_capitalised
                    and self._first(self.facts(words[stop - 1])) >= 4.0
                    and nxt.folded not in _NAME_ENDS
                    and not self.is_blocked(nxt)
                    and not self._is_lexicon(self.facts(nxt))
                    and not self.facts(nxt).is_lexicon_en
                    and not self.facts(nxt).is_place
                ):
                    stop += 1  # "Jacques Ribéry": a surname that is frequent in text, famous
                    continue
                if self.is_blocked(nxt) or nxt.folded in _LEGAL:
                    break
                if nxt.is_capitalised and not nxt.is_all_caps and not self.is_ordinary(nxt):
                    stop += 1
                    continue
                if nxt.is_all_caps and len(nxt.folded) >= 3 and self.is_maybe_name(nxt):
                    stop += 1
                    continue
                if not nxt.is_capitalised and not words[i].is_capitalised and self._is_surname_like(nxt):
                    stop += 1
                    continue
                if not nxt.is_capitalised and self._first(self.facts(words[stop - 1])) >= 3.0:
                    # "julie voisin", "julien de lévy": after a first name in lower case, a
                    # surname even if it is an ordinary word (the name is flagged already)
                    if self._is_plain_surname(nxt) or self._is_foreign_word(nxt):
                        stop += 1
                        continue
                    if self._is_rare_surname(nxt):  # "henri potvin": no dictionary word
                        stop += 1
                        continue
                    if self._lang == "en" and self._is_lower_surname_en(nxt):
                        stop += 1  # "rupert okonjo": a surname no list holds (name_english)
                        continue
                    if (
                        nxt.folded in _PARTICLES
                        and stop + 1 < count
                        and stop + 1 not in taken
                        and _gap(text, nxt, words[stop + 1]) in (" ", "'", "’")
                        and self._is_plain_surname(words[stop + 1])
                    ):
                        stop += 2
                        continue
                if (
                    not nxt.is_capitalised
                    and not words[stop - 1].is_capitalised
                    and self._is_rare_first_name(words[stop - 1])
                    and (self._is_foreign_word(nxt) or self._is_rare_surname(nxt))
                ):
                    stop += 1  # "tymon glapiak", "fodil latreche": a rare first name, a surname
                    continue
                break
            end = words[stop - 1].end
            if len(words[stop - 1].text) == 1 and text[end : end + 1] == ".":
                end += 1
            yield Hit(words[start].start, end, kind)
            i = stop

    def _after_indefinite(self, words: list[Word], i: int, text: str) -> bool:
        """Whether an indefinite or partitive article stands before words[i], maybe with an
        adjective between ("un margaux", "du margaux", "une vraie perle"): French writes a
        person's name in lower case without one ("la marie-ève", "le grand momo" are
        definite), so the word is a thing; not "un ami pierre" (a role, then the name), "un
        certain kevin", nor "un kevin qui m'a appelé" (someone of that name, who acts)."""
        nxt = words[i + 1] if i + 1 < len(words) else None
        if nxt is not None and (
            nxt.folded in ("qui", "qu", "que")
            or self._person_acts_next(words, i, text)
            or self._department_after(words, i, text)
        ):
            return False
        j = i - 1
        if (
            j > 0
            and not words[j].is_capitalised
            and words[j].folded not in self._roles
            and words[j].folded not in _NAMING
            and words[j].folded not in ("certain", "certaine")
        ):
            if words[j].folded in _INDEFINITES:
                return _gap(text, words[j], words[i]) == " "
            if not (self.facts(words[j]).is_lexicon and _gap(text, words[j], words[i]) == " "):
                return False
            j -= 1
        return (
            j >= 0
            and words[j].folded in _INDEFINITES
            and not words[j].is_capitalised
            and _gap(text, words[j], words[j + 1]) == " "
        )

    def _name_continues(self, words: list[Word], stop: int, text: str) -> bool:
        """Whether words[stop] may continue the name before it: a space between them, or the
        closing quote of a nickname before a surname ('Margaret "Peggy" Alderton')."""
        gap = _gap(text, words[stop - 1], words[stop])
        if gap in (" ", "\u00a0"):
            return True
        nxt = words[stop]
        return (
            gap in ('" ', "” ", "' ", "’ ", "» ")
            and nxt.is_capitalised
            and not self.is_blocked(nxt)
            and not self.is_ordinary(nxt)
            and (self.is_maybe_name(nxt) or self.is_unknown(nxt))
        )

    def _is_list_name(self, word: Word) -> bool:
        if self.is_blocked(word):
            return False
        f = self.facts(word)
        if f.is_place and self._first(f) < 4.0:
            return False  # "from Manchester to Glasgow and I"
        if word.is_all_caps and len(word.folded) <= 3:
            return not self._is_acronym(word)  # "JB et Titi"
        if word.is_capitalised:
            return (
                self.is_maybe_name(word)
                or self.is_unknown(word)
                # "Ambre et Mélisse", "Thi Hoa et Manu": inside a sentence, a capital and a
                # first name of the files, though rare, listed with someone
                or (self._lang == "fr" and not word.is_initial and self._first(f) >= 2.3)
            )
        return (
            self.is_mostly_name(word)
            or (self._first(f) >= 3.0 and self.excess(f) < 1.5)
            # a first name no dictionary holds ("priyanka")
            or (self._first(f) >= 2.3 and not f.is_lexicon and not f.is_lexicon_en and self._zipf(f) < 3.5)
            # "moi, benmoussa et deux gars de la compta": a name of the files, however rare,
            # that no dictionary holds, listed with people
            or (self._lang == "fr" and self._is_name_not_word(word))
        )

    def _titled_noun(self, words: list[Word], i: int, text: str) -> bool:
        """ "the Art department", "our Bill Payments team", "an Art Director role": a word
        that is also a name, after an article or before a capitalised word of the dictionary
        that no one is named (not "Bill Gates", "Will Smith"), is a noun in a title."""
        prev = words[i - 1] if i > 0 else None
        if prev is not None and prev.folded in _ARTICLES_EN and _gap(text, prev, words[i]) == " ":
            return True
        nxt = words[i + 1] if i + 1 < len(words) else None
        if nxt is None or not nxt.is_capitalised or nxt.is_all_caps or _gap(text, words[i], nxt) != " ":
            return False
        g = self.facts(nxt)
        return g.is_lexicon_en and max(g.first_en, g.surname_en) < 3.5

    def _nicknamed(self, words: list[Word], i: int, text: str) -> bool:
        """A capitalised word (or its article) right after "on appelle", "qu'on appelle", "on
        l'appelle", "on le surnomme": the name a team gives someone, whatever the word means
        otherwise ("Dimanche", "Le Vieux K", "le Ch'ti"); "je t'appelle Lundi" has no "on"."""
        if self._lang != "fr" or not words[i].is_capitalised or words[i].is_all_caps:
            return False
        at = i - 1
        article = at >= 0 and words[at].folded in ("le", "la") and not words[at].is_capitalised
        if article:
            at -= 1  # "on l'appelle le Ch'ti": the article is no part of the name
        if at < 2 or words[at].folded not in _NICKNAMING or not _joined(text, words[at], words[at + 1], "."):
            return False
        before = [w.folded for w in words[max(0, at - 3) : at]]
        if before[-2:] in (["on", "l"], ["on", "le"], ["on", "la"]):
            return True  # "on l'appelle…", "on le surnomme…": a person is the object
        # "le plongeur qu'on appelle Dimanche", not "ce qu'on appelle le Lean" (a notion)
        return not article and before[-2:] == ["qu", "on"] and before[:-2][-1:] != ["ce"]

    def _is_person_here(self, words: list[Word], i: int, text: str) -> bool:
        word = words[i]
        prev = words[i - 1] if i > 0 else None
        linked = prev is not None and _joined(text, prev, word, ".")
        if word.is_initials:
            letters = word.folded.replace(".", "").replace("-", "")
            return "-" in word.text or letters not in _DOTTED_ABBREVIATIONS
        capitalised_inside = word.is_capitalised and not word.is_initial
        if self._lang == "en" and _AMOUNT_BEFORE_RE.search(text, max(0, word.start - 24), word.start):
            return False  # "paid 250k Naira", "40,000 Rand a month": a currency after its amount
        if self._lang == "en" and _PLURAL_CAPITALS_RE.fullmatch(word.text):
            return False  # "they all have MBAs", "two new PMs": capitals in the plural, a title or a role
        if (
            self._lang == "en"
            and _LETTER_WORD_RE.fullmatch(word.text)
            and self._k.folded_facts(word.folded[2:]).is_lexicon_en
        ):
            return False  # "all C-level", "the C-suite", "an X-ray": a letter before a word
        if (
            self._lang == "en"
            and word.folded in _ENGLISH_NAME_WORDS
            and i + 1 < len(words)
            and _gap(text, word, words[i + 1]) == " "
            and words[i + 1].folded in _ACTION_EN
            and words[i + 1].folded.endswith("s")
            and self._role_before(words, i, text)
        ):
            return True  # "my line manager will says yes": no modal before "says"
        if (
            self._lang == "en"
            and capitalised_inside
            and word.folded in _ENGLISH_NAME_WORDS
            and not word.is_all_caps
            and not self._titled_noun(words, i, text)
        ):
            return True  # "covering for Will": a modal is never capitalised mid-sentence
        if (
            self._lang == "en"
            and word.is_capitalised
            and word.folded in _ENGLISH_NAME_WORDS
            and (self._cued_person(words, i, text) or self._acts_next(words, i, text))
        ):
            return True  # "Will from procurement keeps…"
        if (
            prev is not None
            and linked
            and prev.folded in self._titles
            and len(word.text) == 1
            and word.text.isupper()
            and (prev.is_capitalised or len(prev.folded) > 2)
            and not (self._lang == "en" and word.text == "I" and text[word.end : word.end + 1] != ".")
        ):
            return True  # "Mr D", "Mme B.": a title and an initial (not "Madam I want…")
        if _HYPHEN_INITIALS_RE.match(word.text) and word.text != "A-Z":
            return True  # "P-A le fils du patron"
        if (
            word.is_capitalised
            and not word.is_all_caps
            and word.folded in _NAMED_MONTHS
            and i >= 2
            and words[i - 1].folded in self._roles
            and (
                words[i - 2].folded in _BEFORE_ROLE or words[i - 2].folded in _APPOSITION_ARTICLES[self._lang]
            )
            and _gap(text, words[i - 1], word).strip() == ","
            and i + 1 < len(words)
            and _gap(text, word, words[i + 1]).strip() == ","
        ):
            return True  # "The new hire, June, starts in May": a month named as who holds a role
        if self._nicknamed(words, i, text):
            return True  # "qu'on appelle Dimanche", "on l'appelle Le Vieux K": a nickname, even a day
        if self.is_blocked(word) or text[word.end : word.end + 2] in ("'t", "’t"):
            return False  # "doesn't", "can't": a contraction, whatever names it resembles
        if self._lang == "fr" and self._named_in_brackets(words, i, text):
            return True  # "TMO (c'est comme ça qu'on appelle le producteur)", "Bouc (son surnom)"
        if self._lang == "fr" and self._named_by_clause(words, i, text):
            return True  # "c'est Noël qui gère les plannings", "Pierre, qui a 62 ans, …"
        if self._lang == "fr" and self._is_colour_here(words, i, text):
            return False  # "couleur ambre", "Rose pâle", "Rose, orange ou vert": a colour
        if words[i].is_capitalised and self._thing_apposition(words, i, text):
            return False  # "Céleste, le nouveau logiciel de planning, plante": a tool
        if (
            word.folded in _MONTH_SHORT
            and word.is_capitalised
            and prev is not None
            and prev.folded in _MONTH_CUES
            and not (i + 1 < len(words) and words[i + 1].is_capitalised)
        ):
            return False  # "starts in Jan, 3 days a week" (not "in Jan Kowalski's team")
        f = self.facts(word)
        if f.is_place and self._city_named_as_someone(words, i, text):
            f = replace(f, is_place=False)  # "I report to Kingston": a person (name_english)
        if (
            self._lang == "en"
            and text[word.end : word.end + 2] in ("'s", "’s")
            and len(word.folded) >= 3
            and not f.is_lexicon_en
            and not f.is_place
            and not f.is_eponym
            and f.en < 4.0
            and word.folded not in self._k.idioms
            # "the bakkie's dashboard", "the PVR's gone up": no article before a person's possessive
            and not (prev is not None and prev.folded in ("a", "an", "the") and not word.is_capitalised)
            and not self._capitals_in_noun_phrase(words, i, text)
        ):
            return True  # "callum's daughter", "Kasia's mum": only people and firms own things
        if (
            self._lang == "en"
            and word.is_capitalised
            and not word.is_all_caps
            and text[word.end : word.end + 3] in ("'s ", "’s ")
            and i + 2 < len(words)
            and not words[i + 2].is_capitalised
            and (words[i + 2].folded in _OWNED_AT_WORK or words[i + 2].folded in self._roles)
            and self._first(f) >= 3.5
            and not f.is_place
            # "the Dean's office", "the Provost's team": no article before a person's possessive
            and not (prev is not None and prev.folded in ("the", "a", "an"))
            # "Peter's team" is no principle nor "rob Peter to pay Paul"
            and not ((f.is_eponym or word.folded in self._k.idioms) and self._first(f) < 4.5)
        ):
            return True  # "Mark's team", "Rose's old role": a first name owning what a person has
        if (
            word.is_capitalised
            and not word.is_all_caps
            and prev is not None
            and prev.folded in _PARTICLES
            and prev.folded not in ("le", "la", "les", "de", "du", "des", "di", "da", "el", "al")
            and not prev.is_capitalised
            and prev.is_initial
            and (self._acts_next(words, i, text) or self._subject_next(words, i, text))
            and not f.is_place
        ):
            return True  # "van Wyk keeps booking…": a surname's particle typed in lower case
        if (
            self._lang == "en"
            and word.is_capitalised
            and not word.is_all_caps
            and i + 2 < len(words)
            and words[i + 1].folded == "the"
            and words[i + 2].folded in self._roles
            and _gap(text, word, words[i + 1]) == " "
            and not f.is_place
            and not (f.is_lexicon_en or f.is_lexicon)  # "Bill the client for it?": a verb
        ):
            return True  # "MacIsaac the owner wants…", "Dave the plumber"
        if (
            word.is_capitalised
            and prev is not None
            and prev.folded in _PARTICLES
            and prev.is_capitalised
            and _gap(text, prev, word) == " "
            and (not prev.is_initial or (i > 1 and words[i - 2].folded in self._titles))
            and not f.is_place
            and not self._k.folded_facts(f"{prev.folded} {word.folded}").is_place
            and self._surname(f) >= 2.0
        ):
            return True  # "que Da Silva ne répond", "M. Le Gall": a particle and a surname
        if (
            word.is_capitalised
            and not word.is_all_caps
            and (f.is_place or self._is_town(word))
            and max(self._first(f), self._surname(f)) >= 3.0
            and self._department_after(words, i, text)
        ):
            return True  # "Carlisle from the regional office": a town has no office of its own
        if word.is_capitalised and not word.is_all_caps and self._after_travel(words, i, text):
            return False  # "commute from Marietta to Decatur", "flying into Logan at 6am"
        if word.is_capitalised and not word.is_all_caps and self._named_as_place(words, i, text):
            return False  # "Georgia the state, not the country", "Florence, the city,"
        if word.is_capitalised and not word.is_all_caps and self._site_in(words, i, text):
            return False  # "the plant in Tracy", "the kids' school in Karen": a site is in a town
        if word.is_capitalised and not word.is_all_caps and self._not_anyone_en(words, i, text):
            return False  # "the Oktoberfest week", "I've read Sutherland" (name_english)
        if f.is_eponym and word.is_capitalised and self._cited_pair(words, i, text):
            return False  # "Hersey and Blanchard", "Kolb et Lewin": two authors cited together
        if word.folded in _FEASTS:
            nxt = words[i + 1] if i + 1 < len(words) else None
            is_subject = nxt is not None and (nxt.folded == "qui" or self._subject_next(words, i, text))
            named = (
                self._role_before(words, i, text)
                or (
                    nxt is not None
                    and nxt.is_capitalised
                    and _gap(text, word, nxt) == " "
                    and self.is_maybe_name(nxt)
                )
                or (prev is not None and prev.folded in _TITLES)
            )
            if not named and not (
                word.is_capitalised and is_subject and (prev is None or prev.folded not in _FEAST_CONTEXT)
            ):
                return False
        if (
            capitalised_inside
            and prev is not None
            and prev.folded in _TO[self._lang]
            and i > 1
            and words[i - 2].folded in _TELLING
            and self._is_any_name(f)
        ):
            return True  # "j'ai parlé à Ange", "I spoke to Florence": one speaks to people
        if (
            (f.is_place or self._k.is_short_town(word.folded))
            and capitalised_inside
            and prev is not None
            and (
                prev.folded in _PLACE_LINKS
                or (prev.folded == "d" and _gap(text, prev, word) in ("'", "’"))
                # "entre Chamonix et Annecy", "l'usine d Évian" (typed without apostrophe):
                # between people too, so only a place that is no common name
                or (prev.folded in ("entre", "d", "between") and not self.is_maybe_name(word))
            )
            and not self._employer_before(words, i)
        ):
            return False  # "muté à Lyon", "le dépôt de Vitry" (Vitry-sur-Seine), "l'agence d'Ivry"
        if self._lang == "en" and word.is_capitalised and self._is_town_here(words, i, text):
            return False  # "the commute from Stafford", "the Chester office", "Sydney and Adelaide"
        if self._lang == "en" and word.is_capitalised and self._town_elsewhere(words, i, text):
            return False  # "Hastings or Brighton? Hastings is cheaper": the town named again
        if self._where_one_lives(words, i, text):
            return False  # "ma famille reste à Cocody", "entre Strasbourg et Kehl"
        if self._lang == "en" and self._listed_after_town(words, i, text):
            return False  # "in Hillsborough and Crookes": a suburb listed with a town
        if (
            capitalised_inside
            and not word.is_all_caps
            and self._is_nameless(f)
            and (
                self._in_place_frame(words, i, text)
                or self._listed_with_place(words, i, text, any_place=True)
            )
        ):
            return False  # "en Vanoise", "vers la Patagonie", "Manchester, or Bavaria"
        if (
            f.is_place
            and word.is_capitalised
            and self._first(f) >= 3.5
            and self._subject_next(words, i, text)
            # "India was lovely": a place named far more often than its people is a person
            # only by what a person does
            and (not self._is_famous_place(word, f) or self._person_acts_next(words, i, text))
        ):
            return True  # "Lorraine a levé les yeux": the region does not raise its eyes
        if "-" in word.folded and self._is_place_compound(word):
            return False  # Marseille-Toulouse, Paris-Lyon, London-centric, Lyon-based
        if "-" in word.folded and word.folded.rsplit("-", 1)[1] in _MANNER_SUFFIXES and word.is_capitalised:
            return False  # "Gawande-style checklists", "a Jobs-like keynote": a manner, not someone
        if (
            self._lang == "en"
            and capitalised_inside
            and prev is not None
            and prev.folded in _PLACE_DETERMINERS
            and i + 1 < len(words)
            and words[i + 1].folded in _PLACE_HEADS
            and _gap(text, word, words[i + 1]) == " "
            and self._first(f) < 3.5
            and (i + 2 >= len(words) or words[i + 2].folded not in ("manager", "team", "lead", "head"))
        ):
            return False  # "the Cotswolds site", "our Camden office": a place's name before what it has
        if (
            prev is not None
            and linked
            and prev.folded in _PARTICLES
            and word.is_capitalised
            and i > 1
            and words[i - 2].folded in self._titles
            and (words[i - 2].is_capitalised or len(words[i - 2].folded) > 2)
            and _gap(text, words[i - 2], prev).strip(" .") == ""
        ):
            return True  # "Mr de Wit", "M. van Damme"
        # M. Durand, madame dubois, Mr smith: after a title anything but a function word
        if (
            prev is not None
            and linked
            and prev.folded in self._titles
            and (prev.is_capitalised or len(prev.folded) > 2)
            and not self._is_verb_miss(words, i - 1)
            # "Good morning sir/madam, hope you…": a title then a comma is someone addressed
            and "," not in _gap(text, prev, word)
        ):
            return not self.is_ordinary(word) or self.is_maybe_name(word) or word.is_capitalised
        # "her name is Honey", "known to all as JBW", "the new receptionist is Summer": a
        # capitalised word named as someone
        if (
            self._lang == "en"
            and prev is not None
            and linked
            and capitalised_inside
            and i > 1
            and not f.is_place
            and not f.is_eponym
            and (
                (prev.folded in ("is", "was") and words[i - 2].folded in ("name", "nickname"))
                or (prev.folded == "as" and words[i - 2].folded in ("known", "all", "everyone", "everybody"))
                or (
                    prev.folded in ("is", "was")
                    and words[i - 2].folded in self._roles
                    and not word.is_all_caps
                    and (self._first(f) >= 3.0 or not f.is_lexicon_en)  # not "my boss is Great"
                )
            )
        ):
            return not (word.is_all_caps and self._is_acronym(word))
        # s'appelle Victoire, called Will, calls him Big T, qu'on appelle Mamie Jo
        phoned = (  # "I called Security", "we called IT": a subject called a line, not a name
            self._lang == "en"
            and prev is not None
            and prev.folded == "called"
            and i > 1
            and words[i - 2].folded in _REPORTED_SUBJECTS
            and f.is_lexicon_en
            and max(f.first_en, f.surname_en, f.first_fr) < 2.0
            and not f.first_intl
        )
        if prev is not None and linked and prev.folded in _NAMING and not phoned:
            # in lower case an everyday word is the verb's adverb or particle ("called back",
            # "je t'appelle vite"), unless it is a name as much as a word ("appelle camille")
            return (
                word.is_capitalised
                or not self.is_ordinary(word)
                or (self.is_maybe_name(word) and self.excess(f) < 1.5)
            )
        if (
            prev is not None
            and i > 1
            and prev.folded in ("him", "her", "them")
            and words[i - 2].folded in _NAMING | {"calls", "call"}
            and word.is_capitalised
        ):
            return True
        # mon collègue pierre, ma manager Zoé, my teammate josh, mon chef, JB,
        if self._role_before(words, i, text):
            if word.is_all_caps and self._bare_role_before(words, i):
                return False  # "me nommer référent AVC", "devenir responsable QSE": the post's field
            if word.is_all_caps and len(word.folded) <= 3:
                return not self._is_acronym(word)
            if word.is_capitalised:
                # (a large city is a place only where no cue names someone: "my new hire Brooklyn")
                place = f.is_place and word.folded not in self._k.cities_en
                if self._lang == "en" and self._is_derived_word(word.folded, f):
                    return False  # "a Senior Oncologist": the role itself, a word of a word
                if not self._is_lexicon(f) and not f.is_lexicon_en and not place:
                    return True  # "my manager Rhys", "mon binôme Manu": in no dictionary of words
                if _NICKNAME_RE.match(word.folded):
                    return True  # "mon binôme Lolo", "ma collègue Jojo"
                return not self.is_ordinary(word) or self.is_maybe_name(word)
            if _too_short(word):
                return False
            if (
                self._lang == "en"
                and i > 1
                and words[i - 1].folded in self._roles
                and words[i - 2].folded in ("a", "an")
            ):
                return False  # "as a junior merchandiser": the role is this word's adjective
            if self._lang == "en" and f.is_lexicon_en:
                # "my manager mark", not "the master key" nor "boss said": English names
                return f.first_en >= 4.0
            return (
                self.is_mostly_name(word)
                # an ordinary word after a role is a name only if it is a first name too
                # ("mon collègue pierre"; not "mon ami masse", "le chef trouve")
                or (self._first(f) >= 3.0 and self.excess(f) < 1.2)
                or (self.is_maybe_name(word) and not self.is_ordinary(word))
                or (
                    self.is_unknown(word)
                    # "a client stakeholder": a frequent English word no name file holds
                    and (self._lang == "fr" or self._zipf(f) < 3.0 or self._first(f) > 0)
                )
                # "le stagiaire hamon", "mon manager santos": a name of the files that no
                # dictionary holds, however often the press writes it
                or (self._lang == "fr" and self._is_name_after_role(word))
                # "ma collègue ji-woo", "mon collègue jae-won": a compound that text never
                # writes whole, none of its parts a French word (English ones aside: "woo")
                or (self._lang == "fr" and self._is_foreign_compound(word))
            )
        if (
            not word.is_capitalised
            and prev is not None
            and _gap(text, prev, word) == " "
            and (
                prev.folded in _DETERMINERS[self._lang]
                or (prev.folded == "de" and i > 1 and words[i - 2].folded in _QUANTITIES)
            )
            and self._is_lexicon(f)
        ) or (
            self._lang == "fr"
            and not word.is_capitalised
            and prev is not None
            and prev.folded == "l"
            and _gap(text, prev, word) in ("'", "’")
            and self._is_lexicon(f)
        ):
            return False  # "on a planté un olivier", "un peu de clémence": a noun after its determiner
        if self._lang == "fr" and not word.is_capitalised and self._after_indefinite(words, i, text):
            return False  # "on a ouvert un margaux", "c'est une vraie perle": a thing, counted
        if (
            self._lang == "fr"
            and not word.is_capitalised
            and prev is not None
            and prev.folded in ("est", "etait")
            and _gap(text, prev, word) == " "
            and f.is_lexicon
            and self._first(f) < 2.5
        ):
            return False  # "mon beau-frère est picard": a surname of the files only, as adjective
        at_place = (
            f.is_place and prev is not None and (prev.folded in _PLACE_LINKS or prev.folded in ("et", "and"))
        )
        # "asks for STAR examples": an English word in capitals is an acronym, not a name
        capital_word = self._lang == "en" and word.is_all_caps and f.is_lexicon_en
        if (
            prev is not None
            and linked
            and prev.folded in self._person_links
            and not at_place
            and not capital_word
        ):
            if word.is_capitalised and self._surname(f) >= 3.0 and self.excess(f) < 2.0:
                return True  # "avec Barre", "pour Guérin"
            if (
                self.is_maybe_name(word)
                and self._first(f) >= 3.5
                and (word.is_capitalised or self.excess(f) < 1.2)
                # "handled it with grace": an English dictionary word in lower case needs more
                and (word.is_capitalised or self._lang == "fr" or not f.is_lexicon_en)
            ):
                return True
            if (
                self._first(f) >= 2.5
                and not self._is_lexicon(f)
                and self._zipf(f) < 3.5
                and len(word.folded) >= 3
            ):
                return True  # "with priya", "à anh": a first name no dictionary knows as a word
            if prev.folded in _TELL_LINKS and self._is_foreign_word(word):
                return True  # "tell brijesh", "1:1 with aarna": a word no lexicon knows at all
        person_cued = prev is not None and linked and prev.folded in self._person_links
        if word.is_capitalised and not word.is_all_caps and f.is_place and not person_cued:
            if self._is_plain_place(f) or (
                "-" in word.folded and self._is_plain_place(self._k.folded_facts(word.folded))
            ):
                return False  # "Saint-Étienne a perdu le contrat", "Denver or Houston?"
            if self._listed_with_place(words, i, text):
                return False  # "Sydney and Melbourne", "Nancy, Metz ou Reims"
        if (
            word.is_all_caps
            and not self._acts_next(words, i, text)  # "JBM m'a dit"
            and (self._in_acronym_list(words, i, text) or self._among_acronyms(words, i, text))
        ):
            return False  # "BOSIET, HUET, HSE, CACES": a list of abbreviations
        if self._capitals_in_noun_phrase(words, i, text):
            return False  # "fix the broken AC", "our new CRM": a thing, not initials
        if word.is_all_caps:
            nxt = words[i + 1] if i + 1 < len(words) else None
            if (
                len(word.folded) >= 3
                and nxt is not None
                and _gap(text, word, nxt) == " "
                and nxt.is_capitalised
                and not nxt.is_all_caps
                and self._first(self.facts(nxt)) >= 3.5
                and not (len(word.folded) <= 4 and self._is_acronym(word))
                and word.folded not in self._allow
            ):
                return True  # DUPONT Julien
            if len(word.folded) <= 3:
                if self._is_acronym(word) or self._is_english_acronym(words, i):
                    return False
                # "JB me dit", "mardi JB me dit": initials that act, never after a determiner
                # ("la DRH me dit", "mon DG a dit")
                if prev is not None and prev.folded in _DETERMINERS[self._lang] and _joined(text, prev, word):
                    return False  # "every AC in the valley", "la DRH", "our CSR team": a thing
                starts = word.is_initial or (
                    len(word.folded) == 2 and prev is not None and prev.folded not in _STOPS
                )
                # "MJ runs the night shift": what only a person does after initials, in English
                acts = self._lang == "en" and self._acts_next(words, i, text)
                return (starts and (self._subject_next(words, i, text) or acts)) or self._initials_cued(
                    words, i, text
                )
            if word.folded in self._k.eponym_names:
                return False
            if self._lang == "en" and f.is_lexicon_en:
                return False  # "a STAR answer", "the GROW model": a word in capitals, not a name
            return self.is_mostly_name(word) and self.name_strength(word) >= 3.0
        if capitalised_inside:
            if (
                (self.is_unknown(word) or self._is_cued_name(f))
                and (not f.is_place or self._first(f) >= 4.0)
                and not f.is_eponym
                and self._cued_person(words, i, text)
            ):
                return True  # "Ma meilleure réceptionniste, Olive, veut…", "my new starter, Summer, is"
            if self._named_by_apposition(word, f, words, i, text):
                return True  # "…et Modeste, notre technicien, n'ose pas"
            if (
                f.is_place
                and self._lang == "fr"
                and self.excess(f) < 1.0
                and (self._first(f) >= 3.5 or self._surname(f) >= 3.0)
            ):
                return True  # a commune that is also a common name, not after "à", "de", "en"
            if f.is_place and (self._first(f) < 4.0 or self._lang == "en"):
                nxt = words[i + 1] if i + 1 < len(words) else None
                return (
                    self._first(f) >= 3.0
                    and nxt is not None
                    and _gap(text, word, nxt) == " "
                    and nxt.is_capitalised
                    and self.is_mostly_name(nxt)
                )  # "Luce Auger": a first name that is also a commune, before a surname
            if _is_mixed_case_acronym(word.text):
                return False  # ExCo, CoDir, SaaS
            if (
                word.folded in self._k.far_places
                and not person_cued
                and not self._employer_before(words, i)
                and not self._acts_next(words, i, text)
                and not (
                    prev is not None
                    and prev.folded in _TO[self._lang]
                    and i > 1
                    and words[i - 2].folded in _TELLING
                )
            ):
                return False  # "our team visited Elbasan": a town no name file holds, no one's cue
            if self._lang == "en":
                # English capitalises names, not ordinary words, mid-sentence; a dictionary
                # word there is a name only if it is a common one ("Bill", "Rose", "Mark")
                if not f.is_lexicon_en:
                    if self._is_derived_word(word.folded, f):
                        return False  # "our Oncologist", "my Upskilling plan": a word of a word
                    # a word no first-name file holds, far more frequent in text than its
                    # surname use explains, is a thing, a brand or a place ("the Brexit
                    # paperwork", "the Harvard course")
                    return not (
                        self._zipf(f) >= 3.5
                        and self.excess(f) >= 1.5
                        and not (f.first_en or f.first_fr or f.first_intl)
                    )
                if (
                    prev is not None
                    and prev.is_capitalised
                    and not prev.is_initial
                    and _gap(text, prev, word) == " "
                    and self.facts(prev).is_lexicon_en
                    and max(self.facts(prev).first_en, self.facts(prev).surname_en) < 3.5
                ):
                    return False  # "a Town Hall meeting": words of a title-cased phrase
                census = max(f.first_en, f.surname_en)
                if (
                    prev is not None
                    and prev.folded in _TELLING
                    and _gap(text, prev, word) == " "
                    and (census >= 3.0 or f.first_intl >= 5)
                    and not self._is_famous_place(word, f)
                ):
                    return True  # "I asked Fang about…", "told Ping": one tells a person
                if prev is not None and prev.folded == "the" and _gap(text, prev, word) == " ":
                    return False  # "the Dean's office", "the Marshal": a word after its article
                return census >= 3.5 and self.excess(f) < 2.0
            if self.is_maybe_name(word) and self.excess(f) < 1.0:
                return True
            if self.is_unknown(word) or _NICKNAME_RE.match(word.folded):
                return True
            if self._word_name_acts(words, i, text):
                return True  # "ce matin Olive m'a dit non": a first name that is also a word
            return self.is_mostly_name(word)
        if word.is_capitalised:  # sentence start
            nxt = words[i + 1] if i + 1 < len(words) else None
            if (
                (self.is_unknown(word) or self._is_cued_name(f))
                and (not f.is_place or self._first(f) >= 4.0)
                and not f.is_eponym
                and self._cued_person(words, i, text)
            ):
                return True  # "Hope, our head of science, …", "Iyer from the account team"
            if f.is_eponym and self._author_as_colleague(words, i, text):
                return True  # "Kahneman in our data team (no relation)": a colleague, not the author
            if self._named_by_apposition(word, f, words, i, text):
                return True  # "Violette, l'assistante du service, filtre…", "Pétillon, le directeur"
            if (
                (self.is_maybe_name(word) or self.is_unknown(word))
                and not f.is_eponym
                and (not f.is_place or self._first(f) >= 3.5)
                and self._role_predicate(words, i, text)
            ):
                return True  # "Ivy is my new assistant manager", "Capucine est notre comptable"
            if f.is_place and self._first(f) >= 3.5 and self._department_after(words, i, text):
                return True  # "Colombe de la compta": a town has no accounts department
            if (
                nxt is not None
                and nxt.folded in _PLEASE
                and _gap(text, word, nxt).strip(" ,") == ""
                and (self.is_unknown(word) or self._is_cued_name(f))
                and not f.is_place
                and not f.is_eponym
            ):
                return True  # '"Jhen pls call the merchant"', "Karim svp rappelle-moi": someone asked
            if word.folded in self._k.far_places and not self._person_acts_next(words, i, text):
                return False  # "Elbasan was lovely", "Ghazni a doublé": a town no name file holds
            if self._lang == "en" and f.is_lexicon_en:
                # English capitalises every sentence start: a dictionary word there ("Frank
                # feedback", "Grace under pressure", "Pat on the back") is a name only when
                # a surname follows or the next word is what a person does ("Faith runs")
                if (
                    nxt is not None
                    # "Visiting Austin next week": a word no name file holds opens no name
                    and (self._is_any_name(f) or self.is_maybe_name(word))
                    and _gap(text, word, nxt) == " "
                    and nxt.is_capitalised
                    and not nxt.is_all_caps
                    and nxt.folded not in _NAME_ENDS
                    and (
                        self.is_mostly_name(nxt)
                        or (self.is_unknown(nxt) and not self.facts(nxt).is_lexicon_en)
                    )
                    and not self.facts(nxt).is_eponym
                    and nxt.folded not in self._k.idioms
                ):
                    return True
                # "Cliff is our best fitter but he…", "Earnest our stage manager is…"
                return self._first(f) >= 3.5 and (
                    self._acts_next(words, i, text) or self._opener_said_of_someone(words, i, text)
                )
            if (
                nxt is not None
                and _gap(text, word, nxt) == " "
                and nxt.is_capitalised
                and not nxt.is_all_caps
                and (self.is_maybe_name(word) or self.is_unknown(word))
                and (self.is_maybe_name(nxt) or self.is_unknown(nxt))
                and nxt.folded not in _NAME_ENDS
            ):
                return True  # "Pierre Martin a dit", "(Ngozi Adeyemi)", a signature's first line
            if self.is_mostly_name(word):
                return True
            if _NICKNAME_RE.match(word.folded) and self._zipf(f) < 3.5:
                return True  # "Titi (Thierry) part", "Fanfan et moi"
            if (
                (self._subject_next(words, i, text) or self._acts_next(words, i, text))
                and ((self.is_maybe_name(word) and self.excess(f) < 1.5) or self.is_unknown(word))
                # "Mentorship is…": a word derived from a word opens the sentence
                and not (self._lang == "en" and self._is_derived_word(word.folded, f))
                # "Madrid was lovely": a famous place is someone only by what a person does
                and not (self._is_famous_place(word, f) and not self._person_acts_next(words, i, text))
            ):
                return True
            return self._first(f) >= 4.5 and self.excess(f) < 1.0 and not f.is_place
        if prev is not None and self._is_lower_place_here(words, i, text):
            return False  # "moving to leeds", "i'm in austin lol", "mutée a nancy"
        if word.folded in _MONTH_SHORT and (
            (prev is not None and prev.folded in _MONTH_CUES)
            or (i + 1 < len(words) and words[i + 1].text.isdigit())
        ):
            return False  # "in jan", "by sept", "dec 2025"
        if self._lang == "fr" and self._is_elided_word(word, words[i + 1] if i + 1 < len(words) else None):
            return False  # "jhabite", "jbosse": "j'habite", "je bosse" typed without apostrophe
        # lower case: what the data says is mostly a name, or a common first name (or a word
        # no lexicon knows) where its context makes it someone
        if (
            self._lang == "fr"
            and prev is not None
            and prev.folded in _COPULAS
            and f.is_lexicon
            and not (i + 1 < len(words) and words[i + 1].folded in ("qui", "que", "qu"))
        ):
            return False  # "être clément avec lui", "reste aimable": an adjective, not "c'est olive qui"
        if (
            prev is not None
            and prev.folded in ("est", "etait")
            and i > 1
            and words[i - 2].folded == "c"
            and i + 1 < len(words)
            and words[i + 1].folded in ("qui", "qu")
            and self._first(f) >= 3.0
            and not f.is_place
        ):
            return True  # "c'est olive qui gère le planning": someone who acts
        if (
            self._lang == "en"
            and not word.is_capitalised
            and prev is not None
            and prev.folded in _THING_DETERMINERS_EN
            and _gap(text, prev, word) == " "
        ):
            return False  # "had a arvo from hell", "the bakkie", "this arvo": no article before a name
        if self.is_mostly_name(word):
            return True
        if self._lower_full_name(words, i, text):
            return True  # "had a long chat with mercy wanjiru" (name_english)
        return self._lower_name_in_context(words, i, text)

    def _lower_name_in_context(self, words: list[Word], i: int, text: str) -> bool:
        """ "mais pierre m'a dit", "frank said", "thabo is my best agent", "tell mark that",
        "dire à pierre que", "kavya from the bench": a lower-case name shown by its context."""
        word = words[i]
        f = self.facts(word)
        # (a model named after a common first name, the Peter principle, keeps the name's
        # use in lower case: "peter said", "i told peter i…"; the model itself is read apart)
        if (
            len(word.folded) < 3
            or (f.is_place and self._first(f) < 4.5)
            or (f.is_eponym and self._first(f) < 4.5)
        ):
            return False
        common_first = self._first(f) >= 4.0 and self.excess(f) < 2.0
        # a word no dictionary of the text's language holds, rare in text: "kavya", "thabo"
        # (English only: French typos, "persone", "olala", are as rare and as unlisted)
        unlisted = self._is_unlisted(f)
        foreign = self._is_foreign_word(word) or (
            unlisted and len(word.folded) >= 4 and word.folded.isalpha()
        )
        if self._paired_subjects(words, i, text):
            return True  # "macca and jono had a row": two such words, then their verb
        if (
            self._lang == "fr"
            and (self._is_name_not_word(word) or self._is_written_abroad(word))
            and self._expects_person(words, i, text)
        ):
            return True  # "selon debroux", "à cause de ferland", "je remplace tagangül"
        if (
            self._lang == "fr"
            and (self._is_rare_first_name(word) or self._is_written_abroad(word))
            and i + 1 < len(words)
            and _gap(text, word, words[i + 1]) == " "
            and not words[i + 1].is_capitalised
            and (
                self._is_foreign_word(words[i + 1])
                or self._is_rare_surname(words[i + 1])
                or self._is_written_abroad(words[i + 1])
            )
            and self._expects_person(words, i, text, last=i + 1)
        ):
            return True  # "pr info fodil latreche sera absent", "avec malwina naczk": the pair
        if (
            self._lang == "fr"
            and (i == 0 or word.is_initial)
            and self._acts_next(words, i, text)
            and any(c in "aeiouy" for c in word.folded)
            and self._is_name_shaped(word)
        ):
            return True  # "stef nous pique nos caristes": a word no lexicon holds, then its verb
        if self._lang == "fr" and self._lower_name_then_who(words, i, text):
            return True  # "teiva mon adjoint a…", "nico de la logistique", "le grand momo de la compta"
        if self._lang == "en" and (
            self._lower_name_then_role_en(words, i, text) or self._lower_name_after_role_en(words, i, text)
        ):
            return True  # "rhiannon my trainee lost…", "the new porter ifeoma is…" (name_english)
        if (
            self._first(f) + f.first_intl > 0
            and max(self._first(f), f.first_intl) >= 3.0
            and self._zipf(f) < 4.0
            and self._role_apposition(words, i, text)
        ):
            return True  # "felicity, the other assistant, …": a name some file holds, then who
        if not (common_first or foreign):
            return False
        sentence_start = i == 0 or word.is_initial
        if self._clause_start(words, i, text) and (
            self._acts_next(words, i, text)
            or (foreign and sentence_start and self._subject_next(words, i, text))
        ):
            return True
        if foreign and unlisted and self._subject_next(words, i, text) and self._opens_clause(words, i, text):
            return True  # "found out callum is getting…", "dev does video, imani does design"
        prev = words[i - 1] if i > 0 else None
        if prev is not None and _joined(text, prev, word):
            telling = prev.folded in _TELLING or (
                i > 1 and prev.folded in _TO[self._lang] and words[i - 2].folded in _TELLING
            )
            nxt = words[i + 1] if i + 1 < len(words) else None
            ends = nxt is None or nxt.folded in _CLAUSE_ENDS or bool(_gap(text, word, nxt).strip())
            # "told grace the numbers were wrong": the person, then what was told
            ends = ends or (
                self._lang == "en"
                and prev.folded in _TELLING
                and nxt is not None
                and nxt.folded in ("the", "a", "an", "my", "our", "your", "this", "these")
            )
            # "told john i can't", "asked priya we…": the person, then the reported clause's
            # subject (no one tells a thing; "told them i…" is a pronoun, blocked before)
            ends = ends or (
                self._lang == "en"
                and prev.folded in _TELLING
                and nxt is not None
                and nxt.folded in _REPORTED_SUBJECTS
                and _gap(text, word, nxt) == " "
            )
            if telling and ends:
                return True
        if not self._cued_person(words, i, text):
            return False
        if self._clause_start(words, i, text):
            return True
        # "ngl kenzie (our founder) rewrote it": a word no dictionary holds, then who it is in
        # brackets (after a comma a lower-case word is too often shorthand: "tday, my head")
        nxt = words[i + 1] if i + 1 < len(words) else None
        return (
            foreign
            and unlisted
            and nxt is not None
            and _gap(text, word, nxt).strip() == "("
            and (prev is None or prev.folded not in _DETERMINERS[self._lang])
        )

    def _is_foreign_compound(self, word: Word) -> bool:
        """A lower-case hyphenated word that no text writes whole nor any list holds, none of
        whose parts is a French word ("ji-woo", "jae-won", "thi-hoa"): a compound first
        name of another language ("anti-tout", "ti-punch" have French parts)."""
        if "-" not in word.folded or word.is_capitalised:
            return False
        f = self.facts(word)
        if self._zipf(f) > 0 or f.is_lexicon or f.is_lexicon_en or f.is_place:
            return False
        parts = [self._k.folded_facts(p) for p in word.folded.split("-")]
        return len(parts) == 2 and not any(p.is_lexicon or p.fr >= 4.0 for p in parts)

    def _bare_role_before(self, words: list[Word], i: int) -> bool:
        """A French role right before words[i] with no article nor possessive of its own
        ("nommer référent AVC", "poste de chargé RSE"): a post named by its field, as
        titles are written, not "mon responsable JB" (someone)."""
        if self._lang != "fr" or i < 2 or words[i - 1].folded not in self._roles:
            return False
        before = words[i - 2].folded
        return not (
            before in _DETERMINERS[self._lang] or before in _POSSESSIVES or words[i - 2].is_capitalised
        )

    def _is_colour_here(self, words: list[Word], i: int, text: str) -> bool:
        """A colour that is also a first name (Rose, Ambre, Jade, Violette, Olive), used as a
        colour: after "couleur" or "teinte", before a shade ("pâle", "foncé"), or listed
        with another colour ("Rose, orange ou vert")."""
        word = words[i]
        if word.folded not in _COLOURS:
            return False
        prev = words[i - 1] if i > 0 else None
        nxt = words[i + 1] if i + 1 < len(words) else None
        if (
            prev is not None
            and prev.folded in ("couleur", "couleurs", "teinte", "ton")
            and _joined(text, prev, word)
        ):
            return True
        if nxt is not None and nxt.folded in _SHADES and _gap(text, word, nxt) == " ":
            return True
        # listed with a colour no one is named ("Rose et Violette" may be two colleagues)
        return any(
            words[j].folded in _COLOURS and self._first(self.facts(words[j])) < 3.0
            for j in self._list_neighbours(words, i, text)
        )

    def _named_in_brackets(self, words: list[Word], i: int, text: str) -> bool:
        """A capitalised word or capitals that the bracket right after explains as a name:
        what people call someone, a nickname, initials, someone's name ("TMO (c'est comme ça
        qu'on appelle le producteur)", "Boulanger (c'est le nom de mon collègue)"); not "nom
        de code" nor a brand's "nom commercial"."""
        word = words[i]
        if not word.is_capitalised or len(word.folded) < 2:
            return False
        after = _BRACKET_AFTER_RE.match(text, word.end)
        return bool(after and _NAME_EXPLAINED_RE.search(after.group(1)))

    def _named_by_clause(self, words: list[Word], i: int, text: str) -> bool:
        """A capitalised common first name, though also a word or a feast, that a relative
        clause makes someone: its age ("Pierre, qui a 62 ans, …"), or a cleft sentence where
        it does something to something ("c'est Noël qui gère les plannings", not "c'est Noël
        qui arrive": a feast comes, it does not handle the rota)."""
        word = words[i]
        if not word.is_capitalised or word.is_all_caps or self._first(self.facts(word)) < 4.0:
            return False
        rest = text[word.end : word.end + 30]
        if _AGE_CLAUSE_RE.match(rest):
            return True
        if i < 2 or words[i - 1].folded != "est" or words[i - 2].folded not in ("c", "ce"):
            return False
        if i + 3 >= len(words) or words[i + 1].folded != "qui":
            return False
        verb, obj = words[i + 2], words[i + 3]
        return (
            not verb.is_capitalised
            and _gap(text, word, words[i + 1]) == " "
            and _gap(text, words[i + 1], verb) == " "
            and _gap(text, verb, obj) == " "
            and obj.folded in _OBJECT_DETERMINERS
        )

    def _lower_name_then_who(self, words: list[Word], i: int, text: str) -> bool:
        """A lower-case name of the files that no dictionary holds, opening its clause (or
        after "le"/"la" and a size, as people are nicknamed), then who it is without a comma:
        a possessive and a role ("kader mon chef d'équipe", "teiva mon adjoint") or a
        department ("nico de la logistique", "le grand momo de la logistique")."""
        word = words[i]
        f = self.facts(word)
        if not (
            self._is_name_not_word(word)
            or self._is_rare_first_name(word)
            or (self._first(f) >= 3.0 and not (f.is_lexicon or f.is_lexicon_en or f.is_place))
        ):
            return False
        j = i - 1
        if j >= 0 and words[j].folded in _NICKNAME_SIZES:
            j -= 1
        opens = self._clause_start(words, i, text) or (
            j >= 0 and j < i and words[j].folded in ("le", "la") and self._clause_start(words, j, text)
        )
        if not opens:
            return False
        if self._department_after(words, i, text):
            return True
        nxt = words[i + 1] if i + 1 < len(words) else None
        if nxt is None or nxt.folded not in _POSSESSIVES or _gap(text, word, nxt) != " ":
            return False
        return any(
            w.folded in self._roles and _joined(text, words[k - 1], w)
            for k, w in enumerate(words[i + 2 : i + 4], start=i + 2)
        )

    def _word_name_acts(self, words: list[Word], i: int, text: str) -> bool:
        """A capitalised first name that is also a frequent word ("Olive", "Gloria",
        "Pénélope"), inside a sentence, then what only a person does ("m'a dit", "pense",
        "veut"): someone. Not after a determiner ("la Rose me plaît"), not a feast ("Noël
        me stresse"), not a town unless the name is common ("Florence me manque")."""
        word = words[i]
        if self._lang != "fr" or word.folded in _FEASTS or not self.is_maybe_name(word):
            return False
        f = self.facts(word)
        if f.is_eponym or (f.is_place and self._first(f) < 4.5) or self._first(f) < 3.0:
            return False
        prev = words[i - 1] if i > 0 else None
        if prev is not None and (prev.folded in _DETERMINERS[self._lang] or prev.folded in _PLACE_LINKS):
            return False
        return self._person_acts_next(words, i, text)

    def _expects_person(self, words: list[Word], i: int, text: str, last: int | None = None) -> bool:
        """A French frame where a person stands (words[i] to words[last]): the subject of
        what a person does ("X m'a dit", "X veut"), or after what takes a person ("avec X",
        "selon X", "je remplace X", "à cause de X")."""
        last = i if last is None else last
        if text[words[last].end : words[last].end + 1] in ("'", "’"):
            return False  # "prud'hommes", "aujourd'hui": a word's elided part
        if self._clause_start(words, i, text) and self._acts_next(words, last, text):
            return True
        if i == 0 or not _joined(text, words[i - 1], words[i]):
            return False
        prev = words[i - 1]
        if prev.folded in _PERSON_OBJECT_LINKS:
            return True
        return prev.folded in ("de", "d") and i > 1 and words[i - 2].folded in _PERSON_OF

    def _paired_subjects(self, words: list[Word], i: int, text: str) -> bool:
        """Two words no lexicon holds joined by "and"/"et" at a sentence start, then what
        follows a subject: "macca and jono had…", "wiremu et tama ont…"."""
        count = len(words)
        for first in (i, i - 2):
            second = first + 2
            if first < 0 or second >= count or words[first + 1].folded not in ("and", "et", "&"):
                continue
            if not self._clause_start(words, first, text):
                continue
            pair = (words[first], words[second])
            if any(w.is_capitalised for w in pair):
                continue
            gaps = (_gap(text, words[first], words[first + 1]), _gap(text, words[first + 1], words[second]))
            if gaps != (" ", " "):
                continue
            nxt = words[second + 1] if second + 1 < count else None
            if not (
                self._subject_next(words, second, text)
                or (nxt is not None and _gap(text, words[second], nxt) == " " and nxt.folded in _PLURAL_VERBS)
            ):
                continue
            if self._is_pair_name(words[i]) and all(
                self._is_pair_name(w) or self._is_unlisted_name(w) for w in pair
            ):
                return True
        return False

    def _is_pair_name(self, word: Word) -> bool:
        """A word of a pair of subjects: no lexicon holds it, or (French) the name files do
        and no dictionary, however often text writes it ("kader et momo se sont…")."""
        return self._is_name_shaped(word) or (self._lang == "fr" and self._is_name_not_word(word))
