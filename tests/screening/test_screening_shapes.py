"""Real-world shapes of phones, addresses and places, in both languages.

Examples written for these tests (none copied from a labelled set): the shapes mentees
type, including foreign numbers and addresses, and places named alone that must stay clean.
"""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import en, found, fr

__all__ = ["en", "fr"]  # fixtures


# ---------------------------------------------------------------- phones


@pytest.mark.parametrize(
    "number",
    [
        "(+33) 6 48 27 19 05",  # the bracket opens the number
        "0474 58 21 96",  # Belgian mobile, national format
        "021 845 32 10",  # Swiss landline
        "087 415 2093",  # Irish mobile
        "0412 736 508",  # Australian mobile
        "0808 164 2277",  # British freephone
        "(0909) 417 3355",  # British special rate, bracketed
    ],
)
def test_national_numbers_of_neighbouring_and_english_speaking_countries(
    fr: ScreeningEngine, number: str
) -> None:
    assert found(fr, f"Son numéro : {number}, à rappeler jeudi.") == [("phone", number)]


@pytest.mark.parametrize("number", ["(618)204-9917", "618-204-9917", "618.204.9917", "+1-618-204-9917"])
def test_the_north_american_grouping_is_a_phone_whatever_the_area_code(
    fr: ScreeningEngine, en: ScreeningEngine, number: str
) -> None:
    # 618 is allocated, but the same grouping with a made-up area code is a phone too
    made_up = number.replace("618", "158")
    for engine in (fr, en):
        assert found(engine, f"ligne directe {number} le matin") == [("phone", number)]
        assert found(engine, f"her desk is {made_up} in the morning") == [("phone", made_up)]
    assert found(en, "reach her on 158 204 9917 before noon") == [("phone", "158 204 9917")]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("call 503.771.2046x318 after lunch", "503.771.2046x318"),
        ("my desk is 020 7183 4402 ext. 215 on weekdays", "020 7183 4402 ext. 215"),
        ("au standard 01 53 24 88 10 poste 4471, demande Lucie", "01 53 24 88 10 poste 4471"),
    ],
)
def test_an_extension_belongs_to_the_phone(
    fr: ScreeningEngine, en: ScreeningEngine, text: str, number: str
) -> None:
    assert ("phone", number) in found(fr, text) and ("phone", number) in found(en, text)


def test_a_local_number_counts_when_the_text_announces_a_phone(
    en: ScreeningEngine, fr: ScreeningEngine
) -> None:
    assert found(en, "text me on 4417 2290 tonight") == [("phone", "4417 2290")]
    assert found(fr, "tél. : 555-0187") == [("phone", "555-0187")]
    # the same digits without a phone's announcement are a reference, an amount or a count
    assert found(en, "the badge was 4417 2290 last year") == []
    assert found(fr, "le dossier 555-0187 est clos") == []


@pytest.mark.parametrize(
    "text",
    [
        "ticket 123-456-789 is still open",
        "the 2023-2024 budget was 350 000, version 3.14.159 shipped",
        "on a fait 1 250 000 € de CA en 2024-2025, réunion le 12/03/2025 à 14h30",
        "commande de 0 à 10 000 unités entre 2019 et 2023",
    ],
)
def test_references_amounts_and_dates_are_no_phones(
    fr: ScreeningEngine, en: ScreeningEngine, text: str
) -> None:
    assert fr.screen(text) == [] and en.screen(text) == []


# ---------------------------------------------------------------- addresses


