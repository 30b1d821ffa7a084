"""Identifiers dictated, spelt and disguised as people send them from a phone (issue 12).

The shapes follow the sources `benchmarks/screening/probe_dictated.py` names (numbers in
words as num2words writes them in France, Belgium and Switzerland, SWIFT's IBAN examples,
payment providers' test cards, INSEE's NIR, Unicode's bidi controls); the sentences are
written for these tests. Each family has its hard negatives: numbers of ordinary messages
(counts, prices, dates, times), the words "point", "at", "sur" in sentences. Every
finding's offsets are checked against the text, and a suggestion replaces the identifier
whole and is clean when screened again.
"""

from __future__ import annotations

import io
import json

import pytest

from bot.config.i18n import load_catalogue
from bot.screening import ScreeningEngine
from bot.screening.check_report import run_check
from bot.screening.suggest import suggest
from tests.screening_engines import en, found, fr

__all__ = ["en", "fr"]  # fixtures

PLACEHOLDERS = {
    "email": "[e-mail]",
    "phone": "[téléphone]",
    "iban": "[iban]",
    "card": "[carte]",
    "nir": "[nir]",
    "person": "[personne]",
}
STRUCTURED = frozenset({"email", "phone", "iban", "card", "nir", "siret", "url", "address"})


def _whole(engine: ScreeningEngine, text: str, entity: str, kind: str) -> None:
    """One finding of `kind` covers `entity` where it stands in `text`, and the suggestion
    built from the findings keeps none of its characters and is clean when screened again."""
    found(engine, text)
    start = text.index(entity)
    findings = engine.screen(text)
    assert any(f.start <= start and start + len(entity) <= f.end and f.kind == kind for f in findings), [
        (f.kind, f.text) for f in findings
    ]
    proposal = suggest(text, findings, PLACEHOLDERS)
    assert entity not in proposal
    assert not [f for f in engine.screen(proposal) if f.kind in STRUCTURED], proposal


def _clean(engine: ScreeningEngine, text: str) -> None:
    assert not [k for k, _ in found(engine, text) if k in STRUCTURED], found(engine, text)


# ---------------------------------------------------------------- IBAN


@pytest.mark.parametrize(
    "iban",
    [
        "FR76 3000\n6000 0112 3456 7890 189",  # cut by a line break between two groups
        "GB29 NWBK\n6016 1331 9268 19",
        "FR14 2OO4 1O1O O5O5 OOO1 3MO2 6O6",  # O for 0, a letter in the account number
        "PT5O OOO2 O123 1234 5678 9O15 4",  # O for 0 in the check digits
        "it60 x054 2811 1010 0000 0123 456",
    ],
)
def test_ibans_as_written_from_a_phone_are_found_whole(fr: ScreeningEngine, iban: str) -> None:
    _whole(fr, f"voici le rib {iban} pour le virement", iban, "iban")


@pytest.mark.parametrize(
    "text",
    [
        "Réf. FR76 3000\nMerci pour votre retour sur le dossier.",  # a code, then another line
        "SO12 OOPS SOLO IDIO TSOO LOOO",  # letters that read as digits, no valid key
        "salle BE12\n4 personnes attendues",
    ],
)
def test_what_only_looks_like_an_iban_stays_clean(fr: ScreeningEngine, text: str) -> None:
    _clean(fr, text)


# ---------------------------------------------------------------- NIR


@pytest.mark.parametrize(
    "nir",
    [
        "2 80 01 72 584 640, clé 45",
        "2 80 01 72 584 640 (clé 45)",
        "2 80 01 72 584 640 clé : 45",
        "2 80 01 72 584 640\n45",
        "2 98 01 54 442 603, clé 66",  # the thirteen digits alone pass Luhn like a card
    ],
)
def test_a_nir_key_written_apart_belongs_to_it(fr: ScreeningEngine, nir: str) -> None:
    _whole(fr, f"mon numéro de sécu : {nir} merci", nir, "nir")
    text = f"mon numéro de sécu : {nir} merci"
    assert "45" not in suggest(text, fr.screen(text), PLACEHOLDERS).replace("[nir]", "")


