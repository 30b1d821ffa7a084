"""Build bot/screening/data/nicknames_en.txt: the short forms English gives first names
("kev" of Kevin, "nate" of Nathan, "jen" of Jennifer), so a colleague named by a short
form is someone as the full name would be ("kev and the old team", "asked nate").

    python -m benchmarks.screening.build_nicknames

Source: the `nicknames` package 1.0.1 (Carlton Northern and Nick Crews, Apache-2.0), a
hand-curated table of English given names and their nicknames (`names.csv`). The US census
file of first names (in `lexicon.bin`) holds the full names and few of their short forms;
this file adds the short form with the strength of its full name, lowered.

Kept: short forms of three letters or more, of a full name common in the census (at
least 10**4.5 people), that the census does not hold as often already, that no English
dictionary holds as a lower-case word ("bill", "rob", "chip" stay to the context), that
text does not write often for something else (zipf below 4; nor a French dictionary word
as frequent: "mal", "vin") and that is no frequent English word with a letter dropped, the
likeliest typo ("wil" of "will", "lon" of "long", "ike" of "like"). Each line: the short
form, the first-name strength it is given (log10 of a count, as `first_en`: the full
name's less 1, at most 4), the full names.
"""

from __future__ import annotations

import csv
from importlib.resources import files

from bot.screening.knowledge import DATA_DIR, Knowledge

OUT = DATA_DIR / "nicknames_en.txt"
# the full name's strength the short form is given, less this and at most the cap: a short
# form is rarer than its name, and a cued name rather than a name alone
_LOWER_BY = 1.0
_CAP = 4.0
_MIN_FULL = 4.5
# a frequent word (zipf) that a short form is with one letter dropped: a typo of it
_TYPO_ZIPF = 5.0
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def nickname_table() -> dict[str, set[str]]:
    """Each short form and the full names it stands for, as the package lists them."""
    table: dict[str, set[str]] = {}
    with files("nicknames").joinpath("names.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["relationship"].strip() != "has_nickname":
                continue
            table.setdefault(row["name2"].strip().lower(), set()).add(row["name1"].strip().lower())
    return table


def _raw_knowledge() -> Knowledge:
    """The word table without the short forms this script wrote last time."""
    k = Knowledge()
    k.nicknames_en = {}
    return k


def _drops_a_letter_of_word(k: Knowledge, short: str) -> bool:
    """Whether adding one letter to `short` makes a frequent English dictionary word."""
    for at in range(len(short) + 1):
        for letter in _LETTERS:
            f = k.facts(short[:at] + letter + short[at:])
            if f.is_lexicon_en and f.en >= _TYPO_ZIPF:
                return True
    return False


def build() -> list[str]:
    k = _raw_knowledge()
    lines: list[str] = []
    for short, fulls in sorted(nickname_table().items()):
        if len(short) < 3 or not short.isalpha() or short in fulls:
            continue
        f = k.facts(short)
        best = max(k.facts(name).first_en for name in fulls)
        strength = min(best - _LOWER_BY, _CAP)
        if best < _MIN_FULL or f.first_en >= strength:
            continue
        if f.is_lexicon_en or f.en >= 4.0 or (f.is_lexicon and f.fr >= 4.0) or f.is_place or f.is_eponym:
            continue
        if _drops_a_letter_of_word(k, short):
            continue
        kept = sorted(n for n in fulls if k.facts(n).first_en >= _MIN_FULL)
        lines.append(f"{short} {strength:.2f} {' '.join(kept)}")
    return lines


def main() -> None:
    lines = build()
    header = [
        "# English short forms of first names: short form, first-name strength (log10), full names",
        "# built by python -m benchmarks.screening.build_nicknames from the nicknames package",
        "# 1.0.1 (Carlton Northern, Nick Crews; Apache-2.0); see NOTICE.md",
    ]
    OUT.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"{OUT.name}: {len(lines)} short forms")


if __name__ == "__main__":
    main()