@pytest.mark.parametrize(
    "address",
    [
        "6 bis rue des Glycines, 3e étage, 33800 Bordeaux",
        "9 rue Lamartine, appartement 21, 63000 Clermont-Ferrand",
        "impasse des Tanneurs, 84000 Avignon",  # no number, its postcode after it
        "BP 412 - 13001 Marseille Cedex",
        "27 rue du 11 novembre 1918, 42000 Saint-Étienne",
        "3 allée Georges et Jeanne Brassens, 35000 Rennes",
        "5, place Kléber (67000)",
        "chemin des Vergers 8, 1208 Genève",  # the number after the street, as in Switzerland
        "rue Haute 71 à Bruxelles",
        "Mas des Oliviers, 30900 Nîmes",  # a named place before its postcode and town
    ],
)
def test_french_addresses_are_found_whole(fr: ScreeningEngine, address: str) -> None:
    assert found(fr, f"Envoyez le courrier au {address} avant vendredi.") == [("address", address)]


def test_a_town_after_a_street_typed_in_lower_case_belongs_to_it(fr: ScreeningEngine) -> None:
    assert found(fr, "je vis au 8 rue jean moulin a rennes") == [("address", "8 rue jean moulin a rennes")]


@pytest.mark.parametrize(
    "address",
    [
        "Level 4, 120 Collins Street, Melbourne VIC 3000",
        "Studio 3, 18 Canal Walk, Bristol BS1 6QE",
        "Ivy Cottage, Chapel Lane, Great Ayton TS9 6HB",  # a named house, a street without number
        "The Granary, Mill Road, Ely CB7 4DQ",
        "22 Wakefield Street, Wellington 6011",
        "PO Box 77, Dublin 8",
        "14 Hollins Hill Rd, Kilkenny",
        "3 Orchard Row, Ballymore, Co. Westmeath",
        "Unit 6, 40 Sturt Street, Ballarat, VIC, 3350",
        "14, Residency Road, Pune-411001",
    ],
)
def test_english_addresses_are_found_whole(en: ScreeningEngine, address: str) -> None:
    assert found(en, f"Please post it to {address}.") == [("address", address)]


@pytest.mark.parametrize(
    "text",
    [
        "la réunion est au 3e étage, salle B, pour 12 personnes",
        "le salon a lieu en 2025 à Lyon, 3 jours de stands",
        "il y a 3 chemins possibles pour la promo et 2 cours de management",
        "the meeting is on level 3, room B, for 12 people",
    ],
)
def test_floors_and_counts_without_a_street_are_no_address(
    fr: ScreeningEngine, en: ScreeningEngine, text: str
) -> None:
    assert fr.screen(text) == [] and en.screen(text) == []


# ---------------------------------------------------------------- places named alone


@pytest.mark.parametrize(
    "text",
    [
        "le dépôt de Vélizy ferme et l'agence d'Ivry aussi",  # Vélizy-Villacoublay, Ivry-sur-Seine
        "Saint-Étienne a perdu le contrat et Nancy et Metz ferment leurs agences",
        "je passe rue de Rivoli tous les matins, puis boulevard Haussmann",
        "on se retrouve place Bellecour après le comité",
    ],
)
def test_french_places_named_alone_are_clean(fr: ScreeningEngine, text: str) -> None:
    assert fr.screen(text) == []


def test_streets_named_alone_in_english_are_clean(en: ScreeningEngine) -> None:
    assert en.screen("I'm on Baker Street most days, near Abbey Road") == []
    # a firm named after its street is still a firm
    assert en.screen("a loan from Harcourt Lane Bank") != []


def test_a_person_whose_name_is_also_a_town_is_found_on_person_cues(fr: ScreeningEngine) -> None:
    assert found(fr, "M. Vitry m'a encore coupé la parole") == [("person", "Vitry")]
    assert found(fr, "j'ai vu avec Vitry pour le planning") == [("person", "Vitry")]
    assert found(fr, "Nancy et Marc ne se parlent plus") == [("person", "Nancy"), ("person", "Marc")]
    assert ("person", "Martin") in found(fr, "on m'a donné la place de Martin dans l'équipe")


