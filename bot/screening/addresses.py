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
_NAME_WORD = r"(?:[^\W\d_][\w'\-]*|\d{1,4}(?:er|e)?)"
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
        yield Hit(match.start(), end, "address")
    for match in _BOX_RE.finditer(text):
        yield Hit(match.start(), match.end(), "address")
