"""French names with nothing to mark them (no capital, no title): a surname alone where a
person is expected, a full name in lower case whose surname is rare, a first name after
"bosser avec". Examples written for these tests (none copied from a labelled set); `found`
checks every finding's offsets against the text.
"""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import en, found, fr

__all__ = ["en", "fr"]  # fixtures


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a surname of the files that no dictionary holds, where a person stands
        ("franchement selon debroux je manque d'initiative", "debroux"),
        ("je remplace azevedo pendant ses congés", "azevedo"),
        ("on a tout raté à cause de ferland et de son planning", "ferland"),
        ("la réunion s'est tendue, azzouz m'a coupé la parole deux fois", "azzouz"),
        # a first name in lower case, then a rare surname
        ("je dois recadrer henri potvin avant vendredi", "henri potvin"),
        ("tu connais josiane bédard de la compta ?", "josiane bédard"),
        # a rare first name and a surname no dictionary holds, then what a person does
        ("bon, youba glapiak m'a encore relancé ce matin", "youba glapiak"),
        # listed with the writer
        ("à la réunion il y avait moi, benmoussa et la cheffe", "benmoussa"),
        # after a role, a surname no dictionary holds, however often the press writes it
        ("mon binôme santos ne répond plus à mes mails", "santos"),
        ("la stagiaire hamon est en arrêt depuis lundi", "hamon"),
        # after "avec", a surname of the files is someone, not a firm
        ("ça se passe mal avec abdellaoui depuis mars", "abdellaoui"),
    ],
)
def test_bare_name_in_a_person_frame(fr: ScreeningEngine, text: str, name: str) -> None:
    assert ("person", name) in found(fr, text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("on a bossé avec Youba Haddad tout le mois", "Youba Haddad"),
        ("elle travaille pour Georgette Mertens depuis le printemps", "Georgette Mertens"),
    ],
)
def test_first_name_after_working_with_is_a_person(fr: ScreeningEngine, text: str, name: str) -> None:
    assert found(fr, text) == [("person", name)]


@pytest.mark.parametrize(
    "text",
    [
        "selon la direction je manque d'initiative",
        "je remplace le stagiaire pendant ses congés",
        "on a tout raté à cause de la météo et du planning",
        "avec teams et slack on se perd dans les messages",
        "selon moi il faut revoir le process",
        "je bosse pour la mairie depuis dix ans",
        "mon manager seo m'a demandé un audit",
        "le stagiaire sympa est parti plus tôt",
    ],
)
def test_same_frames_with_no_one_stay_clean(fr: ScreeningEngine, text: str) -> None:
    assert found(fr, text) == []


def test_lower_case_name_keeps_its_particle(fr: ScreeningEngine) -> None:
    """A rare first name's rule must not stop the particle rule ("julie da silva")."""
    assert ("person", "julie da silva") in found(fr, "ce matin julie da silva m'a relancée")


def test_firm_after_working_for_stays_a_firm(fr: ScreeningEngine) -> None:
    assert ("organization", "Decathlon") in found(fr, "je bosse pour Decathlon depuis trois ans")


@pytest.mark.parametrize(
    ("text", "initials"),
    [
        ("hier soir R. T. m'a appelé pour se plaindre", "R. T."),
        ("mon binôme L. V. garde tout pour lui", "L. V."),
    ],
)
def test_two_dotted_initials_are_someone(fr: ScreeningEngine, text: str, initials: str) -> None:
    assert ("person", initials) in found(fr, text)


@pytest.mark.parametrize(
    "text",
    [
        "N. B. : la réunion est décalée",
        "il faut choisir entre les réponses A. B. C. ou D.",
        "voir la partie 2. A. B. pour le détail",
    ],
)
def test_letters_that_label_stay_clean(fr: ScreeningEngine, text: str) -> None:
    assert [span for kind, span in found(fr, text) if kind == "person"] == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a capitalised first name that is also a frequent word, then what a person does
        ("ce midi Olive m'a dit que le poste était pris", "Olive"),
        ("depuis lundi Gloria pense qu'on l'évite", "Gloria"),
        # after "bosser avec", a capitalised name of the files is someone, not a firm
        ("on a bossé avec Vieira sur tout le chantier", "Vieira"),
    ],
)
def test_word_names_by_what_they_do(fr: ScreeningEngine, text: str, name: str) -> None:
    assert found(fr, text) == [("person", name)]


@pytest.mark.parametrize(
    "text",
    [
        "depuis Noël me stresse, je dors mal",
        "le séjour à Florence me manque déjà",
    ],
)
def test_feasts_and_towns_before_a_verb_stay_clean(fr: ScreeningEngine, text: str) -> None:
    assert found(fr, text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a letter French never writes: a word of another language, here someone's name
        ("je remplace dilşad pendant son congé", "dilşad"),
        ("à cause de ayşen on a raté le train", "ayşen"),
    ],
)
def test_names_spelt_abroad_in_a_person_frame(fr: ScreeningEngine, text: str, name: str) -> None:
    assert ("person", name) in found(fr, text)


def test_town_spelt_abroad_stays_clean(fr: ScreeningEngine) -> None:
    assert found(fr, "cet été on a visité łódź et toruń en train") == []
