"""Initials and short forms of names: "J.-P.", "JP and I", "P. Le Roux", "Tony D".

Letters in capitals are mostly acronyms (RSSI, NPS, BOSIET) and only sometimes
someone's initials; these rules tell them apart by the frame (where a person is
expected, among other acronyms or not) and find a name whole with its initial, its
nickname's adjective or its particles.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.screening.hits import Hit
from bot.screening.lexicon import folded_set, word_set
from bot.screening.name_cues import (
    _CLAUSE_ENDS,
    _DOTTED_ABBREVIATIONS,
    _NAMING,
    _PARTICLES,
    _SIGNED_RE,
    _STOPS,
    _TELLING,
)
from bot.screening.name_exceptions import CleanExceptions
from bot.screening.name_words import Word, _gap, _joined

# Adjectives of nicknames, written before a first name ("Big Mike", "le Grand Jacques"), and
# the kin words a team gives its elders ("Tonton Gérard", "Mamie Jo")
_NICKNAME_WORDS = folded_set(
    word_set(
        "big little lil old young grand petit petite ti tit gros grosse tonton tata tatie mamie papy papi"
    )
)
# A letter or a digit alone with its dot, then a space, just before: "A. " of "A. B. C.", "3. "
_LABEL_BEFORE_RE = re.compile(r"(?:^|[^\w.])\w\.\s?$|\.$")
# Nouns a bare letter labels ("plan B", "bâtiment C", "option A"): the letter is no initial
_LABEL_NOUNS = folded_set(
    word_set("""
    plan option type niveau classe catégorie annexe section groupe équipe salle bâtiment porte
    point étape phase zone lot partie chapitre article vitamine bloc étage escalier case colonne
    ligne version scénario hypothèse permis
    """)
)
# A quote opening or closing right against a word: « JMV », "JB", “JLB”
_OPEN_QUOTE_RE = re.compile(r"[«\"“„][ \u00a0\u202f]?$")
_CLOSE_QUOTE_RE = re.compile(r"[ \u00a0\u202f]?[»\"”]")
# The initial of a surname after a first name ("Tony D", "Josh K, and me")
_TRAILING_INITIAL_RE = re.compile(r" (?!I\b)[A-Z](?=$|[\s,;:!?)]|\.(?:\s|$))")


class InitialRules(CleanExceptions):
    """Initials where a person is expected, and the short forms a name is found whole with."""

    def _with_nickname(self, hit: Hit, words: list[Word], text: str) -> Hit:
        """What is written before a first name as part of it: a nickname's adjective ("Big
        Mike", "le Grand Jacques", "Ti Jean") or a short form no dictionary holds ("Manu
        Ferrer")."""
        if hit.kind != "person":
            return hit
        index = next((n for n, w in enumerate(words) if w.start == hit.start), None)
        if not index or _gap(text, words[index - 1], words[index]) != " ":
            return hit
        prev = words[index - 1]
        if not prev.is_capitalised or prev.is_all_caps or prev.folded in self._titles:
            return hit
        if prev.folded in _NICKNAME_WORDS:
            return Hit(prev.start, hit.end, hit.kind)
        f = self.facts(prev)
        if (
            self.is_blocked(prev)
            or len(prev.folded) < 3
            or prev.folded in self._roles
            or f.is_lexicon
            or f.is_lexicon_en
            or f.is_place
            or f.is_eponym
            or max(f.fr, f.en) >= 4.0
        ):
            return hit
        return Hit(prev.start, hit.end, hit.kind)

    @staticmethod
    def _with_initial(hit: Hit, text: str) -> Hit:
        """A first name and the initial of a surname after it: "Tony D", "Josh K" (not "Tom
        and I": "I" is the writer)."""
        if hit.kind != "person" or not text[hit.start : hit.start + 1].isupper():
            return hit
        match = _TRAILING_INITIAL_RE.match(text, hit.end)
        return Hit(hit.start, hit.end + 2, hit.kind) if match else hit

    def _with_particles(self, hit: Hit, words: list[Word], text: str) -> Hit:
        """A surname with the particles before it, the first capitalised: "Van der Merwe",
        "De Souza", "Von Trapp" (a sentence may open with them, so no title is needed)."""
        index = next((i for i, w in enumerate(words) if w.start == hit.start), None)
        if index is None or hit.kind != "person":
            return hit
        j = index
        while (
            j > 0
            and index - j < 2
            and words[j - 1].folded in _PARTICLES
            and _gap(text, words[j - 1], words[j]) == " "
        ):
            j -= 1
        while j < index and not words[j].is_capitalised and not words[j].is_initial:
            j += 1  # "la femme de Souza": the first particle must be capitalised (or open the text)
        if j == index or words[j].folded in ("le", "la", "el", "al", "des"):
            return hit  # "Le Gall" is a particle's job for _people; "La Rochelle", "El Niño"
        return Hit(words[j].start, hit.end, hit.kind)

    def _initial_and_surname(self, words: list[Word], text: str, taken: set[int]) -> Iterator[Hit]:
        """ "M. Okafor" in English, "J. Martin", "j. hendricks": an initial, a dot, a surname."""
        for i, word in enumerate(words[:-1]):
            if len(word.text) != 1 or not word.text.isalpha() or text[word.end : word.end + 2] != ". ":
                continue
            if (self._lang == "fr" and word.text in ("M", "m")) or (
                i > 0 and _gap(text, words[i - 1], word) == "."
            ):
                continue  # "M. Durand" is a title (handled as such); "e.g. Smith", "A.B. Smith"
            nxt = words[i + 1]
            if (
                word.text.isupper()
                and nxt.folded in _PARTICLES
                and nxt.is_capitalised
                and not nxt.is_all_caps
                and nxt.start == word.end + 2
                and i + 2 < len(words)
                and words[i + 2].is_capitalised
                and not words[i + 2].is_all_caps
                and len(words[i + 2].folded) >= 2
                and _gap(text, nxt, words[i + 2]) in (" ", "'", "’")
                and not (  # "Plan B. Le Mans…", "Section C. La suite": a letter ends a label
                    i > 0
                    and words[i - 1].is_capitalised
                    and _gap(text, words[i - 1], word) == " "
                    and self.is_ordinary(words[i - 1])
                )
            ):
                # "P. Le Roux", "J. De Souza", "K. Van Dyke": an initial, a particle, a surname
                # (the surname may be a word: "Roux", "Bois")
                yield Hit(word.start, words[i + 2].end, "person")
                continue
            if self._is_initials_pair(words, i, text):
                # "j'ai vu G. C. ce matin", "mon binôme A. C.": two initials, each with its dot
                yield Hit(word.start, nxt.end + 1, "person")
                continue
            if i + 1 in taken or nxt.start != word.end + 2 or self.is_blocked(nxt) or len(nxt.folded) < 3:
                continue
            if word.text.isupper() and nxt.is_capitalised and not nxt.is_all_caps:
                named = not self.is_ordinary(nxt) and (self.is_maybe_name(nxt) or self.is_unknown(nxt))
            elif word.text.islower() and not nxt.is_capitalised:
                named = self._is_plain_surname(nxt) or self._is_foreign_word(nxt)
            else:
                named = False
            if named:
                yield Hit(word.start, nxt.end, "person")

    def _among_acronyms(self, words: list[Word], i: int, text: str) -> bool:
        """A word in capitals of three letters or more in a message where two others are known
        abbreviations ("NAO en février, BDESE à jour, CSSCT en mars, élu au CSE"), unless a
        role, a title or a cue for initials announces someone ("mon chef JBM")."""
        word = words[i]
        if len(word.folded) < 3 or word.is_initials:
            return False

        def before_first_name(n: int) -> bool:  # "LEROUX Julien": a surname first
            after = words[n + 1] if n + 1 < len(words) else None
            return (
                after is not None
                and after.is_capitalised
                and not after.is_all_caps
                and self._first(self.facts(after)) >= 3.0
            )

        if before_first_name(i):
            return False
        known = sum(
            1
            for n, w in enumerate(words)
            if n != i
            and w.is_all_caps
            and len(w.folded) >= 2
            and self._is_acronym(w)
            and not before_first_name(n)
        )
        if known < 2:
            return False
        prev = words[i - 1] if i > 0 else None
        if prev is not None and (
            prev.folded in self._titles or prev.folded in self._person_links or prev.folded in _TELLING
        ):
            return False  # "avec JBM", "told KVR"
        return not (self._role_before(words, i, text) or self._initials_cued(words, i, text))

    def _in_acronym_list(self, words: list[Word], i: int, text: str) -> bool:
        """Whether words[i], in capitals, is one of three or more words in capitals listed
        together ("BOSIET, HUET, HSE"), one of them a known abbreviation, none followed by a
        first name ("DUPONT Julien, MARTIN Anne" are people)."""
        seen = {i}
        todo = [i]
        while todo:
            j = todo.pop()
            for n in self._list_neighbours(words, j, text):
                if n not in seen and words[n].is_all_caps:
                    seen.add(n)
                    todo.append(n)
        if len(seen) < 3 or not any(self._is_acronym(words[n]) for n in seen):
            return False
        for n in seen:
            after = words[n + 1] if n + 1 < len(words) else None
            if (
                after is not None
                and _gap(text, words[n], after) == " "
                and after.is_capitalised
                and not after.is_all_caps
                and self._first(self.facts(after)) >= 3.0
            ):
                return False
        return True

    @staticmethod
    def _is_initials_pair(words: list[Word], i: int, text: str) -> bool:
        """Two capital letters, each with its dot and a space between ("G. C."), standing
        alone: not a run of them ("A. B. C."), not glued to a dot before ("U.S. A."), not a
        known dotted abbreviation ("N. B.", "P. S.")."""
        word, nxt = words[i], words[i + 1]
        if not (word.text.isupper() and len(nxt.text) == 1 and nxt.text.isupper()):
            return False
        if nxt.start != word.end + 2 or text[nxt.end : nxt.end + 1] != ".":
            return False
        after = text[nxt.end + 1 : nxt.end + 4]
        if after[:1].isalnum() or (
            len(after) >= 3 and after[0] == " " and after[1].isupper() and after[2] == "."
        ):
            return False  # "G. C.D.", "A. B. C.": a run of letters
        if _LABEL_BEFORE_RE.search(text, 0, word.start):
            return False  # "A. B. C.", "3. A. B.": a letter or a number with its dot before
        if i > 0 and words[i - 1].folded in _LABEL_NOUNS and _gap(text, words[i - 1], word) == " ":
            return False  # "le plan B. C'est…", "bâtiment A. B. suit"
        return (word.text + nxt.text).lower() not in _DOTTED_ABBREVIATIONS

    def _quoted_name(self, words: list[Word], i: int, text: str) -> bool:
        """Capitals between quotes that a naming verb announces within the few words before
        ("qu'on appelle le secrétaire général « JLB »") or that "c'est" presents ('le chef
        c'est "JB"'): what people call someone; a quoted acronym has no such frame."""
        word = words[i]
        if not (_OPEN_QUOTE_RE.search(text, 0, word.start) and _CLOSE_QUOTE_RE.match(text, word.end)):
            return False
        start = max(0, i - 6)
        for k in range(start, i):
            # not "ce qu'on appelle « ROI »", "what we call 'OKR'": a notion is named
            if words[k].folded in _NAMING and not any(
                w.folded in ("ce", "what") for w in words[max(0, k - 4) : k]
            ):
                return True
        return i > 0 and words[i - 1].folded in ("c", "est")

    def _initials_cued(self, words: list[Word], i: int, text: str) -> bool:
        """Capitals that are no known abbreviation, where a person is expected: "avec JP",
        "c'est JP", "JP and I", "JP et moi", "calls him KVR", "signe « MFC »"."""
        word = words[i]
        prev = words[i - 1] if i > 0 else None
        if _SIGNED_RE.search(text, max(0, word.start - 60), word.start):
            return True  # "la titulaire signe ses consignes « MFC »": the signer's initials
        if self._quoted_name(words, i, text):
            return True  # "que tout le monde appelle « JMV »", "le chef c'est « JB »"
        if prev is not None and _joined(text, prev, word):
            if prev.folded in ("and", "et", "or", "ou"):
                # "Marc et JP", not "basic, HRA, special allowance and PF": a list of people
                before = words[i - 2] if i > 1 else None
                if before is not None and before.is_capitalised and not before.is_all_caps:
                    return True
            elif prev.folded in ("de", "d") and len(word.folded) >= 3:
                pass  # "des objectifs de DMT", "on parle de RCC": an acronym; "le bureau de JP" stays
            elif prev.folded in self._person_links or prev.folded in _TELLING or prev.folded in _NAMING:
                return True
            if i > 1 and prev.folded in ("est", "s") and words[i - 2].folded in ("c", "it", "that"):
                return True
            if (
                i > 1
                and prev.folded in ("him", "her", "l", "tous", "toutes", "all", "everyone")
                and words[i - 2].folded in _NAMING | {"calls", "call"}
            ):
                return True  # "calls him KVR", "qu'on appelle tous JMB", "we all call… , known as"
        nxt_word = words[i + 1] if i + 1 < len(words) else None
        if (
            prev is not None
            and _gap(text, prev, word) == " "
            and not prev.is_capitalised
            and prev.folded not in _STOPS
            and len(prev.folded) >= 4
            # after a past participle ("recadré", "warned"), not after a noun ("clé USB")
            and (prev.text.endswith("é") or prev.text.endswith("ed") or prev.folded in _TELLING)
            and (
                nxt_word is None
                or nxt_word.folded in _CLAUSE_ENDS
                or bool(_gap(text, word, nxt_word).strip(" \u00a0"))
            )
        ):
            return True  # "j'ai recadré JC hier", "I warned DK, then…"
        if i + 2 < len(words):
            nxt, after = words[i + 1], words[i + 2]
            if (
                nxt.folded in ("et", "and")
                and after.folded in ("moi", "i", "me")
                and _joined(text, word, nxt)
                and not self._listed_acronym(words, i, text)  # "about DEI and ESG and I"
            ):
                return True
        return self._cued_person(words, i, text)
