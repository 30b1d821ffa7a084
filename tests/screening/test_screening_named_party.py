"""One's own employer, client or supplier named after a copula (bot.screening.name_orgs.
_party_named): "mon employeur c'est X", "our main supplier is X"; and what follows the
same copula without being a firm."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


def kinds(engine: ScreeningEngine, text: str) -> dict[str, str]:
    return {f.text: f.kind for f in engine.screen(text)}


@pytest.mark.parametrize(
    ("engine", "text", "firm"),
    [
        ("fr", "mon employeur c'est Cascade, à Pantin, et ça ne va plus", "Cascade"),
        ("fr", "Le financeur principal, c'est Quintane, qui veut tout relire.", "Quintane"),
        ("fr", "notre plus gros client c est Brasselin Frères depuis dix ans", "Brasselin Frères"),
        ("en", "our main supplier is Beacon and they are always late", "Beacon"),
    ],
)
def test_a_party_named_after_a_copula_is_a_firm(
    engine: str, text: str, firm: str, fr: ScreeningEngine, en: ScreeningEngine
) -> None:
    assert kinds(fr if engine == "fr" else en, text).get(firm) == "organization"


@pytest.mark.parametrize(
    ("engine", "text"),
    [
        ("fr", "notre fournisseur est injoignable depuis lundi"),
        ("fr", "notre client principal c'est la grande distribution"),
        ("fr", "mon employeur c'est l'État, donc pas de prime"),
        ("fr", "notre fournisseur c'est compliqué en ce moment"),
        ("en", "our biggest client is unhappy with the rollout"),
        ("en", "our supplier is late again this week"),
    ],
)
def test_what_a_party_is_like_stays_clean(
    engine: str, text: str, fr: ScreeningEngine, en: ScreeningEngine
) -> None:
    assert kinds(fr if engine == "fr" else en, text) == {}


def test_a_first_name_after_the_copula_is_someone(fr: ScreeningEngine) -> None:
    assert kinds(fr, "ma cliente c'est Julie, elle est adorable") == {"Julie": "person"}
