"""Sourced lists and general cues added for text written elsewhere: the stock indices'
companies, towns that are also names, job words before a firm, forms, lists of first
names, addresses abroad, typos and acronyms that are no names. Examples written for these
tests, taken from no evaluation set."""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from bot.screening.knowledge import knowledge
from tests.screening.test_screening_context import covered
from tests.screening_engines import en, fr

__all__ = ["en", "fr"]  # fixtures


# ---------------------------------------------------------------- companies (stock indices)


def test_index_members_ship_with_their_markers() -> None:
    orgs = knowledge().organizations.phrases
    assert orgs[("lockheed", "martin")] == "plain"
    assert orgs[("agilent",)] == "plain"  # a first word no lexicon knows stands alone
    assert orgs[("kroger",)] == "plain"  # only ever a surname: the company
    assert orgs[("target",)] == "tool"  # an everyday word: only after an employer's cue
    assert orgs[("alphabet",)] == "ordinary"


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("honestly the night shifts at kroger are wrecking my sleep", "kroger"),
        ("my cousin got me an interview at agilent next month", "agilent"),
        ("I spent four years at Rentokil before this job", "Rentokil"),
        ("She works at Target now and loves it", "Target"),
    ],
)
def test_index_members_are_found(en: ScreeningEngine, text: str, firm: str) -> None:
    assert covered(en, text, firm)


@pytest.mark.parametrize(
    "text",
    [
        "I missed my sales target again this month and I'm dreading the review",
        "The next step is a block of training before the audit",
        "We need a visa sponsor before I can relocate",
    ],
)
def test_everyday_words_that_name_index_members_stay_clean(en: ScreeningEngine, text: str) -> None:
    assert en.screen(text) == []


# ---------------------------------------------------------------- known firms in lower case


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("been at boots since uni and they cut my hours again", "boots"),
        ("my dad drove for shell and he never saw us", "shell"),
    ],
)
def test_known_firms_named_by_ordinary_words_after_a_link(en: ScreeningEngine, text: str, firm: str) -> None:
    assert covered(en, text, firm)


@pytest.mark.parametrize(
    "text",
    [
        "we start again for next week's rota and nobody is happy",
        "I had to shell out for my own laptop bag",
        "thanks for the boots advice, they fit now",
    ],
)
def test_ordinary_words_after_a_link_stay_clean(en: ScreeningEngine, text: str) -> None:
    assert en.screen(text) == []


# ---------------------------------------------------------------- job words before a firm


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("I have an interview with Reliance on Monday and I'm nervous", "Reliance"),
        ("got an offer from QRVX for a team lead role", "QRVX"),
        ("our main client is Humble (the soup brand) and they want weekly calls", "Humble"),
        ("le grossiste c'est brovalis et ils livrent toujours en retard", "brovalis"),
    ],
)
def test_a_firm_after_job_words(en: ScreeningEngine, fr: ScreeningEngine, text: str, firm: str) -> None:
    engine = fr if "grossiste" in text else en
    assert covered(engine, text, firm)


@pytest.mark.parametrize(
    "text",
    [
        "I had a call with Finance about the budget",
        "the offer from Head Office was turned down",
        "I got a call from IT about my laptop",
        "our client is happy with the last delivery",
    ],
)
def test_departments_and_plain_words_after_job_words_stay_clean(en: ScreeningEngine, text: str) -> None:
    assert en.screen(text) == []


def test_a_first_name_after_job_words_is_a_person(en: ScreeningEngine) -> None:
    found = en.screen("I have an interview with Sarah on Friday")
    assert [(f.kind, f.text) for f in found] == [("person", "Sarah")]


# ---------------------------------------------------------------- towns that are also names


