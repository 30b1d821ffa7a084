"""Addresses as people write them around the street line (struct16).

The premises before the street (a hangar, a gate, a warehouse, a unit numbered by its floor,
a named building), the towns after it that the data knows by their first word ("Leamington
Spa", "Port of Spain" after a district), a Dutch floor after the number ("318-II"), a road
known by its route number in the house number's place; in French a residence with its
units, "r" for "rue", a rural road's number, a kilometre point. Each is found whole, and the
suggestion replaces it whole; the same words with no address stay clean. Sentences written
for these tests.
"""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from bot.screening.suggest import suggest
from tests.screening_engines import en, found, fr

__all__ = ["en", "fr"]  # fixtures


def _whole(engine: ScreeningEngine, text: str, entity: str) -> None:
    """One address finding covers `entity`, and the suggestion leaves none of it."""
    start = text.index(entity)
    findings = engine.screen(text)
    spans = [(f.start, f.end, f.kind) for f in findings]
    assert any(s <= start and start + len(entity) <= e and k == "address" for s, e, k in spans), spans
    suggested = suggest(text, findings, {"address": "[ADDRESS]"})
    assert "[ADDRESS]" in suggested
    for word in entity.replace(",", " ").split():
        if any(c.isdigit() for c in word):
            assert word not in suggested, suggested


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "the spares go to Hangar 7, 12 Runway Drive, Townsville QLD 4810 on Monday",
            "Hangar 7, 12 Runway Drive, Townsville QLD 4810",
        ),
        (
            "pick-ups are at Warehouse 9, 31 Canal Street, Leeds LS11 5QA only",
            "Warehouse 9, 31 Canal Street, Leeds LS11 5QA",
        ),
        (
            "we moved to Unit 2.14, 5 Mill Lane, Bristol BS1 6QE last week",
            "Unit 2.14, 5 Mill Lane, Bristol BS1 6QE",
        ),
        (
            "new office:\nLevel 2, Suite 2.07\nHarbour Point\nQuay Road\nSwansea SA1 8EP",
            "Level 2, Suite 2.07\nHarbour Point\nQuay Road\nSwansea SA1 8EP",
        ),
        (
            "send it to 2nd Floor, Osu Plaza, 9 Oxford Street, Osu, Accra please",
            "2nd Floor, Osu Plaza, 9 Oxford Street, Osu, Accra",
        ),
    ],
)
def test_the_premises_before_the_street_belong_to_it(en: ScreeningEngine, text: str, address: str) -> None:
    _whole(en, text, address)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("she lives at 4 Regent Grove, Leamington Spa, near the park", "4 Regent Grove, Leamington Spa"),
        (
            "the form goes to 12 Frederick Street, Belmont, Port of Spain before noon",
            "12 Frederick Street, Belmont, Port of Spain",
        ),
    ],
)
def test_a_town_known_by_its_first_word_ends_it(en: ScreeningEngine, text: str, address: str) -> None:
    _whole(en, text, address)


def test_a_dutch_floor_after_the_number_keeps_the_postcode(en: ScreeningEngine) -> None:
    text = "my lease is for Herengracht 101-III, 1015 BE Amsterdam"
    _whole(en, text, "Herengracht 101-III, 1015 BE Amsterdam")
    _whole(en, "mail went to Damrak 48-II, 1012 LL Amsterdam again", "Damrak 48-II, 1012 LL Amsterdam")


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("the farm stall is at R62 Main Road, Montagu 6720, come by", "R62 Main Road, Montagu 6720"),
        ("our depot is A34 Oxford Road, Manchester M13 9PL now", "A34 Oxford Road, Manchester M13 9PL"),
    ],
)
def test_a_route_number_in_the_house_numbers_place(en: ScreeningEngine, text: str, address: str) -> None:
    _whole(en, text, address)


@pytest.mark.parametrize(
    "text",
    [
        "we shipped 2 Major Releases, March 2025 was the busiest month",
        "the M25 was jammed so I took the A3 instead",
        "I queued at Gate 3, then 12 people pushed in",
        "Unit 4.2 of the course covers budgeting",
        "we drove the R62 Scenic Route, April 2024 was lovely",
    ],
)
def test_the_same_words_without_an_address_stay_clean(en: ScreeningEngine, text: str) -> None:
    assert [kind for kind, _ in found(en, text) if kind == "address"] == [], text


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "our barn is W2468 County Road 14, Fall River WI 53932",
            "W2468 County Road 14, Fall River WI 53932",
        ),
        ("send it to 7710 FM 2920 Rd, Spring TX 77388 please", "7710 FM 2920 Rd, Spring TX 77388"),
        ("RR 3, Site 12, Comp 4, Truro NS B2N 5B2 is the farm", "RR 3, Site 12, Comp 4, Truro NS B2N 5B2"),
        (
            "the branch is 18 Des Voeux Road Central, Central, Hong Kong",
            "18 Des Voeux Road Central, Central, Hong Kong",
        ),
        (
            "the plot is Stand 4410, Mount Pleasant, Harare and it is fenced",
            "Stand 4410, Mount Pleasant, Harare",
        ),
    ],
)
def test_rural_and_grid_numbers(en: ScreeningEngine, text: str, address: str) -> None:
    _whole(en, text, address)


