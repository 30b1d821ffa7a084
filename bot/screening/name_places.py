"""Places named alone, so that a town, a region or a street is not taken for a person.

Many towns are named like people (Florence, Preston, Vitry) and many places are on no
list ("la Vanoise"); a place identifies nobody, so these rules decide from the frame
("muté à", "in", "from … to …", a season, a division's head, a street's head) when a
word is the place, and when it is still someone ("spoke to Preston").
"""

from __future__ import annotations

from bot.screening.lexicon import folded_set, word_set
from bot.screening.name_cues import (
    _DEPARTMENTS,
    _LOWER_PLACE_LINKS,
    _ORG_CUES,
    _ORG_HEADS,
    _PLACE_HEADS,
    _STOPS,
    _TELLING,
    _TOWN_LINKS,
    _WEAK_ORG_HEADS,
)
from bot.screening.name_english import EnglishFrames
from bot.screening.name_words import Word, _gap, _joined

# Before a capitalised word no name file holds, these make it a place ("in Bavaria", "vers
# la Vanoise"): no one is "in" or "near" a person, nor "vers la" one
_PLACE_FRAME_EN = folded_set(word_set("in near outside around across throughout towards inside"))
_PLACE_FRAME_FR = folded_set(word_set("à a vers dans de d sur depuis près pres entre et par"))

_STREET_HEADS = folded_set(
    word_set("rue avenue av boulevard bd quai impasse allée allee chemin faubourg fbg square esplanade")
)
_STREET_HEADS_CAPITAL = folded_set(word_set("place cours"))
_STREET_LINKS = folded_set(word_set("de du des d la le les l"))
_STREET_TAILS = word_set("street road avenue lane square drive crescent terrace gardens boulevard row mews")

# A journey's words, then where it starts or ends: "commute from Marietta", "vol pour Nice"
_TRAVEL_WORDS = folded_set(
    word_set("""
    commute commutes commuting commuted drive drives driving drove fly flies flying flew flight
    flights train trains bus ferry trip trips journey journeys travel travels travelling
    traveling travelled traveled relocate relocating relocated relocation
    trajet trajets vol vols train trains navette déménager déménagé déménagée aller-retour
    """)
)
# Where one lives, stays or settles, before "à" and the place ("reste à", "ici à")
_DWELLING = folded_set(
    word_set("""
    reste restent rester restons vit vivent vivre vivons habite habitent habiter habitons
    installe installent installer installé installée installés installées basé basée basés
    ici là-bas là domicilié domiciliée né née grandi
    """)
)
_TRAVEL_LINKS = folded_set(word_set("from to into via out of depuis pour vers jusqu"))

# Seasons and months: "Darwin in the wet season", "Florence in the autumn", "Lyon en hiver"
_SEASONS = folded_set(
    word_set(
        "spring summer autumn fall winter season monsoon springtime summertime printemps été hiver automne"
    )
)
_MONTHS = folded_set(
    word_set("""
    january february march april may june july august september october november december
    janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre
    """)
)
# Heads of administrative divisions, after their name ("Baldwin County") or before it
# ("County Durham"): what is named so is land, never someone
_DIVISIONS = frozenset(
    {
        "county",
        "parish",
        "borough",
        "province",
        "prefecture",
        "oblast",
        "governorate",
        "municipality",
        "township",
    }
)
_DIVISION_FIRST = frozenset({"county"})
# What the land a name names is, in lower case after it: "the Amazon region"
_REGIONS = frozenset({"region", "rainforest", "basin", "delta", "valley", "river", "coast", "highlands"})


