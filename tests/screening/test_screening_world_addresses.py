"""Addresses as they are written outside France and Britain, found whole (issue 12).

Sentences written for these tests: street types from the postal services' lists (USPS
Publication 28, Royal Mail, Canada Post, Australia Post), Philippine lots and barangays,
Malaysian jalans and tamans, Ghana's digital addresses and post-office boxes, and roads
named alone that must stay clean.
"""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import en, found, fr

__all__ = ["en", "fr"]  # fixtures


@pytest.mark.parametrize(
    "address",
    [
        "5641 Willow Lakes",  # a USPS suffix the old list lacked
        "88 Kingfisher Landing",
        "12 Juniper Knoll",
        "7 Harbour Heights",
        "70 Mill Tollway",  # Australia Post
        "Flat 5\nHeron Landing",  # a flat, its street on the next line, no number
        "39, Palan Marg",  # India: a comma after the number, a road word after the name
        "H.No. 8-2-29, Ameer Nagar",  # a Hyderabad house number
        "10150 102 Street NW, Edmonton, AB T5J 4G8",  # a numbered prairie street
        "Block 22 Lot 68 Neptune Boulevard",  # a Philippine block and lot
        "B18 L01 Aries Street",
        "Lot 5 Block 3, Barangay San Isidro",  # a barangay, no street
        "15 Jalan Ampang, 50450 Kuala Lumpur",  # Malaysia: the road word first
        "Lot 23, Jalan Tun Razak",
        "GA-123-4567",  # GhanaPostGPS
        "P. O. Box KS 456, Kumasi",  # a Ghanaian box with its town letters
        "Unit 8054 Box 2430, DPO AP 40925",  # a US forces address
        "4486 Ilang Road, Sumisip, 5606 Siquijor",  # a Philippine code before its province
    ],
)
def test_world_addresses_are_found_whole(en: ScreeningEngine, address: str) -> None:
    text = f"Please send the parcel to {address}, thanks!"
    assert ("address", address) in found(en, text)


def test_a_locality_part_joins_the_street(en: ScreeningEngine) -> None:
    text = "We live at 9 Anahaw Road, Ponce Estates Phase 6 since May."
    assert ("address", "9 Anahaw Road, Ponce Estates Phase 6") in found(en, text)


@pytest.mark.parametrize(
    "text",
    [
        "Take the M25 then the A3 towards Guildford.",
        "We drove Route 66 for 2 weeks in 2019.",
        "The 3 lane road was closed for 2 hours.",
        "Section 3 Key Points are in the appendix.",  # a suffix left out on purpose
        "Version 2024-05-17 Release Notes are online.",
        "Seat 12C on flight BA 117, gate 32.",
        "Step 2 Data Center migration starts on 12 March.",
    ],
)
def test_roads_and_numbers_alone_stay_clean(en: ScreeningEngine, text: str) -> None:
    assert not [kind for kind, _ in found(en, text) if kind == "address"]


def test_a_french_road_named_alone_stays_clean(fr: ScreeningEngine) -> None:
    text = "On a pris la RN7 jusqu'à Valence, 450 km en 5 heures."
    assert not [kind for kind, _ in found(fr, text) if kind == "address"]


@pytest.mark.parametrize(
    "address",
    [
        "Dino-Löchel-Straße 36",  # a hyphenated German name
        "Sontagstr. 12/66",  # a flat after a slash
        "Imkesteeg 526",  # Dutch
        "Martweg 9, 3809 CX Geijsteren",  # a Dutch postcode
    ],
)
def test_streets_with_the_number_after_them(en: ScreeningEngine, address: str) -> None:
    assert ("address", address) in found(en, f"My address is {address}, please keep it.")


def test_a_swiss_number_last_ends_the_sentence(fr: ScreeningEngine) -> None:
    text = "J'habite avenue de Bochud 14."
    assert ("address", "avenue de Bochud 14") in found(fr, text)


def test_a_number_after_a_street_mid_sentence_is_no_address(fr: ScreeningEngine) -> None:
    text = "La rue Victor Hugo 3 fois par semaine, c'est trop."
    assert not [kind for kind, _ in found(fr, text) if kind == "address"]


@pytest.mark.parametrize(
    "address",
    [
        "Paseo Abel Codina 35 Piso 3",  # Spain: a floor after the number
        "Calle Mayor 12, 28013 Madrid",
        "al. Miarki 93/80, 85-640 Kalisz",  # Poland
        "Rua do Leal, 12, 4752-530 Trofa",  # Portugal
        "Viale Nanni, 5",  # Italy, the number ending the sentence
    ],
)
def test_street_word_first_number_last(en: ScreeningEngine, address: str) -> None:
    assert ("address", address) in found(en, f"I moved to {address}.")


def test_a_street_word_first_mid_sentence_needs_its_postcode(en: ScreeningEngine) -> None:
    text = "We ate at Plaza Mayor 2 times before the train."
    assert not [kind for kind, _ in found(en, text) if kind == "address"]
