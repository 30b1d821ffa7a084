"""Structured values as people type them when no form guides them.

A Québec number with its area code apart ("418 555-0147"), a number announced as one's
own in another country's grouping ("my number is 98100 55432"), the dots between a phone's
groups said as words ("06 point 73 point…"), a mobile read aloud from its first non-zero
digit ("six trente-neuf…"), an IBAN with I for 1 and O for 0, an e-mail's local part typed
one character at a time. Sentences written for these tests; the ordinary sentences of the
same words stay clean.
"""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import en, found, fr

__all__ = ["en", "fr"]  # fixtures


def _whole(engine: ScreeningEngine, text: str, entity: str, kind: str) -> None:
    """One finding of `kind` covers `entity` where it stands in `text`."""
    start = text.index(entity)
    spans = [(f.start, f.end, f.kind) for f in engine.screen(text)]
    assert any(s <= start and start + len(entity) <= e and k == kind for s, e, k in spans), spans


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("texte-moi au 514 555-0199 ce soir", "514 555-0199"),
        ("mon numéro : 07 point 81 point 22 point 40 point 19", "07 point 81 point 22 point 40 point 19"),
        (
            "c'est sept quatre-vingt-un, vingt-deux, quarante, dix-huit sur WhatsApp",
            "sept quatre-vingt-un, vingt-deux, quarante, dix-huit",
        ),
    ],
)
def test_french_phones_people_type(fr: ScreeningEngine, text: str, phone: str) -> None:
    _whole(fr, text, phone, "phone")


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("my number is 87654 32109, call after six", "87654 32109"),
        ("ring me on 07 dot 700 dot 900 dot 123 tomorrow", "07 dot 700 dot 900 dot 123"),
        ("our office line is 613 555-0110 until May", "613 555-0110"),
    ],
)
def test_english_phones_people_type(en: ScreeningEngine, text: str, phone: str) -> None:
    _whole(en, text, phone, "phone")


def test_an_iban_with_i_for_one_and_o_for_zero_is_read_back(fr: ScreeningEngine) -> None:
    iban = "FR76 IOIO 7925 6I38 58I6 O63O I3O"  # FR76 1010 7925 6138 5816 0630 130, mod-97 valid
    _whole(fr, f"voici mon rib : {iban} pour le cadeau", iban, "iban")


@pytest.mark.parametrize(
    "mail",
    ["j u l i e . r o u x 8 8 at gmail dot com", "t o m . b 7 at outlook dot com"],
)
def test_a_local_part_typed_one_character_at_a_time_is_the_address(en: ScreeningEngine, mail: str) -> None:
    _whole(en, f"my email is {mail} thanks", mail, "email")


@pytest.mark.parametrize(
    "text",
    [
        "on a fait le point 3 fois sur 12 points du projet",
        "il y avait six cent trente-neuf mille quatre cent vingt visiteurs",
        "sept ans, trente euros, neuf mois, quarante jours, douze heures",
        "mon numéro de dossier est 123456789",
    ],
)
def test_the_same_words_without_a_number_stay_clean(fr: ScreeningEngine, text: str) -> None:
    assert [kind for kind, _ in found(fr, text) if kind in ("phone", "iban", "email")] == [], text


@pytest.mark.parametrize(
    "text",
    ["my number is 42 in the queue", "the score was 3 dot 5 out of 10", "a b c at the start"],
)
def test_english_counts_and_letters_stay_clean(en: ScreeningEngine, text: str) -> None:
    assert [kind for kind, _ in found(en, text) if kind in ("phone", "email")] == [], text
