"""Postal addresses: a number, a street type, a street name, maybe a postcode and a city.

Street types that are also everyday words ("cours", "place", "route", "mail") only count
when the street name looks like one (a capital, a postcode after it), so "2 cours de
management" stays clean while "12 cours Lafayette" and "3 rue de la paix" are caught.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.screening.hits import Hit

_CLEAR_TYPES = (
    r"rue|avenue|av\.?|boulevard|bd|bld|blvd|impasse|allée|allee|chemin|quai|faubourg|"
    r"fbg|ruelle|sentier|lotissement|résidence|residence|hameau|lieu-dit|rond-point|"
    r"esplanade|parvis|square|venelle|cité|cite|chaussée|chaussee|montée|montee|"
    r"avenue du général|rte|pl\."
)
_AMBIGUOUS_TYPES = r"cours|place|route|voie|passage|promenade|mail|villa|port|zone|za|zi|zac"
_NUMBER = r"\b\d{1,4}(?:\s?(?:bis|ter|quater|[ab])\b)?,?\s+"
_LINK = r"(?:de|du|des|d'|de la|de l'|la|le|les|l'|aux|au|à|sur|en|et|-)"
_NAME_WORD = r"(?:[^\W\d_][\w'\-]*|\d{1,3}(?:er|e)?\b)"
_STREET_NAME = rf"(?:\s+(?:{_LINK}\s*)?{_NAME_WORD}){{1,6}}"
_CITY = (
    r"[^\W\d_][\w'\-]*"
    r"(?-i:(?:[ \-](?:(?:sur|sous|en|lès|le|la|les|de|du|d')[ \-]?)?(?!CEDEX|Cedex)[A-ZÀ-Ý][\w'\-]*){0,3})"
    r"(?:\s+(?i:cedex)(?:\s+\d{1,2})?)?"
)
_POSTCODE_CITY = rf"(?:,?\s+(?P<postcode>\d{{2}}\s?\d{{3}})(?:\s+(?P<city>{_CITY}))?)?"

ADDRESS_RE = re.compile(
    rf"{_NUMBER}(?P<type>{_CLEAR_TYPES}|{_AMBIGUOUS_TYPES})\b(?P<name>{_STREET_NAME}){_POSTCODE_CITY}",
    re.IGNORECASE,
)
_AMBIGUOUS_RE = re.compile(rf"^(?:{_AMBIGUOUS_TYPES})$", re.IGNORECASE)
_BOX_RE = re.compile(r"\b(?:BP|CS|TSA)\s?\d{2,6}\b[,\s]+\d{5}\s+[^\W\d_][\w'\-]*(?:\s+Cedex(?:\s+\d{1,2})?)?")
_STOP_AT = re.compile(
    r"\s+(?:et|ou|mais|pour|avec|qui|que|quand|car|donc|il|elle|on|je|nous|vous|ils|"
    r"elles|j'|c'|est|sont|a|ai|depuis|pendant|chez|dans)\b",
    re.IGNORECASE,
)


# "Résidence Les Pins, bât. C, 5 allée…": the building lines before the street belong to it.
_BUILDING_RE = re.compile(
    r"(?:(?:r[ée]sidence|r[ée]sid\.|b[âa]timent|b[âa]t\.?|immeuble|imm\.|escalier|esc\.|"
    r"appartement|appart\.?|apt\.?|appt\.?|[ée]tage|porte|lot|flat|apartment|suite|unit)"
    r"\s+[^,;\n]{1,40},\s*){1,3}$",
    re.IGNORECASE,
)
# English-speaking addresses: "42 Wellington Road, Leeds LS12 1DR", "350 Fifth Avenue,
# New York, NY 10118", "221 Deansgate, Manchester M3 4EN".
_EN_TYPES = (
    r"Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Square|Sq|Drive|Dr|Way|Place|Pl|Court|Ct|Close|"
    r"Crescent|Terrace|Gardens|Boulevard|Blvd|Park|Row|Hill|Grove|Walk|Mews|Parade|Highway|Hwy"
)
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}"
_US_ZIP = r"(?:[A-Z]{2}\s+)?\d{5}(?:-\d{4})?"
_EN_CAP = r"[A-Z][\w'\-]*"
_EN_UNIT = r"(?:Flat|Apartment|Apt|Unit|Suite)\.?\s+\d{1,5}[A-Za-z]?"
EN_ADDRESS_RE = re.compile(
    rf"\b\d{{1,5}}[A-Za-z]?\s+(?P<street>{_EN_CAP}(?:\s+{_EN_CAP}){{0,3}}?)(?:\s+(?P<type>{_EN_TYPES})\b\.?)?"
    rf"(?P<tail>(?:,?\s+{_EN_CAP}(?:\s+{_EN_CAP}){{0,2}})?,?\s+(?P<code>{_UK_POSTCODE}|{_US_ZIP})\b)?"
)
# With a postcode or ZIP the street may be any words ("100 Cameron Rapid, Port Gillianmouth
# PE38 4UA"), after a flat or unit number too ("Flat 9, Emma Falls, West Julian L3C 6UZ").
EN_CODED_ADDRESS_RE = re.compile(
    rf"(?:\b{_EN_UNIT},?\s+(?:\d{{1,5}}[A-Za-z]?,?\s+)?|\b\d{{1,5}}[A-Za-z]?,?\s+)"
    rf"{_EN_CAP}(?:\s+{_EN_CAP}){{0,3}}?(?:\s+{_EN_UNIT})?"
    rf"(?:,?\s+{_EN_CAP}(?:\s+{_EN_CAP}){{0,2}}){{0,2}}?,?\s+(?:{_UK_POSTCODE}|{_US_ZIP})\b"
)


def find_english_addresses(text: str) -> Iterator[Hit]:
    coded = [(m.start(), m.end()) for m in EN_CODED_ADDRESS_RE.finditer(text)]
    for start, end in coded:
        yield Hit(start, end, "address")
    for match in EN_ADDRESS_RE.finditer(text):
        if any(start <= match.start() < end for start, end in coded):
            continue
        if match.group("type") is None and match.group("code") is None:
            continue
        end = (
            match.end() if match.group("code") else match.end("type") if match.group("type") else match.end()
        )
        if match.group("code") is None and text[end : end + 1] == ".":
            end += 1
        yield Hit(match.start(), end, "address")


def _trim_name(name: str) -> int:
    """Length of the street name before a word that clearly starts the next clause."""
    stop = _STOP_AT.search(name)
    return stop.start() if stop else len(name)


def find_addresses(text: str, locale: str = "fr") -> Iterator[Hit]:
    """Street addresses and postal boxes in a normalised text."""
    for match in ADDRESS_RE.finditer(text):
        name = match.group("name")
        kept = _trim_name(name)
        if kept == 0:
            continue
        has_postcode = match.group("postcode") is not None and kept == len(name)
        is_ambiguous = _AMBIGUOUS_RE.match(match.group("type")) is not None
        if is_ambiguous and not has_postcode and not any(w[:1].isupper() for w in name[:kept].split()):
            continue
        end = match.end() if has_postcode else match.start("name") + kept
        while end > match.start() and text[end - 1] in " ,.;:":
            end -= 1
        start = match.start()
        building = _BUILDING_RE.search(text, max(0, start - 120), start)
        if building is not None and building.end() == start:
            start = building.start()
        yield Hit(start, end, "address")
    for match in _BOX_RE.finditer(text):
        yield Hit(match.start(), match.end(), "address")
    yield from find_english_addresses(text)