@pytest.mark.parametrize(
    "text",
    [
        "jsuis mutée a st quentin en mars, jhabite encore a rouen",  # Saint-Quentin, "j'habite"
        "on a un client vers ste foy",
    ],
)
def test_places_typed_in_lower_case_are_clean_in_french(fr: ScreeningEngine, text: str) -> None:
    assert fr.screen(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "relocating to leeds in feb, no idea how to break it to the team",
        "we've got a site out in milton keynes and one in the Peak District",
        "the whole South West region reports to a very Bristol-based director",
        "our main supplier is in Frankfurt and the Cotswolds site closes in sept",
    ],
)
def test_places_in_english_are_clean(en: ScreeningEngine, text: str) -> None:
    assert en.screen(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "I'm based in Rosebank now and the commute is much shorter",  # a suburb (ZA)
        "half the drivers live out in Maricopa, so late jobs are a trek",  # a small US town
        "we run one depot in Regina and another one in Saskatoon",  # also a French commune
        "we swapped a flat in Lavapiés for a bigger one in Getafe",  # a district of Madrid
    ],
)
def test_villages_and_suburbs_named_alone_are_clean_in_english(en: ScreeningEngine, text: str) -> None:
    assert en.screen(text) == []


def test_a_village_named_like_an_employer_is_still_a_firm_after_a_role(en: ScreeningEngine) -> None:
    # "Argos" is also a Greek town; after "manager at" it is someone's employer
    assert [text for _, text in found(en, "my line manager at Argos keeps moving my shifts")] == ["Argos"]
    assert [text for _, text in found(en, "I had an interview at Argos on Monday")] == ["Argos"]
    # a name is found on person cues even if a town shares it
    assert found(en, "Regina said the numbers are fine") == [("person", "Regina")]


@pytest.mark.parametrize(
    "text",
    [
        "on évoque une mutation à Nouméa, je ne sais pas quoi en penser",  # New Caledonia
        "je gère trois résidences de Cimiez jusqu'au port",  # a district of Nice
    ],
)
def test_villages_and_districts_named_alone_are_clean_in_french(fr: ScreeningEngine, text: str) -> None:
    assert fr.screen(text) == []


def test_a_lower_case_name_after_to_is_still_someone(en: ScreeningEngine) -> None:
    assert found(en, "i said to jordan that the demo went well") == [("person", "jordan")]
    assert ("person", "jan") in found(en, "jan said the demo went well")


@pytest.mark.parametrize(
    "address",
    [
        "2nd Floor, 17 Oxford Road, Parktown, Johannesburg, 2193",  # the code after the towns
        "Flat 5, 31 Park Road, Jubilee Hills, Hyderabad 500033",  # an Indian PIN after the town
    ],
)
def test_a_floor_before_and_a_code_after_the_towns_belong_to_the_address(
    en: ScreeningEngine, address: str
) -> None:
    assert found(en, f"Couriers go to {address}.") == [("address", address)]


def test_a_city_of_several_ordinary_words_is_a_place(en: ScreeningEngine) -> None:
    assert en.screen("my sister may relocate to Ho Chi Minh City for work") == []


@pytest.mark.parametrize(
    "text",
    [
        "le festival se joue entre Chamonix et Annecy cette année",  # short form of Chamonix-Mont-Blanc
        "l usine d Évian embauche des intérimaires",  # "d'Évian" typed without its apostrophe
    ],
)
def test_a_place_after_entre_or_a_bare_d_is_clean_in_french(fr: ScreeningEngine, text: str) -> None:
    assert fr.screen(text) == []


def test_between_people_is_still_someone_in_french(fr: ScreeningEngine) -> None:
    assert ("person", "Florence") in found(fr, "entre Florence et moi le courant ne passe plus")


def test_capitals_after_a_determiner_name_a_thing_not_someone(en: ScreeningEngine) -> None:
    assert en.screen("every HVAC unit in the depot broke and each AC on the vans too") == []
    # initials where a person is expected are still someone
    assert found(en, "I told JB about the rota") == [("person", "JB")]


