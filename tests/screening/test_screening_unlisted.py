"""Words no list holds: places shown by their frame, people shown by the clause they open.

Examples written for these tests (none copied from a labelled set). A capitalised word no
name file knows is a place after what only a place follows ("en", "vers la", "in") or
listed with a known place; a lower-case word no lexicon holds is someone where a subject is
expected (after "found out", after a comma, two of them joined by "and" before a verb).
"""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import en, found, fr

__all__ = ["en", "fr"]  # fixtures


# ---------------------------------------------------------------- places no list holds


@pytest.mark.parametrize(
    "text",
    [
        "on part skier en Maurienne avec toute l'équipe en février",
        "le chantier est vers la Margeride, deux heures de route",
        "ils ont ouvert un dépôt dans la Brenne l'an dernier",
        "elle a grandi aux Tilleuls et connaît tout le quartier",
        "le siège part de la Croix-Rousse pour un bâtiment neuf",
        "les bureaux de la Défense-Ouest ferment le vendredi",
    ],
)
def test_a_capitalised_word_no_name_file_holds_is_a_place_after_a_place_frame(
    fr: ScreeningEngine, text: str
) -> None:
    assert fr.screen(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "we spent the summer hiking in Tyrol before the merger",
        "half the sales team is based across Lapland now",
        "Leeds for a year, then maybe Lisbon, or Andalusia after that",
    ],
)
def test_an_english_word_no_name_file_holds_is_a_place_in_a_place_frame(
    en: ScreeningEngine, text: str
) -> None:
    assert en.screen(text) == []


def test_a_place_frame_never_hides_a_person_or_an_employer(fr: ScreeningEngine, en: ScreeningEngine) -> None:
    # the frame holds only for words no name file knows: a surname there is still someone
    assert found(fr, "j'ai déjeuné avec Dubois vers la gare") == [("person", "Dubois")]
    assert [f.text for f in en.screen("I had a long call with Kowalski in the end")] == ["Kowalski"]
    # a unit's town before "unit" is a place, a person's name before it is not cleared
    assert en.screen("I am moving from the Pune unit to the Hinjewadi unit in March") == []


# ---------------------------------------------------------------- people no list holds


def test_a_word_no_lexicon_holds_opening_a_clause_is_someone(en: ScreeningEngine) -> None:
    assert found(en, "i only just heard tamsin is leaving for good") == [("person", "tamsin")]
    assert found(en, "found out rhodri has the budget now") == [("person", "rhodri")]
    assert found(en, "kavi runs the numbers, tarni does the slides") == [
        ("person", "kavi"),
        ("person", "tarni"),
    ]
    # shorthand and everyday words opening a clause stay clean
    assert en.screen("tbh, idk is the honest answer here") == []
    assert en.screen("I think gonna is too casual for the report") == []


def test_two_words_no_lexicon_holds_joined_before_a_verb_are_people(
    en: ScreeningEngine, fr: ScreeningEngine
) -> None:
    assert found(en, "brodie and kezza had a shouting match in the yard") == [
        ("person", "brodie"),
        ("person", "kezza"),
    ]
    assert found(fr, "wiremu et tamati ont refusé le planning") == [
        ("person", "wiremu"),
        ("person", "tamati"),
    ]
    # abbreviations and everyday words joined the same way stay clean
    assert fr.screen("jsp et jpp ont raison sur ce point") == []
    assert en.screen("so brexit and covid had an impact on hiring") == []


# ---------------------------------------------------------------- firms no list holds


def test_capitalised_words_listed_beside_a_firm_are_firms(en: ScreeningEngine, fr: ScreeningEngine) -> None:
    assert found(en, "we lost two drivers to Tesco and Brindlecombe Haulage this month") == [
        ("organization", "Tesco"),
        ("organization", "Brindlecombe Haulage"),
    ]
    assert found(en, "(Zantelo and Vodafone both refused the contract)") == [
        ("organization", "Zantelo"),
        ("organization", "Vodafone"),
    ]
    assert found(fr, "on sous-traite à Vinci, Kervalec et Eiffage") == [
        ("organization", "Vinci"),
        ("organization", "Kervalec"),
        ("organization", "Eiffage"),
    ]
    # a first name, a place or an abbreviation listed beside a firm is not made a firm
    assert found(en, "Barclays and Sarah sorted it out") == [
        ("organization", "Barclays"),
        ("person", "Sarah"),
    ]
    assert found(en, "Barclays, London and Paris all agreed") == [("organization", "Barclays")]
    assert found(en, "Barclays and HR both signed off") == [("organization", "Barclays")]


