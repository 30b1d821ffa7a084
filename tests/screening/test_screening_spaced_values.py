"""E-mails and phones typed with spaces or an extension word (struct16).

A local part typed in words with spaced dots ("mary . jones @ …") or with spaces alone
before a spaced "at" ("d smith 12 at …"), and a phone's extension written "local 220" (the
Philippines), "ext: 12", "extension #4"; the signs glued by hyphens or underscores
("tkowal-at-gmail-dot-com"); a British mobile read aloud from its first non-zero digit.
Sentences written for these tests; a frequent word before an address stays out of it, and a
number without a phone keeps "local" out.
"""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import en, found

__all__ = ["en"]  # fixtures


def _exact(engine: ScreeningEngine, text: str, entity: str, kind: str) -> None:
    """One finding of `kind` is exactly `entity`."""
    assert (kind, entity) in found(engine, text), found(engine, text)


@pytest.mark.parametrize(
    "mail",
    [
        "priya . n . 77 @ gmail . com",
        "tom . o_brien @ outlook . com",
        "j wozniak 19 at shaw dot ca",
        "k mbeki at webmail dot co dot za",
    ],
)
def test_a_local_part_typed_in_spaced_words_is_the_address(en: ScreeningEngine, mail: str) -> None:
    _exact(en, f"he wrote from {mail} yesterday", mail, "email")


def test_a_frequent_word_before_a_spaced_address_is_the_sentences(en: ScreeningEngine) -> None:
    text = "please write to rkowal at sasktel dot net tonight"
    _exact(en, text, "rkowal at sasktel dot net", "email")


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("the Makati office is (02) 8123 4567 local 305, ask for payroll", "(02) 8123 4567 local 305"),
        ("reception: 020 7946 0018 ext: 42", "020 7946 0018 ext: 42"),
        ("try 0161 496 0732 extension #9 after lunch", "0161 496 0732 extension #9"),
    ],
)
def test_an_extension_word_belongs_to_the_phone(en: ScreeningEngine, text: str, phone: str) -> None:
    _exact(en, text, phone, "phone")


@pytest.mark.parametrize(
    "text",
    [
        "we hired 220 local staff this year",
        "the meeting . then lunch @ noon . ok",
        "look at the dot com bubble",
    ],
)
def test_the_same_words_without_a_value_stay_clean(en: ScreeningEngine, text: str) -> None:
    assert [kind for kind, _ in found(en, text) if kind in ("phone", "email")] == [], text


@pytest.mark.parametrize(
    ("text", "mail"),
    [
        ("reply to tkowal-at-gmail-dot-com if the filter blocks it", "tkowal-at-gmail-dot-com"),
        ("it's a_osei_at_yahoo_dot_co_dot_uk for now", "a_osei_at_yahoo_dot_co_dot_uk"),
        ("email me: ama at yahoo when you can", "ama at yahoo"),
        ("my email is rkowal @gmail by the way", "rkowal @gmail"),
    ],
)
def test_an_address_spelt_with_glued_or_spaced_signs(en: ScreeningEngine, text: str, mail: str) -> None:
    _exact(en, text, mail, "email")


@pytest.mark.parametrize(
    "text",
    [
        "the look-at-me-dot-com era is over",
        "I complained to @gmail on twitter",
        "my email is about a friend at gmail",
        "a face-to-face at-home meeting",
    ],
)
def test_phrases_with_at_and_dot_stay_clean(en: ScreeningEngine, text: str) -> None:
    assert [kind for kind, _ in found(en, text) if kind == "email"] == [], text


def test_a_british_mobile_read_aloud_without_its_zero(en: ScreeningEngine) -> None:
    text = "his number is seven seven zero zero, nine zero zero, four five six tonight"
    _exact(en, text, "seven seven zero zero, nine zero zero, four five six", "phone")


def test_amounts_in_words_are_no_mobile(en: ScreeningEngine) -> None:
    text = "we sold seven thousand seven hundred units and nine hundred came back"
    assert [kind for kind, _ in found(en, text) if kind == "phone"] == []
