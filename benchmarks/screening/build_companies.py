"""Build bot/screening/data/companies.txt: the members of the main stock indices, so a
mentee's employer, client or supplier is known by name ("I got an offer from Lockheed
Martin", "our client is unilever") without a hand list fitted to examples.

    pip install -e '.[data]'   # pytickersymbols (build time only)
    python -m benchmarks.screening.build_companies

Source: the index compositions shipped in pytickersymbols 1.17.10 (MIT licence; built from
the indices' public Wikipedia tables): S&P 500, S&P 100, S&P 600, NASDAQ-100, Dow Jones,
FTSE 100, CAC 40, CAC Mid 60, DAX, MDAX, SDAX, TecDAX, Nikkei 225, EURO STOXX 50, AEX,
BEL 20, IBEX 35, SMI 20, OMX Stockholm 30 and OMX Helsinki 25. Company names only; of the
smaller companies' indices (S&P 600, MDAX, SDAX, TecDAX, Nikkei 225) only names that are no
ordinary word, place or name.

Each name loses its legal form and generic tail ("Apple Inc." -> "apple", "Lloyds Banking
Group plc" -> "lloyds banking"); the full form stays too. A name that is also an ordinary
word, a place or a model's name in either language ("Target", "Alphabet") is marked "~": it
counts only capitalised inside a sentence or after a cue, as in organizations.txt. The
first word of a longer name is kept alone when no lexicon knows it as a word, a name or a
place ("Lockheed" of "Lockheed Martin"). Names already in organizations.txt are skipped.
"""

from __future__ import annotations

import re

from bot.screening.knowledge import DATA_DIR, Knowledge, WordFacts, read_list, split_folded
from bot.screening.lexicon import fold, word_set

OUT = DATA_DIR / "companies.txt"
INDICES = (
    "S&P 500",
    "S&P 100",
    "S&P 600",
    "NASDAQ 100",
    "DOW JONES",
    "FTSE 100",
    "CAC_40",
    "CAC Mid 60",
    "DAX",
    "MDAX",
    "SDAX",
    "TecDAX",
    "NIKKEI 225",
    "EURO STOXX 50",
    "AEX",
    "BEL 20",
    "IBEX 35",
    "Switzerland 20",
    "OMX Stockholm 30",
    "OMX Helsinki 25",
)
# Smaller companies' indices: a name of theirs that is also a word, a place or a name
# ("Douglas", "Aeon") says less than the text around it, so only their unambiguous forms
# are kept
_MINOR = frozenset({"S&P 600", "MDAX", "SDAX", "TecDAX", "NIKKEI 225"})
# Legal forms and generic tails dropped from the end of a name, as people say it
_TAILS = word_set("""
    inc corp corporation co company companies plc ltd limited llc lp sa se ag nv asa ab oyj spa
    group groupe holding holdings the class a b c adr reit trust incorporated international
    """)
# First words of a longer name that are generic in some language, not the company's own
# ("Laboratorios Rovi", "Inmobiliaria Colonial", "Deutsche Bank", "Mid-America Apartment")
_GENERIC_HEADS = word_set("laboratorios inmobiliaria deutsche banco mid-america centerpoint")
# A one-word name this frequent as a word counts only after an employer's cue
_EVERYDAY = 4.0
# A name left as one very frequent word ("News" of "News Corp"): the full name only
_TOO_COMMON = 5.0


def _clean(name: str) -> str:
    name = re.sub(r"\([^)]*\)", " ", name)
    name = re.sub(r"\b(?:N\.V\.|S\.A\.|S\.p\.A\.|S\.E\.)", " ", name)
    name = name.replace("’", "'")
    name = re.sub(r"[,.]", " ", name)
    words = name.split()
    while words and words[0].lower() == "the":
        words = words[1:]
    while len(words) > 1 and (words[-1].lower() in _TAILS or words[-1] in ("&", "and")):
        words = words[:-1]
    return " ".join(words)


def _ordinary(f: WordFacts) -> bool:
    """A word of the English dictionary, a frequent French word, a place abroad or a model's
    name. A brand's frequency in text says nothing ("adidas"), nor does the French lemma
    table, which holds brands ("boeing"), nor a village that shares the name ("Generac")."""
    return (
        f.is_lexicon_en
        or (f.is_lexicon and f.fr >= 4.0)
        or (f.is_place and not f.is_commune)
        or f.is_eponym
        or max(f.fr, f.en) >= 4.5
    )


