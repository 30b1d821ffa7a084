"""Rules that read a word's surroundings: addresses written every way, initials, names that
are ordinary words when their context makes them people, organizations named by their legal
form or their trade. Examples written for these tests, taken from no evaluation set."""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import en, fr

__all__ = ["en", "fr"]  # fixtures


def covered(engine: ScreeningEngine, text: str, part: str) -> bool:
    """Whether findings cover every character of `part` (as a suggestion would need)."""
    start = text.index(part)
    chars: set[int] = set()
    for finding in engine.screen(text):
        chars.update(range(finding.start, finding.end))
    return set(range(start, start + len(part))) <= chars


def kinds_of(engine: ScreeningEngine, text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in engine.screen(text)]


# ---------------------------------------------------------------- addresses

FRENCH_ADDRESSES = [
    ("la permanence se tient au 9 av. Gambetta le jeudi", "9 av. Gambetta"),
    ("passez plutôt au 31 r. des Écoles demain", "31 r. des Écoles"),
    ("ma grand-mère vit lieu-dit Coat Bihan, 22160 Callac", "lieu-dit Coat Bihan, 22160 Callac"),
    ("on livre au lieu-dit la Croix Blanche depuis mars", "lieu-dit la Croix Blanche"),
    ("l'entrepôt est ZI des Forges, 71200 Le Creusot", "ZI des Forges, 71200 Le Creusot"),
    ("le siège est 5 impasse des Tilleuls, Auxerre, et c'est loin", "5 impasse des Tilleuls, Auxerre"),
]


@pytest.mark.parametrize(("text", "address"), FRENCH_ADDRESSES)
def test_french_addresses_without_postcode_or_with_abbreviations(
    fr: ScreeningEngine, text: str, address: str
) -> None:
    assert covered(fr, text, address)
    assert ("address", address) in kinds_of(fr, text)


ENGLISH_ADDRESSES = [
    ("they moved the depot to 48 quarry road and I drive an hour", "48 quarry road"),
    ("I rent a room at 3 Linden Crescent, Norwich", "3 Linden Crescent, Norwich"),
    ("my flat is Flat 2, 61 Cedar Avenue, in town", "Flat 2, 61 Cedar Avenue"),
    (
        "the plant at 900 East 14th Street, Tulsa, OK 74120 shuts in May",
        "900 East 14th Street, Tulsa, OK 74120",
    ),
    ("send it to 17 King St E, Toronto, ON M5C 1E9 please", "17 King St E, Toronto, ON M5C 1E9"),
    ("I live at 4 Orchard Close, Cork T12 X2C4 now", "4 Orchard Close, Cork T12 X2C4"),
    ("write to PO Box 881, Dayton, OH 45401 instead", "PO Box 881, Dayton, OH 45401"),
]


@pytest.mark.parametrize(("text", "address"), ENGLISH_ADDRESSES)
def test_english_addresses_in_lower_case_with_units_ordinals_and_codes(
    en: ScreeningEngine, text: str, address: str
) -> None:
    assert covered(en, text, address)
    assert ("address", address) in kinds_of(en, text)


@pytest.mark.parametrize(
    "text",
    [
        "it's a 2 hour drive each way and nobody pays for it",
        "we need 3 lane closures approved before the works",
        "we have 2 new road projects starting in spring",
    ],
)
def test_numbers_before_street_words_that_are_no_address(en: ScreeningEngine, text: str) -> None:
    assert not [f for f in en.screen(text) if f.kind == "address"]
