"""A firm found in part grows to its whole name (bot.screening.name_orgs._firm_spans): the
capitalised words and the place that follow it, "&" and one more word, trade heads that close
an English small firm's name, a capitalised "-erie" shop or a firm noun before it; and the
growth never reaches a first name, a function word, or a new line."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


def covered(engine: ScreeningEngine, text: str, name: str) -> bool:
    """Whether findings cover every character of `name` in `text` (as the evaluation counts)."""
    start = text.index(name)
    spans = [(f.start, f.end) for f in engine.screen(text)]
    return all(any(a <= k < b for a, b in spans) for k in range(start, start + len(name)))


def flagged(engine: ScreeningEngine, text: str, word: str) -> bool:
    """Whether any finding touches `word` in `text`."""
    start = text.index(word)
    end = start + len(word)
    return any(f.start < end and f.end > start for f in engine.screen(text))


@pytest.mark.parametrize(
    ("engine", "text", "firm"),
    [
        # capitalised words and a place after a firm found
        (
            "fr",
            "Je travaille à la Banque Populaire Rives Normandie depuis mars.",
            "Banque Populaire Rives Normandie",
        ),
        ("fr", "Je suis aide à domicile à l'ADMR de Plougastel depuis deux ans.", "ADMR de Plougastel"),
        # a compass point capitalised after a name is a region, not the verb "est"
        (
            "fr",
            "Elle représente la Caisse d'Épargne Grand Est Alsace au comité.",
            "Caisse d'Épargne Grand Est",
        ),
        # capitalised words before a firm found, mid-sentence
        ("en", "I have to tell Silver Bay Gasket & Seal we are dropping them.", "Silver Bay Gasket & Seal"),
        # "&" joins one more word of the name
        ("fr", "Je bosse pour Kervella & Moysan depuis l'été, ils paient mal.", "Kervella & Moysan"),
        ("en", "the clinic Kelso Physio & Rehab offered me a job", "Kelso Physio & Rehab"),
        # a trade head closes an English small firm's name
        ("en", "I was told Tremayne Staffing will take over our night shifts.", "Tremayne Staffing"),
        ("en", "My brother runs Penhallow Roofing and wants me to do his books.", "Penhallow Roofing"),
        # a legal form with a space, a community interest company
        ("fr", "Elle est comptable chez Gilson & Wirtz S.à r.l. à Esch.", "Gilson & Wirtz S.à r.l."),
        ("en", "The charity we refer people to is Wearside Pathways CIC, in Sunderland.", "Pathways CIC"),
        # a capitalised "-erie" shop, or a capitalised firm noun, before the name
        ("fr", "Je suis vendeuse à la Fromagerie Quéré depuis l'automne.", "Fromagerie Quéré"),
        ("fr", "On achète toute notre farine aux Moulins Keraudren, et ils augmentent.", "Moulins Keraudren"),
    ],
)
def test_a_firm_found_in_part_is_reported_whole(
    engine: str, text: str, firm: str, fr: ScreeningEngine, en: ScreeningEngine
) -> None:
    assert covered(fr if engine == "fr" else en, text, firm)


@pytest.mark.parametrize(
    ("engine", "text", "word"),
    [
        # a day or a month after a firm is no part of its name
        ("en", "My partner works at Halcyon Group Monday to Friday.", "Monday"),
        ("fr", "J'ai rejoint Kervella Transports Janvier dernier, sans regret.", "Janvier"),
        # a function word or a new line ends the growth
        ("en", "I worked at Tesco for years.\nBut now I want a change of pace.", "But"),
        # a sentence's first word, or a role before the firm, is no part of its name
        ("en", "Yesterday Kelso Physio & Rehab called me back.", "Yesterday"),
        ("en", "She is Regional Manager Tremayne Staffing in Leeds, I think.", "Manager"),
        # a lone letter before "du" is no part of a name; only "of" joins backwards
        ("fr", "Voir l'annexe B du Crédit Agricole pour les taux de cette année.", "annexe B"),
        # "-erie" in lower case is the craft, and no name follows it
        ("fr", "J'aimerais ouvrir une fromagerie un jour, avec un associé.", "fromagerie"),
        ("fr", "La Boulangerie est fermée le lundi, on se voit mardi ?", "Boulangerie"),
    ],
)
def test_growth_stops_where_the_name_does(
    engine: str, text: str, word: str, fr: ScreeningEngine, en: ScreeningEngine
) -> None:
    assert not flagged(fr if engine == "fr" else en, text, word)