def test_an_eponym_before_what_it_names_is_clean(en: ScreeningEngine) -> None:
    assert en.screen("we plotted it on a Gantt chart and checked it against Dunbar's number") == []
    # the same surname as someone's stays a person
    assert found(en, "my manager Dunbar keeps moving the deadline") == [("person", "Dunbar")]


def test_a_known_firm_that_is_also_a_town_is_the_town_after_a_place_cue(en: ScreeningEngine) -> None:
    assert en.screen("I commute from Lewes to Dover three days a week") == []


def test_plural_weekdays_and_religious_feasts_are_no_names(en: ScreeningEngine) -> None:
    assert en.screen("I only do Sundays now, and I take a week off for Diwali and Eid") == []


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("I volunteer at Brackenford Hospice twice a month", "Brackenford Hospice"),
        ("she opened Ostley Physiotherapy last spring", "Ostley Physiotherapy"),
        ("we had the team dinner at Tonino's Trattoria", "Tonino's Trattoria"),
        ("my son goes to St Aldric's Primary School", "St Aldric's Primary School"),
    ],
)
def test_a_firm_closed_by_its_head_is_found_whole(en: ScreeningEngine, text: str, firm: str) -> None:
    assert found(en, text) == [("organization", firm)]


def test_a_generic_head_after_dictionary_words_is_no_firm(en: ScreeningEngine) -> None:
    assert en.screen("the Business School was fine but the Primary School run is a pain") == []


@pytest.mark.parametrize(
    "address",
    [
        # the building, the staircase and the side before the street
        "Résidence Les Tilleuls, escalier B, 3e droite, 8 rue Victor-Hugo, 69003 Lyon",
        "Centre d'affaires Les Arcades, 1er étage, 3 place de la République, 67000 Strasbourg",
        # a business zone or a residence with its lot or flat, no street number
        "ZA des Paluds, lot 7, 13400 Aubagne",
        "Résidence Les Pins, appt 12, 74000 Annecy",
        # the number after the street and a box before the postcode (Belgium)
        "Rue Haute 42, boîte 3, 1000 Bruxelles",
        # an office and the province in brackets (Québec)
        "2310, boulevard Saint-Laurent, bureau 120, Montréal (Québec) H2X 2T3",
    ],
)
def test_french_addresses_with_their_inner_parts_are_found_whole(fr: ScreeningEngine, address: str) -> None:
    assert found(fr, f"voici l'adresse : {address}, merci") == [("address", address)]


def test_a_residence_without_its_address_is_no_address(fr: ScreeningEngine) -> None:
    assert fr.screen("la résidence est calme, 12 personnes y vivent") == []


@pytest.mark.parametrize(
    "address",
    [
        # a street of several words with its type is one address, whatever its words are
        "17 Jan Smuts Avenue, Rosebank",
        "18 Kloof Nek Road, Tamboerskloof, Cape Town 8001",
        # written from the flat outwards (India, the Gulf, Kenya, South Africa)
        "Flat 204, Green Park Residency, Road No. 5, Jubilee Hills, Hyderabad 500033",
        "Office 803, Marina Plaza Building 2, Dubai Marina, Dubai",
        "5th Floor, Kasuku Tower 3, Ngong Road, Kilimani, Nairobi",
        "Unit 7C, Harbour View Heights, 22 Main Road, Green Point, Cape Town 8051",
        "No. 14, 4th Cross, 5th Main, Jayanagar, Bengaluru 560041",
    ],
)
def test_english_addresses_of_several_parts_are_found_whole(en: ScreeningEngine, address: str) -> None:
    assert found(en, f"the address is {address}, thanks") == [("address", address)]


def test_a_flat_and_words_without_a_town_are_no_address(en: ScreeningEngine) -> None:
    assert en.screen("Room 4, Level 2, the usual place for the retro") == []


# ---------------------------------------------------------------- people and firms by their cues