def test_a_wrong_key_apart_is_not_taken_into_the_nir(fr: ScreeningEngine) -> None:
    text = "numéro de sécu 2 80 01 72 584 640, clé 46 je crois"
    spans = [f.text for f in fr.screen(text) if f.kind == "nir"]
    assert spans == ["2 80 01 72 584 640"]


# ---------------------------------------------------------------- invisible controls


@pytest.mark.parametrize(
    "shape",
    [
        "\u202epdurand@gmail.com\u202c",
        "\u200fpdurand@gmail.com\u200f",
        "\u2067pdurand@gmail.com\u2069",
        "pdurand\u200f@\u200fgmail.com",
    ],
)
def test_no_invisible_control_is_left_around_a_placeholder(fr: ScreeningEngine, shape: str) -> None:
    text = f"mon mail : {shape} merci"
    proposal = suggest(text, fr.screen(text), PLACEHOLDERS)
    assert proposal == "mon mail : [e-mail] merci"


def test_cadre_check_finds_an_address_behind_an_override(fr: ScreeningEngine) -> None:
    """`cadre check --jsonl` on the raw text finds what the router finds once it has stripped
    the bidi controls, with offsets into the raw text."""
    text = "écris à \u202ep.durand@gmail.com\u202c stp"
    out = io.StringIO()
    stdin = json.dumps({"id": "rlo", "text": text}) + "\n"
    code = run_check(
        io.StringIO(stdin), out, jsonl=True, engine=fr, catalogue=load_catalogue(None), locale="fr"
    )
    assert code == 0
    record = json.loads(out.getvalue().splitlines()[0])
    reported = [(f["kind"], text[f["start"] : f["end"]]) for f in record["findings"]]
    assert reported == [("email", "p.durand@gmail.com")]


# ---------------------------------------------------------------- numbers in words


@pytest.mark.parametrize(
    "phone",
    [
        # Belgian mobiles as num2words writes them in fr_BE: a hundred, then pairs
        "zéro quatre cents septante-deux nonante-neuf seize quatre-vingt et un",
        "zéro quatre cent septante douze trente-quatre cinquante-six",
        # Swiss ones (fr_CH): "huitante"
        "zéro septante-neuf cinq cents huitante-huit huitante-sept cinquante-neuf",
        "zéro six douze trente-quatre cinquante-six soixante-dix-huit",
        "zéro six 12 trente-quatre 56 soixante-dix-huit",
    ],
)
def test_phones_in_words_of_every_french(fr: ScreeningEngine, phone: str) -> None:
    _whole(fr, f"mon numéro c'est {phone} merci", phone, "phone")


@pytest.mark.parametrize(
    ("text", "card"),
    [
        (
            "ma carte : {x}, expire en 12/28",
            "quatre mille deux cent quarante-deux, quatre mille deux cent quarante-deux, "
            "quatre mille deux cent quarante-deux, quatre mille deux cent quarante-deux",
        ),
        (
            "ma carte : {x}, expire en 12/28",
            "six mille onze, mille cent onze, mille cent onze, mille cent dix-sept",
        ),
        ("la carte c'est {x}", "4000 0566 cinq cinq six six 5556"),
    ],
)
def test_cards_read_aloud_by_groups(fr: ScreeningEngine, text: str, card: str) -> None:
    _whole(fr, text.replace("{x}", card), card, "card")


def test_an_english_card_read_digit_by_digit(en: ScreeningEngine) -> None:
    card = "five five five five, five five five five, five five five five, four four four four"
    _whole(en, f"card number {card} expiry 12/28", card, "card")


