"""A signature names its firm between the job title and the contact lines
(bot.screening.name_orgs._signature_firms); a title, a name or a line with no contact
after it is no firm."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


def kinds(engine: ScreeningEngine, text: str) -> dict[str, str]:
    return {f.text: f.kind for f in engine.screen(text)}


@pytest.mark.parametrize(
    ("engine", "text", "firm"),
    [
        (
            "fr",
            "Bien à vous,\nGwenaëlle Le Floch\nResponsable logistique\nTransmanche Fret\n02 98 44 17 63",
            "Transmanche Fret",
        ),
        ("fr", "Merci !\nKarim Benali | Chargé de recrutement\nNovalys\nkarim.benali@novalys.fr", "Novalys"),
        (
            "en",
            "Best,\nRhiannon Pugh\nOperations Manager\nCardiff Harbour Tours\nTel. 029 2048 1733",
            "Cardiff Harbour Tours",
        ),
        ("en", "Thanks\nDeclan Byrne | Account Director\nOrla\nwww.orla-digital.ie", "Orla"),
    ],
)
def test_the_firm_line_of_a_signature_is_found(
    engine: str, text: str, firm: str, fr: ScreeningEngine, en: ScreeningEngine
) -> None:
    assert kinds(fr if engine == "fr" else en, text).get(firm) == "organization"


@pytest.mark.parametrize(
    ("engine", "text", "word"),
    [
        # no contact line under it: a team's name, not a signature
        ("en", "Cheers,\nRhiannon Pugh\nOperations Manager\nNorthern Team", "Northern Team"),
        # the title itself, right under the name, is no firm
        (
            "fr",
            "Cordialement,\nGwenaëlle Le Floch\nResponsable logistique\n02 98 44 17 63",
            "Responsable logistique",
        ),
        # no one's name above the title: a list, not a signature
        ("en", "Roles open:\nSenior Manager\nBlue Sky Thinking\n2 posts, 35k", "Blue Sky Thinking"),
    ],
)
def test_no_firm_without_a_signature_around_it(
    engine: str, text: str, word: str, fr: ScreeningEngine, en: ScreeningEngine
) -> None:
    assert word not in kinds(fr if engine == "fr" else en, text)
