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
  day", "kwame nkrumah memorial day"): the feast, whoever it is named after; and the head
  that several feasts share ("hari raya").

Each country's own English ("Divali" in Trinidad, "Hari Raya Puasa" in Singapore) and the
holidays of the states and provinces of the countries whose mentees write English ("Mardi
Gras" in Louisiana) add their whole names and their one-word names only: a word of a local
feast's name is often someone's name too ("Vinayak Chaturthi").
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


def holiday_names(local: bool = False) -> set[str]:
    """Holiday names of every country, in US English and French (and in its own language
    when that is English); with `local`, only those that the countries' own English and
    their states' and provinces' tables add."""
    import holidays

    names: set[str] = set()
    localized = holidays.list_localized_countries()
    # countries the package does not localize name their holidays in their one language,
    # English for New Zealand, Ghana, South Africa, Jamaica, Uganda, Zambia, Zimbabwe
    # ("Matariki", "Waitangi Day", "Janani Luwum Day")
    plain = [code for code in holidays.list_supported_countries() if code not in localized]
    supported = holidays.list_supported_countries()
    for code, languages in [*localized.items(), *((c, [None]) for c in plain)]:
        # a country's own English names its feasts as its people write them ("Divali" in
        # Trinidad, "Hari Raya Puasa" and "Deepavali" in Singapore), beside the US English one
        own_english = [lang for lang in languages if lang and lang.startswith("en_") and lang != "en_US"]
        for language in ("en_US", "fr", None, *own_english):
            if language not in languages:
                continue
            if not local and language in own_english:
                continue
            # the holidays of a state or a province too, where mentees write English
            # ("Mardi Gras" in Louisiana, "Melbourne Cup" in Victoria)
            subdivisions = supported.get(code, []) if code in _ENGLISH_WRITING and language != "fr" else []
            national = [None] if not local or language in own_english else []
            for subdivision in (*national, *(subdivisions if local else [])):
                try:
                    table = holidays.country_holidays(
                        code, subdiv=subdivision, years=YEARS, language=language
                    )
                except (NotImplementedError, KeyError, ValueError):
                    continue
                if language is None and not _reads_english(table):
                    break
                for name in table.values():
                    for part in name.split(";"):
                        part = _NOTE_RE.sub("", part).strip()
                        if part and _LATIN_RE.fullmatch(part):
                            names.add(part)
    return names


def shared_heads(names: set[str]) -> set[str]:
    """The first two words that several holidays' names of three words or more share
    ("Hari Raya" of "Hari Raya Puasa" and "Hari Raya Haji"): the feast's own name, which
    people write alone ("Hari Raya open house"); none of them generic ("National Day")."""
    counts: dict[tuple[str, str], set[str]] = {}
    for name in names:
        words = split_folded(name)
        if len(words) >= 3 and not any(w.isdigit() for w in words):
            counts.setdefault((words[0], words[1]), set()).add(" ".join(words))
    return {
        " ".join(head)
        for head, full in counts.items()
        if len(full) >= 2
        and not any(w in _GENERIC or len(w) < 3 for w in head)
        and not any(_is_eponymous(f) for f in full)
    }


def _is_eponymous(folded_name: str) -> bool:
    """A day named after someone or something ("Guru Nanak's Jayanti", "Bhanu's Birthday",
    "Louis Riel Day"): its words may be a person's name, so no single word of it nor its
    head stands for the feast; a feast's own name holds none of these ("Hari Raya Puasa")."""
    return bool(set(folded_name.split()) & _EPONYMOUS_MARKS)


# The countries whose mentees write English (as build_cities_en.py reads them) whose states
# and provinces have holidays of their own
_ENGLISH_WRITING = frozenset({"US", "GB", "CA", "AU", "NZ", "IN", "MY", "NG", "ZA", "IE"})
# Names in Latin letters only (the localized names of Indian holidays in Devanagari are
# never typed in an English message)
_LATIN_RE = re.compile(r"[\sA-Za-z\u00c0-\u024f'’.,&()/-]+")


# What a day named after someone holds: "X's Birthday", "X Jayanti", "X Day"
_EPONYMOUS_MARKS = frozenset(
    {"s", "day", "diwas", "birthday", "birthdays", "jayanti", "anniversary", "martyrdom", "of", "and"}
)


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
    base, local = holiday_names(), holiday_names(local=True) - holiday_names()
    phrases |= shared_heads(base | local)
    for name in base | local:
        words = split_folded(name)
        if name in local and len(words) >= 2:
            # the whole name only ("Vinayak Chaturthi", "Bhanu's Birthday"): a word of a
            # state's or a local feast's name is often someone's name too ("Vinayak")
            phrases.add(" ".join(words))
            continue
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
        "# English and French, each country's own English, the states and provinces of the\n"
        "# English-writing countries, 2024-2027; names only, folded. Built by\n"
        "# `python -m benchmarks.screening.build_feasts`. [idioms]: single words no name file\n"
        "# holds and no dictionary knows; [phrases]: whole holiday names.\n"
    )
    text = header + "[idioms]\n" + "\n".join(singles) + "\n[phrases]\n" + "\n".join(phrases) + "\n"
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT.name}: {len(singles)} single words, {len(phrases)} phrases")


if __name__ == "__main__":
    main()
