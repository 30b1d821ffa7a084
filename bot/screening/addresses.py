"""Postal addresses: a number, a street type, a street name, maybe a postcode and a city.

Street types that are also everyday words ("cours", "place", "route", "mail") only count
when the street name looks like one (a capital, a postcode after it), so "2 cours de
management" stays clean while "12 cours Lafayette" and "3 rue de la paix" are caught.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from bot.screening.hits import Hit
from bot.screening.lexicon import word_set
from bot.screening.street_types import (
    EN_STREET_TYPES,
    LATIN_PREFIX_TYPES,
    MALAY_PREFIX_TYPES,
    NORDIC_CODED_SUFFIXES,
    NORDIC_DISTINCT_SUFFIXES,
)

IsPlace = Callable[[str], bool]
# capitals of the Latin alphabets of Europe (a street's or a town's first letter)
_CAP = "A-ZÀ-ÝŁŚŻŹĆŃŠŽČŘĎŤŇȘȚĂÂÎØÆÅ"

_CLEAR_TYPES = (
    r"rue|avenue|av\.?|boulevard|bd|bld|blvd|impasse|allée|allee|chemin|quai|faubourg|"
    r"allées|allees|fbg|ruelle|sentier|lotissement|résidence|residence|hameau|lieu-dit|rond-point|"
    r"esplanade|parvis|square|venelle|cité|cite|chaussée|chaussee|montée|montee|"
    r"avenue du général|rte|pl\.|r\.|imp\.|all\.|chem\.|sq\.|bvd|"
    # Québec's abbreviated boulevard ("1250 boul. René-Lévesque Ouest")
    r"boul\.|"
    # Catalan and Spanish streets near the border ("12 carrer del Canigó, 66000 Perpignan")
    r"carrer|calle|avinguda|avenida"
)
# "rang": Québec's rural road ("1440 rang Saint-Joseph"), an ordinary word elsewhere
# "r" without its dot, as a phone types "rue" ("5 r de la paix, 75002 paris"): before a link only
_AMBIGUOUS_TYPES = (
    r"cours|place|route|voie|passage|promenade|mail|villa|port|zone|za|zi|zac|rang|r(?=\s+(?:de|du|des|d')\b)"
)
# up to five digits: Québec's civic numbers run that long ("14410 boulevard Laurier")
# a range of numbers is one building's ("12-14 rue Pasteur", "12/14 rue Pasteur")
_NUMBER = r"\b\d{1,5}(?:[-/]\d{1,5})?(?:\s?(?:bis|ter|quater|[ab])\b)?,?\s+"
_LINK = r"(?:de|du|des|d'|de la|de l'|la|le|les|l'|aux|au|à|sur|en|et|del|dels|-)"
_MONTHS = (
    r"janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|"
    r"décembre|decembre"
)
# a word of a street's name, or a number in it ("rue du 8 mai 1945", "place du 11 Novembre")
_AFTER_MONTH = "|".join(f"(?<={month} )" for month in _MONTHS.split("|"))
# a rural road's number ("chemin rural n°12")
_NAME_WORD = rf"(?:[^\W\d_][\w'\-]*|\d{{1,3}}(?:er|e)?\b|(?:{_AFTER_MONTH})\d{{4}}\b|n°\s?\d{{1,4}}\b)"
_STREET_NAME = rf"(?:\s+(?:{_LINK}\s*)?{_NAME_WORD}){{1,6}}"
# a town's words after its postcode: capitalised after the first, or any after "saint",
# which never ends a town's name ("81230 saint denis" as a phone types it); German-speaking
# Swiss links ("5425 Schneisingen am Rhein")
_CITY = (
    r"(?:(?:saint|sainte|st|ste)[ \-](?=[^\W\d_]))?[^\W\d_][\w'\-]*"
    r"(?-i:(?:[ \-](?:(?:sur|sous|en|lès|le|la|les|de|du|d'|am|an|im|ob|bei)[ \-]?)?"
    r"(?!CEDEX|Cedex)[A-ZÀ-Ý][\w'\-]*){0,3})"
    r"(?:\s+(?i:cedex)(?:\s+\d{1,2})?)?"
)
_POSTCODE_CITY = rf"(?:,?\s+(?P<postcode>\d{{2}}\s?\d{{3}})(?:\s+(?P<city>{_CITY}))?)?"

ADDRESS_RE = re.compile(
    rf"{_NUMBER}(?P<type>{_CLEAR_TYPES}|{_AMBIGUOUS_TYPES})(?:(?<=\.)|\b)(?P<name>{_STREET_NAME}){_POSTCODE_CITY}",
    re.IGNORECASE,
)
# Without a number: "lieu-dit Kerhuel", "ZA des Landes, 35590 Clayes" (a business zone
# needs its postcode: "la zone artisanale" alone is no address).
_LOCALITY_RE = re.compile(
    rf"\b(?:lieu[- ]?dit|l\.-d\.)\s+(?:(?:le|la|les|l'|du|de|des)\s*)?(?-i:[A-ZÀ-Ý])[\w'\-]*"
    rf"(?:\s+(?:{_LINK}\s*)?(?-i:[A-ZÀ-Ý])[\w'\-]*){{0,3}}{_POSTCODE_CITY}"
    rf"|\b(?:ZA|ZI|ZAC|ZAE|zone (?:artisanale|industrielle|commerciale|d'activités?)|parc d'activités?"
    rf"|r[ée]sidence|centre d'affaires)"
    rf"(?:\s+(?:{_LINK}\s*)?{_NAME_WORD}){{1,4}}?"
    # the lot, building or flat between the zone and its postcode ("ZA des Landes, lot 4, 35590…")
    rf"(?:,\s*(?:lot|îlot|ilot|b[âa]timent|b[âa]t\.?|appartement|appt\.?|apt\.?|escalier|esc\.|bureau)"
    rf"\s+[\w\-]{{1,6}})*"
    rf",?\s+(?P<zone_code>\d{{2}}\s?\d{{3}})(?:\s+{_CITY})?",
    re.IGNORECASE,
)
_AMBIGUOUS_RE = re.compile(rf"^(?:{_AMBIGUOUS_TYPES}|r)$", re.IGNORECASE)
_BOX_RE = re.compile(
    r"\b(?:BP|CS|TSA)\s?\d{2,6}\b[,\s\-]+\d{5}\s+[^\W\d_][\w'\-]*(?:\s+Cedex(?:\s+\d{1,2})?)?"
)
_STOP_AT = re.compile(
    r"\s+(?:et|ou|mais|pour|avec|qui|que|quand|car|donc|il|elle|on|je|nous|vous|ils|"
    r"elles|j'|c'|est|sont|a|ai|depuis|pendant|chez|dans)\b",
    re.IGNORECASE,
)


# "Résidence Les Pins, bât. C, 5 allée…": the building lines before the street belong to it.
_BUILDING_RE = re.compile(
    r"(?:\b(?:r[ée]sidence|r[ée]sid\.|b[âa]timent|b[âa]t\.?|immeuble|imm\.|escalier|esc\.|"
    r"appartement|appart\.?|apt\.?|appt\.?|[ée]tage|porte|lot|flat|apartment|suite|unit|"
    r"za|zi|zac|zae|zone artisanale|zone industrielle|zone d'activités?|parc d'activités?|"
    r"lieu-dit|lieudit|hameau|centre d'affaires|îlot|ilot|bureau)"
    r"\s+[^,;\n]{1,40}(?:,\s*|\s*\n\s*)"
    # "3e droite", "2e étage gauche": a floor and a side
    r"|\b\d{1,2}\s?(?:e|er|ère|eme|ème)\s+(?:gauche|droite|étage|etage)(?:\s+(?:gauche|droite))?"
    r"(?:,\s*|\s*\n\s*)){1,4}$",
    re.IGNORECASE,
)
# English-speaking addresses: "42 Wellington Road, Leeds LS12 1DR", "350 Fifth Avenue,
# New York, NY 10118", "221 Deansgate, Manchester M3 4EN", "88 Queen St W, Toronto, ON
# M5H 2M5", "7 Grange Close, Dublin D06 F6Y2".
# the postal services' lists (bot/screening/street_types.py), longest first
# and in capitals, as forms and old databases print them ("103 BEAL PKWY SE", libpostal's
# tests): the list as written, or all in capitals (one alternation: doubling it would double
# the time spent at every street's end)
_EN_TYPES = (
    "(?:"
    + "|".join(sorted(EN_STREET_TYPES, key=lambda t: (-len(t), t)))
    + r"|(?=[A-Z]{2,}\b)(?i:"
    + "|".join(sorted(EN_STREET_TYPES, key=lambda t: (-len(t), t)))
    + "))"
)
# ("Queen's Road Central": Hong Kong's roads run "Central", "East", "West")
_EN_DIRECTION = r"(?:\s+(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West|Central)\b\.?)?"
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}"
_US_ZIP = r"(?:(?:[A-Z]{2}|[A-Z]\.[A-Z]\.),?\s+)?\d{5}(?:-\d{4})?(?!-\d)"
# Irish Eircode (routing key, then four characters) and Canadian postal code (province first)
_EIRCODE = r"(?:[AC-FHKNPRTV-Y]\d{2}|D6W)\s?[0-9AC-FHKNPRTV-Y]{4}"
_CA_POSTCODE = r"(?:[A-Z]{2}\s+)?[ABCEGHJ-NPRSTVXY]\d[A-Z]\s?\d[A-Z]\d"
# Australian state and postcode ("QLD 4122"), Indian PIN code ("Pune 410501")
_AU_POSTCODE = r"(?:NSW|VIC|QLD|WA|SA|TAS|NT|ACT),?\s+\d{4}"
_IN_PIN = r"[1-9]\d{2}\s?\d{3}"
# after a town, joined by a hyphen: "Pune-411001"
_IN_TOWN_PIN = r"[A-Z][\w']*-[1-9]\d{5}"
_EN_CODE = rf"(?:{_UK_POSTCODE}|{_CA_POSTCODE}|{_EIRCODE}|{_AU_POSTCODE}|{_US_ZIP}|{_IN_PIN}|{_IN_TOWN_PIN})"
_EN_CAP = r"[A-Z][\w'\-]*"
# a town, or an Irish county ("Ennis, Co. Clare V95 X2P4"), a Dublin district ("Dublin 8")
_EN_TOWN = rf"(?:(?:Co\.|County)\s+)?{_EN_CAP}(?:\s+{_EN_CAP}){{0,2}}(?:\s+\d{{1,2}}\b(?!\s?\d))?"
# a street's words: capitalised, or an ordinal ("West 5th Street")
# or a numbered street of the Canadian prairies ("10150 102 Street NW", "808 4 Ave SW")
# or a direction abbreviated with its dot ("1200 S. Figueroa St", "410 W. Commerce Street")
_EN_WORD = (
    r"(?:[A-Z][\w'\-]*|(?:[NSEW]|NE|NW|SE|SW)\.(?=\s)|\d{1,3}(?:st|nd|rd|th|ST|ND|RD|TH)"
    r"|\d{1,3}(?=\s+(?:Street|St|Avenue|Ave)\b))"
)
# a number, or a unit and a number ("3/41 Creek Road" in Australia)
# ("8-2-293" in Hyderabad, "9145-J" in Manila)
# the grid number of Wisconsin and Illinois rural addresses, a direction glued to it ("W1234
# State Road 22", "N5678 County Road K")
_EN_NUM = r"(?:[NSEW](?=\d{3,5}\s))?\d{1,5}[A-Za-z]?(?:/\d{1,5}[A-Za-z]?|-[A-Z]\b|(?:-\d{1,4}){1,2}|\s1/2)?"
_ONE_UNIT = (
    rf"(?:(?:Flat|Apartment|Apt|Unit|Suite|Shop|Studio|Level|Floor|Room|Block|Blk|Lot|Phase|Building"
    rf"|Plot(?:\s+No\.?)?|House\s+No\.?|H\.\s?No\.?)\.?\s+{_EN_NUM}"
    # the Philippine block and lot: "B18 L01"
    rf"|B\d{{1,3}}\s+L\d{{1,3}})"
)
# one or more units: "Block 22 Lot 68", "Blk 12 Lot 7 Phase 2"
_EN_UNIT = rf"{_ONE_UNIT}(?:,?\s+{_ONE_UNIT}){{0,2}}"
# a unit, its number or both before the street's words ("Studio 20\nRobert Union", "39,
# Palan Circle" in India, "Level 8 5 Patrick Landing")
_EN_NUMBER = rf"(?:\b{_EN_UNIT},?\s+(?:{_EN_NUM},?\s+)?|\b{_EN_NUM},?\s+)"
EN_ADDRESS_RE = re.compile(
    rf"{_EN_NUMBER}(?P<street>{_EN_WORD}(?:\s+{_EN_WORD}){{0,3}}?)"
    rf"(?P<typed>\s+(?P<type>{_EN_TYPES})\b\.?(?:\s+(?:{_EN_TYPES})\b\.?)?{_EN_DIRECTION})"
    rf"(?P<tail>(?:,?\s+{_EN_TOWN}){{0,2}}?,?\s+(?P<code>{_EN_CODE})\b)?"
)
# With a postcode or ZIP the street may be any words ("100 Cameron Rapid, Port Gillianmouth
# PE38 4UA"), with a number inside ("Sector 5"), after a flat or unit number too ("Flat 9,
# Emma Falls, West Julian L3C 6UZ").
EN_CODED_ADDRESS_RE = re.compile(
    rf"(?:\b{_EN_UNIT},?\s+(?:{_EN_NUM},?\s+)?|\b{_EN_NUM},?\s+)"
    rf"{_EN_WORD}(?:\s+(?:{_EN_WORD}|\d{{1,3}}\b)){{0,3}}?(?:,?\s+{_EN_UNIT})?{_EN_DIRECTION}"
    rf"(?:,?\s+(?:{_EN_TOWN}|\d{{1,3}}(?:st|nd|rd|th)\s+{_EN_CAP})){{0,3}}?,?\s+{_EN_CODE}\b"
)
# Typed in lower case: "22 harbour road", "5 baker st". Only unmistakable street types,
# and no measure before them ("a 2 hour drive", "the 3 lane road").
_EN_LOWER_TYPES = r"street|st|road|rd|avenue|ave|lane|crescent|terrace|gardens|grove|mews|boulevard|blvd"
EN_LOWER_ADDRESS_RE = re.compile(
    # the whole number: a range, a letter, a half, a direction ("100-106 leonard st", "16 1/2
    # windward road", "30 w 26th st"): a suggestion never leaves "100-" before its placeholder
    rf"\b\d{{1,5}}[a-z]?(?:-\d{{1,5}}[a-z]?)?(?:\s1/2)?\s+(?:(?:n|s|e|w|ne|nw|se|sw)\s+)?"
    rf"(?P<street>(?:[a-z][a-z'\-]+|\d{{1,3}}(?:st|nd|rd|th))(?:\s+[a-z][a-z'\-]+){{0,2}}?)\s+"
    rf"(?P<type>{_EN_LOWER_TYPES})\b\.?"
)
# Typed in lower case with its postcode: "21, kingswood road sw2 4je, london", "912-914 8th st,
# clarkston, wa 99403", "unit 26 roper close, canterbury, ct2 7ep" (libpostal's tests as a
# phone types them). A British or Canadian postcode's shape, or a US state before its ZIP,
# makes any words a street; a bare five-digit number does not ("3 times more in 12000")
_LOWER_WORD = r"(?:[a-z][a-z'\-]*|\d{1,3}(?:st|nd|rd|th))"
_LOWER_STATES = (
    r"al|ak|az|ar|ca|co|ct|dc|fl|ga|hi|id|il|ia|ks|ky|la|md|ma|mi|mn|ms|mo|mt|ne|nv|nh|nj|nm|ny|nc|nd|oh|ok"
    r"|or|pa|ri|sc|sd|tn|tx|ut|vt|va|wa|wv|wi|wy|n\.y\.|d\.c\."
)
# an Australian state before its four digits ("…, east laurie, vic, 2662") and an Indian town
# glued to its PIN ("…, fatehpur-519410") are as distinct as a ZIP after a state
_LOWER_CODE = (
    rf"(?:[a-z]{{1,2}}\d[a-z\d]?\s\d[a-z]{{2}}|[abceghj-nprstvxy]\d[a-z]\s?\d[a-z]\d"
    rf"|(?:{_LOWER_STATES}),?\s+\d{{5}}(?:-\d{{4}})?"
    rf"|(?:nsw|vic|qld|wa|sa|tas|nt|act),?\s+\d{{4}}(?!\d)|[a-z][a-z']+-[1-9]\d{{5}}(?!\d))"
)
EN_LOWER_CODED_RE = re.compile(
    # a flat, a level, an Indian house number before the number ("level 3 9 natasha deviation",
    # "h.no. 42, bawa marg"); the number with its unit after a slash ("4/8 latoya lower")
    r"(?:\b(?:flat|apartment|apt|unit|suite|studio|shop|room|level|h\.\s?no\.|house\s+no\.?|plot\s+no\.?)"
    r"\.?\s+\d{1,5}[a-z]?,?\s+"
    r"(?:[a-z][a-z'\-]*\s+(?:building|house|court|tower|centre|center)\s*,\s*)?"
    r"(?:\d{1,5}[a-z]?(?:[-/]\d{1,5}[a-z]?)?,?\s+)?"
    r"|\b\d{1,5}[a-z]?(?:[-/]\d{1,5}[a-z]?)?(?:\s1/2)?,?\s+)"
    rf"(?P<street>{_LOWER_WORD}(?:\s+{_LOWER_WORD}){{0,4}}?)"
    r"(?:,?\s+(?:apt|unit|suite|ste|#)\.?\s*[\w\-]{1,5})?"
    r"(?:,?\s+[a-z][a-z'\-]*(?:\s+[a-z][a-z'\-]*){0,2}?){0,3}?"
    rf",?\s+{_LOWER_CODE}\b"
)
# Typed in lower case with a type the list above leaves out for being an everyday word
# ("7 orchard way", "12 birch close", "3 mill view"): only before a comma and a town the data
# knows and no dictionary holds ("…, swindon"; checked in find_english_addresses)
# (plurals left out but for those that name one street: "3 tennis courts, london" is a count)
_EN_LOWER_ANY_TYPES = "|".join(
    sorted(
        {
            t.lower()
            for t in EN_STREET_TYPES
            if len(t) >= 3
            and t.isalpha()
            and (not t.endswith("s") or t in ("Mews", "Gardens", "Heights", "Cross"))
        },
        key=lambda t: (-len(t), t),
    )
)
EN_LOWER_TOWN_RE = re.compile(
    rf"\b\d{{1,5}}[a-z]?\s+(?P<street>[a-z][a-z'\-]+(?:\s+[a-z][a-z'\-]+){{0,2}}?)\s+(?:{_EN_LOWER_ANY_TYPES})\b"
    r"(?=[ \t]*,[ \t]*(?P<town>[a-z][a-z'\-]{2,}))"
)
# the code alone, looked for first: most texts have none, and the street before it is costly
_LOWER_CODE_RE = re.compile(rf"\b{_LOWER_CODE}\b")
_LOWER_STOPS = word_set(
    "and or but the to in at on for with is are was were i we you he she they my our your their it that"
    " this from by me us them have has had be been will would can could"
)
_MEASURES = word_set(
    """hour hours hr hrs minute minutes min mins mile miles km kms day days week weeks month
    months year years lane lanes way car cars bus buses seat seater page pages step steps
    new old more other major minor big small extra separate different
    times people percent pounds dollars euros storey storeys floor floors bed bedroom
    bedrooms star stars"""
)
# Post-office boxes: "PO Box 4410, Springfield, IL 62708", "P.O. Box 12".
# Also "P. O. Box KS 456" (Ghana: the box's town letters), "Box 30197-00100" (Kenya: the post
# office's code after the box), "Box 220, Swift Current" (a rural box, its town after a
# comma), "Unit 8054 Box 2430, DPO AP 40925" (a US forces address).
EN_BOX_RE = re.compile(
    rf"(?:\b(?:Unit|PSC|CMR)\s+\d{{1,5}},?\s+(?-i:Box)|\bP\.?\s?O\.?\s+Box(?:\s+No\.?)?"
    # a rural route's box ("RR 2 Box 152", "R.R. 3, Box 40", "HC 64 Box 12")
    rf"|\b(?:RR|R\.R\.|Rural\s+Route|HC)\s?\d{{1,3}},?\s+Box|\b(?-i:Box)(?=\s+\d{{1,6}}(?:-\d{{5}})?,\s*[A-Z]))"
    rf"\s+(?:(?-i:[A-Z]{{1,3}})\s?)?\d{{1,6}}(?:-\d{{5}})?(?:,\s*(?-i:[A-Z][\w'\-]*)(?=\s*(?:[.,;!?)\n]|$)))?(?:(?:,?\s+{_EN_CAP}(?:\s+{_EN_CAP}){{0,2}}){{0,2}}?,?\s+{_EN_CODE}\b)?",
    re.IGNORECASE,
)
# After a street without a postcode, the town that follows a comma is part of the address
# ("9 Rosemount Terrace, Galway", "12 rue Nationale, Lille"): up to three capitalised words.
_TOWN_AFTER_RE = re.compile(
    r",\s*(?P<town>[A-ZÀ-Ý][\w'\-]*"
    r"(?:[ \-](?:(?:sur|sous|en|lès|le|la|les|de|du|d'|of|upon|on)[ \-]?)?[A-ZÀ-Ý][\w'\-]*){0,2})"
)


# After a street, its town and postcode typed in any case: "27 high street, bristol bs1 4dj",
# "1200 market st, san francisco, ca 94103" (the postcode's shape makes the words a town).
_EN_ANY_CODE = rf"(?i:{_UK_POSTCODE}|{_CA_POSTCODE}|{_EIRCODE}|{_US_ZIP})"
_EN_TAIL_RE = re.compile(
    rf"(?:,?\s+[^\W\d_][\w'\-]*(?:\s+[^\W\d_][\w'\-]*){{0,2}}?){{0,2}}?"
    # "Montréal (Québec) H2X 2T3": the province in brackets
    rf"(?:\s+\([^\W\d_][\w'\-]*(?:[ \-][^\W\d_][\w'\-]*){{0,2}}\))?,?\s+{_EN_ANY_CODE}\b"
)
# A flat or unit before the number, in lower case too: "flat 3, 27 high street"
_EN_UNIT_BEFORE_RE = re.compile(r"(?i:\b(?:flat|apartment|apt|unit|suite)\.?\s+\d{1,5}[a-z]?,?\s+)$")


def _english_tail(text: str, start: int, end: int) -> Hit:
    """The street with the town and postcode that follow it, and the flat before it."""
    match = _EN_TAIL_RE.match(text, end)
    if match is not None:
        end = match.end()
    unit = _EN_UNIT_BEFORE_RE.search(text, max(0, start - 24), start)
    if unit is not None:
        start = unit.start()
    return Hit(start, end, "address")


# Street first, number after, then the postcode: Portugal, Spain, Italy, Germany ("Rua da
# Prata 214, 3.º Esq., 1100-421 Lisboa", "Calle Mayor 12, 28013 Madrid")
_NUMBER_AFTER_RE = re.compile(
    r"\b(?:Rua|Avenida|Av\.|Travessa|Largo|Praça|Calle|Carrer|Paseo|Plaza|Via|Viale|Piazza|Corso)"
    r"(?:\s+(?:d[aeo]s?|del|de la|di|della)?\s*[A-ZÀ-Ý][\w'\-]*){1,4},?\s+\d{1,4}[A-Za-z]?"
    r"(?:,\s*[^,\n]{1,12})?,?\s+\d{4}(?:-\d{3})?\d?\s+[A-ZÀ-Ý][\w'\-]*(?:\s+[A-ZÀ-Ý][\w'\-]*)?"
)


# A street without its number before a postcode: "Church Lane, Little Snoring, Norfolk NR21 0AA"
EN_STREET_CODE_RE = re.compile(
    rf"\b{_EN_WORD}(?:\s+{_EN_WORD}){{0,3}}?\s+(?:{_EN_TYPES})\b\.?{_EN_DIRECTION}"
    rf"(?:,?\s+{_EN_TOWN}){{0,3}}?,?\s+{_EN_CODE}\b"
)


# New Zealand and Australia: a number, the street's words, a comma, the town and four digits
# ("50 Roberts Pass, Kowhaitau 6012")
EN_FOUR_DIGIT_RE = re.compile(
    rf"(?:\b{_EN_UNIT},?\s+)?\b{_EN_NUM}\s+{_EN_WORD}(?:\s+{_EN_WORD}){{0,3}},\s+{_EN_TOWN},?\s+\d{{4}}\b(?!\s?\d)"
)


# the same without the comma after a typed street ("655 Horonuku Way Wakarangiwai 2339"): the
# street's type marks where the town starts
EN_FOUR_DIGIT_TYPED_RE = re.compile(
    rf"(?:\b{_EN_UNIT},?\s+)?\b{_EN_NUM}\s+{_EN_WORD}(?:\s+{_EN_WORD}){{0,3}}?\s+(?:{_EN_TYPES})\b\.?"
    rf"\s+{_EN_TOWN}\s+\d{{4}}\b(?!\s?\d)"
)


# A road known by its route number, in the house number's place ("R44 Annandale Road,
# Stellenbosch 7600", "A38 Bristol Road, Birmingham B29 6AB"): only before a town and its
# postcode (the tail takes them in), as "the M25" or "the N2 road" alone is no one's address
_ROUTE_STREET_RE = re.compile(
    rf"\b[RNMAB]\d{{1,3}}\s+{_EN_WORD}(?:\s+{_EN_WORD}){{0,3}}?\s+(?:{_EN_TYPES})\b\.?"
    rf"(?=,?\s+{_EN_TOWN},?\s+(?:(?!(?:19|20)\d\d\b)\d{{4}}(?!\s?\d)|{_EN_CODE})\b)"
)
# A month before a year is a date, not a town before its code ("2 Major Releases, March 2025")
_DATE_TAIL_RE = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec),?\s+(?:19|20)\d\d$"
)


_STREET_BEFORE_BOX_RE = re.compile(rf"\b{_EN_WORD}(?:\s+{_EN_WORD}){{0,3}}?\s+(?:{_EN_TYPES})\b\.?,\s*$")


# A street without its number, then its town, where the sentence says someone lives or
# something is sent there ("I live on Kingsley Road, Leeds", "send it to Maple Drive,
# Springfield", "my address is Church Lane, Little Snoring"): without such a cue a street and
# a town are a place to shop or walk ("shopping on Oxford Street, London" stays clean)
_RESIDENCE_CUE = (
    r"\b(?:(?:(?:I|we|they|he|she)\s+(?:still\s+)?(?:live|lives|lived|moved|(?:am|are|is|was|were)\s+living)"
    r"|(?:send|post|ship|deliver|mail|drop)(?:\s+(?:it|them|this|that|everything|the\s+\w+))?(?:\s+off)?)"
    r"\s+(?:on|at|in|to)|(?:my|our|his|her|their)\s+(?:address|house|home|flat|place)\s+is(?:\s+(?:on|at|in))?"
    r"|address\s*:)\s+"
)
_CUED_STREET_RE = re.compile(
    rf"(?i:{_RESIDENCE_CUE})(?P<street>(?:The\s+)?{_EN_CAP}(?:\s+{_EN_CAP}){{0,2}}?\s+(?:{_EN_TYPES})\b)(?=,)"
)


# The same in French: "j'habite rue Victor Hugo, à Lyon", "mon adresse c'est rue des Lilas,
# Nantes" ("on s'est baladés rue de la République à Lyon" stays clean)
_FR_RESIDENCE_CUE = (
    r"\b(?:j'habite|on habite|nous habitons|il habite|elle habite|ils habitent|elles habitent|"
    r"domicili[ée]e?s?|envoie(?:-le|-la|-les|z-le|z-la|z-les)?|envoyez(?:-le|-la|-les)?|"
    r"(?:mon|notre|son|leur)\s+adresse\s+(?:c'est|est)|adresse\s*:)"
    r"\s+(?:(?:au|à|a|dans\s+la|sur\s+la|sur\s+le|sur)\s+)?"
)
_FR_CUED_STREET_RE = re.compile(
    rf"(?i:{_FR_RESIDENCE_CUE})(?P<street>(?i:rue|avenue|boulevard|bd|impasse|allée|chemin|quai|place|cours)"
    rf"(?:\s+(?:(?i:{_LINK})\s*)?[A-ZÀ-Ý][\w'\-]*){{1,4}})"
    rf"(?P<sep>,\s*(?:à\s+)?|\s+à\s+)"
    rf"(?P<town>[A-ZÀ-Ý][\w'\-]*(?:[ \-](?:sur|sous|en|le|la|les|de)?[ \-]?[A-ZÀ-Ý][\w'\-]*){{0,2}})"
)


def _cued_streets(text: str, is_place: IsPlace | None) -> Iterator[Hit]:
    """Streets named without a number before a town the data knows, after a cue that
    someone lives there or something goes there (see _CUED_STREET_RE)."""
    if is_place is None:
        return
    for match in _CUED_STREET_RE.finditer(text):
        end = _towns(text, match.end(), is_place)  # a town the data knows, or the sentence's end
        if end > match.end():
            yield Hit(match.start("street"), end, "address")
    for match in _FR_CUED_STREET_RE.finditer(text):
        if _known_town(match.group("town"), is_place):
            yield Hit(match.start("street"), match.end("town"), "address")


def find_english_addresses(text: str, is_place: IsPlace | None = None) -> Iterator[Hit]:
    coded = [(m.start(), m.end()) for m in EN_CODED_ADDRESS_RE.finditer(text)]
    for pattern in (EN_FOUR_DIGIT_RE, EN_FOUR_DIGIT_TYPED_RE):
        coded.extend(
            (m.start(), m.end()) for m in pattern.finditer(text) if not _DATE_TAIL_RE.search(m.group(0))
        )
    coded.extend((m.start(), m.end()) for m in _ROUTE_STREET_RE.finditer(text))
    coded.extend((m.start(), m.end()) for m in EN_STREET_CODE_RE.finditer(text))
    coded.extend((m.start(), m.end()) for m in _NUMBER_AFTER_RE.finditer(text))
    lower_coded = EN_LOWER_CODED_RE.finditer(text) if _LOWER_CODE_RE.search(text) else ()
    for match in lower_coded:
        words = match.group(0).lower().replace(",", " ").split()
        if not any(w in _MEASURES for w in match.group("street").split()) and not any(
            w in _LOWER_STOPS for w in words[:-2]
        ):
            coded.append((match.start(), match.end()))
    for box in EN_BOX_RE.finditer(text):
        # the street without a number before the box ("Ngong Road, P.O. Box 30197-00100, Nairobi")
        street = _STREET_BEFORE_BOX_RE.search(text, max(0, box.start() - 60), box.start())
        coded.append((box.start() if street is None else street.start(), box.end()))
    for start, end in coded:
        yield Hit(start, end, "address")
    for match in EN_ADDRESS_RE.finditer(text):
        if any(start <= match.start() < end for start, end in coded):
            continue
        if match.group("type") is None and match.group("code") is None:
            continue
        end = match.end() if match.group("code") else match.end("typed")
        yield _english_tail(text, match.start(), end)
    for match in EN_LOWER_ADDRESS_RE.finditer(text):
        if any(word in _MEASURES for word in match.group("street").split()):
            continue
        yield _english_tail(text, match.start(), match.end())
    if is_place is not None:
        for match in EN_LOWER_TOWN_RE.finditer(text):
            words = match.group("street").split()
            if any(w in _MEASURES or w in _LOWER_STOPS for w in words):
                continue
            end = _lower_town_end(text, match.end(), is_place)
            if end != match.end():
                yield Hit(match.start(), end, "address")


def _with_town(text: str, hit: Hit, is_place: IsPlace | None) -> Hit:
    """The hit, with the town that follows it after a comma when the data knows the town."""
    if is_place is None:
        return hit
    match = _TOWN_AFTER_RE.match(text, hit.end)
    if match is None:
        return hit
    town = match.group("town")
    # a town of several words joined by a link ("Port of Spain", "Newcastle upon Tyne") is
    # taken whole when the data knows it or its first word, never cut after that word
    linked = re.match(r"([\w'\-]+)[ \-](?:of|upon|on)[ \-]", town)
    if not is_place(town) and (linked is None or not is_place(linked.group(1))):
        return hit
    return Hit(hit.start, match.end(), hit.kind)


_LINK_WORDS = word_set("de du des d' la le les l' aux au à sur sous lès en et")
_NAME_WORD_RE = re.compile(r"[^\s]+")


def _trim_name(name: str) -> int:
    """Length of the street name before a word that clearly starts the next clause: a
    function word ("et", "pour"), or a lower-case word after the capitalised name ("rue
    Victor Hugo demain", "av. Gambetta le jeudi"; "rue de la paix" stays whole)."""
    stop = _STOP_AT.search(name)
    kept = stop.start() if stop else len(name)
    seen_capital = False
    link_start: int | None = None
    for match in _NAME_WORD_RE.finditer(name, 0, kept):
        word = match.group(0)
        lowered = word.lower()
        if lowered in _LINK_WORDS:
            link_start = match.start() if link_start is None else link_start
            continue
        if word[:1].isupper() or word[:1].isdigit():
            seen_capital = seen_capital or word[:1].isupper()
        elif seen_capital:
            return link_start if link_start is not None else match.start()
        link_start = None
    return kept


# What follows a street and belongs to the address, tried in turn at its end (a comma or a
# line break before each): a floor, a flat or a building ("2e étage", "appartement 14",
# "bât. C", "porte gauche"), a postcode and its town (five digits in France; four in
# Belgium, Switzerland, Luxembourg, Australia, New Zealand, with "B-", "CH-", "L-" before
# them; "(69002)" in brackets), Cedex and a postal box ("BP 123", "CS 30012").
_SEP = r"(?:\s*[,;\n]\s*|\s+-\s+|\s+)"
_FLOOR_RE = re.compile(
    rf"{_SEP}(?i:(?:\d{{1,2}}\s?(?:e|er|ère|eme|ème|è)\s+(?:étage|etage)|(?:rez-de-chaussée|rdc)\b"
    # "6th Fl", the Danish floor and side ("4 t.v.", "3. th", "2. mf"), the Swedish flights of
    # stairs ("1 trappa upp"), the Spanish floor after a dash ("185 - 5º")
    rf"|\d{{1,2}}(?:st|nd|rd|th)\s+(?:floor|fl\b\.?)"
    # ("th" glued to its number is an English ordinal: "80th Road")
    rf"|\d{{1,2}}(?:\.\s?|\s)(?:t\.\s?v\.|t\.\s?h\.|tv|th|mf|m\.f\.)(?![\w])|\d{{1,2}}(?:tv|mf)(?![\w])"
    rf"|\d{{1,2}}\s+(?:trappa|tr\.)(?:\s+(?:upp|ned))?\b"
    rf"|\d{{1,2}}\s?[º°ªoa](?![\w])(?:\s?[A-Z]\b)?"
    rf"|(?:étage|etage|appartement|appart\.?|appt\.?|apt\.?|app\.|bâtiment|batiment|bât\.?|bat\.|"
    rf"escalier|esc\.|porte|logement|boîte|boite|bureau|local|flat|floor|level|unit|suite|room|block|"
    # the flat, office, tower or floor of Latin American addresses ("Of. 56", "Torre B, Piso 9")
    rf"of\.|oficina|apto\.?|depto\.?|dpto\.?|piso|torre|bloco|int\.)"
    rf"\s+[\w\-]{{1,6}}\b"
    # a unit after the street: "1200 W Main St #4B"
    rf"|#\s?[\w\-]{{1,6}}\b)"
    rf"(?:\s+(?i:porte\s+)?(?:gauche|droite|face|[A-Z0-9]{{1,3}})(?![\w]))?)"
)
_CODE_CITY_RE = re.compile(
    rf"{_SEP}(?:\((?P<bracketed>\d{{5}})\)|(?:(?:F|B|L|CH|D|MC|A|I|E|P|NL|SE|S|FI|NO|N|DK|PL|CZ|SK|HU|RO)-\s?)?(?P<code>\d{{2}}\s?\d{{3}}|\d{{4}}|\d{{3}}\s\d{{2}}|\d{{7}})"
    rf"\s+(?P<city>{_CITY}))"
)
_BOX_TAIL_RE = re.compile(rf"{_SEP}(?:BP|CS|TSA|B\.P\.)\s?\d{{2,6}}\b")
_CEDEX_RE = re.compile(r"\s+(?i:cedex)(?:\s+\d{1,2})?\b")
# The arrondissement after Paris, Lyon or Marseille ("…, Lyon 2e", "Paris 11ème arrondissement")
_ARRONDISSEMENT_RE = re.compile(
    r"(?i:(?<=paris)|(?<=lyon)|(?<=marseille))\s+\d{1,2}\s?(?:e|er|ème|eme|è)\b"
    r"(?:\s+(?:arrondissement|arr\.?)(?![\w]))?",
    re.IGNORECASE,
)


# After an English street: its town and a four-digit code (Australia, New Zealand: "Auckland
# 1010", "Ballarat, VIC, 3350"), an Indian PIN ("Pune-411001"), a Dublin district ("Dublin 2")
_TOWN_CODE_RE = re.compile(
    r"\s*[,\n]\s*[A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*){0,2}"
    r"(?:,?\s+(?:(?:NSW|VIC|QLD|WA|SA|TAS|NT|ACT),?\s+)?\d{4}|-\s?[1-9]\d{5}|\s+\d{1,2})\b(?!\s?\d)"
)
_CODE_AFTER_TOWN_RE = re.compile(
    r",?\s+(?:(?:NSW|VIC|QLD|WA|SA|TAS|NT|ACT),?\s+)?(?:\d{4}|[1-9]\d{5})\b(?!\s?\d)|\s\d{1,2}\b(?![\s:h.,]?\d)"
)
# a Swiss canton after the town: "8366 Chappuis (LU)"
# or an Italian province ("18039 Ventimiglia (IM)"): two capitals in brackets after the town
# or without brackets when the sentence or the line goes on after it ("39049 Roccaverano KR",
# Google's i18n format for Italy)
_CANTON_RE = re.compile(r"\s?\([A-Z]{2}\)|\s[A-Z]{2}(?=\s*(?:[.,;:!?)\n]|$))")
# Towns and counties after a comma ("Little Whinging, Surrey", "Wan Chai, Hong Kong")
_TOWN_LINKS = r"(?:sur|sous|en|lès|le|la|les|de|du|d'|upon|on|of)"
_TOWNS_AFTER_RE = re.compile(
    rf"\s*[,\n]\s*(?:(?:Co\.|County)\s+)?[A-ZÀ-Ý][\w'\-]*"
    rf"(?:[ \-](?:{_TOWN_LINKS}[ \-]?)?[A-ZÀ-Ý][\w'\-]*){{0,2}}"
)


_LOWER_TOWN_AFTER_RE = re.compile(r"[ \t]*,[ \t]*(?P<town>[a-z][a-z'\-]{2,}(?:[ \-][a-z][a-z'\-]{2,})?)")


def _lower_town_end(text: str, end: int, is_place: IsPlace) -> int:
    """The town typed in lower case after a street typed so ("22 kingsley road, london"): a
    town the data knows that no dictionary holds as a word ("nice", "reading" stay out)."""
    if not text[end - 1 : end].islower():
        return end
    match = _LOWER_TOWN_AFTER_RE.match(text, end)
    if match is None:
        return end
    from bot.screening.knowledge import knowledge

    words = match.group("town")
    for kept in (words, re.split(r"[ \-]", words)[0]):
        facts = knowledge().facts(kept)
        if is_place(kept) and not facts.is_lexicon and not facts.is_lexicon_en:
            return match.start("town") + len(kept)
    return end


def _towns(text: str, end: int, is_place: IsPlace | None) -> int:
    """Up to three capitalised towns or counties after a comma, when the data knows one of
    them or the last ends the sentence ("36 Forest Hill Rd, Cork.")."""
    ends: list[int] = []
    known = False
    position = end
    for _ in range(3):
        state = _US_STATE_RE.match(text, position)
        if state is not None and (ends or text[position - 1 : position].isalpha()):
            return state.end()  # "473 Boston Rd, Wilbraham, MA": the state closes the town
        match = _TOWNS_AFTER_RE.match(text, position)
        if match is None:
            if not ends and is_place is not None:
                return _lower_town_end(text, end, is_place)
            break
        name = match.group(0).strip(" ,\n")
        known = known or (is_place is not None and _known_town(name, is_place))
        position = match.end()
        ends.append(position)
    if not ends:
        return end
    state = _US_STATE_RE.match(text, ends[-1])
    if state is not None:
        return state.end()
    if known or re.match(r"\s*(?:[.!?;)\n]|$)", text[ends[-1] :]):
        return ends[-1]
    return end


def _known_town(name: str, is_place: IsPlace) -> bool:
    """Whether the data knows a town of several words by its name or by its first word:
    the data holds "Leamington" but not "Leamington Spa", "Port" but not "Port of Spain";
    the words after a street's comma are its town either way (as in _with_town)."""
    if is_place(name) or _large_city(name):
        return True
    first = re.match(r"[\w'\-]+?(?=[ \-](?:of|upon|on)[ \-]|[ ](?=[A-ZÀ-Ý]))", name)
    return first is not None and is_place(first.group(0))


def _large_city(name: str) -> bool:
    """A large city that only `cities_en.txt` holds ("Accra", "Durban", "Kingston"): read as a
    place in English text only where a sentence may name a person so, but after a street's
    comma it is the address's town in any text."""
    from bot.screening.knowledge import knowledge
    from bot.screening.lexicon import fold

    return fold(name) in knowledge().cities_en


# The United States' states and territories as USPS abbreviates them, after a town
_US_STATE_RE = re.compile(
    r",?\s+(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ"
    r"|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI|N\.Y\.|D\.C\.)(?![\w.])"
)


# The parts of a Philippine or Malaysian address after its street: a barangay, a taman, a
# village, a subdivision or an estate ("Barangay San Isidro", "Brgy. Mabini", "Taman
# Bahagia", "Barajas Village", "Ponce Grove Phase 6")
_LOCALITY_PART_RE = re.compile(
    # an estate's phase right after its name ("22 Lekki Gardens Phase 2, Ajah, Lagos")
    r"\s+Phase\s+\d{1,2}\b|"
    r"\s*[,\n]\s*(?:(?:Barangay|Brgy\.?|Bgy\.?|Taman|Tmn\.?|Kampung|Kg\.?)\s+[A-Z0-9][\w'\-/]*"
    r"(?:\s+(?:[A-Z0-9][\w'\-/]*|del|de|ng))*?(?:\s+[A-Z0-9][\w'\-/]*){0,2}"
    r"|[A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*){0,3}\s+(?:Village|Estates?|Homes|Subdivision|Subd\.|Residences|Heights)"
    r"(?:\s+(?:Phase\s+)?\d{1,2}\b)?)(?:\s+Phase\s+\d{1,2}\b)?"
)
# A four-digit code before its town or province, as in the Philippines ("4210 Catanduanes",
# "8134 Agusan del Norte"): the capitalised words after it, when a comma, a line or the
# sentence's end follows them
_TOWN_AFTER_CODE_RE = re.compile(
    r"(?<=\d{4})\s+[A-Z][\w'\-]*(?:\s+(?:(?:del|de|of)\s+)?[A-Z][\w'\-]*){0,2}"
    # or the sentence goes on in lower case ("…, 6892 Bohol instead of the office")
    r"(?=\s*(?:[.,;!?)\n]|$)|\s+[a-z])"
)


_SENTENCE_END_RE = re.compile(r"\s*(?:[.,;:!?)\n]|$)")
# The parts between a street and its postcode in Latin America and elsewhere: a flat, a
# floor, a colonia, a bairro, a district, a town, a state ("Av. Paulista, 1578, apto 36,
# Bela Vista, São Paulo - SP, 01310-200", "Calle Hidalgo 123, Col. Centro, C.P. 06000,
# CDMX"); taken in only when a postcode ends them
_WORLD_LINK = r"(?:(?:de|del|do|da|dos|das|di|la|el|cel)[ \t]+)?"
_WORLD_WORDS = rf"(?-i:[{_CAP}])[\w'\-]*(?:[ \t]+{_WORLD_LINK}(?-i:[{_CAP}])[\w'\-]*){{0,3}}"
_WORLD_PART_RE = re.compile(
    r"(?:\s*,\s*|\s+-\s+|\s+)(?:"
    r"(?i:apto\.?|apt\.?|piso|int\.|interior|depto\.?|dpto\.?|of\.|oficina|sala|casa|bloco|bl\.|nr\.|no\.|n°)\s*[\w\-]{1,5}\b"
    # a landmark, as Indian addresses give one ("…, near Khanna Hospital, Patna - 376067")
    rf"|(?i:near|opp\.?|opposite|behind|beside|next\s+to)\s+{_WORLD_WORDS}"
    rf"|(?:Col\.|Colonia|Bairro|Barrio|Fracc\.|Sector|Quartier|Hay|Cité)\s+{_WORLD_WORDS}"
    # a numbered road after a block and lot ("B24 L25 Macopa Cove, 80th Road, Amulung, 2283 …")
    rf"|\d{{1,3}}(?:st|nd|rd|th)\s+{_WORLD_WORDS}"
    rf"|{_WORLD_WORDS}(?:\s+-\s+[A-Z]{{2}}\b)?"
    r"|[A-Z]{2,5}\b|[A-Z][a-z]{1,3}\.(?:[A-Z]\.)?)"
)
_WORLD_CODE_RE = re.compile(
    r"(?:\s*,\s*|\s+-\s+|\s+)(?:(?:CEP|C\.P\.|CP)\s?)?"
    r"(?P<code>\d{5}-\d{4}|\d{5}-\d{3}|\d{3}\s\d{2}|\d{2}-\d{3}|\d{4}-\d{3}|\d{3,6}|[A-Z]\d{4}(?:[A-Z]{3})?)\b(?![.,]\d)"
)
_WORLD_TOWN_RE = re.compile(
    rf"(?:[ \t]*,[ \t]*|[ \t]+)(?P<town>{_WORLD_WORDS})(?:[ \t]+(?:[A-Z]|\d{{1,2}})\b(?![.,]?\d))?"
    r"(?:,[ \t]*(?:[A-Z]{2,4}\b|[A-Z][a-z]{1,3}\.(?:[A-Z]\.)?))?"
)


def _world_tail(text: str, end: int) -> int:
    """The parts and the postcode (and its town) after a street, when a postcode is there."""
    position, parts = end, 0
    for _ in range(5):
        code = _WORLD_CODE_RE.match(text, position)
        if code is not None:
            bare = code.group("code")
            labelled = code.group(0).strip(" ,-")[:1] == "C" and not bare[:1].isalpha()
            town = _WORLD_TOWN_RE.match(text, code.end())
            if town is not None:
                return town.end()
            # a bare number needs its town before or after it ("…, 2019 was hard" is no
            # postcode; "…, Albacete, 25963" is one)
            distinct = labelled or "-" in bare or " " in bare or bare[:1].isalpha()
            # (six digits: an Indian PIN after its town, "…, Patna - 800001")
            return code.end() if distinct or (parts and len(bare) in (5, 6)) else end
        part = _WORLD_PART_RE.match(text, position)
        if part is None or part.end() == position:
            return end
        position, parts = part.end(), parts + 1
    return end


# a note in brackets between the street and its postcode ("(3e étage, porte gauche)", "(rear
# entrance)"): the address's when its postcode follows
_NOTE_RE = re.compile(r"[ \t]*\([^()\n]{1,40}\)")


def _tail(text: str, end: int, is_place: IsPlace | None) -> int:
    """Where the address that ends at `end` really ends, once its floor, box, postcode and
    town are taken in (a four-digit code only before a capitalised town: "1003 Lausanne")."""
    note = _NOTE_RE.match(text, end)
    if note is not None and (
        _CODE_CITY_RE.match(text, note.end()) is not None or _EN_TAIL_RE.match(text, note.end()) is not None
    ):
        end = note.end()  # "12 rue Voltaire (3e étage, porte gauche), 44000 Nantes"
    end = _world_tail(text, end)
    for _ in range(4):
        moved = False
        for pattern in (
            _FLOOR_RE,
            _BOX_TAIL_RE,
            _CEDEX_RE,
            _LOCALITY_PART_RE,
            _TOWN_AFTER_CODE_RE,
            _ARRONDISSEMENT_RE,
        ):
            match = pattern.match(text, end)
            if match is not None:
                end, moved = match.end(), True
        town = _A_TOWN_RE.match(text, end)
        if town is not None and is_place is not None and is_place(town.group("town")):
            end, moved = town.end(), True
        canton = _CANTON_RE.match(text, end)
        if canton is not None:
            end, moved = canton.end(), True
        coded = _TOWN_CODE_RE.match(text, end)
        if coded is None and text[end - 1 : end].isalpha():
            coded = _CODE_AFTER_TOWN_RE.match(text, end)
        if coded is not None:
            end, moved = coded.end(), True
        match = _CODE_CITY_RE.match(text, end)
        if match is not None:
            city = match.group("city") or ""
            four = match.group("code") is not None and len(match.group("code")) == 4
            if match.group("bracketed") is not None:
                end, moved = match.end(), True
            elif city[:1].islower() and is_place is not None and not is_place(city.split(" ")[0]):
                # "…queens 11372 so send it": a word in lower case after a code is a town only
                # when the data knows it ("75002 paris")
                end, moved = match.end("code"), True
            elif not four or city[:1].isupper() or (is_place is not None and is_place(city)):
                end, moved = _city_end(text, match, is_place), True
        elif _FLOOR_RE.match(text, end) is None:
            # "…, Lavoie, QC H2X 1Y4"; not over a second floor or door part, which the next
            # round takes ("…, 8e étage, porte D, 73733 Barbedan": no town "porte D" before a ZIP)
            english = _EN_TAIL_RE.match(text, end)
            if english is not None:
                end, moved = english.end(), True
        if not moved:
            break
    end = _towns(text, end, is_place)
    if text[end - 1 : end].isalpha():
        coded = _CODE_AFTER_TOWN_RE.match(text, end)  # "…, Rosebank, Johannesburg, 2196"
        if coded is not None:
            end = coded.end()
    town = _TOWN_AFTER_CODE_RE.match(text, end)
    if town is not None:
        end = town.end()
    elif is_place is not None and _UK_CODE_END_RE.search(text, max(0, end - 8), end):
        after = _UK_TOWN_AFTER_RE.match(text, end)
        if after is not None:
            # "318 Upper Street, N1 2XQ London": the town after the postcode, its words whole
            name = after.group("town")
            first = name.split()[0]
            if is_place(name):
                end = after.end()
            elif first != name and is_place(first):
                end = after.start("town") + len(first)
    end = _country_end(text, end, is_place)
    arrondissement = _ARRONDISSEMENT_RE.match(text, end)
    return end if arrondissement is None else arrondissement.end()


_UK_CODE_END_RE = re.compile(rf"\b(?:{_UK_POSTCODE}|[a-z]{{1,2}}\d[a-z\d]?\s\d[a-z]{{2}})$")
_UK_TOWN_AFTER_RE = re.compile(
    r",?[ \t]+(?P<town>[A-Z][\w'\-]*(?:[ \t]+[A-Z][\w'\-]*)?|[a-z][a-z'\-]{2,}(?:[ \t]+[a-z][a-z'\-]*)?)"
)


# A country after the address, as the postal services ask for it on an envelope: its name in
# English or French as the place data knows it after a comma or a line ("…, EC1N 8QX, United
# Kingdom"), or one of the forms below also after a space ("…13353 Berlin Deutschland"):
# the usual abbreviations and the countries' own names (ISO 3166 and the UN's lists)
COUNTRY_FORMS = word_set(
    """UK U.K. GB USA U.S.A. US U.S. UAE RSA Deutschland Danmark España Espana Österreich
    Osterreich Schweiz Suisse Svizzera Italia Nederland België Belgique Sverige Norge Suomi Polska
    Česko Magyarország România Brasil México Éire Ísland Hellas Türkiye Maroc Tunisie Algérie
    Sénégal Cameroun Nippon Hanguk Bharat"""
) | frozenset({"Republic of Korea", "South Korea", "Côte d'Ivoire", "Jamaica W.I", "Jamaica W.I."})
_COUNTRY_AFTER_RE = re.compile(
    r"(?P<sep>[ \t]*,[ \t]*|[ \t]*\n[ \t]*|[ \t]+)"
    r"(?P<country>(?:[A-ZÀ-ÝÖ][\w'\-]*\.?|[A-Z]\.[A-Z]\.(?:[A-Z]\.)?)"
    r"(?:[ \t]+(?:of[ \t]+|d')?[A-ZÀ-Ý][\w'.\-]*){0,2}"
    # in lower case after an address typed in lower case ("…, ec1n 8qx, united kingdom")
    r"|[a-z][a-z'\-]{1,}(?:[ \t]+(?:of[ \t]+)?[a-z][a-z'\-]*){0,2})"
)
_UPPER_RE = re.compile(r"[A-ZÀ-Ý]")


def _country_end(text: str, end: int, is_place: IsPlace | None) -> int:
    """The end of the address once the country after it is taken in."""
    match = _COUNTRY_AFTER_RE.match(text, end)
    if match is None:
        return end
    words = match.group("country").split()
    if words[0][:1].islower() and (
        _UPPER_RE.search(text, max(0, end - 12), end) is not None or match.group("sep").strip(" \t") == ""
    ):
        return end  # a lower-case country only after a comma, after an address in lower case
    for kept in range(len(words), 0, -1):
        name = " ".join(words[:kept])
        known = name in COUNTRY_FORMS or name.rstrip(".") in COUNTRY_FORMS or name.upper() in COUNTRY_FORMS
        if not known and is_place is not None and kept == len(words):
            # after a comma or a line any place the data knows (its words whole: "Grand" is a
            # commune, "Grand Dakar" is not cut); after a space only a name in capitals, as an
            # envelope's last line has it ("…16000 ALGER ALGERIA")
            spaced = match.group("sep").strip(" \t") == ""
            known = (not spaced or (name.isupper() and len(name) > 3)) and is_place(name)
        if known:
            return match.start("country") + len(name)
    return end


def _city_end(text: str, match: re.Match[str], is_place: IsPlace | None) -> int:
    """The end of a postcode's town: its words while they are capitalised or a known town."""
    city = match.group("city")
    start = match.start("city")
    words = city.split(" ")
    kept = len(words)
    if is_place is not None:
        while kept > 1 and not is_place(" ".join(words[:kept])) and not words[kept - 1][:1].isupper():
            kept -= 1
    return start + len(" ".join(words[:kept]))


# A street named without a number is an address when its postcode follows ("avenue Julie
# Ledoux, 97310 Sainte-Rose", "route de Quimper, 29000 Quimper"); so is a named place
# before a postcode and a town the data knows ("Domaine de la Garenne, 37210 Vouvray").
_STREET_CODE_RE = re.compile(
    rf"\b(?:{_CLEAR_TYPES}|{_AMBIGUOUS_TYPES})(?:(?<=\.)|\b)(?P<name>{_STREET_NAME}),?\s+"
    # the country's letters before a Swiss, Belgian or Luxembourg code ("CH-2544 Mercier")
    rf"(?:(?-i:CH|B|L|F|D|MC)-)?(?P<code>\d{{2}}\s?\d{{3}}|\d{{4}}(?=\s+(?-i:[A-ZÀ-Ý])))\s+(?P<city>{_CITY})",
    re.IGNORECASE,
)
_NAMED_PLACE_CODE_RE = re.compile(
    rf"(?-i:[A-ZÀ-Ý])[\w'\-]*(?:\s+(?:{_LINK}\s*)?(?-i:[A-ZÀ-Ý])[\w'\-]*){{0,4}},?\s+\d{{2}}\s?\d{{3}}\s+(?P<city>{_CITY})",
    re.IGNORECASE,
)
# The number after the street, as in Belgium and Switzerland: "rue du Marché 14, 1204
# Genève", "avenue Louise 54 à Bruxelles" (a postcode, or a town the data knows, after it)
_NUMBER_LAST_RE = re.compile(
    rf"\b(?:{_CLEAR_TYPES})(?:(?<=\.)|\b)(?P<name>(?:\s+(?:{_LINK}\s*)?(?-i:[A-ZÀ-Ý])[\w'\-]*){{1,5}})"
    rf"\s+\d{{1,4}}(?:\s?(?:bis|ter|[ab])\b)?"
    rf"(?=(?:,\s*(?:boîte|boite|bte|bus|bureau|appt\.?|étage|etage)\s+[\w\-]{{1,6}})?,?\s+(?:\d{{4,5}}\s|à\s|a\s)"
    # or the number ends the line or the sentence ("avenue de Bochud 1.")
    rf"|\s*(?:[,.;!?)\n]|$))",
    re.IGNORECASE,
)
# The same typed in lower case ("avenue de la gare 8, 1003 lausanne"): only before a postcode
# and a word, which make the words a street's name (checked for a clause's words in _streets);
# not before a year ("le chemin de la réussite 2, 2024 sera meilleure")
_NUMBER_LAST_LOWER_RE = re.compile(
    rf"\b(?:{_CLEAR_TYPES})(?:(?<=\.)|\b)(?P<name>(?:\s+(?:{_LINK}\s*)?[^\W\d_][\w'\-]*){{1,5}}?)"
    rf"\s+\d{{1,4}}(?:\s?(?:bis|ter|[ab])\b)?(?=,?\s+(?!(?:19|20)\d\d\b)\d{{4,5}}\s+(?P<town>[^\W\d_][\w'\-]*))",
    re.IGNORECASE,
)
ORDINARY_AFTER_CODE_ZIPF = 3.0
"""A word this frequent (wordfreq's zipf, French or English) after a number is the sentence's
("…2, 2500 personnes"), unless the data knows it as a town."""


def _town_word(word: str, is_place: IsPlace | None) -> bool:
    """Whether the word after a lower-case street's postcode may be its town."""
    if is_place is not None and is_place(word):
        return True
    from bot.screening.knowledge import knowledge

    facts = knowledge().facts(word.lower())
    return max(facts.fr, facts.en) < ORDINARY_AFTER_CODE_ZIPF


_A_TOWN_RE = re.compile(
    r"\s+(?:à|a|in)\s+(?P<town>[^\W\d_][\w'\-]*(?:[ \-](?:sur|sous|en|lès|le|la|de)[ \-][^\W\d_][\w'\-]*)?)"
)
_HEAD_LINK = r"(?:(?:de|du|des|de la|de l'|d'|la|le|les|l')\s*)"
# Before a street: a flat, a floor, a building or a named house, on a line or between commas
# ("Flat 2, 14 Elm Road", "Level 3, 88 George Street", "Rose Cottage, Mill Lane")
_HEAD_RE = re.compile(
    # an Indian house number of several parts ("H.No. 1-2-34/A, Street No. 5")
    r"(?:\b\d{1,2}(?:st|nd|rd|th|er|e|ème)\s+(?:floor|étage)|\b(?:h\.\s?)?no\.\s?\d(?:[\w/\-]{0,10}\w)?"
    # the premises of a works or a port by their number ("Hangar 3, 44 Airport Avenue", "Gate
    # 2", "Warehouse 4"), a unit numbered by its floor ("Unit 3.12", "Suite 2.04")
    r"|\b(?:flat|apartment|apt|unit|suite|level|floor|building|block|room|studio|office|"
    r"hangar|warehouse|gate|bay|dock|berth|pier|shed|depot|kiosk|stall|workshop|"
    r"b[âa]timent|b[âa]t|escalier|appartement|appt)\.?\s+[\w/\-]{1,6}(?:\.\d{1,3})?"
    # a named building: its last word says it is one ("Ridge Plaza", "Temple Point")
    r"|(?-i:\b[A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*){0,3}\s+(?:Cottage|House|Farm|Lodge|Hall|Manor|Barn|Mill|"
    r"Rectory|Court|Building|Tower|Towers|Centre|Center|Park|Maltings|Works|Yard|Studios|Chambers|"
    r"Plaza|Point|Mall|Complex|Arcade|Exchange|Wharf|Quay|Quays|Hub|Pavilion|Atrium|House))"
    r"|(?-i:\bThe\s+[A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*){0,2})"
    # a Hong Kong floor ("12/F, Fortune Gate Centre, 88 Hung To Road")
    r"|\b\d{1,3}/F\b"
    # the postcode and the town first, as a form's fields come ("69003 Lyon, 12 rue Garibaldi")
    r"|(?-i:\b\d{5}\s+[A-ZÀ-Ý][\w'\-]*"
    r"(?:[ \-](?:(?:sur|sous|en|le|la|les|de|du|d')[ \-])?[A-ZÀ-Ý][\w'\-]*){0,2})"
    # a French postal box, a lot or a district line before the street ("CS 70045, 2 avenue…",
    # "BP 118, ZI des Glaises", "quartier Les Fourches, 2350 route de Toulon")
    r"|(?-i:\b(?:BP|CS|TSA|B\.P\.)\s?\d{2,6})|\blots?\s+\d{1,4}[a-z]?"
    rf"|\b(?:quartier|hameau|lieu-dit|lieudit|r[ée]sidence|cité)\s+{_HEAD_LINK}?"
    rf"(?-i:[A-ZÀ-Ý][\w'\-]*)(?:\s+{_HEAD_LINK}?(?-i:[A-ZÀ-Ý][\w'\-]*)){{0,3}}"
    # a port, a station, an airport or a campus, whose terminal or quay the street serves
    # ("Terminal de l'Europe, quai de Bougainville", "Port de commerce, 5 boulevard Sampiero")
    r"|(?-i:\b(?:Terminal|Port|Gare|Aéroport|Aeroport|Campus|Technopôle|Technopole|Zone|Parc)"
    rf"(?:\s+{_HEAD_LINK}?[\w'\-]+){{1,3}}))"
    r"\s*(?:,\s*|\n\s*)$",
    re.IGNORECASE,
)
# a French estate, farm or building named on its own line before the street, or before a
# lieu-dit ("Les Terrasses du Rhône\n12 quai Perrache", "Domaine de la Colle, lieu-dit Les
# Plans"); not a firm ("Château Lescure SAS": a legal form), not before a street on the same
# line ("Domaine du Grand Chêne, 4 route de Sancerre": the firm's name, then its address)
_FR_PLACE_HEAD_RE = re.compile(
    r"\b(?:Domaine|Château|Chateau|Mas|Ferme|Moulin|Manoir|Villa|Le Bourg|Les Terrasses|Le Clos|Les Jardins)"
    r"(?:\s+(?:(?:de|du|des|de la|de l'|d'|la|le|les)\s*)?[A-ZÀ-Ý][\w'\-]*){0,3}"
    r"(?P<sep>,[ \t]*|[ \t]*\n\s*)$"
)
_LEGAL_FORM_RE = re.compile(r"\b(?:SAS|SASU|SARL|EURL|SA|SCEA|GAEC|SCI|EARL|SNC|Ltd|LLC|GmbH)\b")


def _head(text: str, start: int) -> int:
    """Where the address that starts at `start` really starts, its building lines included."""
    for _ in range(3):
        match = _HEAD_RE.search(text, max(0, start - 60), start)
        if match is None:
            place = _FR_PLACE_HEAD_RE.search(text, max(0, start - 60), start)
            if place is None or _LEGAL_FORM_RE.search(place.group(0)):
                break
            if "\n" not in place.group("sep") and not text.startswith(
                ("lieu-dit", "lieudit", "l.-d."), start
            ):
                break
            match = place
        start = match.start()
    return start


def find_addresses(text: str, locale: str = "fr", is_place: IsPlace | None = None) -> Iterator[Hit]:
    """Street addresses and postal boxes in a normalised text, each with what belongs to it
    (building and flat before, floor, postcode, town and Cedex after); `is_place` (a town's
    name -> whether the data knows it) lets a town join a street without postcode."""
    for hit in _streets(text, is_place):
        if (
            _NOT_A_STREET_NUMBER_RE.search(text, 0, hit.start) and text[hit.start : hit.start + 1].isdigit()
        ) or _STANDARD_RE.match(text, hit.start):
            continue  # "mon n+1 cite la loi…", "an ISO 13485 gap assessment": a level, a standard
        start = hit.start
        unit = _UNIT_DOT_RE.search(text, max(0, start - 12), start)
        if unit is not None:
            start = unit.start()  # "Unit 3.12\nTemple Point": the unit's floor is no street number
        start = _head(text, start)
        block = _BLOCK_LETTER_RE.search(text, max(0, start - 24), start)
        if block is not None:
            start = block.start()  # "D-33, Lajpat Nagar": the block's letter is the number's
        if text.startswith("No", start):
            street = _NUMBERED_STREET_RE.search(text, max(0, start - 8), start)
            if street is not None:
                start = _head(text, street.start())  # "H.No. 1-2-34/A, Street No. 5, …"
        yield Hit(start, _tail(text, hit.end, is_place), hit.kind)


# the road word of a numbered road before its number sign ("Street No. 5", "Road No. 12")
_NUMBERED_STREET_RE = re.compile(r"\b(?:Street|Road|Lane|Gali)\s$")


# a block's letter ("D-33"), a number sign ("No. 5 Ring Road", "#12, 3rd Cross")
# and Trinidad's light pole ("LP 45 Cunupia Main Road"), a lot's ("Lot 7, ZI de Jarry")
# a Canadian rural route's ("RR 1, Site 5, Comp 12"), a Texan farm road's house number before
# the road's ("5521 FM 1960 Rd W"), a county or state road's ("W1234 State Road 22")
_BLOCK_LETTER_RE = re.compile(
    # a French road's kilometre point ("PK 12 route de Saint-Leu")
    r"(?:(?<![\w\-])[A-Z]-|\bNo\.?\s?|(?<![\w#])#\s?|\bLP\s|\b[Ll]ots?\s|\b(?:RR|R\.R\.)\s?|\bPK\s?"
    r"|\b\d{1,5}\s+(?:FM|RM|CR|SR|SH|County\s+Road|State\s+Road|State\s+Route|Farm\s+Road)\s)$"
)


# a unit numbered by its floor before the digits a street's finder took ("Unit 3.12")
_UNIT_DOT_RE = re.compile(r"(?i:\b(?:unit|suite|flat|room|office|apt|apartment|level)\.?\s+)\d{1,3}\.$")


# What makes the number after it no street number: a rank in the hierarchy ("n+1", "N-2") or
# a standard's body ("ISO 9001", "NF EN 1090", "BS 7671")
_STANDARD_RE = re.compile(r"(?:ISO|IEC|EN|NF|BS|DIN|ANSI|IEEE)\s\d")
_NOT_A_STREET_NUMBER_RE = re.compile(r"(?:\b[nN]\s?[+\-]|\b(?:ISO|IEC|EN|NF|BS|DIN|ANSI|IEEE)\s)$")


# German-speaking streets, the type glued to the name and the number after it
# ("Bahnhofstrasse 12, 8001 Zürich", "Maximilianstraße 31, 80539 München")
# and Dutch ones ("Imkesteeg 526", "Martweg 9, 3809 CX Geijsteren"); a hyphenated name
# ("Dino-Löchel-Straße 36"), a flat after a slash ("Sontagstr. 12/66")
_GERMAN_STREET_RE = re.compile(
    r"\b[A-ZÄÖÜ][\w\-]*?(?i:straße|strasse|str\.|gasse|weg|platz|allee|damm|ufer|steeg|straat|laan|plein"
    # the Dutch floor after the number ("Keizersgracht 318-II", "Jacob van Lennepkade 12-hs")
    r"|gracht|kade|dijk|singel)\s+\d{1,4}[a-z]?(?:/\d{1,4}|-\d{1,4}|-(?:I{1,3}|IV|hs|HS|[A-Z])(?![\w\-]))?\b"
    r"(?:,?\s+(?:\d{4}\s?[A-Z]{2}\b,?|\d{4,5})\s+[A-ZÄÖÜ][\w\-]*(?:\s+(?:am|an|im|ob|bei)\s+[A-ZÄÖÜ][\w\-]*)?)?"
)
# Ghana's digital address (GhanaPostGPS): region and district letters, area, then the
# place's four digits ("GA-123-4567", "AK-039-5028"); the region letters are Ghana's
# An Irish rural address: no street, the townland and the town, the county, then the Eircode
# ("Ardnagashel, Ballylickey, Co. Cork, P75 XW62"); the Eircode and the county make it one
_IRISH_RURAL_RE = re.compile(
    rf"(?:\b[A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*){{0,2}},\s+){{1,3}}(?:Co\.|County)\s+[A-Z][\w'\-]*,?\s+{_EIRCODE}\b"
)
_GHANA_DIGITAL_RE = re.compile(r"\b[ABCEGNUVWX][A-Z]-\d{3,4}-\d{4}\b")
# Malaysian streets, the road word before the name and after the number ("15 Jalan Ampang",
# "No. 12, Jalan SS 2/24", "Lot 23, Jalan Tun Razak"): a name of capitalised words or codes
_MALAY_STREET_RE = re.compile(
    rf"(?:\b{_EN_UNIT},?\s+|\b\d{{1,5}}[A-Z]?,?\s+)(?:{'|'.join(MALAY_PREFIX_TYPES)})\.?"
    r"(?:\s+(?:[A-Z][\w'\-]*|\d{1,3}(?:/\d{1,3})?[A-Z]?\b)){1,4}"
)
# A lot and block before a barangay or a taman, without a street ("Lot 5 Block 3, Barangay
# San Isidro"): the tail takes the barangay in
_UNIT_LOCALITY_RE = re.compile(rf"\b{_EN_UNIT}(?=,?\s*(?:Barangay|Brgy\.?|Taman|Tmn\.?)\s)")
# The street word first, the name, then the number, as in Spain, Italy, Portugal, Brazil and
# Poland; without a postcode only when the number ends the line or sentence or a floor
# follows ("Paseo Abel Codina 35 Piso 3", "Largo de Campos, 60."); the postcodes of those
# countries after it ("85-640 Kalisz", "4752-530 Trofa", "28013 Madrid")
_LATIN_TYPE = "|".join(re.escape(t) for t in LATIN_PREFIX_TYPES)
_LATIN_STREET_RE = re.compile(
    rf"(?<![\w.])(?:{_LATIN_TYPE})(?:(?<=[./])|\b)"
    rf"(?:\s+(?:(?:d[aeo]s?|del|de la|de|di|della|dei|delle|cel|lui|din)\s+)?[{_CAP}][\w'\-]*){{1,5}},?\s+"
    # "nr. 15" in Romania, "#348" in Mexico, "N° 742" in Argentina
    # the exterior and interior numbers of Mexico ("Calzada Sur Urbina 214 064")
    r"(?:(?:nr\.|Nr\.|n[°º]|N[°º]|#|No\.)\s?)?(?:\d{1,4}[A-Za-z]?(?:/\d{1,4})?(?:\s\d{3}\b)?|S/N)\b"
    # a floor, a door, a flat or a building after the number makes it an address wherever
    # it stands ("Glorieta de Macarena López 140 Puerta 0", "… 727 Edif. 490, Depto. 458")
    r"(?:(?P<floor>(?:\s*,?\s+(?:Piso|Piano|Interno|Interior|Int\.|Apto\.?|Apt\.|Depto\.?|Dpto\.?|Puerta|Appartamento|Scala|"
    r"Edif\.|Edificio|Escalera|Esc\.|Bloque|Local|Of\.|m\.)\s+\w{1,4}\b){1,2})"
    rf"|(?P<code>,?\s+(?:\d{{2}}-\d{{3}}|\d{{4}}-\d{{3}}|\d{{5}}-?\d{{3}}|\d{{5,6}})\s+[{_CAP}][\w'\-]*)"
    # the number before punctuation, a line's end or a Brazilian " - " (the district after it)
    r"|(?=\s*(?:[,.;!?)\n]|$)|\s+-\s))"
)
# Colombian and Argentine grids: the street's number, then the crossing street and the
# distance ("Calle 45 # 12-34", "Carrera 7 No. 71-21 Apto 501", "Calle 50 N° 742")
_GRID_RE = re.compile(
    r"\b(?:Avenida\s+(?i:calle|carrera)|Calle|Cl\.|Carrera|Cra\.?|Cr\.|Kr\.?|Avenida|Av\.|Transversal|Tv\.?|"
    # letters after the numbers and a cardinal point ("Avenida calle 37 # 2M-9 Sur", "Cr. 2K #
    # 79E-75 Este", Google's i18n example shapes for Colombia)
    r"Diagonal|Dg\.?)\s+\d{1,3}\s?[A-Z]{0,2}(?:\s?bis)?\s*(?:#|No\.?|N[°º])\s*\d{1,4}[A-Z]{0,2}"
    r"(?:\s?-\s?\d{1,3})?\b(?:\s+(?:Sur|Este|Norte|Oeste)\b)?"
    r"(?:\s+(?:Apto\.?|Apt\.?|Int\.|Of\.|Piso)\s+\w{1,5}\b)?"
)
# Nordic, Finnish, Hungarian and Czech streets, the number after the street's word ("Storgatan
# 12", "Karl Johans gate 22, 0159 Oslo", "Aleksanterinkatu 39 B 25", "Andrássy út 60"); the
# short or common words only before a postcode and a town
_NORDIC_NAME = rf"(?-i:[{_CAP}])[\w\-]*?"
_NORDIC_NUMBER = r"\s+\d{1,4}[A-Za-z]?(?:\s[A-Z]\s?\d{1,3}\b)?\b"
_NORDIC_CODE_AHEAD = rf",?\s+(?:\d{{3}}\s\d{{2}}|\d{{4,6}}|\d{{2}}-\d{{3}})\s+(?-i:[{_CAP}])"
_NORDIC_STREET_RE = re.compile(
    # the street's word after the name's words ("Karl Johans gate") or glued to it ("Storgatan")
    rf"\b(?:(?:(?-i:[{_CAP}])[\w\-]*\s+){{1,3}}|{_NORDIC_NAME})"
    rf"(?:(?:{'|'.join(NORDIC_DISTINCT_SUFFIXES)}){_NORDIC_NUMBER}"
    rf"|(?:{'|'.join(NORDIC_CODED_SUFFIXES)}){_NORDIC_NUMBER}(?={_NORDIC_CODE_AHEAD}))",
    re.IGNORECASE,
)
# Japanese addresses romanised: the block numbers (chōme-banchi-gō) before or after the
# district, then the ward or city ("1-2-3 Shibuya, Shibuya-ku, Tokyo 150-0002", "Umeda 2-9-1,
# Kita-ku, Osaka")
_JP_BLOCK = r"\d{1,2}-\d{1,2}(?:-\d{1,3})?"
_JP_RE = re.compile(
    rf"\b(?:{_JP_BLOCK}\s+[A-Z][\w\-]*|[A-Z][\w\-]*\s+{_JP_BLOCK})"
    r",\s*[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?-(?:ku|shi|cho|machi|gun|ward)\b"
    r"(?:,\s*[A-Z][a-z]+(?:-(?:ken|fu|to))?)?(?:\s+\d{3}-\d{4}\b)?"
)
# Post-office boxes of West and Central Africa, the town after the box, without a postcode
# ("Quartier Bonapriso, BP 1234 Douala", "Avenue Cheikh Anta Diop, BP 5005 Dakar-Fann")
_AFRICA_BOX_RE = re.compile(
    rf"(?:\b(?:Quartier|Avenue|Av\.|Rue|Boulevard|Bd|Cité|Hay|Lot|Villa|Immeuble)\s+"
    # Abidjan's boxes carry their post office's number before and after ("08 BP 1234 Abidjan 08")
    rf"[\w'\-]+(?:\s+[\w'\-]+){{0,3}},\s*)?(?:\b\d{{2}}\s)?"
    # a box spelt out too ("Boîte postale 1234, Libreville")
    rf"(?:\bB\.?P\.?|\b(?i:bo[îi]te postale))\s?\d{{2,6}}(?:\s*-\s*|,?\s+)"
    rf"(?P<town>(?-i:[{_CAP}])[\w'\-]*)(?:\s\d{{2}}\b)?"
)
# Dakar's grid: two numbered streets crossing ("Rue 10 x 15", "angle rue 6 x rue 11")
_CROSSING_RE = re.compile(r"\d\s*[x×]\s*(?:[Rr]ue\s+)?\d")
_GRID_X_RE = re.compile(r"\b(?i:(?:angle\s+)?rue)\s+\d{1,3}\s*[x×]\s*(?:(?i:rue)\s+)?\d{1,3}\b")
# A Moroccan "Hay …" or a Dakar "Sicap …" district, or a villa, a lot, a building or a flat
# by its number, before a town the data knows ("Lot 12, Hay Nahda, Rabat", "Sicap Liberté 6,
# Villa 1234, Dakar"): a district's name alone ("Hay Riad" in a sentence) stays a name, and
# a lot or a number alone before a town is a delivery's ("Lot 12, Lyon : livraison retardée")
_DISTRICT = r"(?:Hay|Sicap)\s+[A-ZÀ-Ý][\w'\-]*(?:\s+(?:[A-ZÀ-Ý][\w'\-]*|\d{1,2}\b)){0,2}"
_UNIT_NO = r"(?:Villa|Lot|Imm\.?|Immeuble|Appt\.?|Apt\.?|Appartement|N°|No\.?)\s*\d{1,5}[A-Z]?"
# a residence with its building or flat after it ("Résidence Al Amal, Imm 4, Apt 12,
# Casablanca"): the units make it an address, the name alone stays a name
_RESIDENCE = rf"R[ée]sidence\s+[A-ZÀ-Ý][\w'\-]*(?:\s+[A-ZÀ-Ý][\w'\-]*){{0,2}}(?=,\s*{_UNIT_NO})"
_DISTRICT_RE = re.compile(
    rf"(?:\b{_UNIT_NO},\s*){{0,3}}(?:\b{_DISTRICT}|\bVilla\s*\d{{1,5}}[A-Z]?|\b{_RESIDENCE})"
    rf"(?:,\s*(?:{_DISTRICT}|{_UNIT_NO}))*"
    r",\s*(?P<town>[A-ZÀ-Ý][\w'\-]*(?:[ \-][A-ZÀ-Ý][\w'\-]*)?)"
)
# The number after the street's words, then a postcode and its town, whatever the street's
# words (Nordic, Dutch, German, Czech streets no list holds: "Sivertsenstubben 37, 0025
# Livdal", "Masonpad 2, 1234 AB Boksum", "Podléšková 89, 100 00 Vamberk", Google's i18n
# formats), the country's letters before the code allowed ("SE-114 55"): taken when the
# code has a distinct shape (a space, a hyphen, letters, a leading zero), or five or six
# digits, or is on the next line, or the town is one the data knows; "Windows 10, 2024
# Edition" stays clean
_CODED_AFTER_NUMBER_RE = re.compile(
    rf"\b(?-i:[{_CAP}])[\w'\-]*(?:\s+(?:(?-i:[{_CAP}])[\w'\-]*|U|Na|Pod|V|am|an|der)){{0,3}}"
    r"\s+(?:Nr\.\s?)?\d{1,4}[A-Za-z]?(?:/\d{1,4}|-(?:I{1,3}|IV|hs|HS|\d{1,3}))?\.?"
    r"(?P<sep>,[ \t]*|[ \t]*\n[ \t]*)(?:[A-Z]{1,2}-)?"
    r"(?P<code>\d{3}\s\d{2}|\d{4}\s?[A-Z]{2}|\d{2}-\d{3}|\d{4,6})"
    rf"[ \t]+(?P<town>(?-i:[{_CAP}])[\w'\-]*(?:[ \-](?-i:[{_CAP}])[\w'\-]*)?)"
)
# what such an address needs somewhere: a number, then a code after a comma or a line
# (looked for first: the street's words before it are costly to try at every capital)
_CODE_AFTER_BREAK_RE = re.compile(
    r"\d(?:[A-Za-z]|-(?:I{1,3}|IV|hs|HS))?\.?(?:,[ \t]*|[ \t]*\n[ \t]*)(?:[A-Z]{1,2}-)?\d{2,6}"
)
_DIGIT_RE = re.compile(r"\d")
# a postcode of four or five digits ("75011", "75 011", "1003")
_CODE_RE = re.compile(r"\d{4}|\d\d \d{3}")


def _districts(text: str, is_place: IsPlace | None) -> Iterator[Hit]:
    if is_place is None or not any(word in text for word in ("Hay ", "Sicap ", "Villa", "sidence ")):
        return  # every such address holds one of these words
    for match in _DISTRICT_RE.finditer(text):
        town = match.group("town")
        if is_place(town) or is_place(town.split(" ")[0].split("-")[0]):
            end = match.end() if is_place(town) else match.start("town") + len(town.split(" ")[0])
            yield Hit(match.start(), end, "address")


def _streets(text: str, is_place: IsPlace | None) -> Iterator[Hit]:
    yield from _districts(text, is_place)
    yield from _cued_streets(text, is_place)
    if _DIGIT_RE.search(text) is None:
        # without a digit only a locality may be an address ("lieu-dit Kerhuel, Plouha"), or
        # a street where someone lives ("I live on Kingsley Road, Leeds")
        yield from _localities(text, is_place)
        return
    if _CODE_RE.search(text) is not None:
        yield from _coded_streets(text, is_place)
    for match in _NUMBER_LAST_RE.finditer(text):
        end = match.end()
        town = _A_TOWN_RE.match(text, end)
        if town is not None and is_place is not None and is_place(town.group("town")):
            end = town.end()
        yield Hit(match.start(), end, "address")
    for match in _NUMBER_LAST_LOWER_RE.finditer(text):
        if _STOP_AT.search(match.group("name")) is None and _town_word(match.group("town"), is_place):
            yield Hit(match.start(), match.end(), "address")
    yield from _numbered_streets(text, is_place)
    for match in _BOX_RE.finditer(text):
        yield Hit(match.start(), match.end(), "address")
    for match in _GERMAN_STREET_RE.finditer(text):
        yield Hit(match.start(), match.end(), "address")
    for pattern in (
        _GHANA_DIGITAL_RE,
        _IRISH_RURAL_RE,
        _MALAY_STREET_RE,
        _UNIT_LOCALITY_RE,
        _LATIN_STREET_RE,
        _GRID_RE,
    ):
        for match in pattern.finditer(text):
            yield Hit(match.start(), match.end(), "address")
    for pattern in (_NORDIC_STREET_RE, _JP_RE):
        for match in pattern.finditer(text):
            yield Hit(match.start(), match.end(), "address")
    coded_after = _CODE_AFTER_BREAK_RE.search(text) is not None
    for match in _CODED_AFTER_NUMBER_RE.finditer(text) if coded_after else ():
        code = match.group("code")
        distinct = not code.isdigit() or code[0] == "0" or len(code) >= 5
        prefixed = text[match.start("code") - 1 : match.start("code")] == "-"
        # a year is no postcode without a street word ("Chapter 3, 1984 Orwell": Orwell is a
        # village), unless the code has its own line or the country's letters
        year = len(code) == 4 and code[:2] in ("19", "20")
        if (
            distinct
            or prefixed
            or "\n" in match.group("sep")
            or (not year and is_place is not None and is_place(match.group("town")))
        ):
            yield Hit(match.start(), match.end(), "address")
    for match in _GRID_X_RE.finditer(text) if _CROSSING_RE.search(text) else ():
        yield Hit(match.start(), match.end(), "address")
    for match in _AFRICA_BOX_RE.finditer(text):
        town_known = is_place is not None and is_place(match.group("town"))
        if town_known or _SENTENCE_END_RE.match(text, match.end()) is not None:
            yield Hit(match.start(), match.end(), "address")
    yield from _localities(text, is_place)
    for hit in find_english_addresses(text, is_place):
        yield _with_town(text, hit, is_place)
    yield from _chains(text, is_place)


# Addresses written as a chain of lines from the flat outwards, as in India, the Gulf, Kenya
# or South Africa: "Flat 12, Lotus Residency, Road No. 4, Banjara Hills, Hyderabad 500034",
# "Office 901, Marina Plaza, Dubai Marina, Dubai", "4th Floor, Acacia Tower 2, Ngong Road,
# Kilimani, Nairobi". A flat, an office or a floor opens it; each part after a comma is
# capitalised words (a number or "No. 4" among them); it ends at the last part that is a
# town the data knows or that carries a postcode.
_CHAIN_HEAD_RE = re.compile(
    # a stand or an erf: a plot's number in Zimbabwe and South Africa ("Stand 1234, Borrowdale")
    r"\b(?:(?:Flat|Apartment|Apt|Unit|Suite|Office|Shop|Villa|Plot|Door|House|Room|Stand|Erf|Hangar|Warehouse)"
    r"\.?\s?(?:No\.?\s?)?"
    r"[\dA-Z][\w/\-]{0,5}|No\.\s?\d{1,5}[A-Z]?|\d{1,2}(?:st|nd|rd|th)\s+Floor|(?:Ground|First|Second|Third)\s+Floor)"
    r"(?=,)"
)
_CHAIN_PART_RE = re.compile(
    r",\s*(?P<part>(?:(?:No\.\s?)?\d{1,4}[A-Za-z]?\s+|\d{1,2}(?:st|nd|rd|th)\s+)?[A-Z][\w'\-]*"
    r"(?:\s+(?:No\.\s?\d{1,4}|[A-Z][\w'\-]*|\d{1,2}(?:st|nd|rd|th)\b|\d{1,4}[A-Za-z]?\b(?!\s?\d)|of|de|la|el|al)){0,4}"
    # a PIN after a dash: "Bengaluru - 560011"
    rf"(?:\s+{_EN_CODE}\b|\s+-\s+[1-9]\d{{5}}\b)?)"
)
# (Dublin's postal districts close a chain as a code does: "Apartment 12, The Waterfront, Dublin 4")
_CHAIN_CODE_RE = re.compile(rf"\s+(?:{_EN_CODE}|\d{{4}}|-\s+[1-9]\d{{5}})$|(?<=Dublin)\s\d{{1,2}}W?$")


def _chains(text: str, is_place: IsPlace | None) -> Iterator[Hit]:
    for head in _CHAIN_HEAD_RE.finditer(text):
        position, end, parts = head.end(), None, 0
        for _ in range(6):
            match = _CHAIN_PART_RE.match(text, position)
            if match is None:
                break
            parts += 1
            position = match.end()
            part = match.group("part")
            coded = _CHAIN_CODE_RE.search(part)
            town = part[: coded.start()] if coded else part
            if coded is not None or (is_place is not None and is_place(town)):
                end = position
        if end is not None and parts >= 2:
            yield Hit(head.start(), end, "address")


def _localities(text: str, is_place: IsPlace | None) -> Iterator[Hit]:
    for match in _LOCALITY_RE.finditer(text):
        hit = Hit(match.start(), match.end(), "address")
        has_code = match.group("postcode") or match.group("zone_code")
        yield hit if has_code else _with_town(text, hit, is_place)


def _coded_streets(text: str, is_place: IsPlace | None) -> Iterator[Hit]:
    """Streets and named places without a number, before their postcode."""
    for match in _STREET_CODE_RE.finditer(text):
        if _trim_name(match.group("name")) != len(match.group("name")):
            continue
        city = match.group("city")
        if city[:1].islower() and is_place is not None and not is_place(city.split(" ")[0]):
            yield Hit(match.start(), match.end("code"), "address")  # "…queens 11372 so send it"
            continue
        yield Hit(match.start(), match.end(), "address")
    if is_place is not None:
        for match in _NAMED_PLACE_CODE_RE.finditer(text):
            if is_place(match.group("city").split(" ")[0]) or is_place(match.group("city")):
                yield Hit(match.start(), match.end(), "address")


def _numbered_streets(text: str, is_place: IsPlace | None) -> Iterator[Hit]:
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
        hit = Hit(start, end, "address")
        yield hit if has_postcode else _with_town(text, hit, is_place)