@pytest.mark.parametrize(
    "text",
    [
        "On attend trois cent quarante personnes au séminaire.",
        "Le devis monte à quatre mille deux cent quarante-deux euros hors taxes.",
        "mille deux cents, trois mille quatre cents, cinq mille six cents et sept mille huit cents euros",
        "en mille neuf cent quatre-vingt-quinze, deux mille trois et deux mille quatorze",
        "on était quatre cent septante-deux, puis cinq cent douze, puis six cent trente",
        "Réunion le douze mars deux mille vingt-six à quatorze heures trente.",
        "le budget : douze mille, quinze mille, vingt mille",
        "un deux trois quatre cinq six sept huit neuf dix",
    ],
)
def test_numbers_of_ordinary_messages_in_words_stay_clean(fr: ScreeningEngine, text: str) -> None:
    _clean(fr, text)


def test_english_counts_in_words_stay_clean(en: ScreeningEngine) -> None:
    _clean(en, "nine hundred and twelve people, four hundred and six cars, three hundred dogs")
    _clean(en, "one two three four five six seven eight nine ten, go")


# ---------------------------------------------------------------- e-mails dictated


@pytest.mark.parametrize(
    "mail",
    [
        "p point durand arobase gmail point com",
        "claire tiret du bas martin arobase yahoo point fr",
        "jean tiret marc point lefevre at orange point fr",
        "JEAN TIRET MARC POINT LEFEVRE AT ORANGE POINT FR",
        "m point dubois 7 5 at hotmail point fr",
        "anne-sophie . roux arobase laposte.net",
        "p.durand sur gmail",
        "p point durand at gmail",
        "pdurand sur gmail",  # announced, and no ordinary word
    ],
)
def test_french_dictated_addresses_are_found_whole(fr: ScreeningEngine, mail: str) -> None:
    _whole(fr, f"Mon mail : {mail}. Merci !", mail, "email")


@pytest.mark.parametrize(
    "mail",
    [
        "p period durand at sign gmail dot com",
        "S PERIOD NGUYEN AT SIGN EXAMPLE DOT COM",
        "claire underscore martin at yahoo period fr",
        "anne hyphen sophie dot roux at laposte dot net",
        "jean dash marc dot lefevre at sign orange dot fr",
        "pdurand at gmail",
    ],
)
def test_english_dictated_addresses_are_found_whole(en: ScreeningEngine, mail: str) -> None:
    _whole(en, f"My email is {mail} if needed.", mail, "email")


@pytest.mark.parametrize(
    "text",
    [
        "je l'ai vu sur gmail hier, le mail de relance",
        "mon mail est plein, je l'ai vu sur gmail",
        "on fait le point sur orange demain",
        "écris-moi, je suis sur gmail et sur outlook",
        "le mail tiret point arobase : je confonds",
        "rendez-vous at 10 point 30",
        "version 2 point 3 at 14 h",
    ],
)
def test_french_words_of_punctuation_in_sentences_stay_clean(fr: ScreeningEngine, text: str) -> None:
    _clean(fr, text)


@pytest.mark.parametrize(
    "text",
    [
        "my email is down, a friend at gmail told me",
        "meet me at the office point final",
        "the file is at foo_bar dot py",
        "at least two dot points at 5",
        "score 3 - 2 at half time",
    ],
)
def test_english_words_of_punctuation_in_sentences_stay_clean(en: ScreeningEngine, text: str) -> None:
    _clean(en, text)


def test_a_dictated_address_keeps_exact_offsets_in_cadre_check(fr: ScreeningEngine) -> None:
    text = "écris à claire tiret du bas martin arobase yahoo point fr stp"
    out = io.StringIO()
    stdin = json.dumps({"id": "said", "text": text}) + "\n"
    code = run_check(
        io.StringIO(stdin), out, jsonl=True, engine=fr, catalogue=load_catalogue(None), locale="fr"
    )
    assert code == 0
    record = json.loads(out.getvalue().splitlines()[0])
    assert [(f["kind"], f["text"]) for f in record["findings"]] == [
        ("email", "claire tiret du bas martin arobase yahoo point fr")
    ]
    for finding in record["findings"]:
        assert text[finding["start"] : finding["end"]] == finding["text"]


