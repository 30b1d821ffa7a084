"""A firm found in part grows over the trade that closes a small firm's name and over the
legal forms of other countries (bot.screening.name_orgs._firm_spans: _SPAN_HEADS,
_SPAN_LEGAL_RE): "Nowak Renovations", "Lakshmi Prints", "sp. z o.o.", "cc"; an "e-mail
cc" is no legal form."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


def spans(engine: ScreeningEngine, text: str) -> dict[str, str]:
    return {f.text: f.kind for f in engine.screen(text)}


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("the roof job went to Nowak Renovations and the owner rings me at dawn", "Nowak Renovations"),
        (
            "we send the flyers to Lakshmi Prints and they are late",
            "Lakshmi Prints",
        ),
        ("the parcel firm Baltic Freight sp. z o.o. lost two pallets", "Baltic Freight sp. z o.o."),
        (
            "the laundry contract is with Umlazi Linen Services cc and their van is late",
            "Umlazi Linen Services cc",
        ),
    ],
)
def test_a_trade_or_a_foreign_legal_form_closes_the_firm(text: str, firm: str, en: ScreeningEngine) -> None:
    assert spans(en, text).get(firm) == "organization"


def test_a_copy_to_someone_is_no_legal_form(en: ScreeningEngine) -> None:
    found = spans(en, "please send the figures to Tesco cc finance before noon")
    assert "Tesco" in found
    assert not any(" cc" in span for span in found)
