"""Structured values of shapes the finders left out (struct16).

A Maestro card of twelve digits after a card's word, a toll-free number spelt on the keypad
("1-800-FLOWERS"), a bare domain on the country domain of a country whose mentees write
English or French ("bimx.ph"). Each shape is close to something ordinary (a ticket's twelve
digits, a measure in capitals after "800-", a file name), which stays clean. Sentences and
values written for these tests (the card numbers pass Luhn).
"""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from bot.screening.identifiers import luhn_ok
from tests.screening_engines import en, found, fr

__all__ = ["en", "fr"]  # fixtures


def test_the_test_cards_pass_luhn() -> None:
    assert luhn_ok("675921299722") and luhn_ok("501879789102")


def test_a_twelve_digit_maestro_card_after_its_word(en: ScreeningEngine, fr: ScreeningEngine) -> None:
    assert ("card", "6759 2129 9722") in found(en, "my maestro card is 6759 2129 9722 if that helps")
    assert ("card", "501879789102") in found(fr, "ma carte maestro : 501879789102, elle expire bientôt")


@pytest.mark.parametrize(
    "text",
    [
        "ticket 675921299722 is still open",
        "we shipped 675921299722 units",
        "la facture 501879789102 est payée",
    ],
)
def test_twelve_digits_without_a_card_word_are_no_card(en: ScreeningEngine, text: str) -> None:
    assert [kind for kind, _ in found(en, text) if kind == "card"] == [], text


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("just call 1-800-FLOWERS and order them", "1-800-FLOWERS"),
        ("ring 1 (888) GO-FEDEX for a pickup", "1 (888) GO-FEDEX"),
        ("the hotline 800-PICK-UPS never answers", "800-PICK-UPS"),
        ("call 800-CONTACT tomorrow", "800-CONTACT"),
    ],
)
def test_a_toll_free_number_spelt_on_the_keypad(en: ScreeningEngine, text: str, phone: str) -> None:
    assert ("phone", phone) in found(en, text)


@pytest.mark.parametrize(
    "text",
    ["an 800-CALORIE lunch every day", "WE HAVE 800 EMPLOYEES NOW", "we use 800-DPI scans and ISO-9001"],
)
def test_capitals_after_eight_hundred_are_no_phone(en: ScreeningEngine, text: str) -> None:
    assert [kind for kind, _ in found(en, text) if kind == "phone"] == [], text


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("check bimx.ph for the roster", "bimx.ph"),
        ("file it on kra.go.ke before June", "kra.go.ke"),
        ("order from jumia.ng/deals please", "jumia.ng/deals"),
    ],
)
def test_a_bare_domain_on_a_country_domain(en: ScreeningEngine, text: str, url: str) -> None:
    assert ("url", url) in found(en, text)


@pytest.mark.parametrize("text", ["it was v1.ph and such", "Done.Ph then we left", "I live in my.flat"])
def test_words_around_a_dot_are_no_domain(en: ScreeningEngine, text: str) -> None:
    assert [kind for kind, _ in found(en, text) if kind == "url"] == [], text
