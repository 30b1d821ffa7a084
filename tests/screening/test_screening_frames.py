"""Words decided by their frame: an apposition, a department, a title-cased line, a manner.

Examples written for these tests (none copied from a labelled set). What follows a word
says who or what it is: "X, l'assistante du service, …" is someone, "X des achats" is
someone, "Re: Budget Review Final Version" is a subject line whose capitals say nothing,
"a Drucker-style review" is a manner, "the Ministry of X" a ministry's remit, "X Conseil"
a firm, "in X Forest" a place.
"""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import en, found, fr

__all__ = ["en", "fr"]  # fixtures


# ---------------------------------------------------------------- appositions and departments


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Capucine, la responsable du planning, refuse mes congés.", "Capucine"),
        ("Perrichon, le directeur financier, m'a recadrée hier.", "Perrichon"),
        ("Modeste, notre nouvel apprenti, n'ose rien demander.", "Modeste"),
        ("Andrianasolo, l'assistante de direction, trie mes mails.", "Andrianasolo"),
    ],
)
def test_a_role_apposition_closed_by_a_comma_names_someone(fr: ScreeningEngine, text: str, name: str) -> None:
    assert ("person", name) in found(fr, text)


def test_a_role_apposition_names_someone_in_english_too(en: ScreeningEngine) -> None:
    assert ("person", "Pearl") in found(en, "Pearl, our receptionist, wants to retire early.")
    assert found(en, "Fine, my boss said, do it your way.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Bon, le directeur du site, lui, ne dit rien.",
        "Bref, notre manager, comme d'habitude, a oublié.",
        "Bon, le directeur a dit non.",  # no closing comma: an interjection before the subject
        "Lyon, la directrice régionale, y tient beaucoup.",  # a town, not someone
    ],
)
def test_an_interjection_or_a_place_before_a_role_names_no_one(fr: ScreeningEngine, text: str) -> None:
    assert found(fr, text) == []


def test_a_department_after_a_word_names_someone(fr: ScreeningEngine, en: ScreeningEngine) -> None:
    assert ("person", "KL") in found(fr, "KL des achats bloque toutes les commandes.")
    assert ("person", "Nancy") in found(fr, "Nancy de la paie m'a dit d'attendre.")  # a town, and a name
    assert ("person", "wairimu") in found(en, "wairimu in claims keeps rejecting my files")
    assert found(fr, "Le service des achats bloque tout.") == []


# ---------------------------------------------------------------- capitals that say nothing


@pytest.mark.parametrize(
    "text",
    [
        "Re: FW: Q4 Staffing Forecast – Draft Three",
        "Subject: Spring Offsite Agenda And Travel Questions",
    ],
)
def test_a_title_cased_line_is_read_as_if_in_lower_case(en: ScreeningEngine, text: str) -> None:
    assert found(en, text) == []


def test_a_title_cased_line_still_shows_a_name_and_a_signature_keeps_its_firm(en: ScreeningEngine) -> None:
    assert ("person", "Kevin") in found(en, "Subject: Catch Up With Kevin About The Budget Review")
    # a signature's job line is no title: its firm keeps its capitals
    signature = "Nora Quist\nSenior Account Manager\nBramblewood Foods Ltd"
    assert ("organization", "Bramblewood Foods Ltd") in found(en, signature)


def test_a_name_then_style_is_a_manner(en: ScreeningEngine) -> None:
    assert found(en, "we moved to Drucker-style objectives this year") == []
    assert found(en, "a very Kahneman-like reading of the survey") == []


def test_a_ministrys_remit_names_no_firm(en: ScreeningEngine, fr: ScreeningEngine) -> None:
    assert found(en, "the Ministry of Manpower changed the pass rules") == []
    assert found(fr, "le Ministère du Travail a publié la grille") == []
    assert ("person", "John Smith") in found(en, "at the Department of Labor, John Smith, said no")


