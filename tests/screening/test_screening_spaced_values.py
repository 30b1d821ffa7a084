"""E-mails and phones typed with spaces or an extension word (struct16).

A local part typed in words with spaced dots ("mary . jones @ …") or with spaces alone
before a spaced "at" ("d smith 12 at …"), and a phone's extension written "local 220" (the
Philippines), "ext: 12", "extension #4". Sentences written for these tests; a frequent word
before an address stays out of it, and a number without a phone keeps "local" out.
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
