"""English clean text left clean: words English capitalises by custom (holidays of the
countries whose holidays are named in English, job titles, currencies) are no one."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


@pytest.fixture(scope="module")
def engine() -> ScreeningEngine:
    return ScreeningEngine(locale="en")


def _found(engine: ScreeningEngine, text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in engine.screen(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Everyone is away over Matariki so the rota is a mess.",
        "I asked for the day after Waitangi Day off and got a flat no.",
        "The shop is shut for Eid-ul-Fitr and the orders pile up.",
    ],
)
def test_holidays_of_countries_named_in_english_are_no_one(engine: ScreeningEngine, text: str) -> None:
    assert _found(engine, text) == []


def test_a_first_name_a_holiday_is_named_after_is_still_someone(engine: ScreeningEngine) -> None:
    assert ("person", "Kwame") in _found(engine, "Kwame from logistics keeps skipping the stand-up.")


@pytest.mark.parametrize(
    "text",
    [
        "She is the only Immunologist left on the ward.",
        "My Upskilling plan got turned down by finance.",
        "I have been promoted to Senior Oncologist at last.",
        "Reskilling is the big theme of this year's review.",
    ],
)
def test_a_word_derived_from_a_listed_word_is_no_one(engine: ScreeningEngine, text: str) -> None:
    assert _found(engine, text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("I asked Oyelaran about the overtime.", "Oyelaran"),
        ("I asked Hiller about the overtime.", "Hiller"),
        ("Rossiter keeps moving my shifts.", "Rossiter"),
    ],
)
def test_names_no_word_derives_are_still_found(engine: ScreeningEngine, text: str, name: str) -> None:
    assert ("person", name) in _found(engine, text)


@pytest.mark.parametrize(
    "text",
    [
        "Had a arvo from hell, two call-outs and a furious landlord",
        "typing on the ute's bonnet while I wait for the surveyor",
        "the braai after the shift ran late again",
    ],
)
def test_a_lower_case_word_after_an_article_is_a_thing(engine: ScreeningEngine, text: str) -> None:
    assert _found(engine, text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [("thandiwe's daughter is off sick again", "thandiwe"), ("kavya from the bench said no", "kavya")],
)
def test_a_lower_case_name_without_an_article_is_still_found(
    engine: ScreeningEngine, text: str, name: str
) -> None:
    assert ("person", name) in _found(engine, text)


@pytest.mark.parametrize(
    "text",
    [
        "My take-home is 250k Naira a month and rent just went up.",
        "They offered 40,000 Rand more but the commute is brutal.",
        "The contract is worth 2 million Cedis to the firm.",
    ],
)
def test_a_currency_after_its_amount_is_no_one(engine: ScreeningEngine, text: str) -> None:
    assert _found(engine, text) == []


def test_a_name_after_a_bare_number_is_still_found(engine: ScreeningEngine) -> None:
    assert ("person", "Priya") in _found(engine, "I was in room 101 and Priya walked in shouting.")


@pytest.mark.parametrize(
    "text",
    ["we are still at rostering stage for december", "i got lumped with reskilling for the whole team"],
)
def test_a_verbs_form_after_a_link_is_no_firm(engine: ScreeningEngine, text: str) -> None:
    assert _found(engine, text) == []


def test_a_lower_case_firm_after_a_link_is_still_found(engine: ScreeningEngine) -> None:
    assert ("organization", "monzo") in _found(engine, "thinking of leaving the bank for monzo next year")