# ---------------------------------------------------------------- second round


@pytest.mark.parametrize(
    ("text", "entity", "kind"),
    [
        (
            "mon numéro : plus trente-trois six douze trente-quatre cinquante-six soixante-dix-huit",
            "plus trente-trois six douze trente-quatre cinquante-six soixante-dix-huit",
            "phone",
        ),
        (
            "appelle le zéro six douze trente-quatre\ncinquante-six soixante-dix-huit merci",
            "zéro six douze trente-quatre\ncinquante-six soixante-dix-huit",
            "phone",
        ),
        (
            "appelle le zéro six double douze trente-quatre cinquante-six",
            "zéro six double douze trente-quatre cinquante-six",
            "phone",
        ),
        (
            "écris à jean point dupont chez gmail point com",
            "jean point dupont chez gmail point com",
            "email",
        ),
        ("mon iban FR 76 3000 6000 0112 3456 7890 189", "FR 76 3000 6000 0112 3456 7890 189", "iban"),
    ],
)
def test_other_ways_of_saying_them(fr: ScreeningEngine, text: str, entity: str, kind: str) -> None:
    _whole(fr, text, entity, kind)


def test_plus_said_before_an_english_number(en: ScreeningEngine) -> None:
    phone = "plus four four seven seven double oh nine double oh one two three"
    _whole(en, f"call me on {phone}", phone, "phone")


@pytest.mark.parametrize(
    "text",
    [
        "il y a plus de trois cents personnes",
        "plus deux, plus trois, plus quatre",
        "chez le médecin point barre",
        "on a mangé chez marie point final",
    ],
)
def test_plus_and_chez_in_sentences_stay_clean(fr: ScreeningEngine, text: str) -> None:
    _clean(fr, text)


# ---------------------------------------------------------------- read aloud, other kinds


def test_a_local_part_with_a_surname_of_two_words(fr: ScreeningEngine) -> None:
    mail = "yannick point le bihan arobase wanadoo point fr"
    _whole(fr, f"son adresse c'est {mail} je lui ai écrit", mail, "email")


def test_a_link_read_aloud(fr: ScreeningEngine) -> None:
    link = "calendly point com slash marc-antoine-r"
    _whole(fr, f"le lien c'est {link} mais je ne sais pas", link, "url")


def test_the_start_of_an_iban_spelt_and_read_aloud(fr: ScreeningEngine) -> None:
    iban = "F R sept six trois zéro zéro zéro deux zéro zéro quatre un un"
    _whole(fr, f"mon iban c'est {iban} enfin la suite je l'ai pas", iban, "iban")


def test_a_street_read_aloud(fr: ScreeningEngine) -> None:
    address = "quarante-deux rue de la République soixante-neuf zéro zéro deux Lyon"
    _whole(fr, f"le rendez-vous c'est au {address} je crois", address, "address")


@pytest.mark.parametrize(
    "text",
    [
        "il habite à deux rues d'ici",
        "deux cents personnes dans la rue",
        "la moitié slash un tiers du budget",
        "on fait le point le lundi arobase gmail",
        "sur mon compte de vingt mille deux cents euros",
        "le compte DE trois mille",
    ],
)
def test_numbers_and_symbols_read_aloud_in_sentences_stay_clean(fr: ScreeningEngine, text: str) -> None:
    _clean(fr, text)


@pytest.mark.parametrize(
    "text",
    ["Look at the dot com bubble: it burst in 2000.", "we laughed at the dot com era again"],
)
def test_at_the_dot_com_is_a_sentence(en: ScreeningEngine, text: str) -> None:
    assert en.screen(text) == []


def test_a_spelt_host_that_is_a_rare_word_is_still_an_address(en: ScreeningEngine) -> None:
    assert [(f.kind, f.text) for f in en.screen("write to sales at acme dot com")] == [
        ("email", "sales at acme dot com")
    ]