class PlaceRules(EnglishFrames):
    """Whether a word names a place here: towns, regions, divisions, streets, journeys."""

    def _is_town_here(self, words: list[Word], i: int, text: str) -> bool:
        """Whether a town (one the data knows, or one whose name is also a name) is used as
        a place here: after "in", "to", "from"… (not after a verb of telling: "spoke to
        Preston"), listed with another place ("Sydney and Adelaide"), before what a place
        has ("the Chester office", "Victoria station") or before its region ("Victoria,
        British Columbia")."""
        word = words[i]
        if not self._is_town(word):
            # "our plant is in Troy, Michigan": a town no list holds, named with its state
            return self._lang == "en" and word.is_capitalised and self._before_its_region(words, i, text)
        prev = words[i - 1] if i > 0 else None
        nxt = words[i + 1] if i + 1 < len(words) else None
        if prev is not None and _joined(text, prev, word) and not word.is_initial:
            if prev.folded in _TOWN_LINKS and not (
                i > 1
                and (
                    # "spoke to Preston", not "met in Jackson": one tells someone, not in them
                    (words[i - 2].folded in _TELLING and prev.folded not in _PLACE_FRAME_EN)
                    # "I report to Jackson", "handed the keys to Tyler": one gives to people
                    or (prev.folded == "to" and self._gives_to(words, i))
                    or words[i - 2].folded in _ORG_CUES
                    or self._employer_before(words, i)
                )
            ):
                return True
            gap = _gap(text, prev, word).strip()
            j = i - 2 if prev.folded in ("and", "or") else i - 1 if gap in (",", "&") else -1
            if j >= 0 and self._is_town(words[j]):
                before = words[j]
                if self.facts(before).is_place or (j > 0 and words[j - 1].folded in _TOWN_LINKS):
                    return True  # "between Sydney and Adelaide", "in Austin and Charlotte"
                if self._is_town_here(words, j, text):
                    return True  # "sites in Warwick, Beverley and Shirley": the list's cue holds on
        if nxt is not None and _gap(text, word, nxt) == " " and nxt.folded in _PLACE_HEADS:
            return True
        if self._lang == "en" and self._listed_before_town(words, i, text):
            return True  # "Hastings or Brighton?", "cover Phoenix and Reno"
        if (
            nxt is not None
            and nxt.folded == "head"
            and i + 2 < len(words)
            and words[i + 2].folded in ("office", "offices")
        ):
            return True  # "Sydney head office"
        return self._before_its_region(words, i, text)

    def _town_elsewhere(self, words: list[Word], i: int, text: str) -> bool:
        """A town the message names as a place elsewhere, named again with no title nor role
        before it ("Hastings or Brighton? Hastings is cheaper to live"): one message speaks
        of one Hastings."""
        word = words[i]
        if not self._is_town(word) or word.is_all_caps:
            return False
        prev = words[i - 1] if i > 0 else None
        if prev is not None and (prev.folded in self._titles or self._role_before(words, i, text)):
            return False
        if self._person_acts_next(words, i, text):
            return False  # "a site in Chelsea, and Chelsea said she'd run it"
        return any(
            j != i and w.folded == word.folded and w.is_capitalised and self._is_town_here(words, j, text)
            for j, w in enumerate(words)
        )

    def _listed_before_town(self, words: list[Word], i: int, text: str) -> bool:
        """A town listed before a place that is no first name ("Hastings or Brighton"), or
        before another town when neither is a common first name ("Phoenix and Reno"): the
        list's second item says what the first one is ("Jackson and Brighton" stays to the
        other rules: "Jackson" is a common first name)."""
        j = i + 2 if i + 2 < len(words) and words[i + 1].folded in ("and", "or") else i + 1
        if j >= len(words) or (j == i + 1 and _gap(text, words[i], words[j]).strip() not in (",", "/")):
            return False
        if j == i + 2 and (
            _gap(text, words[i], words[i + 1]) != " " or _gap(text, words[i + 1], words[j]) != " "
        ):
            return False
        other = words[j]
        if not other.is_capitalised or other.is_all_caps or not self._is_town(other):
            return False
        if self.facts(other).is_place and not self.is_maybe_name(other):
            return True
        return max(self._first(self.facts(words[i])), self._first(self.facts(other))) < 3.0

    def _before_its_region(self, words: list[Word], i: int, text: str) -> bool:
        """A town then a comma and its state, county or country ("Victoria, British
        Columbia", "Troy, Michigan", "Carmel, Indiana"): the way a town is written, whatever
        first name it is; not before a first name ("Sarah, Georgia and I")."""
        nxt = words[i + 1] if i + 1 < len(words) else None
        return (
            nxt is not None
            and not words[i].is_all_caps
            and _gap(text, words[i], nxt).strip() == ","
            and nxt.is_capitalised
            and not nxt.is_all_caps
            and self.facts(nxt).is_place
            and not self.is_maybe_name(nxt)
        )

    def _listed_after_town(self, words: list[Word], i: int, text: str) -> bool:
        """A capitalised word that is no first name, listed right after a town used as a
        place ("live in Hillsborough and Crookes", "in Leith, Portobello"): a place of the
        same list, though no list holds it (a suburb)."""
        word = words[i]
        if i < 2 or not word.is_capitalised or word.is_all_caps or word.is_initial:
            return False
        if self._first(self.facts(word)) >= 3.0:
            return False  # "in Leeds and Shirley": a first name stays to the other rules
        if self._acts_next(words, i, text) or self._subject_next(words, i, text):
            return False  # "we met in Leeds and Kowalski joined us": a clause's subject
        prev = words[i - 1]
        if prev.folded in ("and", "or"):
            j = i - 2
            if _gap(text, prev, word) != " " or _gap(text, words[j], prev) != " ":
                return False
        elif _gap(text, prev, word).strip() == ",":
            j = i - 1
        else:
            return False
        return words[j].is_capitalised and self._is_town_here(words, j, text)

    def _town_in_season(self, words: list[Word], i: int, text: str) -> bool:
        """A town the data knows, then "in (the)" and a season or a month ("Darwin in the wet
        season is brutal", "Florence in the autumn", "Paris en hiver"): a place at a time of
        year; one is not "in the autumn" as a person is."""
        word = words[i]
        if not word.is_capitalised or word.is_all_caps or i + 2 >= len(words):
            return False
        if not (self.facts(word).is_place or self._k.is_cued_town(word.folded)):
            return False
        if not self._clause_start(words, i, text):
            return False  # "I met Florence in the summer": whom one met
        j = i + 1
        if words[j].folded not in ("in", "en", "au") or not _joined(text, word, words[j]):
            return False
        j += 1
        if words[j].folded in ("the", "le", "l") and j + 1 < len(words):
            j += 1
        if words[j].folded in ("wet", "dry", "rainy", "holiday") and j + 1 < len(words):
            j += 1
        if not ((words[j].folded in _SEASONS and not words[j].is_capitalised) or words[j].folded in _MONTHS):
            return False
        return not self._person_acts_next(words, j, text)  # "Florence en mars m'a dit non"

    def _division_name(self, words: list[Word], i: int, text: str) -> range | None:
        """ "Baldwin County", "Caldwell Parish", "Hunan Province", "County Durham": capitalised
        words joined to the head of an administrative division name that division, whatever
        names they are made of (a person is not a county); not when a firm's head or a legal
        form follows ("Orange County Choppers Ltd"), nor after a title ("Mr Butler")."""
        word = words[i]
        if not word.is_capitalised or word.is_all_caps or (i > 0 and words[i - 1].folded in self._titles):
            return None
        if word.folded in _DIVISION_FIRST:
            j = i + 1
            while (
                j < len(words)
                and j - i <= 2
                and words[j].is_capitalised
                and _joined(text, words[j - 1], words[j])
            ):
                j += 1
            return range(i, j) if j > i + 1 and not self._firm_follows(words, j) else None
        j = i
        while j < len(words) and j - i < 3 and words[j].is_capitalised and not words[j].is_all_caps:
            if j > i and not _joined(text, words[j - 1], words[j]):
                return None
            if words[j].folded in _DIVISIONS and j > i:
                return None if self._firm_follows(words, j + 1) else range(i, j + 1)
            j += 1
        return None

    @staticmethod
    def _firm_follows(words: list[Word], j: int) -> bool:
        return j < len(words) and (words[j].folded in _ORG_HEADS or words[j].folded in _WEAK_ORG_HEADS)

    def _before_region(self, words: list[Word], i: int, text: str) -> bool:
        """ "a year in the Amazon region", "farms in the Jordan valley": a capitalised word
        between "the" and what the land is, in lower case, names the land; not when a role
        or a department follows ("the Amazon region manager"), nor a firm's name that is no
        word nor place ("the Tesco region")."""
        if i == 0 or i + 1 >= len(words) or words[i - 1].folded != "the":
            return False
        word, land = words[i], words[i + 1]
        if not word.is_capitalised or word.is_all_caps or land.is_capitalised or land.folded not in _REGIONS:
            return False
        if not (_joined(text, words[i - 1], word) and _joined(text, word, land)):
            return False
        f = self.facts(word)
        if word.folded in self._k.organizations.firsts and not (f.is_place or f.is_lexicon_en):
            return False  # "the Tesco region": a firm's own region, the firm's name
        after = words[i + 2] if i + 2 < len(words) else None
        return not (
            after is not None
            and _joined(text, land, after)
            and (after.folded in self._roles or after.folded in _DEPARTMENTS)
        )

    def _is_lower_place_here(self, words: list[Word], i: int, text: str) -> bool:
        """A town in lower case after "in", "to", "à"… (not after a verb of telling: "parlé à
        florence", "spoke to austin")."""
        word, prev = words[i], words[i - 1]
        if word.is_capitalised or not _joined(text, prev, word):
            return False
        if prev.folded not in _TOWN_LINKS and prev.folded not in _LOWER_PLACE_LINKS:
            return False
        if i > 1 and words[i - 2].folded in _TELLING:
            return False
        f = self.facts(word)
        if prev.folded in ("to", "à", "a"):
            # one says things to people: after "to", "à" only a town no common first name
            # ("moving to leeds"; "i said to jordan" is someone)
            return f.is_place and self._first(f) < 3.5
        return f.is_place or self._k.is_cued_town(word.folded) or self._k.is_short_town(word.folded)

    def _is_place_compound(self, word: Word) -> bool:
        """Places joined by hyphens ("Paris-Lyon"), or a place and a word in lower case
        ("London-centric", "Lyon-based")."""
        parts = word.text.split("-")
        folded = word.folded.split("-")
        if len(parts) != len(folded):
            return False
        whole = self._k.folded_facts(word.folded)
        if max(whole.first_fr, whole.first_en) >= 2.5 and not whole.is_place:
            return False  # "marie-ève", "jean-pierre": a compound first name, though "Marie" is a town
        places = [self._k.folded_facts(p).is_place for p in folded]
        if all(places):
            return True
        if not any(is_place and part[:1].isupper() for part, is_place in zip(parts, places, strict=True)):
            return False
        return all(
            (is_place and part[:1].isupper())
            or (part[:1].islower() and self._is_plain_word(self._k.folded_facts(f)))
            for part, f, is_place in zip(parts, folded, places, strict=True)
        )

    def _is_branch_head(self, word: Word) -> bool:
        """A capitalised word no name file, dictionary or place list holds, so before a
        place it names a firm's branch ("Olam Ghana"), not someone from there."""
        return (
            word.is_capitalised
            and not word.is_all_caps
            and self.is_unknown(word)
            and self._is_nameless(self.facts(word))
            and not self._k.is_cued_town(word.folded)
        )

    def _in_place_frame(self, words: list[Word], i: int, text: str) -> bool:
        """After what only a place follows: "en Vanoise", "vers la Patagonie", "aux
        Minguettes", "de la Part-Dieu"; "in Bavaria", "across Patagonia" (not "to", "from",
        "at", "with": one writes to people and works at firms; never after an employer's
        cue)."""
        if i == 0 or not _joined(text, words[i - 1], words[i]) or self._employer_before(words, i):
            return False
        prev = words[i - 1].folded
        if self._lang == "en":
            if prev == "the" and i > 1 and words[i - 2].folded in _PLACE_FRAME_EN | {"from", "to", "into"}:
                # "from the Karoo to the coast": the phrase must end there ("from the Acme
                # team" names a firm's team)
                nxt = words[i + 1] if i + 1 < len(words) else None
                return nxt is None or bool(_gap(text, words[i], nxt).strip()) or nxt.folded in _STOPS
            return prev in _PLACE_FRAME_EN
        if prev in ("en", "aux"):
            return True
        if prev in ("du", "des") and not (i > 1 and words[i - 2].is_capitalised):
            return True  # "les villages du Vermandois" (not "Joachim du Bellay")
        return (
            prev in ("la", "le", "les", "l")
            and i > 1
            and words[i - 2].folded in _PLACE_FRAME_FR
            and _joined(text, words[i - 2], words[i - 1], "'’")
        )

    def _listed_with_place(self, words: list[Word], i: int, text: str, any_place: bool = False) -> bool:
        """Whether words[i] is listed with a plain place ("Nancy et Metz", "Sydney, Perth");
        with `any_place`, with any place the data knows (for a word no name file holds:
        "Manchester, or Bavaria")."""
        count = len(words)
        for j in (i - 1, i + 1, i - 2, i + 2):
            if not 0 <= j < count or not words[j].is_capitalised or words[j].is_all_caps:
                continue
            left, right = min(i, j), max(i, j)
            if right - left == 1:
                if _gap(text, words[left], words[right]).strip() not in (",", "/"):
                    continue
            elif not (
                words[left + 1].folded in ("et", "and", "or", "ou")
                and _gap(text, words[left], words[left + 1]) in (" ", ", ")
                and _gap(text, words[left + 1], words[right]) == " "
            ):
                continue
            facts = self.facts(words[j])
            if self._is_plain_place(facts) or (any_place and facts.is_place):
                return True
        return False

    def _street_name(self, words: list[Word], i: int, text: str) -> range | None:
        """The words naming a street that words[i] opens ("rue de [Rivoli]", "[Baker Street]"),
        None when it opens none."""
        word = words[i]
        count = len(words)
        if word.folded in _STREET_HEADS or (word.folded in _STREET_HEADS_CAPITAL and i + 1 < count):
            j = i + 1
            while j < count and j - i <= 3 and words[j].folded in _STREET_LINKS:
                j += 1
            if j >= count or not words[j].is_capitalised or not _joined(text, words[j - 1], words[j], "'’"):
                return None
            if word.folded in _STREET_HEADS_CAPITAL and not word.is_capitalised and j == i + 2:
                return None  # "la place de Martin dans l'équipe": a place of his, no square
            stop = j + 1
            while (
                stop < count
                and stop - j < 3
                and words[stop].is_capitalised
                and _gap(text, words[stop - 1], words[stop]) in (" ", "-")
            ):
                stop += 1
            return range(j, stop)
        if word.is_capitalised:
            stop = i
            while (
                stop < count
                and stop - i < 3
                and words[stop].is_capitalised
                and words[stop].folded not in _STREET_TAILS
                and (stop == i or _gap(text, words[stop - 1], words[stop]) == " ")
            ):
                stop += 1
            if (
                stop > i
                and stop < count
                and _gap(text, words[stop - 1], words[stop]) == " "
                and words[stop].text.istitle()
                and words[stop].folded in _STREET_TAILS
                and (i == 0 or words[i - 1].folded not in self._titles)
                # "Harcourt Lane Bank": a firm named after its street
                and not (stop + 1 < count and words[stop + 1].is_capitalised)
            ):
                return range(i, stop + 1)
        return None

    def _where_one_lives(self, words: list[Word], i: int, text: str) -> bool:
        """A capitalised word no first-name file holds, where French puts a place one lives,
        stays or settles in: after a verb of dwelling and "à" ("ma famille reste à Cocody",
        "ici à Bonapriso", "s'installer à Marie-Galante"), listed after "entre" with a known
        place ("entre Strasbourg et Kehl"), or before "ou à" / "et à" and a known place ("à
        Esch ou à Dudelange"). A district no list holds is named so; a person is not lived in."""
        word = words[i]
        if self._lang != "fr" or i < 2 or not word.is_capitalised or word.is_all_caps or word.is_initial:
            return False
        f = self.facts(word)
        parts = [self._k.folded_facts(p) for p in word.folded.split("-")] if "-" in word.folded else [f]
        if max(f.first_fr, f.first_en) >= 2.0 or (len(parts) == 1 and f.first_intl >= 2):
            return False
        prev = words[i - 1]
        if not _joined(text, prev, word):
            return False
        if prev.folded in ("a", "à") and words[i - 2].folded in _DWELLING:
            return max(f.surname_fr, f.surname_en) < 3.0
        if prev.folded in ("et", "ou") and i > 2 and words[i - 3].folded == "entre":
            other = words[i - 2]
            return other.is_capitalised and (self.facts(other).is_place or self._is_town(other))
        if prev.folded in ("a", "à") and i + 3 < len(words):
            link, to, other = words[i + 1], words[i + 2], words[i + 3]
            return (
                link.folded in ("ou", "et")
                and to.folded in ("a", "à")
                and other.is_capitalised
                and (self.facts(other).is_place or self._is_town(other))
                and max(f.surname_fr, f.surname_en) < 3.0
            )
        return False

    def _no_name_file_holds(self, word: Word) -> bool:
        """Neither a first name nor a surname of any file, however rare (a suburb, "Shoreditch")."""
        f = self.facts(word)
        return max(f.first_en, f.first_fr, f.surname_en, f.surname_fr) < 1.0 and f.first_intl == 0

    def _after_travel(self, words: list[Word], i: int, text: str, depth: int = 0) -> bool:
        """Whether words[i] is where a journey starts or ends: "commute from Marietta to…",
        "my flight from Shannon", "drives in from Lunenburg and Bridgewater", "flying into
        Logan", "le trajet depuis Vierzon": one travels from and to places, not people."""
        if i < 2 or text[words[i].end : words[i].end + 2] in ("'s", "’s"):
            return False
        prev = words[i - 1]
        if not _joined(text, prev, words[i]):
            return False
        if prev.folded in ("and", "or", "et", "ou") and depth == 0:
            return i > 2 and self._after_travel(words, i - 2, text, 1)  # "from Lunenburg and Bridgewater"
        if prev.folded not in _TRAVEL_LINKS:
            return False
        j = i - 2
        if words[j].folded in ("in", "out", "back", "home", "up", "down", "over") and j > 0:
            j -= 1  # "drives in from", "flew back from"
        if words[j].folded in _TRAVEL_WORDS:
            return True
        # "from Marietta to Decatur", "from Soho to Shoreditch": the journey's other end is a
        # known place
        return (
            (
                prev.folded in ("from", "de", "depuis")
                and i + 2 < len(words)
                and words[i + 1].folded in ("to", "a")
                and words[i + 2].is_capitalised
                and (
                    self.facts(words[i + 2]).is_place
                    or self._is_town(words[i + 2])
                    # "from Chelsea to Canary Wharf": a place of two words at the other end
                    or (
                        i + 3 < len(words)
                        and words[i + 3].is_capitalised
                        and self._is_place_phrase(f"{words[i + 2].folded} {words[i + 3].folded}")
                    )
                )
            )
            or (
                # "I came to Dublin from Bologna": where a journey to a known place started
                prev.folded == "from"
                and i > 3
                and words[i - 3].folded == "to"
                and words[i - 2].is_capitalised
                and _joined(text, words[i - 3], words[i - 2])
                and _joined(text, words[i - 2], prev)
                and self.facts(words[i - 2]).is_place
                # no first name ("from Becky"); a surname alone seldom sends anything
                and max(self.facts(words[i]).first_en, self.facts(words[i]).first_fr) < 2.0
                and not self.facts(words[i]).first_intl
            )
            or (
                prev.folded in ("to", "a")
                and i > 2
                and words[i - 3].folded in ("from", "de", "depuis")
                and words[i - 2].is_capitalised
                and _joined(text, words[i - 3], words[i - 2])
                and _joined(text, words[i - 2], prev)
                and (self.facts(words[i - 2]).is_place or self._is_town(words[i - 2]))
                and self._no_name_file_holds(words[i])
            )
        )  # not "from Leeds to Becky (or Kowalski) for sign-off": who gets it
