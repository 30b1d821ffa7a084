"""Disguises that reached the disk before: each must still be found, offsets into the original."""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine, suggest
from tests.screening_engines import en, found, fr

__all__ = ["en", "fr"]  # fixtures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("c'est S y l v i e qui bloque tout", "S y l v i e"),
        ("j'en peux plus de B.e.r.t.r.a.n.d en réunion", "B.e.r.t.r.a.n.d"),
        ("demande à g-u-i-l-l-a-u-m-e", "g-u-i-l-l-a-u-m-e"),
    ],
)
def test_spaced_or_dotted_letters(fr: ScreeningEngine, text: str, expected: str) -> None:
    assert ("person", expected) in found(fr, text)


@pytest.mark.parametrize(
    "number",
    ["O7 I8 22 45 9O", "0I 23 45 67 8S", "O6.I2.34.56.78", "O612345678"],
)
def test_letters_for_digits_inside_a_phone(fr: ScreeningEngine, number: str) -> None:
    assert found(fr, f"rappelle-moi au {number} ce soir") == [("phone", number)]


def test_letter_o_inside_an_iban(fr: ScreeningEngine) -> None:
    text = "virement sur FR76 3OOO 6OOO O112 3456 789O 189 stp"
    assert found(fr, text) == [("iban", "FR76 3OOO 6OOO O112 3456 789O 189")]


@pytest.mark.parametrize(
    "spoken",
    [
        "zéro sept quatorze vingt-huit soixante-treize quatre-vingt-dix-neuf",
        "zero six, trente et un, quarante-deux, cinquante, soixante-cinq",
        "0 six 12 trente-quatre 56 soixante-dix-huit",
        "zero six 12 34 56 78",
        "zéro sept 14 28 73 99",
    ],
)
def test_phone_numbers_in_words(fr: ScreeningEngine, spoken: str) -> None:
    assert found(fr, f"mon portable : {spoken}, merci") == [("phone", spoken)]


def test_english_phone_in_words(en: ScreeningEngine) -> None:
    spoken = "oh seven nine double four, one two three, four five six"
    assert found(en, f"text me on {spoken} tonight") == [("phone", spoken)]


def test_numbers_in_words_that_are_no_phone_stay_clean(fr: ScreeningEngine) -> None:
    assert found(fr, "on était trois, puis vingt-deux, puis quarante et un en fin d'année") == []
    assert found(fr, "les deux 35 et les trois 40 sont partis, six 12 mois plus tard") == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("écris à paul.martin arobase exemple point fr", "email"),
        ("paul.martin [at] exemple [dot] fr", "email"),
        ("mail : paul.martin@exemple.fr", "email"),
    ],
)
def test_spelt_out_mail_addresses(fr: ScreeningEngine, text: str, kind: str) -> None:
    assert [k for k, _ in found(fr, text)] == [kind]


def test_zero_width_look_alikes_and_fullwidth_still_caught(fr: ScreeningEngine) -> None:
    assert found(fr, "appelle Ma\u200brtine au ０６ １２ ３４ ５６ ７８") == [
        ("person", "Ma\u200brtine"),
        ("phone", "０６ １２ ３４ ５６ ７８"),
    ]
    assert [k for k, _ in found(fr, "mon collègue Jérоme Laval")] == ["person"]  # Cyrillic о


def test_a_whole_address_is_replaced_whole(fr: ScreeningEngine) -> None:
    text = "passe au 12 rue de la Paix 75002 Paris demain"
    findings = fr.screen(text)
    assert [(f.kind, f.text) for f in findings] == [("address", "12 rue de la Paix 75002 Paris")]
    assert suggest(text, findings, {"address": "[adresse]"}) == "passe au [adresse] demain"
    assert fr.screen(suggest(text, findings, {"address": "[adresse]"})) == []


def test_link_shorteners_and_bare_hosts_with_a_path(fr: ScreeningEngine) -> None:
    assert found(fr, "le sondage est sur tinyurl.com/y7abc ou t.ly/Qz81") == [
        ("url", "tinyurl.com/y7abc"),
        ("url", "t.ly/Qz81"),
    ]
