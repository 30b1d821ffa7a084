"""Social-security numbers of the English-writing countries a mentee may quote: the UK's
National Insurance number and the US Social Security number.

Their shapes are strict enough to stand alone (two letters, three pairs of digits, a letter
from A to D; three, two and four digits), so each is found without a cue, checked against
the issuers' published rules (HMRC's National Insurance Manual NIM39110; the Social
Security Administration's never-issued areas, groups and serials). They are reported as
`nir`, the kind of a social-security number, and are certain like the French NIR: nobody
can keep one by saying it is harmless.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.screening.hits import Hit

# First letter never D, F, I, Q, U, V; second never D, F, I, O, Q, U, V; prefixes never
# allocated: BG, GB, KN, NK, NT, TN, ZZ (NIM39110). "QQ 12 34 56 C" is HMRC's own specimen,
# written in forms and guides: a mentee copying one has typed the shape of theirs.
_NINO_RE = re.compile(
    r"(?<![\w])(?P<prefix>[A-Za-z]{2})[ \-]?(?P<digits>\d{2}[ \-]?\d{2}[ \-]?\d{2})[ \-]?"
    r"(?P<suffix>[A-Da-d])(?![\w])"
)
_NEVER_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})

# 123-45-6789 or 123 45 6789, one separator kept throughout; nine digits in a row only after
# a cue (they are as often an order or a tracking number)
_SSN_RE = re.compile(
    r"(?<![\w\-.])(?P<area>\d{3})(?P<sep>[\- ])(?P<group>\d{2})(?P=sep)(?P<serial>\d{4})(?![\w\-])"
)
_SSN_BARE_RE = re.compile(
    r"(?:\bssn\b|\bsocial security(?: number| no\.?| #)?)[^\w\n]{0,12}(?:is |was |:)?\s*"
    r"(?P<number>\d{9})(?![\w])",
    re.IGNORECASE,
)


def nino_ok(prefix: str, suffix: str) -> bool:
    """A National Insurance number's letters as HMRC allocates them (or its specimen QQ)."""
    prefix = prefix.upper()
    if prefix == "QQ":
        return True
    first, second = prefix[0], prefix[1]
    if first in "DFIQUV" or second in "DFIOQUV" or prefix in _NEVER_PREFIXES:
        return False
    return suffix.upper() in "ABCD"


def ssn_ok(area: str, group: str, serial: str) -> bool:
    """A Social Security number the Administration could have issued."""
    area_value = int(area)
    if area_value == 0 or area_value == 666 or area_value >= 900:
        return False
    return group != "00" and serial != "0000"


def find_national_ids(text: str) -> Iterator[Hit]:
    """UK National Insurance and US Social Security numbers, whole."""
    for match in _NINO_RE.finditer(text):
        letters = match.group("prefix") + match.group("suffix")
        # all in capitals or all in lower case: "Ab 12 34 56 c" is no one's way of writing it
        if not (letters.isupper() or letters.islower()):
            continue
        if nino_ok(match.group("prefix"), match.group("suffix")):
            yield Hit(match.start(), match.end(), "nir")
    for match in _SSN_RE.finditer(text):
        if ssn_ok(match.group("area"), match.group("group"), match.group("serial")):
            yield Hit(match.start(), match.end(), "nir")
    for match in _SSN_BARE_RE.finditer(text):
        number = match.group("number")
        if ssn_ok(number[:3], number[3:5], number[5:]):
            yield Hit(match.start("number"), match.end("number"), "nir")