def test_a_lower_case_town_the_data_knows_after_a_lower_case_street(en: ScreeningEngine) -> None:
    _whole(en, "post it to 8 bramble lane, manchester when you can", "8 bramble lane, manchester")
    spans = [f.text for f in en.screen("it is 8 bramble lane, nice and quiet there") if f.kind == "address"]
    assert spans == ["8 bramble lane"], spans


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("c'est Résidence Nour, Imm 7, Apt 3, Rabat pour le courrier", "Résidence Nour, Imm 7, Apt 3, Rabat"),
        ("envoie au 9 r des Tanneurs, 67000 strasbourg stp", "9 r des Tanneurs, 67000 strasbourg"),
        ("ma mère vit au 2 chemin rural n°7, 46100 Figeac", "2 chemin rural n°7, 46100 Figeac"),
        ("le dépôt est au PK 8 route du Piton, 97430 Le Tampon", "PK 8 route du Piton, 97430 Le Tampon"),
    ],
)
def test_french_forms_around_the_street(fr: ScreeningEngine, text: str, address: str) -> None:
    _whole(fr, text, address)


@pytest.mark.parametrize(
    "text",
    ["il a 5 r de retard sur le planning", "on a visité la Résidence Bellevue, Lyon était sympa"],
)
def test_french_words_without_an_address_stay_clean(fr: ScreeningEngine, text: str) -> None:
    assert [kind for kind, _ in found(fr, text) if kind == "address"] == [], text


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "my room is at H.No. 4-5-67/B, Street No. 3, Vidya Nagar, Hyderabad now",
            "H.No. 4-5-67/B, Street No. 3, Vidya Nagar, Hyderabad",
        ),
        ("we rent 14 Ikota Gardens Phase 1, Ajah, Lagos since May", "14 Ikota Gardens Phase 1, Ajah, Lagos"),
    ],
)
def test_indian_and_nigerian_parts(en: ScreeningEngine, text: str, address: str) -> None:
    _whole(en, text, address)


def test_a_note_in_brackets_before_the_postcode_belongs_to_the_address(
    en: ScreeningEngine, fr: ScreeningEngine
) -> None:
    _whole(
        fr,
        "c'est au 4 rue Colbert (2e étage, porte droite), 37000 Tours",
        "4 rue Colbert (2e étage, porte droite), 37000 Tours",
    )
    _whole(
        en,
        "use 9 Mill Street (side door), Bath BA1 1AA for parcels",
        "9 Mill Street (side door), Bath BA1 1AA",
    )
    spans = [
        f.text for f in en.screen("we met at 9 Mill Street (the pub), then went home") if f.kind == "address"
    ]
    assert spans == ["9 Mill Street"], spans


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("we still live on Hawthorn Drive, Leeds with the kids", "Hawthorn Drive, Leeds"),
        ("please post it to Willow Crescent, Swindon by Friday", "Willow Crescent, Swindon"),
        ("my address is Mill Lane, Great Snoring, Norfolk", "Mill Lane, Great Snoring, Norfolk"),
    ],
)
def test_a_street_without_its_number_where_someone_lives(
    en: ScreeningEngine, text: str, address: str
) -> None:
    _whole(en, text, address)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("j'habite rue Gambetta, à Rennes depuis mars", "rue Gambetta, à Rennes"),
        ("mon adresse c'est avenue Jean Médecin à Nice", "avenue Jean Médecin à Nice"),
    ],
)
def test_a_french_street_without_its_number_where_someone_lives(
    fr: ScreeningEngine, text: str, address: str
) -> None:
    start = text.index(address)
    spans = [(f.start, f.end) for f in fr.screen(text) if f.kind == "address"]
    assert any(s <= start and start + len(address) <= e for s, e in spans), spans


@pytest.mark.parametrize(
    "text",
    [
        "shopping on Oxford Street, London is always busy",
        "I was on Main Street, Dublin when it rained",
        "the parade went down Princes Street, Edinburgh",
    ],
)
def test_a_street_and_a_town_without_a_cue_stay_clean(en: ScreeningEngine, text: str) -> None:
    assert [kind for kind, _ in found(en, text) if kind == "address"] == [], text


def test_a_french_walk_down_a_street_stays_clean(fr: ScreeningEngine) -> None:
    text = "on s'est baladés rue de la République à Lyon samedi"
    assert [kind for kind, _ in found(fr, text) if kind == "address"] == []


def test_a_dublin_district_closes_a_chain_of_parts(en: ScreeningEngine) -> None:
    text = "send it to Apartment 7, The Maltings Quay, Dublin 8 before Monday"
    _whole(en, text, "Apartment 7, The Maltings Quay, Dublin 8")
    assert [kind for kind, _ in found(en, "Room 4, Dublin 2 was the venue") if kind == "address"] == []