def test_a_word_then_conseil_is_a_firm_but_not_a_high_council(fr: ScreeningEngine) -> None:
    assert ("organization", "Boréal Conseil") in found(
        fr, "on sous-traite à une agence, Boréal Conseil, depuis mai"
    )
    assert ("organization", "Diallo Conseil RH") in found(fr, "signature : Awa Diallo · Diallo Conseil RH")
    assert found(fr, "le Haut Conseil a rendu son avis") == []


def test_a_name_before_what_the_land_is_is_a_place(en: ScreeningEngine) -> None:
    assert found(en, "the offsite is in Kielder Forest this year") == []
    assert found(en, "we cycled near Loch Tay all weekend") == []
    assert ("person", "Jenny Lake") in found(en, "a meeting with Jenny Lake tomorrow")


def test_a_spaced_out_surname_after_a_spaced_out_name_is_part_of_it(en: ScreeningEngine) -> None:
    assert found(en, "my manager is D a n i e l  O k o t i and he reads this") == [
        ("person", "D a n i e l  O k o t i")
    ]


# ---------------------------------------------------------------- French shorthand


def test_a_word_after_l_apostrophe_is_a_noun(fr: ScreeningEngine) -> None:
    assert found(fr, "L'aurore, c'est quand je pars au dépôt.") == []


def test_j_glued_to_a_verb_before_a_negation_is_je(fr: ScreeningEngine) -> None:
    assert found(fr, "jose pas lui dire, jaime pas les conflits") == []
    assert ("person", "jose") in found(fr, "avec jose on a refait le planning")


def test_a_firm_named_by_an_english_word_needs_a_capital_or_a_cue(en: ScreeningEngine) -> None:
    assert found(en, "we have to stripe the loading bay again") == []
    assert ("organization", "stripe") in found(en, "i got an offer from stripe")


def test_a_department_after_a_qualifier_names_someone_even_a_town(en: ScreeningEngine) -> None:
    assert ("person", "Kev") in found(en, "Kev from the night team called twice")
    assert ("person", "Preston") in found(en, "I report to Preston from the regional office now")
    assert found(en, "we moved from Leeds to Preston from the start") == []


def test_a_word_opening_a_request_is_who_is_asked(en: ScreeningEngine, fr: ScreeningEngine) -> None:
    assert ("person", "Tumelo") in found(en, 'my boss wrote: "Tumelo pls send the stock sheet"')
    assert ("person", "Karim") in found(fr, "Karim svp rappelle le client")
    assert found(en, "Everyone please read the new rota") == []


def test_capitalised_words_set_between_commas_after_a_firms_noun_are_the_firm(
    fr: ScreeningEngine, en: ScreeningEngine
) -> None:
    assert ("organization", "Horizon") in found(fr, "Mon ancien employeur, Horizon, a fermé le site.")
    text = "Ma boîte, Les Ateliers du Moulin, recrute."
    assert ("organization", "Les Ateliers du Moulin") in found(fr, text)
    assert ("organization", "Northgate") in found(en, "our supplier, Northgate, is late again")
    assert found(fr, "l'agence, Lyon, ferme en août") == []
    assert ("person", "Sam") in found(en, "My partner, Sam, says I should quit")


def test_a_first_name_before_a_surname_no_file_holds_is_one_name(fr: ScreeningEngine) -> None:
    assert ("person", "Modeste Ndoumbé") in found(fr, "Rendez-vous avec Modeste Ndoumbé lundi matin")


def test_initials_after_a_naming_verb_and_tous_are_someone(fr: ScreeningEngine) -> None:
    assert ("person", "PLM") in found(fr, "Le patron, qu'on appelle tous PLM, décide seul.")


def test_a_famous_name_used_as_a_type_names_no_one(fr: ScreeningEngine, en: ScreeningEngine) -> None:
    assert found(fr, "mon chef se prend pour un Napoléon de la logistique") == []
    assert found(en, "she is a Mozart of spreadsheets, honestly") == []
    assert ("person", "Martin") in found(fr, "j'ai croisé un Martin de la compta")
    assert ("person", "Cyril") in found(fr, "à envoyer à Cyril de la paie")


