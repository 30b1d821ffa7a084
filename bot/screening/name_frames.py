"""Frames of a sentence that say a word is someone or a firm, in French and English.

Knowledge alone cannot tell "pierre" the stone from Pierre the colleague; what
surrounds the word can: a verb only a person does after it ("X m'a dit"), a department
after it ("X de la compta"), a role as predicate ("X est notre comptable"), an
employer's link before it ("my manager at X"), a list it belongs to. These questions
are asked by the place, person and organization rules alike, so they live apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.screening.lexicon import CLAUSE_STARTS, PLACE_IN_FIRM, ROLE_QUALIFIERS, folded_set, word_set
from bot.screening.name_cues import (
    _ACTION_EN,
    _APPOSITION_ARTICLES,
    _APPOSITION_QUALIFIERS,
    _AT_LINKS,
    _CLAUSE_ENDS,
    _CLIENT_NOUNS,
    _DEPARTMENTS,
    _EMPLOYER_VERBS,
    _FIRM_FATES_EN,
    _FIRM_FATES_FR,
    _FIRM_PARTS_FR,
    _ORG_CUES,
    _ORG_HEADS,
    _ORG_LINKS,
    _PARENT_OF_EN,
    _PARENT_OF_FR,
    _POSSESSIVES,
    _STOPS,
    _WEAK_ORG_HEADS,
)
from bot.screening.name_facts import WordJudge
from bot.screening.name_words import Word, _gap, _joined, split_words

_QUALIFIERS = folded_set(ROLE_QUALIFIERS)
# Kinds of tools and projects that teams name like people ("Céleste, le nouveau logiciel")
_TOOL_KINDS = folded_set(
    word_set("""
    logiciel logiciels outil outils application appli applis plateforme progiciel robot chatbot
    projet programme module système tool app software platform project bot
    """)
)
# The suffixes of French nouns of a trade ("administrateur", "animatrice", "mécanicien",
# "urbaniste", "ergonome" aside): who someone is, in an apposition after a name
_AGENT_SUFFIXES = ("ateur", "atrice", "icien", "icienne", "iste", "ologue", "teur", "trice")

_CLAUSE_STARTS = folded_set(CLAUSE_STARTS)
_PLACE_IN_FIRM = folded_set(PLACE_IN_FIRM)

# Prepositions of time that close a phrase: "been at boots since uni"
_TIME_LINKS = folded_set(word_set("since until till during before after for over depuis pendant avant après"))

# What a firm is the object of: "interview with X", "an offer from X", "the pay at X"
_EMPLOYER_LINKS = folded_set(word_set("at with from for chez avec pour de"))
_EMPLOYER_NOUNS = folded_set(
    word_set("""
    interview interviews interviewed interviewing offer offers offered job jobs role roles
    contract contracts position placement internship apprenticeship pay salary shift shifts
    partner partnering partnered partnership call recruiter career tenure stint
    entretien poste offre stage alternance contrat cdi cdd candidature
    degree degrees diploma associate associates bachelor bachelors master masters mba phd
    studied graduated diplôme diplome licence master études etudes
    """)
)

# "racheté par X", "bought by X": the firm that owns or runs another
_TAKEN_OVER = folded_set(
    word_set("""
    racheté rachetée rachetés rachetées absorbé absorbée géré gérée gérés gérées détenu détenue
    repris reprise racheter rachat absorber bought acquired owned purchased run
    """)
)

# "approchée par X", "headhunted by X": a firm offering a post (a person is left to the
# rules for people: a first name after them is no firm)
_HEADHUNTED = folded_set(
    word_set("""
    approché approchée approchés approchées démarché démarchée débauché débauchée chassé chassée
    recruté recrutée recrutés embauché embauchée headhunted approached poached recruited
    """)
)

# After these a clause opens, its subject next: "found out callum is…", "I reckon tama has…"
_CLAUSE_OPENERS = folded_set(
    word_set("""
    out heard hear think thought know knew guess reckon reckoned realised realized noticed hope
    yesterday today tonight tomorrow morning afternoon evening hier
    """)
)

# Words that say a word is someone's name: "Blanche (c'est son prénom)"
_NAME_NOUNS = folded_set(
    word_set("prénom prenom prénoms nom name names surname firstname nickname surnom pronounced prononcé")
)
# Indian English puts the honorific after the surname: "Iyer madam", "Deshpande sir"
_HONORIFICS_AFTER = frozenset({"sir", "madam", "maam", "ji", "saab", "sahab"})

# ("pis", Québec's "and then": "Réjean pis Kim")
_LIST_JOINS = re.compile(r"^(?:\s*,\s*|\s+(?:et|ou|and|or|pis|&)\s+|\s*,\s*(?:et|ou|and|or|pis)\s+|\s*/\s*)$")

# What follows a sentence-initial subject: "Pierre m'a dit", "Kerbrat veut", "JD keeps".
_SUBJECT_NEXT = folded_set(
    word_set("""
    m me t te nous vous lui leur l le la les ne n y en se s a est etait avait va veut
    voulait dit disait fait peut pouvait doit devait refuse refusait demande demandait
    pense trouve vient sera serait part arrive prend passe reste parle insiste
    keeps kept is was has had said says wants wanted asked asks told tells will would
    just always never doesn didn can't won't isn wasn thinks thought gets got took takes
    sent sends gave gives made makes came went left emailed called replied mentioned decided
    refused forgot messaged pinged complained promised agreed joined quit resigned started
    stopped tried seems seemed looks needs also still really hasn haven hadn shouldn
    wouldn couldn aren weren talked talks leaves cries cried are have were does did
    """)
)

# "Kahneman in our data team", "Léo de notre service paie": whose department it is
_DEPARTMENT_OWNERS = frozenset({"our", "my", "their", "notre", "mon", "ma", "leur", "nos"})

_COPULA_NOW = frozenset({"is", "was", "est", "etait"})

# What follows a subject that only a person is ("Ghazni m'a dit", "Elbasan pense que…"), not
# a town ("Elbasan était magnifique", "Elbasan a doublé sa population")
_PERSON_ONLY_FR = folded_set(
    word_set("""
    m me t te nous vous dit disait pense pensait veut voulait voudrait sait savait croit
    trouve demande demandait explique répond répondu propose refuse rappelle appelle écrit
    """)
)


# What "of"/"de" after it makes a cue for a listed firm ("la faillite de camaïeu")
_CUE_OWNERS_EN = _FIRM_FATES_EN | _PARENT_OF_EN | _FIRM_PARTS_FR
_CUE_OWNERS_FR = _FIRM_FATES_FR | _PARENT_OF_FR | _FIRM_PARTS_FR


class SentenceFrames(WordJudge):
    """Questions about a word's neighbours: subjects, roles, departments, lists, employers."""

    def _employer_before(self, words: list[Word], i: int) -> bool:
        """ "my old manager at Argos", "an offer from Tesco", "le poste chez X": the word
        after names someone's employer, not a place, whatever village shares its name."""
        return (
            i > 1
            and words[i - 1].folded in _EMPLOYER_LINKS
            and (words[i - 2].folded in self._roles or words[i - 2].folded in _EMPLOYER_NOUNS)
        )

    def _list_step(self, words: list[Word], text: str, i: int, step: int) -> int | None:
        """The index of the word listed next to words[i] in direction `step` (a comma, a
        slash, "and", "et", "or", "ou" between), or None."""
        j = i + step
        if not 0 <= j < len(words):
            return None
        left, right = (words[i], words[j]) if step > 0 else (words[j], words[i])
        if self._listed(text, left, right):
            return j
        k = j + step
        if words[j].folded in ("and", "et", "or", "ou") and 0 <= k < len(words):
            before, after = (words[i], words[k]) if step > 0 else (words[k], words[i])
            if _gap(text, before, words[j]).strip() in ("", ",") and _gap(text, words[j], after) == " ":
                return k
        return None

    @staticmethod
    def _listed(text: str, left: Word, right: Word) -> bool:
        return bool(_LIST_JOINS.match(_gap(text, left, right)))

    def _cued_as_org(self, words: list[Word], i: int) -> bool:
        prev = words[i - 1] if i > 0 else None
        if prev is None:
            return False
        if prev.folded in _ORG_CUES or prev.folded in _EMPLOYER_VERBS:
            return True
        before = words[i - 2] if i > 1 else None
        if before is not None and prev.folded in ("de", "du", "d", "of"):
            # "la faillite de camaïeu", "a subsidiary of boots": what only a firm has or undergoes
            owners = _CUE_OWNERS_EN if self._lang == "en" else _CUE_OWNERS_FR
            if before.folded in owners:
                return True
        return prev.folded in _AT_LINKS and before is not None and before.folded in _EMPLOYER_VERBS

    def _employer_link(self, words: list[Word], i: int, text: str) -> bool:
        """Whether words[i] links a word naming a job, an offer or a client to the firm that
        follows: "interview with Reliance", "an offer from LEYE", "a call from AKQA",
        "partner with Goose Island", "the pay at clanmil", "our client is Innocent"."""
        word = words[i]
        if i == 0 or not _joined(text, words[i - 1], word):
            return False
        prev = words[i - 1]
        if prev.folded == "s" and i > 1 and _gap(text, words[i - 2], prev) in ("'", "’"):
            prev = words[i - 2]  # "my associate's at CCAC", "a master's from Kingsford"
        if word.folded in ("par", "by"):
            # "racheté par Dentalvie", "bought by Serco", "approchée par Talentis"
            return prev.folded in _TAKEN_OVER or prev.folded in _HEADHUNTED
        if word.folded == "c" and self._lang == "fr" and text[word.end : word.end + 1] == " ":
            # "le bureau d etudes c egis": "c" for "c'est", as phones type it
            return any(w.folded in _CLIENT_NOUNS for w in words[max(0, i - 6) : i])
        if word.folded not in _EMPLOYER_LINKS and word.folded not in ("is", "was", "est", "etait"):
            return False
        if word.folded in _EMPLOYER_LINKS:
            return prev.folded in _EMPLOYER_NOUNS
        if word.folded in ("is", "was", "est", "etait"):
            if prev.folded == "c" and word.folded in ("est", "etait"):
                # "le fournisseur de fruits c'est pomona", "le grossiste c est cerp"
                return any(w.folded in _CLIENT_NOUNS for w in words[max(0, i - 7) : i - 1])
            return prev.folded in _CLIENT_NOUNS
        return False

    def _org_after_link(self, words: list[Word], i: int, size: int, text: str) -> bool:
        """A known company named by an ordinary word, in lower case after a preposition that
        takes an employer, a client or a supplier, and closing its phrase: "been at boots 9
        yrs", "partnering with wise for", "works offshore for shell and"; not "for next
        week", "with wise words", "at target level" ("to" takes verbs too: "had to shell
        out")."""
        if i == 0 or not _joined(text, words[i - 1], words[i]):
            return False
        prev = words[i - 1]
        if prev.folded not in _ORG_LINKS:
            return False
        last = words[i + size - 1]
        after = words[i + size] if i + size < len(words) else None
        if after is None or _gap(text, last, after).strip(" \u00a0"):
            return True  # the phrase ends: a comma, a full stop, a number, the message's end
        return (
            after.folded in _STOPS
            or after.folded in _CLAUSE_STARTS
            or after.folded in _CLAUSE_ENDS
            or after.folded in _TIME_LINKS
            or after.folded in _SUBJECT_NEXT
            or after.folded in _ORG_HEADS
            or after.folded in _WEAK_ORG_HEADS
            or after.folded in _DEPARTMENTS
        )

    def _subject_next(self, words: list[Word], i: int, text: str) -> bool:
        """Whether words[i] is followed by what follows a subject ("m'a dit", "veut", "keeps")."""
        if i + 1 >= len(words):
            return False
        nxt = words[i + 1]
        gap = text[words[i].end : nxt.start]
        return gap in (" ", "\u00a0") and nxt.folded in _SUBJECT_NEXT and not nxt.is_capitalised

    def _clause_start(self, words: list[Word], i: int, text: str) -> bool:
        """Whether words[i] may open a clause: first, after punctuation, a comma or "mais"."""
        word = words[i]
        if i == 0 or word.is_initial:
            return True
        prev = words[i - 1]
        return prev.folded in _CLAUSE_STARTS or "," in _gap(text, prev, word)

    def _acts_next(self, words: list[Word], i: int, text: str) -> bool:
        """Whether words[i] is followed by what only a person does ("said", "m'a dit")."""
        if i + 1 >= len(words):
            return False
        nxt = words[i + 1]
        if text[words[i].end : nxt.start] not in (" ", "\u00a0") or nxt.is_capitalised:
            return False
        if self._lang == "en":
            return nxt.folded in _ACTION_EN
        return nxt.folded in _SUBJECT_NEXT and nxt.folded not in (
            "l",
            "le",
            "la",
            "les",
            "en",
            "y",
            "se",
            "s",
        )

    def _person_acts_next(self, words: list[Word], i: int, text: str) -> bool:
        """What only a person does next ("said", "m'a dit", "pense"), not what a town may be
        or do ("était magnifique", "a doublé", "was lovely")."""
        if self._lang == "en":
            return self._acts_next(words, i, text)
        if i + 1 >= len(words) or text[words[i].end : words[i + 1].start] not in (" ", "\u00a0"):
            return False
        return words[i + 1].folded in _PERSON_ONLY_FR

    def _cued_person(self, words: list[Word], i: int, text: str) -> bool:
        """What surrounds words[i] says a person: "Iyer from the account team", "Hope, our
        head of science", "my new starter, Summer, is…", "Bill, notre consultant"."""
        count = len(words)
        word = words[i]
        nxt = words[i + 1] if i + 1 < count else None
        after = words[i + 2] if i + 2 < count else None
        if (
            self._lang == "en"
            and not word.is_capitalised
            and i > 0
            and words[i - 1].folded in ("a", "an", "the")
            and _gap(text, words[i - 1], word) == " "
        ):
            return False  # "had a arvo from hell": an article before a lower-case word, a thing
        if nxt is not None and after is not None:
            gap = _gap(text, word, nxt)
            if (
                self._lang == "en"
                and gap == " "
                and nxt.folded in _PLACE_IN_FIRM
                and _gap(text, nxt, after) == " "
                and (
                    (
                        after.folded in ("the", "my", "our")
                        and not (nxt.folded == "on" and after.folded == "the")
                    )
                    # "Will from procurement", "Naidoo from WFM", "Sandy on reception"
                    or (
                        nxt.folded in ("from", "on")
                        and (after.is_all_caps or not after.is_capitalised)
                        and after.folded not in _STOPS
                    )
                )
                and not self.facts(after).is_place
            ):
                return True
            if self._department_after(words, i, text):
                return True
            if gap.strip() in (",", "(") and (
                nxt.folded in _POSSESSIVES or (self._lang == "en" and nxt.folded == "the")
            ):
                return True  # "Hope, our head of science", "Bill, notre consultant", "RK (our plant head)"
            if gap.strip() == "(" and (nxt.folded in self._roles or after.folded in self._roles):
                return True  # "Pickersgill (store manager) told me"
            if (
                self._lang == "fr"
                and gap == " "
                and nxt.folded in ("le", "la")
                and after.folded in self._roles
                and _gap(text, nxt, after) == " "
            ):
                return True  # "Mimi la comptable est partie", "Ti Jean le coursier"
            if gap.strip() == "(":
                close = text.find(")", word.end)
                inside = text[word.end : close if close > 0 else word.end + 60]
                if any(w.folded in _NAME_NOUNS for w in split_words(inside)[:10]):
                    return True  # "Blanche (c'est son prénom) pleure", "Ash (real name, yes)"
        if (
            self._lang == "en"
            and nxt is not None
            and _gap(text, word, nxt) == " "
            and nxt.folded in _HONORIFICS_AFTER
            and word.is_capitalised
            and not self.is_ordinary(word)
        ):
            return True  # "Iyer madam from corporate HR", "Deshpande sir is my manager"
        if i >= 2 and "," in _gap(text, words[i - 1], word) and _gap(text, words[i - 1], word).strip() == ",":
            closes = nxt is None or "," in _gap(text, word, nxt) or self._acts_next(words, i, text)
            for j in range(i - 2, max(-1, i - 5), -1):
                if words[j].folded in _POSSESSIVES and i >= 3:
                    spaced = all(_gap(text, words[m], words[m + 1]) == " " for m in range(j, i - 1))
                    return closes and spaced and not self.is_blocked(words[i - 1])
                if (
                    words[j].folded in _APPOSITION_ARTICLES[self._lang]
                    and words[i - 1].folded in self._roles
                    and nxt is not None
                    and "," in _gap(text, word, nxt)
                ):
                    # "the GM, JB, does site visits", "la comptable, Olive, part": an article,
                    # a role, then who holds it between commas
                    return all(_gap(text, words[m], words[m + 1]) == " " for m in range(j, i - 1))
        return False

    def _department_after(self, words: list[Word], i: int, text: str) -> bool:
        """ "Nanou de la compta", "FX des achats", "Kev from accounts", "tajay in loans":
        someone's department right after the name."""
        count = len(words)
        if i + 2 >= count:
            return False
        nxt, after = words[i + 1], words[i + 2]
        if _gap(text, words[i], nxt) != " " or nxt.folded not in ("de", "du", "des", "d", "from", "in"):
            return False
        if after.folded in _DEPARTMENTS:
            return True
        # "de la compta", "from the night team", "in field sales", "from the regional
        # office": a determiner (or, after "in", a word in lower case), up to one more word
        # in lower case, then the department
        if not (
            after.folded in ("la", "l", "the")
            or (after.folded in _DEPARTMENT_OWNERS and not after.is_capitalised)
            or (nxt.folded == "in" and not after.is_capitalised)
        ):
            return False
        for j in range(i + 3, min(count, i + 5)):
            w = words[j]
            if _gap(text, words[j - 1], w) != " " or w.is_capitalised:
                return False
            if w.folded in _DEPARTMENTS:
                return True
            if w.folded in _STOPS:
                return False
        return False

    def _role_predicate(self, words: list[Word], i: int, text: str) -> bool:
        """Whether "is/was my (new) <role>" follows words[i]: "Ivy is my new assistant
        manager", "Violette est notre comptable" (not "Change is my manager's word")."""
        count = len(words)
        if i + 3 >= count or words[i + 1].folded not in _COPULA_NOW:
            return False
        if _gap(text, words[i], words[i + 1]) != " ":
            return False
        det = words[i + 2]
        if not (det.folded in _POSSESSIVES or det.folded in _APPOSITION_ARTICLES[self._lang]):
            return False
        for j in range(i + 3, min(count, i + 6)):
            w = words[j]
            if not _joined(text, words[j - 1], w) or w.is_capitalised:
                return False
            if w.folded in self._roles:
                return text[w.end : w.end + 2] not in ("'s", "’s")
            if w.folded not in _QUALIFIERS and w.folded not in _APPOSITION_QUALIFIERS:
                return False
        return False

    def _role_apposition(self, words: list[Word], i: int, text: str) -> bool:
        """Whether a comma, a determiner or a possessive and a role word follow words[i]:
        "Violette, l'assistante du service, …", "Modeste, notre technicien…", "Pearl, our
        receptionist": an apposition that says who the word is, so a name even when it is
        also an ordinary word (a thing is not someone's assistant). In brackets too, and one
        of a group ("Jeunet (un des producteurs)", "JB (le véto le plus ancien)")."""
        count = len(words)
        opener = _gap(text, words[i], words[i + 1]).strip() if i + 2 < count else ""
        if opener not in (",", "("):
            return False
        det = words[i + 1]
        j = i + 2
        if (  # "un des producteurs", "l'une des infirmières": one of a group of people
            self._lang == "fr"
            and det.folded in ("un", "une")
            and words[j].folded in ("des", "de")
            and _joined(text, det, words[j])
        ):
            det, j = words[j], j + 1
        if not (
            det.folded in _POSSESSIVES
            or det.folded in _APPOSITION_ARTICLES[self._lang]
            or det.folded == "des"
        ):
            return False
        start = j
        while j < count and j - start <= 2 and _joined(text, words[j - 1], words[j]):
            w = words[j]
            if w.folded in self._roles or self._is_agent_noun(w):
                if opener == "(":  # the bracket closes the apposition: "X (notre comptable) dit"
                    return ")" in text[w.end : w.end + 40].split("(")[0]
                # closed by a second comma before the clause goes on: "Bon, le directeur a
                # dit non" is an interjection before the subject
                return any(
                    _gap(text, words[m], words[m + 1]).strip() in (",", "(", ")", "-", "–", "—")
                    for m in range(j, min(count - 1, j + 8))
                )
            if w.folded not in _QUALIFIERS and w.folded not in _APPOSITION_QUALIFIERS:
                return False
            j += 1
        return False

    def _thing_apposition(self, words: list[Word], i: int, text: str) -> bool:
        """Whether a comma, a determiner and a kind of tool or project follow words[i]:
        "Céleste, le nouveau logiciel de planning, …", "Atlas, notre outil RH": what teams
        name after people is a tool, not someone (a thing is named, a person has a role)."""
        count = len(words)
        if i + 2 >= count or _gap(text, words[i], words[i + 1]).strip() != ",":
            return False
        det = words[i + 1]
        if not (det.folded in _POSSESSIVES or det.folded in _APPOSITION_ARTICLES[self._lang]):
            return False
        for j in range(i + 2, min(count, i + 5)):
            w = words[j]
            if not _joined(text, words[j - 1], w) or w.is_capitalised:
                return False
            if w.folded in _TOOL_KINDS:
                return True
            if w.folded not in _QUALIFIERS and w.folded not in _APPOSITION_QUALIFIERS:
                return False
        return False

    def _is_agent_noun(self, word: Word) -> bool:
        """A French noun of someone who does a trade, by its suffix ("administrateur",
        "mécanicien", "producteurs", "logisticienne"): the roles' list cannot hold every
        trade, and in an apposition after a name only a person has a trade."""
        if self._lang != "fr" or word.is_capitalised or len(word.folded) < 7:
            return False
        stem = word.folded[:-1] if word.folded.endswith("s") else word.folded
        return stem.endswith(_AGENT_SUFFIXES) and self.facts(word).is_lexicon

    def _list_neighbours(self, words: list[Word], i: int, text: str) -> Iterator[int]:
        """Indexes of the words listed next to words[i]: "julien, pierre et marc"."""
        count = len(words)
        for j in (i - 1, i + 1):
            if 0 <= j < count:
                left, right = (words[j], words[i]) if j < i else (words[i], words[j])
                if _LIST_JOINS.match(_gap(text, left, right)):
                    yield j
        for j, mid in ((i - 2, i - 1), (i + 2, i + 1)):
            if 0 <= j < count and words[mid].folded in ("et", "ou", "and", "or", "pis"):
                left, right = (words[j], words[mid]) if j < i else (words[mid], words[j])
                if (
                    _gap(text, left, right) == " "
                    and _gap(text, *sorted((words[mid], words[i]), key=lambda w: w.start)) == " "
                ):
                    yield j

    def _opens_clause(self, words: list[Word], i: int, text: str) -> bool:
        """Whether words[i] opens a clause inside a sentence: after a comma or a semicolon,
        or after what introduces a clause ("found out", "heard", "reckon", "que"): a subject
        is expected there."""
        if i == 0:
            return False
        prev = words[i - 1]
        gap = _gap(text, prev, words[i]).strip()
        if gap in (",", ";"):
            return True
        return not gap and (prev.folded in _CLAUSE_OPENERS or prev.folded in ("that", "que", "qu"))

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
            # la cheffe de projet maggie, le responsable des achats Martin
            if (
                j > 1
                and words[j - 1].folded in ("de", "d", "du", "des")
                and w.folded not in _STOPS
                and self.is_ordinary(w)
            ):
                j -= 2
                steps += 1
                continue
            return False
        return False

    @staticmethod
    def _opens_after_comma(words: list[Word], i: int, text: str) -> bool:
        """Whether a legal form in capitals after a comma opens a firm's name that follows in
        capitals ("Merci. P. Roux, SCI Les Hauts du Parc"), rather than closing the name
        before it."""
        nxt = words[i + 1] if i + 1 < len(words) else None
        return (
            i > 0
            and _gap(text, words[i - 1], words[i]).strip() == ","
            and nxt is not None
            and nxt.is_capitalised
            and _gap(text, words[i], nxt) == " "
        )