def _is_name(f: WordFacts) -> bool:
    return max(f.first_fr, f.first_en, f.surname_fr, f.surname_en) >= 2.5 or f.first_intl >= 3


def _entry(k: Knowledge, name: str) -> str | None:
    words = split_folded(name)
    if not words or any(w.isdigit() for w in words) or len("".join(words)) < 3:
        return None
    if len(words) == 1 and len(words[0]) <= 3:
        return None  # "AES", "APA", "ADP": as often an acronym of the trade as the company
    facts = [k.facts(w) for w in words]
    if len(words) == 1 and max(facts[0].fr, facts[0].en) >= _TOO_COMMON:
        return None
    if len(words) == 1:
        # a first name too ("Rollins", "Edison"): the person detector judges it in lower
        # case; only ever a surname ("kroger", "pearson"), it is the company
        head = facts[0]
        ordinary = _ordinary(head) or max(head.first_fr, head.first_en) >= 3.0 or head.first_intl >= 5
    else:
        # a phrase of words is rarely ordinary text ("applied materials"), unless it opens
        # with a very common word ("best buy", "general mills", "first solar")
        ordinary = max(facts[0].fr, facts[0].en) >= _TOO_COMMON or len(words[0]) < 3
    everyday = (facts[0].is_lexicon_en or facts[0].is_lexicon) and max(facts[0].fr, facts[0].en) >= _EVERYDAY
    if len(words) == 1 and ordinary and everyday:
        # an everyday word ("Block B", "my Target for Q3"): a company only after an
        # employer's cue ("works at Target"), as the tools of organizations.txt
        return "^" + name.lower()
    return ("~" if ordinary else "") + name.lower()


def build() -> list[str]:
    from pytickersymbols.indices_data import INDICES as DATA

    k = Knowledge()
    known = {
        tuple(split_folded(n.strip().lstrip("~^")))
        for line in read_list("organizations.txt")
        for n in line.split("|")
    }
    lines: dict[tuple[str, ...], str] = {}
    for index in INDICES:
        for company in DATA[index]["companies"]:
            full = re.sub(r"\([^)]*\)", " ", company["name"]).strip()
            short = _clean(full)
            forms: list[str] = []
            for form in (short, re.sub(r"[,.]", " ", full)):
                entry = _entry(k, " ".join(form.split()))
                if entry is not None and entry not in forms:
                    forms.append(entry)
            words = split_folded(short)
            if len(words) > 1 and len(words[0]) >= 5 and words[0] not in _GENERIC_HEADS:
                head = k.facts(words[0])
                if not (
                    head.is_lexicon
                    or head.is_lexicon_en
                    or head.is_place
                    or _is_name(head)
                    or max(head.fr, head.en) >= 3.0
                ):
                    forms.append(words[0])
            forms = [f for f in forms if tuple(split_folded(f.lstrip("~^"))) not in known]
            if index in _MINOR:
                forms = [f for f in forms if not f.startswith(("~", "^"))]
            # a short form that is an ordinary word makes no full form ordinary
            if not forms:
                continue
            keep_line(lines, known, forms)
    return sorted(lines.values(), key=lambda line: fold(line.lstrip("~^")))


HEADER = """\
# Members of the main stock indices, built by benchmarks/screening/build_companies.py from
# pytickersymbols 1.17.10 (MIT licence): S&P 500, S&P 100, S&P 600, NASDAQ-100, Dow Jones,
# FTSE 100, CAC 40, CAC Mid 60, DAX, MDAX, SDAX, TecDAX, Nikkei 225, EURO STOXX 50, AEX,
# BEL 20, IBEX 35, SMI 20, OMX Stockholm 30, OMX Helsinki 25 (of S&P 600, MDAX, SDAX,
# TecDAX and Nikkei 225 only names that are no word, place or name). Company names only,
# same format as organizations.txt ("~": also an ordinary word, a place or a model's name,
# counts only capitalised or after a cue; "^": an everyday word, counts only after an
# employer's cue).
# Do not edit by hand: add to organizations.txt, or rebuild.
"""


def main() -> int:
    lines = build()
    OUT.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT.name}: {len(lines)} companies")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def keep_line(lines: dict[tuple[str, ...], str], known: set[tuple[str, ...]], forms: list[str]) -> None:
    """One company's line ("Name | SHORT"), keyed by its first form, once: a later source's
    line for a name already kept adds nothing."""
    key = tuple(split_folded(forms[0].lstrip("~^")))
    if key in lines:
        return
    known.update(tuple(split_folded(f.lstrip("~^"))) for f in forms)
    lines[key] = " | ".join(forms)