@pytest.mark.parametrize(
    "text",
    [
        "My commute from Stafford is killing me",
        "They want to split my week between Sydney and Adelaide",
        "The Chester office closes in June and we move to Warrington",
        "The conference is in Victoria, British Columbia this year",
        "Sydney head office wants a new process",
    ],
)
def test_towns_that_are_names_used_as_places(en: ScreeningEngine, text: str) -> None:
    assert en.screen(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("I spoke to Preston about the rota and he ignored me", "Preston"),
        ("Preston's team keeps missing deadlines", "Preston"),
    ],
)
def test_towns_that_are_names_used_as_people(en: ScreeningEngine, text: str, name: str) -> None:
    assert covered(en, text, name)


def test_towns_named_like_a_firm_after_a_french_place_link(fr: ScreeningEngine) -> None:
    assert fr.screen("Le séminaire aura lieu à Orange, dans le Vaucluse") == []
    assert covered(fr, "je bosse chez Orange depuis cinq ans", "Orange")


# ---------------------------------------------------------------- people by their context


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Thistlewood (shift manager) shouted at me again", "Thistlewood"),
        ("KB (our site lead) wants the rota by noon", "KB"),
        ("Kulkarni madam from payroll called me twice", "Kulkarni"),
        ("Mr van Rijn from procurement wants the report", "van Rijn"),
        ("Revd Goodchild asked me to chair the meeting", "Goodchild"),
        ("the panel was jack, holly, dean and someone from finance", "jack"),
        ("the panel was jack, holly, dean and someone from finance", "dean"),
    ],
)
def test_people_shown_by_their_context(en: ScreeningEngine, text: str, name: str) -> None:
    assert covered(en, text, name)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Nom : Wójcik Prénom : Halina", "Wójcik"),
        ("Nom : Wójcik Prénom : Halina", "Halina"),
        ("c'est rose qui fait les plannings maintenant", "rose"),
        ("au nom de Gérard Zidane, merci de rappeler", "Gérard Zidane"),
        ("Paul Boulanger, le DG, est passé ce matin", "Paul Boulanger"),
    ],
)
def test_french_people_shown_by_their_context(fr: ScreeningEngine, text: str, name: str) -> None:
    assert covered(fr, text, name)


@pytest.mark.parametrize(
    "text",
    [
        "the values on the poster are trust, faith, hope and joy",
        "Good morning madam, hope you are well",
        "She called back an hour later",
        "tbh the basic, HRA and PF, I am not sure how they add up",
        "My rota is joy-free this month",
        "My boss quotes Covey at every meeting",
    ],
)
def test_english_words_that_look_like_names_stay_clean(en: ScreeningEngine, text: str) -> None:
    assert en.screen(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "je t'appelle vite après la réunion",
        "On m'a demandé d'être clément avec le nouveau",
        "Celle-ci est fixée au premier juin",
        "On a des objectifs de DMT et je n'y crois pas",
        "le nom : c'est compliqué à prononcer",
    ],
)
def test_french_words_that_look_like_names_stay_clean(fr: ScreeningEngine, text: str) -> None:
    assert fr.screen(text) == []


# ---------------------------------------------------------------- typos and capitals


def test_a_typo_of_a_frequent_word_is_no_name(en: ScreeningEngine) -> None:
    assert en.screen("Wrking late again because nobody else will") == []
    assert knowledge().is_typo_of_word("wrking", "en")
    assert not knowledge().is_typo_of_word("oluwaseun", "en")


def test_a_rare_name_near_a_word_is_still_a_name(en: ScreeningEngine) -> None:
    assert covered(en, "I told Chidi the plan changed", "Chidi")


def test_a_dictionary_word_in_capitals_is_no_name(en: ScreeningEngine) -> None:
    assert en.screen("I gave a STAR answer and it went fine") == []


