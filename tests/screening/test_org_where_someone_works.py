"""Where someone works, said by the words around a firm (bot.screening.name_orgs): "from"
after a role, a person noun or a full name (`_from_firm`), a listed brand that is also an
everyday word where an offer comes from, and a rival poaching one's staff; and the
sentences of the same shape that name no firm."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


def kinds(engine: ScreeningEngine, text: str) -> dict[str, str]:
    return {f.text: f.kind for f in engine.screen(text)}


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("a planner from Meridian rang me about the opening", "Meridian"),
        ("had lunch with someone from Keystone who says they pay better", "Keystone"),
        ("my former director Margaret Ellis from BrightPath offered to write a reference", "BrightPath"),
        ("my old lead Patricia Okafor from Harbour Lights agreed to be a referee", "Harbour Lights"),
        ("I just got an offer from Notion for a lead role", "Notion"),
        ("I hear Cascade are poaching my drivers with a signing bonus", "Cascade"),
        ("Thornfield are poaching two of my best reps", "Thornfield"),
    ],
)
def test_the_firm_someone_works_at_is_found(text: str, firm: str, en: ScreeningEngine) -> None:
    assert kinds(en, text).get(firm) == "organization"


@pytest.mark.parametrize(
    "text",
    [
        "a guy from Leeds called about the van",
        "my mate from Uni says the course is worth it",
        "someone from Head Office is visiting on Friday",
        "someone from Marketing asked for the slides",
        "we poached eggs at the team breakfast",
        "I had a notion that the offer from them was low",
    ],
)
def test_the_same_frames_without_a_firm_stay_clean(text: str, en: ScreeningEngine) -> None:
    assert not [f for f in en.screen(text) if f.kind == "organization"]


def test_a_common_first_name_after_from_is_left_to_the_person_rules(en: ScreeningEngine) -> None:
    assert kinds(en, "the engineer from Sarah's team fixed it").get("Sarah") != "organization"


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("Harbour Lights & Sound is the only vendor who takes our budget", "Harbour Lights & Sound"),
        ("I think Keystone was our only supplier for years", "Keystone"),
    ],
)
def test_the_only_party_named_before_a_copula_is_a_firm(text: str, firm: str, en: ScreeningEngine) -> None:
    assert kinds(en, text).get(firm) == "organization"


def test_someone_who_is_the_only_contact_stays_a_person(en: ScreeningEngine) -> None:
    assert kinds(en, "Sarah is the only vendor contact we have").get("Sarah") == "person"


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("an engineer from Lisbon Parcel rang about the pallets", "Lisbon Parcel"),
        ("This is Anna Nowak from Vistula Parcel, call me back", "Vistula Parcel"),
    ],
)
def test_a_firm_named_after_a_place_is_found_after_from(text: str, firm: str, en: ScreeningEngine) -> None:
    assert kinds(en, text).get(firm) == "organization"


@pytest.mark.parametrize(
    "text",
    [
        "someone from London Bridge said the trains were off",
        "an engineer from Leeds Central came by",
        "a guy from Cape Town asked about the course",
    ],
)
def test_a_place_of_two_words_after_from_is_no_firm(text: str, en: ScreeningEngine) -> None:
    assert not [f for f in en.screen(text) if f.kind == "organization"]


def test_a_firm_offering_a_post_without_an_article_is_found(en: ScreeningEngine) -> None:
    assert (
        kinds(en, "Zalvora offered me senior role, but I only just got promoted").get("Zalvora")
        == "organization"
    )


def test_someone_offering_a_post_stays_a_person(en: ScreeningEngine) -> None:
    assert kinds(en, "Sarah offered me a senior role in her team").get("Sarah") == "person"
