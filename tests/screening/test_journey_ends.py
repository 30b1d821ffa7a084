"""Where a journey from a known place ends is a place, unless a name file holds the word."""

from __future__ import annotations

from bot.screening.engine import ScreeningEngine


def test_unlisted_end_of_a_journey_from_a_town_is_a_place(en: ScreeningEngine) -> None:
    text = "Our team is moving from Leeds to Kirkstall offices in the spring."
    assert [f for f in en.screen(text) if f.kind == "person"] == []


def test_a_name_at_the_end_stays_someone(en: ScreeningEngine) -> None:
    findings = en.screen("The invoices go from Leeds to Kowalski for approval.")
    persons = [f.text for f in findings if f.kind == "person"]
    assert persons == ["Kowalski"]
