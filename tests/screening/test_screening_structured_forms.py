"""Structured identifiers in the forms `probe_structured_sourced` found passing, and the
numbers beside them that identify nobody.

Sentences written for these tests, in the formats Faker's providers produce (dotted IBANs,
mailboxes glued into one token before "chez") and the clean numbers of the same shapes
(ISBNs, barcodes, order numbers). Addresses are in test_screening_address_forms.py.
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
    "iban",
    [
        "FR14.2004.1010.0505.0001.3M02.606",  # a form that refuses spaces
        "GB82.WEST.1234.5698.7654.32",
        "CH93.0076.2011.6238.5295.7",
    ],
)
def test_an_iban_grouped_by_dots_is_found(fr: ScreeningEngine, iban: str) -> None:
    _whole(fr, f"pour le virement : {iban} merci", iban, "iban")


def test_a_dotted_run_that_fails_mod_97_is_no_iban(fr: ScreeningEngine) -> None:
    assert ("iban", "FR14.2004.1010.0505.0001.3M02.607") not in found(
        fr, "le code FR14.2004.1010.0505.0001.3M02.607 est faux"
    )


@pytest.mark.parametrize("mail", ["kvandenberghe chez gmail.com", "tlefebvre chez laposte.net"])
def test_a_mailbox_glued_into_one_token_before_chez_is_an_address(fr: ScreeningEngine, mail: str) -> None:
    _whole(fr, f"écris-moi à {mail} stp", mail, "email")


@pytest.mark.parametrize(
    "text",
    ["je bosse chez free.fr depuis mai", "elle travaille chez decathlon.fr", "Marie chez orange.fr"],
)
def test_a_word_or_a_name_before_chez_is_a_sentence(fr: ScreeningEngine, text: str) -> None:
    assert all(kind != "email" for kind, _ in found(fr, text))


@pytest.mark.parametrize(
    "text",
    [
        "the book's ISBN is 978-2-07-036822-8",  # ISBN-13 hyphenated
        "I ordered 9782070368228 from the library",  # and compact: 978, the EAN-13 check
        "order 7563946564 never arrived",
        "see ticket #0647553362 for the details",
    ],
)
def test_books_barcodes_and_references_are_no_phone(en: ScreeningEngine, text: str) -> None:
    assert found(en, text) == []


def test_a_barcode_announced_is_no_nir(fr: ScreeningEngine) -> None:
    assert found(fr, "le code-barres 1881036774559 ne passe pas en caisse") == []


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("call me on 7563946564 tonight", "7563946564"),
        ("order 756 394 6564 or call", "756 394 6564"),  # grouped as a phone: it is one
        ("commande 0647553362, rappelle-moi au 0647553362", "au 0647553362"),
    ],
)
def test_a_phone_beside_a_reference_cue_is_still_found(en: ScreeningEngine, text: str, phone: str) -> None:
    number = phone.split(" ", 1)[1] if phone.startswith("au ") else phone
    start = text.rindex(number)
    spans = [(f.start, f.end, f.kind) for f in en.screen(text)]
    assert (start, start + len(number), "phone") in spans, spans


def test_a_mailbox_in_capitals_before_chez_is_an_address(fr: ScreeningEngine) -> None:
    _whole(fr, "MON MAIL : KVANDENBERGHE CHEZ GMAIL.COM", "KVANDENBERGHE CHEZ GMAIL.COM", "email")


def test_a_link_on_an_ip_address_is_a_link(en: ScreeningEngine) -> None:
    text = "the dashboard is at http://203.0.113.45/reports/q3 for now"
    assert found(en, text) == [("url", "http://203.0.113.45/reports/q3")]


def test_a_bare_ip_address_is_no_phone(en: ScreeningEngine) -> None:
    assert found(en, "the printer at 192.168.10.23 is down again") == []


@pytest.mark.parametrize("host", ["gwgresorts.com.ph", "sbi.co.in", "myschool.edu.au"])
def test_a_domain_under_a_country_is_found_whole(en: ScreeningEngine, host: str) -> None:
    _whole(en, f"their site {host} has the form", host, "url")


def test_a_capitalised_word_glued_after_a_domain_is_not_its_country(fr: ScreeningEngine) -> None:
    assert ("url", "google.com") in found(fr, "c'était sur google.com.Il était tard")


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("mon tel0645781236 si besoin", "0645781236", "phone"),
        ("phone(415)555-0134 after six", "(415)555-0134", "phone"),
        ("voici mon ibanFR1420041010050500013M02606 merci", "FR1420041010050500013M02606", "iban"),
        ("la carte4982597919074830 a expiré", "4982597919074830", "card"),
        ("siret73282932000074 pour la facture", "73282932000074", "siret"),
    ],
)
def test_a_value_glued_to_the_word_that_names_it_is_found(
    fr: ScreeningEngine, text: str, value: str, kind: str
) -> None:
    _whole(fr, text, value, kind)


@pytest.mark.parametrize(
    "text",
    ["le produit XK0645781237 est en rupture", "la carte2024 et le tel12 sont prêts", "cb1234 refusée"],
)
def test_a_glued_code_that_validates_as_nothing_stays_clean(fr: ScreeningEngine, text: str) -> None:
    assert [kind for kind, _ in found(fr, text) if kind in ("phone", "card", "iban", "siret", "nir")] == []


@pytest.mark.parametrize(
    "mail",
    ["aroha.ngata(at)marae(dot)kiwi", "t.nguyen [at] cabinet [dot] lawyer", "kim.lee @ studio.photography"],
)
def test_a_munged_address_on_a_new_gtld_is_found(en: ScreeningEngine, mail: str) -> None:
    _whole(en, f"write to {mail} about it", mail, "email")


@pytest.mark.parametrize(
    ("text", "mail"),
    [
        ("email me at john@gmail. now please", "john@gmail"),
        ("ping jo.ward@acme. you know where", "jo.ward@acme"),
    ],
)
def test_a_word_that_is_also_a_gtld_goes_on_the_sentence(en: ScreeningEngine, text: str, mail: str) -> None:
    start = text.index(mail)
    assert [(f.start, f.end) for f in en.screen(text) if f.kind == "email"] == [(start, start + len(mail))]
