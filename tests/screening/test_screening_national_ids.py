"""Social-security numbers of the UK and the US, and names in syllabic scripts, as an English
mentee types them (a newcomer's session found each one passing)."""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from bot.screening.national_ids import nino_ok, ssn_ok
from bot.screening.suggest import suggest
from tests.screening_engines import en, found, fr

__all__ = ["en", "fr"]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("My NI number is QQ 12 34 56 C.", "QQ 12 34 56 C"),
        ("National Insurance: AB123456C", "AB123456C"),
        ("ni number ab 12 34 56 d, if you need it", "ab 12 34 56 d"),
        ("My SSN is 123-45-6789.", "123-45-6789"),
        ("social security number 219 09 9999 on the form", "219 09 9999"),
        ("my social security number is 078051120", "078051120"),
    ],
)
def test_a_social_security_number_is_found_whole_and_certain(
    en: ScreeningEngine, text: str, number: str
) -> None:
    findings = en.screen(text)
    assert [(f.kind, f.text, f.certain) for f in findings] == [("nir", number, True)]


def test_the_same_numbers_are_found_in_a_french_message(fr: ScreeningEngine) -> None:
    assert ("nir", "AB 12 34 56 C") in found(fr, "Mon collègue anglais m'a donné son NI, AB 12 34 56 C.")


@pytest.mark.parametrize(
    "text",
    [
        "Call me on 555-123-4567 after lunch.",  # a phone's 3-3-4, not a social-security number
        "The order ref is 123-45-67890.",
        "Room 12 34 56 A is booked.",
        "Version 1.2.3 ships on Monday.",
        "Area 000-12-3456 never existed, nor 666-12-3456.",
    ],
)
def test_numbers_of_other_shapes_are_no_social_security_number(en: ScreeningEngine, text: str) -> None:
    assert [f for f in en.screen(text) if f.kind == "nir"] == []


@pytest.mark.parametrize(
    ("prefix", "suffix", "valid"),
    [
        ("AB", "C", True),
        ("QQ", "A", True),
        ("DA", "A", False),
        ("AO", "A", False),
        ("GB", "A", False),
        ("AB", "E", False),
    ],
)
def test_national_insurance_letters_follow_hmrc(prefix: str, suffix: str, valid: bool) -> None:
    assert nino_ok(prefix, suffix) is valid


@pytest.mark.parametrize(
    ("area", "group", "serial", "valid"),
    [
        ("123", "45", "6789", True),
        ("000", "45", "6789", False),
        ("666", "45", "6789", False),
        ("901", "45", "6789", False),
        ("123", "00", "6789", False),
        ("123", "45", "0000", False),
    ],
)
def test_social_security_numbers_never_issued_are_refused(
    area: str, group: str, serial: str, valid: bool
) -> None:
    assert ssn_ok(area, group, serial) is valid


def test_the_suggestion_replaces_the_number_whole(en: ScreeningEngine) -> None:
    text = "My NI number is QQ 12 34 56 C."
    assert suggest(text, en.screen(text), {"nir": "[id]"}) == "My NI number is [id]."


@pytest.mark.parametrize(
    ("engine_name", "text", "name"),
    [
        ("en", "My manager 王伟 shouts at meetings.", "王伟"),
        ("en", "My colleague 王伟 keeps ignoring me.", "王伟"),
        ("fr", "Mon manager 王伟 crie en réunion.", "王伟"),
    ],
)
def test_two_han_characters_after_a_cue_are_a_name(
    request: pytest.FixtureRequest, engine_name: str, text: str, name: str
) -> None:
    engine: ScreeningEngine = request.getfixturevalue(engine_name)
    assert ("person", name) in found(engine, text)


@pytest.mark.parametrize(
    "text", ["The word 謝謝 means thanks.", "We use 改善 daily.", "le mot 改善 veut dire amélioration"]
)
def test_han_words_without_a_cue_stay_clean(request: pytest.FixtureRequest, text: str) -> None:
    engine: ScreeningEngine = request.getfixturevalue("fr" if text.startswith("le ") else "en")
    assert found(engine, text) == []


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("I did the work at Acme Corp.", "I did the work at [company]."),
        ("I left Acme Corp. Then it got worse.", "I left [company]. Then it got worse."),
        ("I left Acme Corp. last year.", "I left [company] last year."),
    ],
)
def test_a_name_ending_the_sentence_leaves_its_full_stop(
    en: ScreeningEngine, text: str, suggestion: str
) -> None:
    assert suggest(text, en.screen(text), {"organization": "[company]"}) == suggestion
