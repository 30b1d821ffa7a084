"""Clean exceptions: words that look like names and identify no one.

Models and laws named after people ("matrice d'Eisenhower", "the Flynn effect"),
authors cited as references ("comme dit Simon Sinek", "(Kahn 1990)"), feast days and
idioms ("la Saint-Patrick", "une vraie Bérézina"), public bodies, famous names used as
types ("un Picasso du tableur"), typos of ordinary words and title-cased subject lines.
They are decided first (`_suppressed`), so that no later rule flags them.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from dataclasses import replace

from bot.screening.hits import Hit
from bot.screening.lexicon import folded_set, word_set
from bot.screening.name_cues import (
    _APPOSITION_QUALIFIERS,
    _CITED_NAME,
    _DEPARTMENTS,
    _LEGAL,
    _LOWER_PLACE_LINKS,
    _NAMING,
    _ORG_CUES,
    _ORG_HEADS,
    _ORG_LINKS,
    _PARTICLES,
    _PLACE_LINKS,
    _POSSESSIVES,
    _SAINTS,
    _SECTORS,
    _STOPS,
    _TOWN_LINKS,
)
from bot.screening.name_places import PlaceRules
from bot.screening.name_words import Word, _gap, _joined

# What closes the name of a public body ("the Charity Commission", "la Haute Autorité")
_PUBLIC_HEADS = folded_set(
    word_set("""
    commission authority council executive ombudsman tribunal ministry department
    inspectorate regulator
    autorité autorite commission conseil inspection ministère ministere tribunal
    """)
)
# Cited authors: what comes before their names ("“Drive” by Daniel Pink", "coined by",
# "il citait Crozier")
_CLOSING_QUOTES = frozenset("\"”»’'")
# the end of a negated auxiliary split off by its apostrophe ("hasn't", "couldn’t")
_NEGATION_RE = re.compile(r"['’]t(?![^\W\d_])")
_YEAR_RE = re.compile(r"(?<!\d)(?:1[6-9]|20)\d\d(?!\d)")
_AUTHORING = folded_set(
    word_set("""
    coined written developed devised introduced described proposed popularised popularized
    theorised theorized formulated published conceived invented created named
    théorisé theorise développé developpe décrit decrit proposé propose popularisé popularise
    formulé formule conceptualisé conceptualise inventé invente créé cree publié publie
    nommé nomme baptisé baptise écrit ecrit conçu concu imaginé imagine
    """)
)

_CITATIONS = (
    re.compile(rf"\(\s*(?P<names>{_CITED_NAME})(?:\s+et\s+al\.?)?,?\s+(?:1[6-9]|20)\d\d"),
    re.compile(rf"(?P<names>{_CITED_NAME})\s+\((?:1[6-9]|20)\d\d[a-z]?[,)]"),
    re.compile(r"(?P<names>[A-ZÀ-Ý][\w'’-]+)\s+et\s+al\b"),
)
# After a cited author's name: "Camus disait que", "Seneca wrote"
_CITE_AFTER = folded_set(word_set("disait écrivait ecrivait affirmait said wrote says writes argued"))
_CITE_CUES = folded_set(
    word_set("by de d par cite cites citait citaient citer citant quoting quotes quoted quote")
)
_QUOTING = folded_set(word_set("cite cites citait citaient citer citant quoting quotes quoted quote"))
# What one reads of an author: "the book of Kotter", "Drucker's line about culture"
_WRITINGS = folded_set(
    word_set("""
    book books line lines quote quotes article articles essay essays writing writings work
    works theory model idea ideas words livre livres
    """)
)
_READING = folded_set(word_set("read reading reread rereading lu lire"))
_OFTEN = folded_set(word_set("toujours souvent volontiers always often constantly"))
_SCHOLARS = folded_set(
    word_set("""
    clinical psychologist psychologists psychologue psychologues psychiatrist psychiatrists
    psychiatre psychiatres sociologist sociologists sociologue sociologues researcher
    researchers chercheur chercheurs chercheuse chercheuses professor professors professeur
    professeurs author authors auteur auteurs autrice economist economists économiste
    économistes economiste philosopher philosophers philosophe philosophes scientist
    scientists psychoanalyst psychanalyste american américain americain british french
    français francais canadian canadien
    """)
)

_CITE = folded_set(
    word_set(
        "dit disait selon après d'après apres citant cite cité cites citait says said according"
        " quote quotes quoted quoting cites cited citing"
    )
)

_IDIOM_FRAMES = folded_set(
    word_set(
        "les des un une vrai vraie veritable real proper total the an playing play plays played jouer joue"
        " like comme son sa"
    )
)

_FIRM_WORDS = _LEGAL | _ORG_HEADS | _SECTORS

# What the land is, after its name ("Sherwood Forest") or before it ("Loch Lomond")
_LAND_HEADS = frozenset(
    {
        "forest",
        "valley",
        "hills",
        "mountains",
        "lake",
        "bay",
        "island",
        "islands",
        "coast",
        "peninsula",
        "desert",
        "canyon",
        "falls",
        "moor",
        "moors",
        "heath",
        "woods",
        "gorge",
        "glen",
        "fjord",
    }
)
_LAND_FIRST = frozenset({"loch", "lake", "mount", "mont", "lac", "cap", "cape", "isle", "glen"})
# Adjectives that may come before "Conseil" in a public body's name ("Haut Conseil")
_BODY_ADJECTIVES = frozenset({"haut", "grand", "petit", "nouveau", "premier", "conseil"})
# Public bodies named head first: "Ministry of Manpower", "Ministère du Travail"
_OF_WORDS = frozenset({"of", "de", "du", "des", "d"})
_BODY_FIRST = frozenset({"ministry", "ministere", "department", "secretariat"})

# English function words that only a heading capitalises ("Rota For The Christmas Period")
_HEADING_STOPS = frozenset(
    {"of", "and", "for", "the", "to", "in", "on", "with", "from", "at", "by", "a", "an"}
)


def _is_title_cased_stop(word: Word) -> bool:
    return word.is_capitalised and not word.is_all_caps and word.folded in _HEADING_STOPS


# Where a line's words start (after a newline, bullets and spaces), and what ends a sentence
# or opens a part right before a word (its capital is the sentence's: "… fait. Ensuite")
_LINE_START_RE = re.compile(r"\n[ \t•·*>\-–—]*")
_SENTENCE_ENDS = frozenset('.!?:;«"([')
# Text frequency (zipf) from which a word no spelling list holds is still a word of the
# language ("présentiel", "cybersécurité", "timesheets")
_STYLED_ZIPF = 2.0
# The small words inside a firm's name ("Société Béarnaise de Conditionnement", "Bank of Ireland")
_RUN_LINKS = frozenset({"de", "du", "des", "d", "of", "and", "et"})


def _prose_lines(words: list[Word], line_of: list[int]) -> set[int]:
    """The numbers of the lines that hold a lower-case word of three letters or more that is
    not a function word: lines of prose or of a list, not a name's, a firm's or a title's."""
    return {
        line_of[n]
        for n, w in enumerate(words)
        if not w.is_capitalised and len(w.folded) >= 3 and w.folded not in _STOPS and w.folded.isalpha()
    }


