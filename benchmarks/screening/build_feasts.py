"""Build bot/screening/data/feasts.txt: the names of public holidays and feasts, so a
holiday named in a message ("Juneteenth is a holiday here now", "the Diwali rush",
"Madaraka Day", "Martin Luther King Jr. Day") is not taken for a person.

    python -m benchmarks.screening.build_feasts

Source: the `holidays` package (python-holidays, MIT licence; already a dependency of
Cadre), every country it localizes in English (en_US) and in French (fr), and the countries it
does not localize whose holidays are named in English (New Zealand, Ghana, South Africa…),
years 2024 to 2027. Names only. Two sections, read like `eponyms.txt`'s:

- [idioms]: single words of a holiday's name that no name file holds (fewer than a few
  hundred people with it as a first name or a surname; nor Faker's person providers, at
  build time) and that are no ordinary word
  ("juneteenth", "diwali", "matariki"): named alone they are the feast;
- [phrases]: whole holiday names of two words or more ("rizal day", "saint patrick s
  day", "kwame nkrumah memorial day"): the feast, whoever it is named after.
"""

from __future__ import annotations

import re

from benchmarks.screening.build_places import _faker_names, _lexicon
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
    localized = holidays.list_localized_countries()
    # countries the package does not localize name their holidays in their one language,
    # English for New Zealand, Ghana, South Africa, Jamaica, Uganda, Zambia, Zimbabwe
    # ("Matariki", "Waitangi Day", "Janani Luwum Day")
    plain = [code for code in holidays.list_supported_countries() if code not in localized]
    for code, languages in [*localized.items(), *((c, [None]) for c in plain)]:
        for language in ("en_US", "fr", None):
            if language not in languages:
                continue
            try:
                table = holidays.country_holidays(code, years=YEARS, language=language)
            except (NotImplementedError, KeyError, ValueError):
                continue
            if language is None and not _reads_english(table):
                continue
            for name in table.values():
                for part in name.split(";"):
                    part = _NOTE_RE.sub("", part).strip()
                    if part:
                        names.add(part)
    return names


def _reads_english(table: object) -> bool:
    """Whether a country's holidays, in its own language, are named in English (most of
    their names hold "Day", "Holiday" or "Christmas")."""
    names = [str(n) for n in table.values()]  # type: ignore[attr-defined]
    english = sum(bool(re.search(r"\b(?:Day|Holiday|Christmas|Easter|Friday|Monday)\b", n)) for n in names)
    return bool(names) and english >= len(names) / 2


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
            # (nor Faker's names of 86 locales: "Kwame" of Kwame Nkrumah Day is a colleague too)
            named = named or folded in _faker_names()
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