def test_a_firm_announced_by_what_it_is_is_a_firm(en: ScreeningEngine, fr: ScreeningEngine) -> None:
    assert found(fr, "ma boîte c'est Les Ateliers du Vieux Port, on est douze") == [
        ("organization", "Les Ateliers du Vieux Port")
    ]
    assert found(fr, "l'imprimeur c'est grapholys, ils ont encore du retard") == [
        ("organization", "grapholys")
    ]
    assert found(en, "the shop is Keswick Outdoor, my aunt runs it") == [("organization", "Keswick Outdoor")]
    assert found(fr, "l'usine a été rachetée par Maréchal Industries en mars") == [
        ("organization", "Maréchal Industries")
    ]
    assert found(en, "we were bought by Calloway Foods in spring") == [("organization", "Calloway Foods")]
    # an ordinary word after the same frame, and a person running a project, stay what they are
    assert fr.screen("ma boîte c'est la pire du secteur") == []
    assert en.screen("the company is growing too fast for us") == []
    assert found(en, "the project is run by Sarah now") == [("person", "Sarah")]


# ---------------------------------------------------------------- cited authors, idioms


@pytest.mark.parametrize(
    "text",
    [
        "my coach lent me “Radical Candor” by Kim Scott and it changed my one-to-ones",
        "the notion was introduced in 1985 by the sociologist Hartmut Veltring",
        "he keeps quoting Marcus Aurelius at every stand-up",
    ],
)
def test_authors_named_as_such_are_references_in_english(en: ScreeningEngine, text: str) -> None:
    assert en.screen(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "je relis « Le Prince » de Machiavel pendant les pauses",
        "un concept théorisé en 1964 par le sociologue Armand Quévrin",
        "ma directrice citait souvent Simone Weil et Hannah Arendt en réunion",
    ],
)
def test_authors_named_as_such_are_references_in_french(fr: ScreeningEngine, text: str) -> None:
    assert fr.screen(text) == []


def test_authorship_without_a_reference_still_names_someone(en: ScreeningEngine, fr: ScreeningEngine) -> None:
    # no title, no year, no profession: the colleague who wrote the rota is someone
    assert found(en, "the rota was written by Sarah last week") == [("person", "Sarah")]
    assert found(fr, "le planning a été créé par Julien sans nous consulter") == [("person", "Julien")]


@pytest.mark.parametrize(
    ("engine_name", "text"),
    [
        ("en", "it is like the sword of Damocles over the whole team"),
        ("en", "happy as Larry now that the audit is over"),
        ("fr", "cette odeur de photocopieuse, c'est ma madeleine de Proust"),
        ("fr", "le nouveau logiciel arrivera à la Saint-Glinglin"),
        ("fr", "classer ces archives, c'est un vrai travail de Romain"),
    ],
)
def test_idioms_with_a_name_name_nobody(
    en: ScreeningEngine, fr: ScreeningEngine, engine_name: str, text: str
) -> None:
    engine = en if engine_name == "en" else fr
    assert engine.screen(text) == []
    # the same name outside its idiom is someone
    assert found(fr, "Romain a repris le dossier") == [("person", "Romain")]


# ---------------------------------------------------------------- abbreviations, public bodies


def test_words_in_capitals_listed_with_abbreviations_are_abbreviations(fr: ScreeningEngine) -> None:
    assert fr.screen("il nous faut le GWO, TRAVAK, SST et CACES avant mars") == []
    # surnames in capitals before their first names stay people, whatever is listed beside
    assert [f.text for f in fr.screen("présents : LEROUX Julien, BARRE Anne, RH")] == [
        "LEROUX Julien",
        "BARRE Anne",
    ]


def test_a_public_body_named_by_what_it_does_names_no_one(en: ScreeningEngine, fr: ScreeningEngine) -> None:
    assert en.screen("The Charity Commission wants the accounts by June") == []
    assert en.screen("we had a letter from the Low Pay Commission") == []
    assert fr.screen("la Haute Autorité de Santé a changé ses recommandations") == []
    # a first name alone before the same words is still someone
    assert found(en, "I told Grace the council had called") == [("person", "Grace")]


# ---------------------------------------------------------------- references, feasts, months, numbers


@pytest.mark.parametrize(
    "text",
    [
        "trust grows with contact (Halvorsen 2011, p. 12) and shrinks with distance",
        "as Edmondson and Lei (2014) put it, safety comes first",
        "Thornbury et al. found the same drop in engagement",
    ],
)
def test_a_reference_in_citation_form_names_an_author(en: ScreeningEngine, text: str) -> None:
    assert en.screen(text) == []


def test_a_possessive_before_a_model_is_the_models_author(en: ScreeningEngine) -> None:
    assert en.screen("we used Halvorsen's taxonomy to sort the feedback") == []
    # a common first name's possessive before the same words is someone's
    assert found(en, "Sarah's framework for the rota works") == [("person", "Sarah")]