def test_a_public_holiday_named_alone_or_whole_names_no_one(en: ScreeningEngine) -> None:
    assert found(en, "Diwali week is always chaos in the warehouse") == []
    assert found(en, "they booked my review on Madaraka Day, again") == []
    assert found(en, "we close early for Martin Luther King Jr. Day") == []
    assert ("person", "Martin") in found(en, "Martin booked my review on a Friday")


def test_a_school_or_a_buyer_named_by_its_capitals(en: ScreeningEngine) -> None:
    assert ("organization", "UCLAN") in found(en, "half the team has a UCLAN degree and I don't")
    assert ("organization", "NMIT") in found(en, "I did my associate's at NMIT before this job")
    assert ("organization", "TRAXO") in found(en, "our biggest buyer is TRAXO and they audit us monthly")
    assert found(en, "an HR degree would help me here") == []


def test_a_firm_no_list_holds_before_its_country_is_its_branch(en: ScreeningEngine) -> None:
    text = "there is an opening at Tolaram Nigeria next month"
    assert ("organization", "Tolaram Nigeria") in found(en, text)


def test_trade_heads_close_a_firm_after_a_word_no_dictionary_holds(en: ScreeningEngine) -> None:
    assert ("organization", "Okoro Supplies") in found(en, "we buy all our cement from Okoro Supplies")
    text = "a member who owns Mensah's Auto Parts & Tyres offered me a job"
    assert ("organization", "Mensah's Auto Parts & Tyres") in found(en, text)
    assert found(en, "I do Computer Repair on weekends") == []


def test_a_role_between_commas_after_an_article_is_held_by_who_follows(
    en: ScreeningEngine, fr: ScreeningEngine
) -> None:
    assert ("person", "KT") in found(en, "the GM, KT, walks the site with no warning")
    assert ("person", "Olive") in found(fr, "la comptable, Olive, part en mai")
    assert found(en, "the manager, however, said no") == []


def test_a_role_as_predicate_names_the_subject(en: ScreeningEngine, fr: ScreeningEngine) -> None:
    assert ("person", "Ivy") in found(en, "Ivy is my new assistant manager and she's brilliant")
    assert ("person", "Capucine") in found(fr, "Capucine est notre comptable depuis mai")
    assert found(en, "Summer is my favourite season") == []
    assert found(en, "Change is my manager's favourite word") == []


def test_job_nouns_are_roles(en: ScreeningEngine, fr: ScreeningEngine) -> None:
    assert ("person", "Maisie") in found(en, "our receptionist Maisie cried again today")
    assert ("person", "Nadège") in found(fr, "l'infirmière Nadège me remplace lundi")


def test_where_a_journey_starts_or_ends_is_a_place(en: ScreeningEngine, fr: ScreeningEngine) -> None:
    assert found(en, "the commute from Sherman to Denton is killing me") == []
    assert found(en, "my flight from Florence got cancelled again") == []
    assert found(en, "half the crew drives in from Milton and Ashby when it snows") == []
    assert found(fr, "le trajet depuis Vierzon me prend deux heures") == []
    assert ("person", "Tracy") in found(en, "I travel to Tracy's office every Monday")
    assert ("person", "Sarah") in found(en, "I got a lift from Sarah to the station")


def test_capitalised_words_spelling_a_domain_in_the_message_are_its_firm(fr: ScreeningEngine) -> None:
    signature = "Bien à vous,\nChargée de mission – Ormelia Paysages\nwww.ormelia-paysages.fr"
    assert ("organization", "Ormelia Paysages") in found(fr, signature)
    farm = "Ferme du Val d'Aure\ncontact@fermeduvaldaure.fr"
    assert ("organization", "Ferme du Val d'Aure") in found(fr, farm)


def test_a_month_between_commas_after_a_role_is_who_holds_it(en: ScreeningEngine) -> None:
    assert ("person", "June") in found(en, "The new starter, June, begins on Monday")
    assert found(en, "in the report, June 2024, we said it") == []


def test_the_local_part_of_an_address_is_no_firms_domain(fr: ScreeningEngine) -> None:
    findings = found(fr, "Martine Dubois, martine.dubois@exemple.fr, 06 12 34 56 78")
    assert findings[0] == ("person", "Martine Dubois")