def _firm_runs(words: list[Word], text: str) -> set[int]:
    """Indexes of the words in runs of capitalised words (spaces, "&", "de", "of" between) that hold a
    legal form or a firm's head, or that follow a link to an employer ("chez", "at")."""
    runs: list[list[int]] = []
    for n, w in enumerate(words):
        if not w.is_capitalised:
            continue
        last = runs[-1][-1] if runs else -2
        over = words[n - 1] if last == n - 2 else None  # "Société Béarnaise de Conditionnement"
        linked = over is not None and over.folded in _RUN_LINKS and _joined(text, words[last], over, "'’")
        if linked or (last == n - 1 and _joined(text, words[n - 1], w, "&")):
            runs[-1].append(n)
        else:
            runs.append([n])
    kept: set[int] = set()
    for run in runs:
        before = words[run[0] - 1] if run[0] > 0 else None
        linked = before is not None and before.folded in _ORG_LINKS and _joined(text, before, words[run[0]])
        if linked or any(words[n].folded in _FIRM_WORDS or words[n].folded in _ORG_CUES for n in run):
            kept.update(run)
    return kept


class CleanExceptions(PlaceRules):
    """The words no rule may flag: eponyms, cited authors, idioms, public bodies, typos."""

    def _title_case_lowered(self, words: list[Word], text: str) -> list[Word]:
        """Words of a title-cased line read as if in lower case: in "Re: Q3 Headcount
        Planning – Final V2" or "Lunar New Year Rota And Bonus Questions" every word has
        its capital, so a capital says nothing of a name (a name there still counts by
        what the data says of it: "Meeting With Sarah Jones"). A line is title-cased when
        four of its content words or more have a capital, all but one at most, and three in
        four of those are dictionary words (not a signature: "Jean Dupont, Acme Conseil")."""
        if sum(1 for w in words if w.is_capitalised) < 4:
            return words
        out = list(words)
        line_start = 0
        for line in text.split("\n"):
            line_end = line_start + len(line)
            in_line = [n for n, w in enumerate(words) if line_start <= w.start < line_end]
            line_start = line_end + 1
            # "Review Of Team Objectives And Key Deliverables For The Year": function words
            # with capitals make a heading, which no signature's line is
            heading = (
                self._lang == "en" and sum(1 for n in in_line[1:] if _is_title_cased_stop(words[n])) >= 2
            )
            if any(c in line for c in ",|·•") and not heading:
                continue  # parts of a signature ("Theatre Nurse, Clinique du Parc Lyon")
            index = [n for n in in_line if words[n].folded not in _STOPS and len(words[n].folded) >= 3]
            capitals = [n for n in index if words[n].is_capitalised and not words[n].is_all_caps]
            if len(capitals) < 4 or len(index) - len(capitals) > 1:
                continue
            ordinary = 0
            for n in capitals:
                f = self.facts(words[n])
                ordinary += f.is_lexicon or f.is_lexicon_en
            if ordinary * 4 < len(capitals) * 3 or (
                not heading
                and any(words[n].folded in self._roles or words[n].folded in _FIRM_WORDS for n in index)
            ):
                continue  # a signature's job line: "Senior Account Manager | Lee Valley Foods Ltd"
            for n in capitals:
                if n != in_line[0]:  # the line's first word keeps its capital: a sentence start
                    out[n] = replace(words[n], is_capitalised=False)
        return self._document_lowered(out, text)

    def _is_capital_of_style(self, word: Word) -> bool:
        """A capitalised word that only the writing style capitalised, no place or eponym:
        a dictionary word of either language that the data does not say is mostly a name
        once in lower case ("Recadrage", "Hall"), or a word text uses as often that no name
        file holds at all ("Présentiel", "Timesheets")."""
        if not word.is_capitalised or word.is_all_caps or len(word.folded) < 4:
            return False
        f = self.facts(word)
        if f.is_place or f.is_eponym:
            return False
        if f.is_lexicon or f.is_lexicon_en:
            return not self.is_mostly_name(replace(word, is_capitalised=False))
        return max(f.fr, f.en) >= _STYLED_ZIPF and not (self._is_any_name(f) or f.first_intl)

    def _document_lowered(self, words: list[Word], text: str) -> list[Word]:
        """Dictionary words of a pasted document read as if in lower case when the document
        capitalises its common nouns (agendas, reports, job ads, training catalogues: "Entretien
        de Recadrage", "Classe Virtuelle", "Turnover Annualisé"): there a capital says nothing
        of a name. A document is four lines or more in which, inside the lines, half the
        capitalised words or more are such dictionary words, four at least. Names stay names:
        a first name or surname is never lowered, nor a word no dictionary holds, nor a word
        of a firm's name: a run of capitals with a legal form or a firm's head ("Manx Larder
        Ltd", "Armor Logistique") or after a link to an employer ("chez Armor Logistique"), nor
        a word of a line without a lower-case word (a signature's firm, a heading: the line's
        own rule reads those)."""
        if sum(1 for line in text.split("\n") if line.strip()) < 4:
            return words
        line_firsts = {0} | {m.end() for m in _LINE_START_RE.finditer(text)}
        style = {
            n for n, w in enumerate(words) if w.start not in line_firsts and self._is_capital_of_style(w)
        }
        inside = [
            n
            for n, w in enumerate(words)
            if w.is_capitalised
            and not w.is_all_caps
            and w.start not in line_firsts
            and text[max(0, w.start - 4) : w.start].rstrip()[-1:] not in _SENTENCE_ENDS
        ]
        styled = sum(1 for n in inside if n in style)
        if styled < 4 or styled * 2 < len(inside):
            return words
        newlines = [m.start() for m in re.finditer("\n", text)]
        line_of = [bisect_left(newlines, w.start) for w in words]
        prose = _prose_lines(words, line_of)
        lowered = style - _firm_runs(words, text)
        return [
            replace(w, is_capitalised=False) if n in lowered and line_of[n] in prose else w
            for n, w in enumerate(words)
        ]

    def _is_typo(self, hit: Hit, words: list[Word], text: str) -> bool:
        """A one-word finding that no name file knows and that one edit turns into a frequent
        word of the language: a typo ("Wrking from home", "la persone"), unless a title, a
        role or a naming verb announces it ("Mr Wrking")."""
        index = next((i for i, w in enumerate(words) if w.start == hit.start), None)
        if index is None or words[index].end != hit.end or hit.kind != "person":
            return False
        word = words[index]
        if len(word.folded) < 6 or not word.folded.isalpha() or word.is_all_caps:
            return False
        f = self.facts(word)
        # a common misspelling is frequent itself ("recieved"): the word it misses must be
        # far more frequent still
        zipf = max(f.fr, f.en)
        if self._is_any_name(f) or f.first_intl or zipf >= 3.5:
            return False
        prev = words[index - 1] if index > 0 else None
        if prev is not None and (
            prev.folded in self._titles or prev.folded in _NAMING or self._role_before(words, index, text)
        ):
            return False
        # a long word one edit from a dictionary word is a typo even if that word is rarer
        # ("appraisel", "autocorect"): names that long are seldom one edit from a word
        floor = 4.5 if len(word.folded) < 8 else 3.0
        return self._k.is_typo_of_word(word.folded, self._lang, min_zipf=max(floor, zipf + 1.5))

    def _author_read(self, words: list[Word], i: int, text: str) -> bool:
        """A known author's surname where one reads them: after "read" or "the book of", or
        before "'s" and what they wrote ("Drucker's line", "Covey's book"). A colleague who
        shares it is named otherwise ("Drucker's email", "ask Drucker")."""
        word = words[i]
        if not word.is_capitalised or word.folded not in self._k.eponym_names:
            return False
        prev = words[i - 1] if i > 0 else None
        if prev is not None and _joined(text, prev, word):
            if prev.folded in _READING:
                return True
            if prev.folded in ("of", "de", "by") and i > 1 and words[i - 2].folded in _WRITINGS:
                return True
        if text[word.end : word.end + 2] in ("'s", "’s") and i + 2 < len(words):
            return words[i + 1].folded == "s" and words[i + 2].folded in _WRITINGS
        return False

    def _is_contraction(self, words: list[Word], i: int, text: str) -> bool:
        """A negated auxiliary: "hasn" before "'t" ("the company hasn't announced": the
        apostrophe splits the word, and a firm's or someone's cue before it took the stem), or
        in English one typed without its apostrophe, a letter short or not ("havnt", "didnt"):
        restored, it is a frequent word, and no name ends in "n't"."""
        word = words[i]
        folded = word.folded
        if len(folded) < 2 or not folded.isalpha():
            return False
        if folded.endswith("n") and _NEGATION_RE.match(text, word.end):
            return True
        if self._lang != "en" or (word.is_capitalised and not word.is_initial) or not folded.endswith("nt"):
            return False
        stem = folded[:-2]
        if len(stem) < 2:
            return False
        letters = "abcdefghijklmnopqrstuvwxyz"
        stems = [stem] + [stem[:n] + c + stem[n:] for n in range(1, len(stem) + 1) for c in letters]
        return any(self._k.folded_facts(s + "n't").en >= 4.0 for s in stems)

    def _suppressed(self, words: list[Word], text: str) -> set[int]:
        """Words that are a model's name, a cited author or an idiom ("loi de Pareto")."""
        k = self._k
        out: set[int] = self._cited_authors(words, text)
        count = len(words)
        # what the checks below need, looked up once ("the Charity Commission", "la
        # Saint-Patrick", "Bloom's taxonomy")
        has_body = any(w.folded in _PUBLIC_HEADS for w in words)
        has_saint = any(w.folded in _SAINTS or w.folded.startswith(("saint-", "st-")) for w in words)
        has_possessive = "'s" in text or "’s" in text
        for i, word in enumerate(words):
            nxt = words[i + 1] if i + 1 < count else None
            # comme dit Simon Sinek / as Brené Brown says
            if nxt is not None and f"{word.folded} {nxt.folded}" in k.authors:
                out.update((i, i + 1))
                continue
            # robbing Peter to pay Paul, rendre à César, the full monty: an idiom of several words
            for phrase in k.idiom_phrases.get(word.folded, ()):
                if i + len(phrase) <= count and all(
                    words[i + m].folded == part for m, part in enumerate(phrase)
                ):
                    out.update(range(i, i + len(phrase)))
                    break
            if i in out:
                continue
            if self._author_read(words, i, text):
                out.add(i)  # "the book of Kotter", "I read Drucker's line": a known author read
                continue
            cited = self._full_name_cited(words, i, text)  # name_english
            if cited:
                out.update(range(i, i + cited))  # "Camille Fournier's book", "as Andy Grove put it"
                continue
            if self._is_contraction(words, i, text):
                out.add(i)  # "the company hasn't", "havnt had a break": a negated auxiliary
                continue
            # "st etienne", "ste foy", "saint quentin": a Saint-… commune typed without its hyphen
            if (
                word.folded in _SAINTS
                and nxt is not None
                and _gap(text, word, nxt) in (" ", ". ", ".")
                and k.folded_facts(f"{_SAINTS[word.folded]}-{nxt.folded}").is_place
            ):
                out.update((i, i + 1))
                continue
            # Nova Scotia, Sri Lanka, New South Wales: a place of several words (in lower case
            # after "in", "à"…: "out in milton keynes")
            lower_place = (
                not word.is_capitalised
                and i > 0
                and (words[i - 1].folded in _TOWN_LINKS or words[i - 1].folded in _LOWER_PLACE_LINKS)
            )
            if (
                (word.is_capitalised or lower_place)
                and i not in out
                and (i == 0 or words[i - 1].folded not in self._titles)
            ):
                for size in (4, 3, 2):
                    span = words[i : i + size]
                    if (
                        len(span) == size
                        and all(_gap(text, a, b) == " " for a, b in itertools.pairwise(span))
                        and (
                            span[-1].is_capitalised
                            or (lower_place and not any(w.is_capitalised for w in span))
                        )
                        and self._is_place_phrase(" ".join(w.folded for w in span))
                    ):
                        out.update(range(i, i + size))
                        break
                if i in out:
                    continue
            # "in Sherwood Forest", "near Loch Lomond", "across Death Valley": a name before
            # (or after) what the land is, after a word that opens a place
            if (
                word.is_capitalised
                and not word.is_all_caps
                and nxt is not None
                and nxt.is_capitalised
                and i > 0
                and (
                    words[i - 1].folded in _TOWN_LINKS
                    or words[i - 1].folded in _PLACE_LINKS
                    or words[i - 1].folded in ("across", "through", "into", "over")
                )
                and _gap(text, word, nxt) == " "
                and (nxt.folded in _LAND_HEADS or word.folded in _LAND_FIRST)
            ):
                out.update((i, i + 1))
                continue
            # "Barry, Bridgend and Port Talbot", "Fort Worth": a port's or a fort's town,
            # wherever it stands (no one's first name is "Port")
            if (
                self._lang == "en"
                and word.folded in ("port", "fort")
                and word.is_capitalised
                and not word.is_all_caps
                and nxt is not None
                and nxt.is_capitalised
                and not nxt.is_all_caps
                and _gap(text, word, nxt) == " "
                and not (
                    i + 2 < count and words[i + 2].is_capitalised and _gap(text, nxt, words[i + 2]) == " "
                )
            ):
                out.update((i, i + 1))
                continue
            if self._town_in_season(words, i, text):
                out.add(i)  # "Darwin in the wet season", "Florence in the autumn": the town then
                continue
            division = self._division_name(words, i, text)
            if division is not None:
                out.update(division)  # "Baldwin County", "Caldwell Parish", "County Durham"
                continue
            if self._before_region(words, i, text):
                out.add(i)  # "the Amazon region", "the Jordan valley": a name of the land
                continue
            type_span = self._famous_as_type(words, i, text)
            if type_span is not None:
                out.update(type_span)
                continue
            street = self._street_name(words, i, text)
            if street is not None:
                out.update(street)
                continue
            body = self._public_body(words, i, text) if has_body else None
            if body is not None:
                out.update(body)
                continue
            feast = self._feast_day(words, i, text) if has_saint else None
            if feast is not None:
                out.update(feast)
                continue
            named_model = self._the_named_model(words, i, text) if self._lang == "en" else None
            if named_model is not None:
                out.update(named_model)  # "the Flynn effect", "the Ivy Lee method"
                continue
            if has_possessive and self._owns_a_model(words, i, text):
                out.add(i)
                continue
            # Dunning-Kruger, Hersey-Blanchard: two model authors joined by a hyphen
            if "-" in word.folded and all(p in k.eponym_names for p in word.folded.split("-")):
                out.add(i)
                continue
            f = self.facts(word)
            distinctive = self._first(f) < 3.0 and self._surname(f) < 2.6
            prev = words[i - 1] if i > 0 else None
            framed = prev is not None and prev.folded in _IDIOM_FRAMES
            if word.folded in k.idioms and (
                distinctive
                or framed
                or (nxt is not None and nxt.folded in k.idioms)
                or (i > 1 and words[i - 1].folded in ("and", "et") and i - 2 in out)
                or (  # Hobson's choice
                    nxt is not None
                    and nxt.folded == "s"
                    and i + 2 < count
                    and words[i + 2].folded in k.idioms
                )
            ):
                out.add(i)
                if nxt is not None and nxt.folded in k.idioms:
                    out.add(i + 1)
                continue
            # théorème de Thalès, courbe de Gauss, loi de Murphy: a capitalised name right
            # after a model word (and "de") that is not a common first name
            if (
                word.is_capitalised
                and i > 1
                and words[i - 1].folded in ("de", "d", "du", "of")
                and words[i - 2].folded in k.model_words
                and self._first(f) < 3.5
            ):
                out.add(i)
                continue
            # loi El Khomri, méthode Coué, plan Marshall: a model word, then its name directly
            if (
                word.is_capitalised
                and not word.is_all_caps
                and i > 0
                and not words[i - 1].is_capitalised
                and words[i - 1].folded in k.model_words
                and _gap(text, words[i - 1], word) == " "
                and not f.is_place
            ):
                # the name after a particle says whether it is a first name ("loi El Khomri")
                named = words[i + 1] if word.folded in _PARTICLES and nxt is not None else word
                if self._first(self.facts(named)) < 3.5:
                    out.update(self._author_names(words, i, text)[:3])
                    continue
            if (word.folded in k.eponym_names or f.is_eponym) and not self._cued_as_org(words, i):
                if (
                    word.is_capitalised
                    and self._clause_start(words, i, text)
                    and self._apposition_of_ours(words, i, text)
                ):
                    continue  # "Ishikawa, notre ingénieur méthodes, …": a colleague, whatever follows
                near_model = any(words[j].folded in k.model_words for j in range(max(0, i - 4), i))
                # "Myers-Briggs test", "Kotter's eight steps"
                model_after = any(words[j].folded in k.model_words for j in range(i + 1, min(count, i + 5)))
                cited = (
                    i > 0
                    and (
                        words[i - 1].folded in _CITE
                        or (i > 1 and words[i - 1].folded in ("to", "a") and words[i - 2].folded in _CITE)
                        # "As Drucker said", "comme disait Crozier"
                        or (
                            words[i - 1].folded in ("as", "comme") and nxt is not None and nxt.folded in _CITE
                        )
                    )
                ) or (  # "Camus disait qu'il faut…", "Seneca wrote that…"
                    nxt is not None and nxt.folded in _CITE_AFTER and word.is_capitalised
                )
                # "According to Peter, …", "selon Pierre": an author is cited by surname, so a
                # common first name cited alone is a colleague (the Peter principle's Peter)
                alone = nxt is None or not (nxt.is_capitalised and _gap(text, word, nxt) == " ")
                if cited and alone and self._first(f) >= 4.0:
                    cited = False
                if not (near_model or model_after or cited) and self._named_like_author(words, i, text):
                    continue  # "ma collègue Siobhan Murphy", "la docteure Ringelmann": someone so named
                if (
                    distinctive
                    and not (near_model or model_after or cited)
                    and self._author_as_colleague(words, i, text)
                ):
                    continue  # "Kahneman in our data team": a colleague named like the author
                if near_model or model_after or distinctive or cited:
                    out.add(i)
                    if (
                        i + 2 < count
                        and words[i + 1].folded in ("et", "and")
                        and (words[i + 2].folded in k.eponym_names)
                    ):
                        out.add(i + 2)
        return out

    def _famous_as_type(self, words: list[Word], i: int, text: str) -> range | None:
        """A famous name used as a type of person (antonomasia): "un Léonard de Vinci du
        tableur", "un Mozart de la finance", "a Picasso of spreadsheets": an indefinite
        article, the capitalised name, then "de"/"of" and a word in lower case."""
        count = len(words)
        word = words[i]
        articles = ("a", "an") if self._lang == "en" else ("un", "une")  # a French "a" is "à"
        if i == 0 or not word.is_capitalised or word.is_all_caps or words[i - 1].folded not in articles:
            return None
        if not _joined(text, words[i - 1], word) or words[i - 1].is_capitalised:
            return None  # "Un Martin…" opening a sentence may be a count ("Un Martin, deux Durand")
        j = i + 1
        # "Léonard de Vinci": the name's own particle and second part
        if (
            j + 1 < count
            and words[j].folded in _PARTICLES
            and words[j + 1].is_capitalised
            and _gap(text, words[j], words[j + 1]) == " "
        ):
            j += 2
        if j + 1 >= count or words[j].folded not in _OF_WORDS or _gap(text, words[j - 1], words[j]) != " ":
            return None
        k = j + 1
        if words[k].folded in ("la", "l", "le", "les", "the") and k + 1 < count:
            k += 1
        noun = words[k]
        if noun.is_capitalised or not (self.facts(noun).is_lexicon or self.facts(noun).is_lexicon_en):
            return None
        if noun.folded in _DEPARTMENTS:
            return None  # "un Martin de la compta": someone of a department
        return range(i, j)

    def _public_body(self, words: list[Word], i: int, text: str) -> range | None:
        """A public body named by what it does: capitalised dictionary words closed by a
        body's head ("the Charity Commission", "la Haute Autorité de Santé", "the Low Pay
        Commission"): it names no one, whatever first name one of its words may be."""
        word = words[i]
        if not word.is_capitalised or word.is_all_caps or (i > 0 and words[i - 1].is_capitalised):
            return None
        j = i
        count = len(words)
        if word.folded in _BODY_FIRST and i + 2 < count and words[i + 1].folded in _OF_WORDS:
            # "the Ministry of Manpower", "le ministère du Travail": what a ministry is of
            # names its remit, not a firm nor a person
            j = i + 2
            if words[j].folded in ("la", "l", "the") and j + 1 < count:
                j += 1
            end = j
            while end < count and end - j < 3 and words[end].is_capitalised and not words[end].is_all_caps:
                if end > j and _gap(text, words[end - 1], words[end]) != " ":
                    break
                end += 1
            if end > j:
                return range(i, end)
            return None
        while j < count and j - i < 6:
            w = words[j]
            if w.folded in _PUBLIC_HEADS and w.is_capitalised and j > i:
                if w.folded in ("conseil", "conseils") and any(
                    words[m].folded not in _BODY_ADJECTIVES for m in range(i, j)
                ):
                    return None  # French puts a body's nouns after "Conseil": "Sillage Conseil" is a firm
                return range(i, j + 1)
            f = self.facts(w)
            if (
                w.is_capitalised
                and not w.is_all_caps
                and (f.is_lexicon or f.is_lexicon_en)
                and not f.is_place
            ):
                pass
            elif not (j > i and w.folded in ("of", "for", "and", "de", "du", "des", "d", "et")):
                return None
            if j + 1 < count and _gap(text, w, words[j + 1]) not in (" ", "'", "’"):
                return None
            j += 1
        return None

    def _feast_day(self, words: list[Word], i: int, text: str) -> range | None:
        """A saint's day: "la Saint-Patrick" (a feminine article before a saint's name is
        the feast, "la [fête de] Saint-…"), "St Patrick's Day", "Saint George's Day"."""
        word = words[i]
        count = len(words)
        if (
            word.folded.startswith(("saint-", "st-"))
            and word.is_capitalised
            and i > 0
            and words[i - 1].folded == "la"
            and _joined(text, words[i - 1], word)
        ):
            return range(i, i + 1)
        if (
            word.folded in _SAINTS
            and word.is_capitalised
            and i + 3 < count
            and words[i + 1].is_capitalised
            and words[i + 2].folded == "s"
            and _gap(text, words[i + 1], words[i + 2]) in ("'", "’")
            and words[i + 3].folded == "day"
        ):
            return range(i, i + 4)
        return None

    def _owns_a_model(self, words: list[Word], i: int, text: str) -> bool:
        """A name whose possessive opens a model ("Bloom's taxonomy", "Herzberg's hygiene
        factors"), unless it is a common first name ("Sarah's framework" is hers)."""
        word = words[i]
        count = len(words)
        if not word.is_capitalised or i + 2 >= count or words[i + 1].folded != "s":
            return False
        if _gap(text, word, words[i + 1]) not in ("'", "’") or self._first(self.facts(word)) >= 3.5:
            return False
        models = self._k.model_words
        return any(words[j].folded in models for j in range(i + 2, min(count, i + 5)))

    def _cited_authors(self, words: list[Word], text: str) -> set[int]:
        """Authors named as such: after a title in quotes ("“Drive” by Daniel Pink", "« Le
        Prince » de Machiavel"), after a verb of authorship when a year or a profession says
        it is a reference ("coined in 1978 by the psychologists …", "théorisé par le
        sociologue …"), after a verb of quoting ("il citait toujours X et Y", "quoting X")."""
        out: set[int] = set()
        count = len(words)
        has_year = _YEAR_RE.search(text) is not None
        # each citation form has a cheap sign: a bracketed year, "et al"
        signs = (has_year and "(" in text, has_year and "(" in text, " et al" in text)
        for pattern, sign in zip(_CITATIONS, signs, strict=True):
            if not sign:
                continue
            for match in pattern.finditer(text):
                start, end = match.span("names")
                out.update(n for n, w in enumerate(words) if start <= w.start and w.end <= end)
        if not any(w.folded in _CITE_CUES for w in words):
            return out
        quotes = any(q in text for q in _CLOSING_QUOTES)
        for i in range(1, count):
            prev = words[i - 1]
            if prev.folded in ("by", "de", "d", "par"):
                quoted = (
                    quotes
                    and i > 1
                    and bool(_gap(text, words[i - 2], prev).strip(" ")[-1:] in _CLOSING_QUOTES)
                )
                authored = (
                    prev.folded in ("by", "par")
                    and i > 1
                    and any(w.folded in _AUTHORING for w in words[max(0, i - 5) : i - 1])
                    and (
                        has_year
                        or any(w.folded in _SCHOLARS for w in words[i : i + 2])
                        # "introduced by Carl Rogers and Richard Farson": a known author
                        # among the names after "by" makes them all cited authors
                        or any(
                            words[n].folded in self._k.eponym_names
                            for n in self._author_names(words, i, text)
                        )
                    )
                )
                if not (quoted or authored):
                    continue
            elif prev.folded in _QUOTING:
                pass
            elif not (
                i > 1
                and prev.folded in _OFTEN
                and words[i - 2].folded in _QUOTING
                and _gap(text, words[i - 2], prev) == " "
            ):
                continue
            if not _joined(text, prev, words[i]):
                continue
            j = i
            if words[j].folded in ("le", "la", "l", "the") and not words[j].is_capitalised:
                j += 1
            while j < count and words[j].folded in _SCHOLARS and not words[j].is_capitalised:
                j += 1  # "by clinical psychologists Pauline Clance", "par le sociologue Crozier"
            run = self._author_names(words, j, text)
            out.update(run)
        return out

    def _author_names(self, words: list[Word], j: int, text: str) -> list[int]:
        """The names from words[j]: capitalised words, initials and particles, and a second
        author after "and", "et", "&" ("Fisher and Ury", "Pauline R. Clance and Suzanne A.
        Imes")."""
        run: list[int] = []
        count = len(words)
        while j < count and len(run) < 8:
            word = words[j]
            joined = not run or _gap(text, words[j - 1], word) in (" ", ". ", "-")
            if not joined:
                break
            initial = len(word.text) == 1 and word.text.isupper() and text[word.end : word.end + 1] == "."
            particle = word.folded in _PARTICLES and (
                run or (word.is_capitalised and j + 1 < count and words[j + 1].is_capitalised)
            )
            if (word.is_capitalised and not self.is_blocked(word)) or initial or particle:
                run.append(j)
                j += 1
                continue
            if (
                run
                and word.folded in ("and", "et", "&")
                and j + 1 < count
                and words[j + 1].is_capitalised
                and _gap(text, word, words[j + 1]) == " "
            ):
                j += 1
                continue
            break
        if run and words[run[-1]].folded in _PARTICLES:
            run.pop()
        return run

    def _author_as_colleague(self, words: list[Word], i: int, text: str) -> bool:
        """An author's or a model's name opening a clause with a department after it is a
        colleague: "Kahneman in our data team keeps…", "Maslow de notre équipe RH m'a dit";
        not "we apply Pareto in our team" (an object), nor "Maslow in the literature"."""
        return (
            words[i].is_capitalised
            and not words[i].is_all_caps
            and self._clause_start(words, i, text)
            and (self._department_after(words, i, text) or self._apposition_of_ours(words, i, text))
        )

    def _named_like_author(self, words: list[Word], i: int, text: str) -> bool:
        """A model's or an author's name after a civil title or a first name that is not the
        author's own, neither cited ("selon", "d'après"): a person bearing that surname ("la
        docteure Ringelmann", "Siobhan Murphy"), not "Peter Drucker" (a listed author) nor
        "selon Daniel Pink"."""
        if i == 0 or not words[i].is_capitalised or words[i].is_all_caps:
            return False
        prev = words[i - 1]
        if _gap(text, prev, words[i]).strip(" .") or prev.is_all_caps:
            return False
        if i > 1 and words[i - 2].folded in _CITE:
            return False
        if prev.folded in self._titles:
            return prev.folded not in ("professeur", "professeure", "pr", "prof")  # "le Pr Freud"
        if not prev.is_capitalised:
            return False
        g = self.facts(prev)
        return (
            max(g.first_fr, g.first_en) >= 3.0
            and not g.is_eponym
            and prev.folded not in self._k.eponym_names
            and f"{prev.folded} {words[i].folded}" not in self._k.authors
            and not (i > 1 and words[i - 2].is_capitalised and _gap(text, words[i - 2], prev) == " ")
        )

    def _apposition_of_ours(self, words: list[Word], i: int, text: str) -> bool:
        """A role apposition that says the word is someone the writer works with, by a
        possessive or a change of post: "Drucker, le nouveau contrôleur de gestion, …",
        "Ishikawa, notre ingénieur méthodes, …" (an author is "le père du management", not
        "notre ingénieur")."""
        if i + 2 >= len(words) or not self._role_apposition(words, i, text):
            return False
        det, nxt = words[i + 1], words[i + 2]
        return det.folded in _POSSESSIVES or nxt.folded in _APPOSITION_QUALIFIERS

    def _cited_pair(self, words: list[Word], i: int, text: str) -> bool:
        """Whether another model author's name is joined to words[i] by 'and', 'et' or '&'."""
        for j in (i - 1, i + 1):
            if not 0 <= j < len(words):
                continue
            left, right = (words[j], words[i]) if j < i else (words[i], words[j])
            if _gap(text, left, right).strip() in ("&", "et", "and", "-") and (
                words[j].is_capitalised and self.facts(words[j]).is_eponym
            ):
                return True
        for j in (i - 2, i + 2):
            if (
                0 <= j < len(words)
                and words[(i + j) // 2].folded in ("et", "and")
                and words[j].is_capitalised
                and self.facts(words[j]).is_eponym
            ):
                return True
        return False
