"""Build bot/screening/data/feasts.txt: the names of public holidays and feasts, so a
holiday named in a message ("Juneteenth is a holiday here now", "the Diwali rush",
"Madaraka Day", "Martin Luther King Jr. Day") is not taken for a person.

    python -m benchmarks.screening.build_feasts

Source: the `holidays` package (python-holidays, MIT licence; already a dependency of
Cadre), every country it localizes in English (en_US) and in French (fr), years 2024 to
2027. Names only. Two sections, read like `eponyms.txt`'s:

- [idioms]: single words of a holiday's name that no name file holds (fewer than a few
  hundred people with it as a first name or a surname) and that are no ordinary word
  ("juneteenth", "diwali", "matariki"): named alone they are the feast;
- [phrases]: whole holiday names of two words or more ("rizal day", "saint patrick s
  day", "kwame nkrumah memorial day"): the feast, whoever it is named after.
"""

from __future__ import annotations

import re

from benchmarks.screening.build_places import _lexicon
from bot.screening.knowledge import DATA_DIR, split_folded
from bot.screening.lexicon import word_set

OUT = DATA_DIR / "feasts.txt"
YEARS = range(2024, 2028)
# what holiday lists add to a name: "(observed)", "(estimated)", "Second Day of…"
_NOTE_RE = re.compile(r"\s*\([^)]*\)")
# words of holiday names that are everywhere, not the feast itself
_GENERIC = word_set("""
    day days holiday holidays national public bank eve observed estimated second third fourth
    first new year birthday festival memorial independence the of and for de la le du des
    jour fête fete journée journee
    """)


def holiday_names() -> set[str]:
    import holidays

    names: set[str] = set()
    for code, languages in holidays.list_localized_countries().items():
        for language in ("en_US", "fr"):
            if language not in languages:
                continue
            try:
                table = holidays.country_holidays(code, years=YEARS, language=language)
            except (NotImplementedError, KeyError, ValueError):
                continue
            for name in table.values():
                for part in name.split(";"):
                    part = _NOTE_RE.sub("", part).strip()
                    if part:
                        names.add(part)
    return names


def build() -> tuple[list[str], list[str]]:
    k = _lexicon()
    singles: set[str] = set()
    phrases: set[str] = set()
    for name in holiday_names():
        words = split_folded(name)
        if not words or any(w.isdigit() for w in words):
            continue
        if len(words) >= 2:
            phrases.add(" ".join(words))
        for raw, folded in zip(re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", name), words, strict=False):
            if len(folded) < 4 or folded in _GENERIC or not raw[:1].isupper():
                continue
            f = k.facts(folded)
            named = max(f.first_fr, f.first_en, f.surname_fr, f.surname_en) >= 2.5 or f.first_intl
            if not named and not f.is_lexicon and not f.is_lexicon_en and not f.is_place:
                singles.add(folded)
    return sorted(singles), sorted(phrases)


def main() -> None:
    singles, phrases = build()
    header = (
        "# Public holidays and feasts: python-holidays (MIT), every country it localizes in\n"
        "# English and French, 2024-2027; names only, folded. Built by\n"
        "# `python -m benchmarks.screening.build_feasts`. [idioms]: single words no name file\n"
        "# holds and no dictionary knows; [phrases]: whole holiday names.\n"
    )
    text = header + "[idioms]\n" + "\n".join(singles) + "\n[phrases]\n" + "\n".join(phrases) + "\n"
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT.name}: {len(singles)} single words, {len(phrases)} phrases")


if __name__ == "__main__":
    main()