def test_a_saints_day_names_no_one(en: ScreeningEngine, fr: ScreeningEngine) -> None:
    assert fr.screen("on fête la Saint-Patrick au bureau vendredi") == []
    assert en.screen("St Andrew's Day is a half day for the Glasgow team") == []
    assert found(fr, "j'ai vu Julie Saint-Martin hier") == [("person", "Julie Saint-Martin")]


def test_a_month_abbreviation_after_its_cue_is_a_month(en: ScreeningEngine) -> None:
    assert en.screen("the new rota starts in Jan, three shifts a week") == []
    assert found(en, "the budget sits with Jan Kowalski now") == [("person", "Jan Kowalski")]


def test_a_rank_or_a_standard_is_no_street_number(fr: ScreeningEngine, en: ScreeningEngine) -> None:
    assert fr.screen("mon n+1 cite la règle des trois tiers à chaque point") == []
    assert en.screen("we start the ISO 27001 gap review on Monday") == []
    assert found(fr, "il habite 1 cité la Muette, 75016 Paris") == [
        ("address", "1 cité la Muette, 75016 Paris")
    ]


# ---------------------------------------------------------------- more cues, both ways


def test_the_writer_listed_with_a_word_no_lexicon_holds_is_listed_with_someone(en: ScreeningEngine) -> None:
    assert found(en, "yesterday tavita quit in the middle of the shift") == [("person", "tavita")]
    assert found(en, "ngozika and i both went for the senior role") == [("person", "ngozika")]
    # a typo and an everyday word listed with the writer stay clean
    assert en.screen("covid and me are not friends") == []
    assert en.screen("the scheduel and i are at war this week") == []


def test_a_long_word_one_edit_from_a_dictionary_word_is_a_typo(en: ScreeningEngine) -> None:
    assert en.screen("my appraisel is on wendesday and i have nothing ready") == []


def test_a_model_word_then_a_name_is_the_models_name(fr: ScreeningEngine) -> None:
    assert fr.screen("depuis la loi El Khomri on a le droit à la déconnexion") == []
    assert fr.screen("la méthode Coué ne suffira pas pour ce trimestre") == []
    assert found(fr, "le test Julien ne vaut rien") == [("person", "Julien")]


def test_a_word_no_name_file_holds_after_du_or_des_is_a_place(fr: ScreeningEngine) -> None:
    assert fr.screen("les élèves viennent des villages du Ternois sans bus") == []
    assert found(fr, "je relis Joachim du Bellay le soir") == [("person", "Joachim du Bellay")]


def test_a_trade_in_lower_case_then_a_name_in_capitals_is_a_firm(fr: ScreeningEngine) -> None:
    assert found(fr, "je travaille pour la coopérative Terres Vives depuis mai") == [
        ("organization", "coopérative Terres Vives")
    ]
    assert found(fr, "trésorière de l'association Les Amis du Moulin, je fais la paie") == [
        ("organization", "association Les Amis du Moulin")
    ]
    # a workshop on a tool is no firm
    assert fr.screen("on a un atelier Excel lundi matin") == []


def test_a_hospital_or_a_school_named_by_its_town_or_founder_is_an_employer(fr: ScreeningEngine) -> None:
    assert found(fr, "on sous-traite pour le chu de rennes depuis mai") == [("organization", "chu de rennes")]
    assert found(fr, "je suis infirmière au CHU Bretonneau depuis deux ans") == [
        ("organization", "CHU Bretonneau")
    ]
    # what the hospital has is no place and no founder
    assert fr.screen("l'hôpital de jour est plein cette semaine") == []


def test_words_in_capitals_among_known_abbreviations_are_abbreviations(fr: ScreeningEngine) -> None:
    assert fr.screen("PSE en avril, BDESE à jour, CSSCT en juin : le CSE croule") == []
    # initials after "avec" are someone's, whatever abbreviations surround them
    assert found(fr, "la DRH et le CSE ont vu le dossier avec JBM hier") == [("person", "JBM")]


def test_an_author_known_as_such_is_cited_when_a_verb_of_saying_follows(fr: ScreeningEngine) -> None:
    assert fr.screen("Sartre disait que l'enfer c'est les autres, mon open space le prouve") == []


def test_a_type_named_after_a_character_is_no_one(fr: ScreeningEngine) -> None:
    assert fr.screen("mon neveu fait son Tanguy et ma sœur s'épuise") == []
    assert fr.screen("au bureau c'est un vrai Gaston Lagaffe, on l'adore") == []
    assert fr.screen("ce métier n'a rien d'un roman à l'eau de rose") == []


# ---------------------------------------------------------------- structured data in other shapes