def test_a_forms_employer_or_bank_field_is_a_firm(en: ScreeningEngine, fr: ScreeningEngine) -> None:
    assert found(en, "Start date: 3 May\nEmployer: Harwell Foods\nTeam: dispatch") == [
        ("organization", "Harwell Foods")
    ]
    assert ("organization", "Banque Populaire") in found(fr, "Banque : Banque Populaire")


def test_a_surname_before_its_department_is_someone(en: ScreeningEngine) -> None:
    assert found(en, "Okonkwo in field sales keeps promising refunds") == [("person", "Okonkwo")]
    assert en.screen("In compliance we trust, in field sales we hope") == []


def test_a_surname_keeps_its_particles(en: ScreeningEngine) -> None:
    assert found(en, "Van der Berg in compliance wants every file again") == [("person", "Van der Berg")]
    assert found(en, "I met De Souza at the depot") == [("person", "De Souza")]


def test_a_towns_other_name_is_a_place_and_i_m_opens_a_clause(en: ScreeningEngine) -> None:
    assert en.screen("my director sits in Gurgaon and I'm in Pune, so every 1:1 is a call") == []
    assert found(en, "Tom and I covered the night shift") == [("person", "Tom")]


@pytest.mark.parametrize(
    "text",
    [
        "the Brexit paperwork is killing us",  # frequent, in no name file
        "I went on the Harvard course on leadership",  # a surname, but far more a university
        "Visiting Austin next week for the client review",  # a verb opens no full name
    ],
)
def test_capitalised_words_that_are_no_names_are_clean_in_english(en: ScreeningEngine, text: str) -> None:
    assert en.screen(text) == []


def test_people_are_still_found_where_the_frequency_rule_stops(en: ScreeningEngine) -> None:
    assert found(en, "my manager Harvard said no to the rota") == [("person", "Harvard")]
    assert found(en, "Frank Ellison called about the invoice") == [("person", "Frank Ellison")]
    assert ("person", "Gareth") in found(en, "I covered for Gareth all week")


def test_a_dictionary_word_after_its_determiner_is_a_noun(fr: ScreeningEngine, en: ScreeningEngine) -> None:
    assert fr.screen("on a planté un olivier près du parking et demandé un peu de clémence au chef") == []
    assert en.screen("there is a mark on the wall and a will to fix it") == []
    # after a role or a preposition the same words are still people
    assert found(fr, "mon collègue pierre est parti") == [("person", "pierre")]
    assert found(fr, "avec olivier on a fini le planning") == [("person", "olivier")]


def test_a_lower_case_name_before_who_it_is_in_brackets_is_someone(en: ScreeningEngine) -> None:
    assert found(en, "ngl tamsyn (our founder) rewrote the whole plan at 1am") == [("person", "tamsyn")]
    # shorthand before a comma and a noun in brackets after its determiner stay clean
    assert en.screen("i cant take another escalation tday, my head is full") == []
    assert en.screen("the offsite (our yearly one) is in May") == []


def test_an_english_article_after_a_verb_of_telling_is_no_french_a(
    en: ScreeningEngine, fr: ScreeningEngine
) -> None:
    # "a" is how "à" folds: in English it is an article, and a nationality after it no one
    assert en.screen("in every email, a German colleague told me it sounds rude") == []
    assert found(en, "I spoke to Florence about the rota") == [("person", "Florence")]
    assert found(fr, "j'ai parlé à Ange hier soir") == [("person", "Ange")]


def test_a_name_word_in_capitals_is_an_abbreviation(en: ScreeningEngine) -> None:
    assert en.screen("the PAT testing and the ART review are both due this week") == []
    assert found(en, "I am covering for Will this week") == [("person", "Will")]


def test_two_everyday_words_run_together_are_no_name(en: ScreeningEngine) -> None:
    assert en.screen("the team offsite is in the hills next month") == []
    assert en.screen("my team workstream is late again") == []
    # a word no dictionary holds after a role is still someone
    assert found(en, "my colleague kavya is off this week") == [("person", "kavya")]
