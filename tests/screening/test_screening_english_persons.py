"""English persons the frames find: a firm's name after a title, a lower-case name told
something, a name after an interjection, a first name that is a word owning what a person
has; and the clean sentences these frames must leave alone."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


@pytest.fixture(scope="module")
def engine() -> ScreeningEngine:
    return ScreeningEngine(locale="en")


@pytest.fixture(scope="module")
def engine_fr() -> ScreeningEngine:
    return ScreeningEngine(locale="fr")


def _found(engine: ScreeningEngine, text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in engine.screen(text)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mr Schneider wants the quarterly figures by tonight.", "Schneider"),
        ("Dr Pearson signed off my phased return.", "Pearson"),
        ("I finally spoke to Ms Barclay about the pay gap.", "Barclay"),
    ],
)
def test_a_firms_name_after_a_title_is_a_surname(engine: ScreeningEngine, text: str, name: str) -> None:
    assert ("person", name) in _found(engine, text)


def test_the_same_firm_without_a_title_stays_a_firm(engine: ScreeningEngine) -> None:
    assert ("organization", "Pearson") in _found(engine, "My sister works at Pearson in the sales team.")


def test_a_title_before_a_french_retailer_names_a_person(engine_fr: ScreeningEngine) -> None:
    assert ("person", "Leclerc") in _found(engine_fr, "M. Leclerc m'a convoqué lundi.")
    assert ("organization", "Leclerc") in _found(engine_fr, "Je fais mes courses chez Leclerc le samedi.")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("i told kofi i cant do another weekend", "kofi"),
        ("I told Ngozi we would miss the deadline.", "Ngozi"),
        ("asked joanne she said no", "joanne"),
    ],
)
def test_a_name_told_then_the_reported_clause(engine: ScreeningEngine, text: str, name: str) -> None:
    assert ("person", name) in _found(engine, text)


@pytest.mark.parametrize(
    "text",
    [
        "i told everyone i was leaving in june",
        "i told mum i was fine but i wasnt",
        "we asked around we still have no budget",
    ],
)
def test_told_without_a_name_stays_clean(engine: ScreeningEngine, text: str) -> None:
    assert _found(engine, text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ugh tunde cancelled our one to one again", "tunde"),
        ("omg priyanka said yes to the transfer", "priyanka"),
    ],
)
def test_a_name_after_an_interjection_opens_the_clause(engine: ScreeningEngine, text: str, name: str) -> None:
    assert ("person", name) in _found(engine, text)


@pytest.mark.parametrize(
    "text",
    ["ok will do after lunch", "yeah grace period ends on friday", "ugh the printer died again"],
)
def test_an_interjection_alone_names_no_one(engine: ScreeningEngine, text: str) -> None:
    assert _found(engine, text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mark's team keeps dumping their tickets on us.", "Mark"),
        ("Faith's desk has been empty since March.", "Faith"),
        ("I'm taking over Rose's old role in September.", "Rose"),
        ("Peter's team keeps missing the handover call.", "Peter"),
    ],
)
def test_a_word_first_name_owning_what_a_person_has(engine: ScreeningEngine, text: str, name: str) -> None:
    assert ("person", name) in _found(engine, text)


@pytest.mark.parametrize(
    "text",
    [
        "Murphy's law struck again during the demo.",
        "Monday's meeting ran for two hours.",
        "Today's plan is to clear the backlog.",
        "Summer's end always brings a rush of leavers.",
        "Hobson's choice again: take the night shift or nothing.",
    ],
)
def test_possessives_of_laws_days_and_seasons_stay_clean(engine: ScreeningEngine, text: str) -> None:
    assert _found(engine, text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("According to Peter, the rollout is back on track.", "Peter"),
        ("According to Tyler, nobody signed the purchase order.", "Tyler"),
    ],
)
def test_a_first_name_someone_goes_by_is_no_cited_author(
    engine: ScreeningEngine, text: str, name: str
) -> None:
    assert ("person", name) in _found(engine, text)


@pytest.mark.parametrize(
    "text",
    [
        "According to Drucker, culture eats strategy for breakfast.",
        "According to Simon Sinek, you should start with why.",
    ],
)
def test_an_author_cited_by_surname_stays_clean(engine: ScreeningEngine, text: str) -> None:
    assert _found(engine, text) == []


def test_a_name_that_is_a_word_after_a_telling_verb(engine: ScreeningEngine) -> None:
    assert ("person", "Ping") in _found(engine, "My manager told Ping about the restructure first.")


@pytest.mark.parametrize(
    "text",
    [
        "I called Security twice about the broken badge reader.",
        "We called Reception but nobody picked up.",
        "I asked Legal whether the clause holds.",
    ],
)
def test_a_department_called_or_asked_is_no_one(engine: ScreeningEngine, text: str) -> None:
    assert _found(engine, text) == []


def test_someone_called_by_name_is_still_found(engine: ScreeningEngine) -> None:
    assert ("person", "Summer") in _found(engine, "There is a new starter called Summer on nights.")


@pytest.mark.parametrize(
    "text",
    ["I applied for the Art Director role last week.", "She moved over to the Art department in May."],
)
def test_a_name_word_inside_a_title_is_a_noun(engine: ScreeningEngine, text: str) -> None:
    assert _found(engine, text) == []


def test_a_name_word_alone_mid_sentence_is_still_someone(engine: ScreeningEngine) -> None:
    assert ("person", "Will") in _found(engine, "I am covering for Will this week.")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("I asked O'Brien about the rota and got nowhere.", "O'Brien"),
        ("O'Connor keeps booking meetings over my lunch.", "O'Connor"),
        ("I told O’Neill I can't cover Saturday.", "O’Neill"),
    ],
)
def test_a_surname_with_an_apostrophe_is_found(engine: ScreeningEngine, text: str, name: str) -> None:
    assert ("person", name) in _found(engine, text)


@pytest.mark.parametrize("text", ["It's fine, don't worry about it.", "I can't attend, I'll be away."])
def test_contractions_stay_clean(engine: ScreeningEngine, text: str) -> None:
    assert _found(engine, text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [("peter said the budget is frozen till april", "peter"), ("i told peter i cant take on more", "peter")],
)
def test_a_lower_case_first_name_a_model_is_named_after(
    engine: ScreeningEngine, text: str, name: str
) -> None:
    assert ("person", name) in _found(engine, text)


def test_the_model_itself_stays_clean(engine: ScreeningEngine) -> None:
    assert _found(engine, "honestly the peter principle explains half of senior management") == []
