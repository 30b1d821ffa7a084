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


def test_the_checks_of_routing_numbers_and_rib_keys() -> None:
    from bot.screening.identifiers import aba_ok, rib_ok

    assert aba_ok("021000021") and not aba_ok("021000022")
    assert rib_ok("30004", "00550", "00012345678", "40") and not rib_ok("30004", "00550", "00012345678", "41")


@pytest.mark.parametrize(
    ("text", "account"),
    [
        ("pay me at sort code 20-45-77, account 41234567 please", "sort code 20-45-77, account 41234567"),
        (
            "account number 41234567, sort code 204577 (Nationwide)",
            "account number 41234567, sort code 204577",
        ),
        ("my BSB is 062-000 acc 1234 5678", "BSB is 062-000 acc 1234 5678"),
        ("routing 021000021, account 4400123456 for the refund", "routing 021000021, account 4400123456"),
    ],
)
def test_a_branch_code_and_an_account_number_together(en: ScreeningEngine, text: str, account: str) -> None:
    assert ("iban", account) in found(en, text)


@pytest.mark.parametrize(
    "text",
    [
        "our sort code changed. The account 41234567 is closed",
        "the sort code is wrong on account of the 2024 changes",
        "routing 021000022, account 4400123456",
    ],
)
def test_a_branch_code_or_an_account_alone_is_no_account(en: ScreeningEngine, text: str) -> None:
    assert [kind for kind, _ in found(en, text) if kind == "iban"] == [], text


@pytest.mark.parametrize(
    ("text", "rib"),
    [
        ("mon rib : 30004 00550 00012345678 40 pour le virement", "30004 00550 00012345678 40"),
        (
            "code banque 30004, code guichet 00550, n° de compte 00012345678, clé RIB 40",
            "code banque 30004, code guichet 00550, n° de compte 00012345678, clé RIB 40",
        ),
    ],
)
def test_a_french_rib_in_its_four_parts(fr: ScreeningEngine, text: str, rib: str) -> None:
    assert ("iban", rib) in found(fr, text)


def test_four_numbers_without_the_rib_key_are_no_rib(fr: ScreeningEngine) -> None:
    text = "nous avons 30004 clients, 00550 sites et 12345678901 euros 40"
    assert [kind for kind, _ in found(fr, text) if kind == "iban"] == []


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("my portfolio is at tkowalski dot com now", "tkowalski dot com"),
        ("go to www dot brightpath dot org for the form", "www dot brightpath dot org"),
        ("see adaeze-art dot co dot uk for the prints", "adaeze-art dot co dot uk"),
    ],
)
def test_a_domain_with_its_dots_spelt(en: ScreeningEngine, text: str, url: str) -> None:
    assert ("url", url) in found(en, text)


def test_a_french_domain_with_its_dots_spelt(fr: ScreeningEngine) -> None:
    assert ("url", "lucasmercier point fr") in found(fr, "mon book est sur lucasmercier point fr")


@pytest.mark.parametrize(
    "text",
    [
        "the dot com bubble burst in 2001",
        "it was a dot com company",
        "search on google dot com",
        "on a fait le point com",
    ],
)
def test_dot_com_as_a_word_stays_clean(en: ScreeningEngine, text: str) -> None:
    assert [kind for kind, _ in found(en, text) if kind in ("url", "email")] == [], text


def test_a_link_after_a_spelt_at_is_a_link(en: ScreeningEngine) -> None:
    text = "look at docs.google.com/document/d/1AbC for the plan"
    assert found(en, text) == [("url", "docs.google.com/document/d/1AbC")]


def test_a_link_dictated_with_forward_slash(en: ScreeningEngine) -> None:
    text = "book me on calendly dot com forward slash amira-k please"
    assert ("url", "calendly dot com forward slash amira-k") in found(en, text)
