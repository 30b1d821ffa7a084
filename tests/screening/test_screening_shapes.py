"""Real-world shapes of phones, addresses and places, in both languages.

Examples written for these tests (none copied from a labelled set): the shapes mentees
type, including foreign numbers and addresses, and places named alone that must stay clean.
"""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine


@pytest.fixture(scope="module")
def fr() -> ScreeningEngine:
    return ScreeningEngine(locale="fr")


@pytest.fixture(scope="module")
def en() -> ScreeningEngine:
    return ScreeningEngine(locale="en")


def found(engine: ScreeningEngine, text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in engine.screen(text)]


# ---------------------------------------------------------------- phones


@pytest.mark.parametrize(
    "number",
    [
        "(+33) 6 48 27 19 05",  # the bracket opens the number
        "0474 58 21 96",  # Belgian mobile, national format
        "021 845 32 10",  # Swiss landline
        "087 415 2093",  # Irish mobile
        "0412 736 508",  # Australian mobile
        "0808 164 2277",  # British freephone
        "(0909) 417 3355",  # British special rate, bracketed
    ],
)
def test_national_numbers_of_neighbouring_and_english_speaking_countries(
    fr: ScreeningEngine, number: str
) -> None:
    assert found(fr, f"Son numéro : {number}, à rappeler jeudi.") == [("phone", number)]


@pytest.mark.parametrize("number", ["(618)204-9917", "618-204-9917", "618.204.9917", "+1-618-204-9917"])
def test_the_north_american_grouping_is_a_phone_whatever_the_area_code(
    fr: ScreeningEngine, en: ScreeningEngine, number: str
) -> None:
    # 618 is allocated, but the same grouping with a made-up area code is a phone too
    made_up = number.replace("618", "158")
    for engine in (fr, en):
        assert found(engine, f"ligne directe {number} le matin") == [("phone", number)]
        assert found(engine, f"her desk is {made_up} in the morning") == [("phone", made_up)]
    assert found(en, "reach her on 158 204 9917 before noon") == [("phone", "158 204 9917")]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("call 503.771.2046x318 after lunch", "503.771.2046x318"),
        ("my desk is 020 7183 4402 ext. 215 on weekdays", "020 7183 4402 ext. 215"),
        ("au standard 01 53 24 88 10 poste 4471, demande Lucie", "01 53 24 88 10 poste 4471"),
    ],
)
def test_an_extension_belongs_to_the_phone(
    fr: ScreeningEngine, en: ScreeningEngine, text: str, number: str
) -> None:
    assert ("phone", number) in found(fr, text) and ("phone", number) in found(en, text)


def test_a_local_number_counts_when_the_text_announces_a_phone(
    en: ScreeningEngine, fr: ScreeningEngine
) -> None:
    assert found(en, "text me on 4417 2290 tonight") == [("phone", "4417 2290")]
    assert found(fr, "tél. : 555-0187") == [("phone", "555-0187")]
    # the same digits without a phone's announcement are a reference, an amount or a count
    assert found(en, "the badge was 4417 2290 last year") == []
    assert found(fr, "le dossier 555-0187 est clos") == []


@pytest.mark.parametrize(
    "text",
    [
        "ticket 123-456-789 is still open",
        "the 2023-2024 budget was 350 000, version 3.14.159 shipped",
        "on a fait 1 250 000 € de CA en 2024-2025, réunion le 12/03/2025 à 14h30",
        "commande de 0 à 10 000 unités entre 2019 et 2023",
    ],
)
def test_references_amounts_and_dates_are_no_phones(
    fr: ScreeningEngine, en: ScreeningEngine, text: str
) -> None:
    assert fr.screen(text) == [] and en.screen(text) == []
