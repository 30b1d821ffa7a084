"""A brand typed in lower case and its division typed the same way
(bot.screening.name_orgs._lower_division, _org_tail): "uber eats", "nestlé waters", "edf
hydro" are one firm, and so is a brand with a region of two words; the sentence going on
after a brand ("chez orange mardi", "chez lidl caissière") is not part of it."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


def spans(engine: ScreeningEngine, text: str) -> set[str]:
    return {f.text for f in engine.screen(text) if f.kind == "organization"}


@pytest.mark.parametrize(
    ("engine", "text", "firm"),
    [
        ("fr", "on livre surtout pour uber eats le soir et c'est épuisant", "uber eats"),
        ("fr", "j'ai signé un cdd chez nestlé waters et personne ne parle de la suite", "nestlé waters"),
        ("fr", "le client c'est edf hydro et ils changent tout chaque semaine", "edf hydro"),
        ("fr", "on expédie tout par air france cargo, trois fois plus cher", "air france cargo"),
        (
            "fr",
            "le prêt vient du crédit agricole pyrénées gascogne, pas de notre banque",
            "crédit agricole pyrénées gascogne",
        ),
        ("en", "half my drivers also work for uber eats at night", "uber eats"),
    ],
)
def test_a_lower_case_division_belongs_to_its_brand(
    engine: str, text: str, firm: str, fr: ScreeningEngine, en: ScreeningEngine
) -> None:
    assert firm in spans(fr if engine == "fr" else en, text)


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("je suis chez orange mardi et jeudi", "orange"),
        ("je suis chez lidl caissière depuis deux ans", "lidl"),
        ("j'ai bossé chez edf depuis mes débuts", "edf"),
    ],
)
def test_the_sentence_going_on_is_no_division(text: str, firm: str, fr: ScreeningEngine) -> None:
    assert spans(fr, text) == {firm}
