"""What comes before a street belongs to its address: postal boxes, lots, districts, ports.

People copy a firm's or a site's address from its letterhead: a CEDEX box ("CS", "BP",
"TSA") on the line before the street, a lot in an industrial zone, a district or a port's
terminal, a suite before a Canadian prairie street numbered without its ordinal, a Québec
"boul.". Sentences written for these tests; the same words without a street stay clean.
"""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import en, found, fr

__all__ = ["en", "fr"]  # fixtures


def _whole(engine: ScreeningEngine, text: str, entity: str) -> None:
    """One address finding covers `entity` where it stands in `text`."""
    start = text.index(entity)
    spans = [(f.start, f.end, f.kind) for f in engine.screen(text)]
    assert any(s <= start and start + len(entity) <= e and k == "address" for s, e, k in spans), spans


@pytest.mark.parametrize(
    "address",
    [
        "CS 30512, 14 rue des Carmes, 45000 Orléans Cedex",
        "BP 42, ZA du Moulin, 29600 Morlaix",
        "TSA 10020, 8 avenue Foch, 75116 Paris",
        "Lot 12, ZI des Sables, 97232 Le Lamentin",
        "lot 3, ZA de Kerhuel, 22580 Plouha",
        "quartier Saint Roch, 120 chemin des Vignes, 84100 Orange",
        "Gare de Lyon, 20 boulevard Diderot, 75012 Paris",
        "Aéroport de Bordeaux, 2 avenue de Marquèze, 33700 Mérignac",
        "880 boul. Saint-Joseph Est, Montréal (Québec) H2J 1K4",
    ],
)
def test_a_french_head_line_joins_its_street(fr: ScreeningEngine, address: str) -> None:
    _whole(fr, f"le courrier part à {address}, merci", address)


@pytest.mark.parametrize(
    "address",
    [
        "Suite 220, 1015 9 Ave SW, Calgary, AB T2R 0H9",
        "CS 60214, 3 rue de la Gare, 67000 Strasbourg Cedex",
    ],
)
def test_an_english_message_keeps_the_head_line(en: ScreeningEngine, address: str) -> None:
    _whole(en, f"please post it to {address} before Friday", address)


@pytest.mark.parametrize(
    "text",
    [
        "le port de commerce a fermé deux quais cette année",
        "on a visité le quartier Saint Roch, très sympa",
        "la gare de Lyon était bondée à 18 h",
        "il reste 3 lots à vendre dans la zone",
        "we moved 4 avenues of work to the next quarter",
    ],
)
def test_the_head_words_alone_are_no_address(fr: ScreeningEngine, text: str) -> None:
    assert [kind for kind, _ in found(fr, text) if kind == "address"] == []


def test_an_irish_rural_address_without_street_is_found_by_its_county_and_eircode(
    en: ScreeningEngine,
) -> None:
    address = "Derrynane, Caherdaniel, County Kerry, V23 E392"
    _whole(en, f"the cottage is at {address}, near the beach", address)


def test_a_county_without_eircode_is_no_address(en: ScreeningEngine) -> None:
    text = "We drove through Kenmare, Co. Kerry, in the rain"
    assert [k for k, _ in found(en, text) if k == "address"] == []