def test_a_bracketed_address_at_a_country_domain_is_an_email(en: ScreeningEngine) -> None:
    assert found(en, "write to anjali(at)mehtaworks(dot)in today") == [
        ("email", "anjali(at)mehtaworks(dot)in")
    ]
    # spelt-out words before a country's domain are a sentence
    assert en.screen("I'm at home dot in the evening, call then") == []


def test_a_german_speaking_street_with_its_number_is_an_address(
    fr: ScreeningEngine, en: ScreeningEngine
) -> None:
    assert found(fr, "livraison : Seestrasse 48, 8700 Küsnacht, avant midi") == [
        ("address", "Seestrasse 48, 8700 Küsnacht")
    ]
    assert found(en, "their office is at Leopoldstraße 9 on the second floor") == [
        ("address", "Leopoldstraße 9")
    ]


def test_letters_spaced_around_dots_are_one_name(en: ScreeningEngine) -> None:
    assert found(en, "the new lead is called K . E . V . I . N apparently") == [
        ("person", "K . E . V . I . N")
    ]


def test_firms_closed_by_their_trade_or_legal_form(en: ScreeningEngine) -> None:
    assert found(en, "she moved to Harlow & Pike Publishing last spring") == [
        ("organization", "Harlow & Pike Publishing")
    ]
    assert found(en, "the lawyers are Dlamini Naidoo Incorporated, in Durban") == [
        ("organization", "Dlamini Naidoo Incorporated")
    ]
    assert found(en, "I have been at Okoro Brandt Architects for years") == [
        ("organization", "Okoro Brandt Architects")
    ]
    assert en.screen("a limited budget and we carry on regardless") == []


def test_a_first_name_and_an_initial_are_one_name(en: ScreeningEngine) -> None:
    assert found(en, "the shift is me, Gemma and Tony D, nobody else") == [
        ("person", "Gemma"),
        ("person", "Tony D"),
    ]
    assert found(en, "Tom and I agree on the rota") == [("person", "Tom")]


def test_a_surname_shown_by_its_particle_or_its_role(en: ScreeningEngine) -> None:
    assert found(en, "van Rooyen keeps moving my shifts around") == [("person", "van Rooyen")]
    assert found(en, "MacCrimmon the owner wants shorter breaks") == [("person", "MacCrimmon")]
    # an imperative before "the" and a role is a verb
    assert en.screen("Bill the client for the extra hours, or absorb them?") == []


def test_a_word_no_name_file_holds_after_from_the_is_a_place(en: ScreeningEngine) -> None:
    assert en.screen("we cover everything from the Kalahari to the coast") == []
    # before what a firm has, the same word is the firm
    assert [f.text for f in en.screen("I had a call from the Zorblax team")] == ["Zorblax"]


def test_a_phone_cut_by_a_line_break_is_one_phone(fr: ScreeningEngine, en: ScreeningEngine) -> None:
    assert found(fr, "Port. 06 48 27\n19 05 (je suis en déplacement)") == [("phone", "06 48 27\n19 05")]
    assert found(en, "ring me on\n+44 7700\n900 461\nthanks") == [("phone", "+44 7700\n900 461")]
    # two short numbers on two lines are no phone
    assert fr.screen("il y a 12\n34 personnes au séminaire") == []


def test_an_extension_in_brackets_belongs_to_the_phone(fr: ScreeningEngine) -> None:
    assert found(fr, "Accueil : 01 42 68 53 00 (poste 2231), demandez Paul") == [
        ("phone", "01 42 68 53 00 (poste 2231)"),
        ("person", "Paul"),
    ]


def test_a_nickname_is_found_whole(fr: ScreeningEngine) -> None:
    assert found(fr, "on l'appelle tous « le Petit Louis » au dépôt") == [("person", "Petit Louis")]
    assert found(fr, "il y aura Sylvie, Nanou Keraval et Karima") == [
        ("person", "Sylvie"),
        ("person", "Nanou Keraval"),
        ("person", "Karima"),
    ]
    # an ordinary word before a first name stays out of it
    assert found(fr, "Hier Jacques a tout annulé") == [("person", "Jacques")]


def test_a_name_then_who_it_is_is_someone(fr: ScreeningEngine) -> None:
    assert found(fr, "Loulou la comptable est partie sans prévenir") == [("person", "Loulou")]
    assert fr.screen("Excel le tableur plante encore") == []


def test_a_french_message_opened_by_a_word_no_lexicon_holds_and_its_verb(fr: ScreeningEngine) -> None:
    assert found(fr, "tiphou m'a encore laissé la fermeture") == [("person", "tiphou")]
    # shorthand that opens a message stays clean
    assert fr.screen("askip il part en mars") == []
    assert fr.screen("jpp me dit rien du tout") == []
