"""Street addresses in the forms `probe_structured_sourced` found passing, found whole.

Sentences written for these tests in the formats of Faker's address providers (fr_CA,
fr_CH, en_AU, en_NZ, en_IN, en_US) as a message types them: Québec's five-digit civic
numbers and "rang", a lower-case "saint" town, a floor and a door before the postcode,
Australian states in lower case, New Zealand towns without a comma, rural routes, Indian
house numbers, landmarks and PINs. And the ordinary sentences of the same words.
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
        "14410 boulevard Laurier, Québec",  # a civic number of five digits
        "2250 rang Saint-Joseph, J0K 1A0",  # Québec's rural road
        "8, rue des tanneurs, 38200 saint romain",  # a lower-case town after "saint"
        "Seestrasse 4, 5425 Schneisingen am Rhein",
    ],
)
def test_french_and_swiss_forms_are_found_whole(fr: ScreeningEngine, address: str) -> None:
    _whole(fr, f"j'habite {address} depuis mars", address)


@pytest.mark.parametrize(
    "text",
    ["il est au 3e rang du classement", "on a mis 250 rangs de chaises", "le 2e rang a applaudi"],
)
def test_rang_as_a_rank_stays_clean(fr: ScreeningEngine, text: str) -> None:
    assert found(fr, text) == []


def test_a_floor_and_a_door_before_the_postcode_keep_the_town(fr: ScreeningEngine) -> None:
    text = "envoie-le au 18 rue des Lilas, 3e étage, porte B, 44300 Nantes stp"
    _whole(fr, text, "18 rue des Lilas, 3e étage, porte B, 44300 Nantes")


@pytest.mark.parametrize(
    "address",
    [
        "27 wattle path, bellbird park, qld, 4300",  # lower case, the state before four digits
        "5/14 banksia lower, east perth, wa, 6004",  # the unit after a slash
        "88 Tiraumea Way Pahiatua 4910",  # a New Zealand town without its comma
        "RR 2 Box 152, Millbrook, ON L0A 1G0",  # a rural route's box
        "R.R. 3, Box 40, Dover, DE 19901",
        "h.no. 12, gandhi marg, jaipur-302001",  # an Indian house number, the PIN on the town
        "studio 4, baker court, leeds, ls2 7ej",  # a studio's number, the street has none
        "1450 S. Alvarado Blvd, Tucson, AZ 85701",  # a direction abbreviated with its dot
        "82 W. Lakeview Drive",
        "H.No. 7, Station Road, near Civil Hospital, Nagpur - 440001",  # a landmark on the way
    ],
)
def test_english_forms_are_found_whole(en: ScreeningEngine, address: str) -> None:
    _whole(en, f"I moved to {address} last month", address)


@pytest.mark.parametrize(
    "text",
    [
        "we had 3 people act, 2020 was hard",
        "the 2 of us flew to sa, 2019 was good",
        "I spent 3 nights in perth, wa, 2024 was the best year",
        "my team of 12 went near the office, 2023 was fine",
    ],
)
def test_the_same_words_in_sentences_stay_clean(en: ScreeningEngine, text: str) -> None:
    assert [kind for kind, _ in found(en, text) if kind == "address"] == []


@pytest.mark.parametrize(
    "address",
    [
        "chemin des vignes 14, 1009 pully",  # Swiss order in lower case, a postcode after
        "69003 Lyon, 12 rue Garibaldi",  # the postcode and the town first
    ],
)
def test_swiss_lower_case_and_town_first_are_found_whole(fr: ScreeningEngine, address: str) -> None:
    _whole(fr, f"écris-moi au {address} stp", address)


@pytest.mark.parametrize(
    "text",
    [
        "on a pris le chemin de la réussite 2, 2024 sera meilleure",  # a year
        "le chemin de la réussite 2, 2500 personnes l'ont suivi",  # an ordinary word after it
    ],
)
def test_a_street_word_before_a_count_stays_clean(fr: ScreeningEngine, text: str) -> None:
    assert found(fr, text) == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("je suis au 4 allée des Pins, Saint Étienne depuis mai", "4 allée des Pins, Saint Étienne"),
        ("envoie au 9 rue Thiers, Aix en Provence stp", "9 rue Thiers, Aix en Provence"),
        ("c'est 30 avenue Foch, St Denis je crois", "30 avenue Foch, St Denis"),
    ],
)
def test_a_commune_typed_without_its_hyphens_joins_its_street(
    fr: ScreeningEngine, text: str, address: str
) -> None:
    _whole(fr, text, address)


def test_a_commune_without_its_hyphens_alone_stays_clean(fr: ScreeningEngine) -> None:
    assert found(fr, "je bosse à Saint Denis depuis deux ans") == []


@pytest.mark.parametrize(
    "address",
    [
        "B12 L7 Sampaguita Cove, 25th Road, Tanauan, 4232 Batangas",  # a numbered road, code, province
        "1120 Narra Street, San Roque, 6000 Cebu",  # the province after its code, the sentence goes on
    ],
)
def test_philippine_forms_are_found_whole(en: ScreeningEngine, address: str) -> None:
    _whole(en, f"the parcel went to {address} instead of the office", address)


def test_a_danish_floor_is_still_part_of_its_address(en: ScreeningEngine) -> None:
    _whole(
        en, "it's Nørrebrogade 40, 2. th, 2200 København N now", "Nørrebrogade 40, 2. th, 2200 København N"
    )


@pytest.mark.parametrize("text", ["we had 3 S. Smith reports this week", "on page 4 E. Jones wrote it"])
def test_an_initial_after_a_number_is_no_street(en: ScreeningEngine, text: str) -> None:
    assert [kind for kind, _ in found(en, text) if kind == "address"] == []


@pytest.mark.parametrize(
    "address",
    [
        "18-20 rue des Tanneurs, 67000 Strasbourg",  # a range of numbers: one building
        "18/20 rue des Tanneurs",
        "7 rue Mercière, Lyon 2e",  # the arrondissement after the town
        "40 rue de Charonne, Paris 11ème arrondissement",
    ],
)
def test_ranges_and_arrondissements_are_part_of_the_address(fr: ScreeningEngine, address: str) -> None:
    _whole(fr, f"le bureau est au {address} depuis juin", address)


@pytest.mark.parametrize("text", ["on a eu 12/14 points de retard", "je vis à Paris 3e semaine de suite"])
def test_a_score_and_a_week_stay_clean(fr: ScreeningEngine, text: str) -> None:
    assert [kind for kind, _ in found(fr, text) if kind == "address"] == []
