"""Rules of the 2026-12-03 night round: organizations and French persons that no list
holds, found by their frame or their shape (an employer's noun and "c'est", a takeover,
being somewhere since a date, digits in a firm's name, an abbreviation in an employer's
slot; a first name with an initial, of a department, over a particle, surname first).

Examples written for these tests (none copied from a labelled set); `found` checks every
finding's offsets against the text.
"""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import en, found, fr

__all__ = ["en", "fr"]  # fixtures


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        # an employer's noun, then "c'est" or the SMS "c"
        ("notre mutuelle c'est alan maintenant, et personne ne comprend", "alan"),
        ("le bureau d etudes c kerlys, ils ont deux semaines de retard", "kerlys"),
        # a takeover: the firm's noun between, a company head in lower case after
        ("on a été rachetés par velmora labs l'an dernier", "velmora labs"),
        ("le journal a été racheté par le groupe kervadec média", "le groupe kervadec média"),
        # a trade opening a name closed by "et fils"
        ("je bosse chez menuiserie quéméner et fils depuis dix ans", "menuiserie quéméner et fils"),
        # being at a place since a date
        ("je suis chez brocéliande depuis 2019 et rien ne bouge", "brocéliande"),
        ("Je suis à la BQRV depuis 2018, au service crédit.", "BQRV"),
        # digits in the name
        ("Je suis approchée par 7F pour un poste à Tours", "7F"),
        ("je bosse chez Atelier2000 depuis trois ans", "Atelier2000"),
        ("ZX81 Conseil m'a proposé un CDI", "ZX81 Conseil"),
        # an abbreviation in an employer's slot
        ("je bosse pour la BQRV et mon chef ne me parle plus", "BQRV"),
        ("Le bailleur principal, l'AFDR, a demandé un audit complet.", "AFDR"),
        ("notre client, la BQRV, veut tout pour lundi", "BQRV"),
    ],
)
def test_a_french_frame_names_a_firm_no_list_holds(fr: ScreeningEngine, text: str, firm: str) -> None:
    assert ("organization", firm) in found(fr, text)


@pytest.mark.parametrize(
    "text",
    [
        "notre client c'est le plus important",
        "ma boîte c est nulle en ce moment",
        "notre banque c'est claire sur ce point",
        "le fournisseur c vraiment pas top",
        "racheté par le groupe allemand en 2020",
        "le père et le fils veulent tout changer",
        "je suis chez mamie depuis lundi",
        "je suis chez moi depuis hier, malade",
        "je suis au chômage depuis mai",
        "je suis au SMIC depuis cinq ans",
        "je suis à la CAF depuis mars pour mon dossier",
        "on bosse en B2B avec des clients exigeants",
        "le planning T1 est validé",
        "je travaille pour 2H le matin seulement",
        "la réunion est à 14H avec la DRH",
        "je travaille à la DSI et avec la RH",
        "notre client, la RH, a demandé un point",
        "mon employeur, la CAF, recrute des conseillers",
    ],
)
def test_french_frames_before_ordinary_things_name_no_firm(fr: ScreeningEngine, text: str) -> None:
    assert found(fr, text) == []


def test_english_since_frame_names_the_employer(en: ScreeningEngine) -> None:
    assert ("organization", "aib") in found(en, "im at aib since 2020 and my boss wants unpaid overtime")
    assert ("organization", "ZX81") in found(en, "I joined ZX81 last year")


@pytest.mark.parametrize(
    "text",
    [
        "I was at uni since 2019",
        "I've been at home since monday",
        "I start work at 9AM every day",
        "I left at 5PM and nobody noticed",
        "we work in B2B sales",
    ],
)
def test_english_since_frame_before_ordinary_things_names_no_firm(en: ScreeningEngine, text: str) -> None:
    assert found(en, text) == []


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Priyanka S., Oluwaseun et Aitor sont candidats en interne", "Priyanka S."),
        ("voir avec Tomasz K. demain pour le planning", "Tomasz K."),
        ("Noël du contrôle de gestion refuse mes notes de frais", "Noël"),
        ("Rose de la compta m'a dit que c'était validé", "Rose"),
        ("rdv demain avec tiphaine le goff pr mon entretien", "tiphaine le goff"),
        ("voir avec karim ben salah demain", "karim ben salah"),
        ("MARTIN, Julie m'a relancée trois fois", "MARTIN, Julie"),
        ("Tran Thi Mai est ma nouvelle N+1", "Tran Thi Mai"),
    ],
)
def test_a_french_person_is_found_whole(fr: ScreeningEngine, text: str, person: str) -> None:
    assert ("person", person) in found(fr, text)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("j'ai vu julien le matin", "julien"),
        ("demande à julien de la compta", "julien"),
        ("avec erwan le lundi c'est mieux", "erwan"),
    ],
)
def test_a_lower_case_name_stops_before_an_ordinary_word(fr: ScreeningEngine, text: str, person: str) -> None:
    assert found(fr, text) == [("person", person)]


@pytest.mark.parametrize(
    "text",
    [
        "On a un plan B. Rien de plus.",
        "Prends de la vitamine C. Ça aide.",
        "La Direction du contrôle de gestion refuse les notes.",
        "je suis mutée a clermont ferrand a la rentrée",
        "on part à aix en provence cet été",
    ],
)
def test_french_shapes_of_no_one(fr: ScreeningEngine, text: str) -> None:
    assert found(fr, text) == []


def test_an_abbreviation_is_no_initial(en: ScreeningEngine) -> None:
    assert found(en, "We went to the U.S. last year") == []
    assert found(en, "We need a Plan B. Soon.") == []