# ---------------------------------------------------------------- addresses abroad


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("post it to flat 2, 19 mill lane, york yo1 7hh please", "flat 2, 19 mill lane, york yo1 7hh"),
        ("the depot is Unit 7/22 Quarry Road, Ipswich QLD 4305", "Unit 7/22 Quarry Road, Ipswich QLD 4305"),
        ("the office is Plot No. 12, Sector 5, Noida 201301 and far", "Plot No. 12, Sector 5, Noida 201301"),
        ("it's 400 E Pine St, Apt 12, Seattle, WA 98122 for now", "400 E Pine St, Apt 12, Seattle, WA 98122"),
        ("send it to 5 Canal View, Dublin 4, D04 X2P8 thanks", "5 Canal View, Dublin 4, D04 X2P8"),
    ],
)
def test_addresses_abroad(en: ScreeningEngine, text: str, address: str) -> None:
    assert covered(en, text, address)
    assert any(f.kind == "address" for f in en.screen(text))


def test_an_email_with_an_apostrophe(en: ScreeningEngine) -> None:
    assert covered(en, "mail me at liam.o'neill(at)example(dot)ie", "liam.o'neill(at)example(dot)ie")


# ---------------------------------------------------------------- named, and unknown firms


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The new apprentice's name is Tansy and the lads tease her", "Tansy"),
        ("My old boss, known to all as KVW, retired last year", "KVW"),
        ("My new manager is Priya and she is kind", "Priya"),
    ],
)
def test_someone_named_as_such(en: ScreeningEngine, text: str, name: str) -> None:
    assert covered(en, text, name)


def test_a_role_then_an_adjective_in_capitals_stays_clean(en: ScreeningEngine) -> None:
    assert en.screen("The manager is Great at hiding the numbers") == []


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("thinking of leaving for zorvex, the pay is better", "zorvex"),
        ("the claims from kelbro and vantoy take forever", "vantoy"),
    ],
)
def test_an_unknown_lower_case_word_after_a_firm_link(en: ScreeningEngine, text: str, firm: str) -> None:
    assert covered(en, text, firm)


@pytest.mark.parametrize("text", ["can you do it for tmrw", "i'm at uni till 4 then work"])
def test_shorthand_after_a_firm_link_stays_clean(en: ScreeningEngine, text: str) -> None:
    assert en.screen(text) == []


# ---------------------------------------------------------------- institutions, brackets


@pytest.mark.parametrize(
    ("text", "school"),
    [
        ("she signed as Dr Amadi, University of Keele, and asked for cash", "University of Keele"),
        ("I work in admin at Bristol University and I'm stuck", "Bristol University"),
    ],
)
def test_schools_named_by_their_town(en: ScreeningEngine, text: str, school: str) -> None:
    assert covered(en, text, school)


def test_a_regulator_named_by_its_trade_stays_clean(en: ScreeningEngine) -> None:
    assert en.screen("The College of Nurses of Alberta wants my learning plan") == []


def test_a_bracket_that_speaks_of_a_name(fr: ScreeningEngine, en: ScreeningEngine) -> None:
    assert covered(fr, "Violette (oui, c'est son prénom) refuse les horaires", "Violette")
    assert covered(en, 'Cholmondeley (pronounced "Chumley") runs the board', "Cholmondeley")
    assert fr.screen("Le rapport (le nom du fichier est faux) est parti") == []


def test_a_modal_before_a_verb_in_s_is_a_name(en: ScreeningEngine) -> None:
    assert covered(en, "my team lead will says yes to everything", "will")
    assert en.screen("my team lead will say no again") == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("to Rua das Flores 88, 2.º Dto., 4050-262 Porto", "Rua das Flores 88, 2.º Dto., 4050-262 Porto"),
        ("the branch moved to Calle Mayor 12, 28013 Madrid", "Calle Mayor 12, 28013 Madrid"),
    ],
)
def test_addresses_with_the_number_after_the_street(en: ScreeningEngine, text: str, address: str) -> None:
    assert covered(en, text, address)


def test_a_first_name_told_something(en: ScreeningEngine) -> None:
    assert covered(en, "I told grace the rota was wrong", "grace")
    assert en.screen("I'll grace the meeting with my presence") == []


def test_a_common_misspelling_is_no_name(en: ScreeningEngine) -> None:
    assert en.screen("Recieved a warning for being late once") == []
