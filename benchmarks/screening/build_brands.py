"""Build bot/screening/data/brands.txt: the brands of shops, banks, restaurants, insurers and
other businesses people work at, buy from or deal with ("bosse chez courir", "my manager at
Greggs", "harmonie mutuelle"), from a maintained, sourced index instead of a hand list fitted
to examples. The stock indices (build_companies.py) hold listed groups; their shops, chains
and insurers go by the brand people see, and most are in no index.

    npm install --prefix /tmp/nsi name-suggestion-index@8.0.20260918   # build time only
    python -m benchmarks.screening.build_brands /tmp/nsi/node_modules/name-suggestion-index

Source: the OpenStreetMap Name Suggestion Index 8.0.20260918 (BSD 3-Clause licence,
name-suggestion-index contributors): the `brands/*` categories of dist/json/nsi.json, each
brand with a Wikidata item (a notable brand, not a one-off shop); and the operators and
transit networks (of buses, power lines, masts, clinics…) whose Wikidata item, as described
in the index's dist/wikidata/wikidata.json, is a company and no public body ("French
transport operator", "utilities company"; not "municipality", "government agency").
Flags are left out. Names in Latin letters only.

Each name is judged as build_companies.py judges an index member ("~": also an ordinary
word, a place or a first name: counts only capitalised inside a sentence or after a cue;
"^": an everyday word, only after an employer's cue), and more strictly, as brands are many
and local: a one-word brand that is a French commune or a place abroad is left out ("Vittel",
"Evian": the town first), a one-word brand that any dictionary or name file knows is "~" at
least, a phrase of ordinary words only is "~" ("Direct Line", "Point Vert"), and a marked
brand is kept only when it is sold in a country whose mentees write French or English (or
worldwide). Names already in companies.txt or organizations.txt are skipped.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from benchmarks.screening.build_companies import _clean, _entry, keep_line
from bot.screening.knowledge import DATA_DIR, Knowledge, WordFacts, read_list, split_folded
from bot.screening.lexicon import (
    ACRONYMS,
    DEFAULT_ALLOW_WORDS,
    ENGLISH_ROLE_WORDS,
    ENGLISH_STOP_WORDS,
    ROLE_WORDS,
    STOP_WORDS,
    fold,
    folded_set,
    word_set,
)

OUT = DATA_DIR / "brands.txt"
VERSION = "8.0.20260918"
# Countries whose mentees write French or English (and "001", the world)
_COUNTRIES = frozenset(
    word_set(
        """001 150 fr be ch lu mc ca gb ie us au nz za ke ng gh in ph my sg re gp mq gf yt nc pf
        ma tn dz sn ci cm mu"""
    )
)
# Categories of public bodies and street furniture, no business ("France Travail")
_LEFT_OUT = (
    "brands/office/government",
    "brands/office/political_party",
    "brands/amenity/public_bookcase",
    "brands/amenity/waste_basket",
    "brands/amenity/recycling",
    "brands/amenity/trolley_bay",
    "brands/advertising/",
)
# Workplace words a brand may share ("Comex", "Teams", "Office"): the word first
_WORDS = (
    folded_set(ACRONYMS)
    | folded_set(ROLE_WORDS)
    | folded_set(ENGLISH_ROLE_WORDS)
    | folded_set(STOP_WORDS)
    | folded_set(ENGLISH_STOP_WORDS)
)
_ALLOWED = frozenset(tuple(split_folded(w)) for w in DEFAULT_ALLOW_WORDS)
# An operator (of power lines, buses, masts, clinics…) is kept when its Wikidata item
# describes a company, not a public body ("French transport operator", "utilities company";
# not "government agency", "municipality")
_COMPANY_RE = re.compile(
    r"\b(?:company|companies|corporation|business|enterprise|entreprise|société|firm|operator|"
    r"utility|bank|insurer|manufacturer|retailer|airline|cooperative|coopérative|subsidiary|"
    r"filiale|conglomerate|multinational|provider|carrier|group|groupe|chain)\b",
    re.IGNORECASE,
)
_PUBLIC_RE = re.compile(
    r"\b(?:government\w*|agency|municipal\w*|council|ministry|department|authority|city|commune|"
    r"county|state|federal|park|police|army|military|university|school|college|district|region|"
    r"province|administration|public|non-?profit|charity|foundation|association|trust|church|"
    r"diocese|hospital|nhs|board)\b",
    re.IGNORECASE,
)
_OPERATOR_TAGS = ("operator", "network", "operator:en", "operator:fr", "network:en", "network:fr")
_TAGS = ("brand", "name", "brand:en", "brand:fr", "name:en", "name:fr")
_LATIN = re.compile(r"^[A-Za-z0-9À-ÖØ-öø-ÿĀ-ž&'’.\- +!]+$")


def _known(f: WordFacts) -> bool:
    """Any dictionary, any name file, any frequency worth the name: a brand named so is
    read as a brand only where the text says so."""
    return (
        f.is_lexicon
        or f.is_lexicon_en
        or f.is_eponym
        or max(f.fr, f.en) >= 3.0
        or max(f.first_fr, f.first_en, f.surname_en) >= 2.5
        or f.first_intl >= 3
    )


def _is_name(f: WordFacts) -> bool:
    return max(f.first_fr, f.first_en, f.surname_fr, f.surname_en) >= 2.5 or f.first_intl >= 3


def _judged(k: Knowledge, name: str) -> str | None:
    entry = _entry(k, name)
    if entry is None:
        return None
    bare = entry.lstrip("~^")
    words = split_folded(bare)
    facts = [k.facts(w) for w in words]
    if len(words) == 1:
        head = facts[0]
        if head.is_place or k.is_cued_town(words[0]) or k.is_short_town(words[0]):
            return None  # "Vittel", "Evian", "the Douglas office": the town first
        if max(head.first_fr, head.first_en, head.surname_fr, head.surname_en) > 0 or head.first_intl > 0:
            return None  # "Chloé", "Benny", "Darty": the person detector judges a name
        if words[0] in _WORDS or entry[0] == "^":
            return None  # "COMEX", "holiday": the word first
        if max(head.fr, head.en) >= 3.0 and (
            head.is_lexicon or head.is_lexicon_en or max(head.fr, head.en) >= 4.0
        ):
            return "^" + bare  # "imposed by fiat", "courir": only after an employer's cue
    if all(
        max(f.first_fr, f.first_en, f.surname_fr, f.surname_en) >= 2.5 or f.first_intl >= 3 for f in facts
    ):
        return None  # "Jean Louis David", "Franck Provost": a person's name first
    if tuple(words) in _ALLOWED:
        return None
    if entry[0] in "~^":
        return entry
    if len(words) == 1 and _known(facts[0]):
        return "~" + bare
    if len(words) > 1 and all(_known(f) for f in facts):
        return "~" + bare  # "direct line", "point vert", "cache cache"
    return bare


def _local(item: dict[str, object]) -> bool:
    location = item.get("locationSet")
    include = location.get("include", []) if isinstance(location, dict) else []
    return any(str(c).lower().split("-")[0] in _COUNTRIES for c in include)


def build(root: Path) -> list[str]:
    data = json.loads((root / "dist" / "json" / "nsi.json").read_text(encoding="utf-8"))
    k = Knowledge()
    known = {
        tuple(split_folded(n.strip().lstrip("~^")))
        for line in read_list("organizations.txt") + read_list("companies.txt")
        for n in line.split("|")
    }
    wikidata = json.loads((root / "dist" / "wikidata" / "wikidata.json").read_text(encoding="utf-8"))
    described = {q: str(v.get("description", "")) for q, v in wikidata["wikidata"].items()}
    lines: dict[tuple[str, ...], str] = {}
    for path, category in sorted(data["nsi"].items()):
        brands = path.startswith("brands/") and not path.startswith(_LEFT_OUT)
        operators = path.startswith(("operators/", "transit/"))
        if not brands and not operators:
            continue
        for item in category["items"]:
            tags = item["tags"]
            if brands and "brand:wikidata" not in tags:
                continue
            if operators:
                q = tags.get("operator:wikidata") or tags.get("network:wikidata") or ""
                about = described.get(q, "")
                if not _COMPANY_RE.search(about) or _PUBLIC_RE.search(about):
                    continue
            forms: list[str] = []
            for tag in _TAGS if brands else _OPERATOR_TAGS:
                name = tags.get(tag, "").strip()
                if not name or not _LATIN.match(name):
                    continue
                entry = _judged(k, " ".join(_clean(name).split()))
                if entry is None or entry in forms:
                    continue
                if entry[0] in "~^" and not _local(item):
                    continue
                if tuple(split_folded(entry.lstrip("~^"))) in known:
                    continue
                forms.append(entry)
            if not forms:
                continue
            keep_line(lines, known, forms)
    return sorted(lines.values(), key=lambda line: fold(line.lstrip("~^")))


HEADER = f"""\
# Brands of shops, banks, restaurants, insurers and other businesses, built by
# benchmarks/screening/build_brands.py from the OpenStreetMap Name Suggestion Index
# {VERSION} (BSD 3-Clause licence, name-suggestion-index contributors): its brands/*
# categories (brands with a Wikidata item) and the operators its Wikidata descriptions call
# companies, names in Latin letters. Same format as
# organizations.txt ("~": also an ordinary word, a place or a name, counts only capitalised
# or after a cue; "^": an everyday word, counts only after an employer's cue).
# Do not edit by hand: add to organizations.txt, or rebuild.
"""


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__)
        return 2
    lines = build(Path(args[0]))
    OUT.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT.name}: {len(lines)} brands")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
