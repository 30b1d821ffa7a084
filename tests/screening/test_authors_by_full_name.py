"""Writers cited by their full name (before "'s" and a book, or as the ones who put it so)
are references, not colleagues; a colleague's work or email, and a first name alone, are
still someone."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


@pytest.fixture(scope="module")
def engine() -> ScreeningEngine:
    return ScreeningEngine(locale="en", follow_language=False)


def _people(engine: ScreeningEngine, text: str) -> list[str]:
    return [f.text for f in engine.screen(text) if f.kind == "person"]


@pytest.mark.parametrize(
    "text",
    [
        "I keep going back to Lara Hogan's book on resilient teams, it helps with my 1:1s",
        "as Gareth Lloyd put it, caring personally and challenging directly go together",
        "my manager sent me Claire Hughes's newsletter about feedback, is it any good",
        "As Will Larson writes, a reorg is a tool of last resort",
    ],
)
def test_a_writer_cited_by_full_name_is_no_one(engine: ScreeningEngine, text: str) -> None:
    assert _people(engine, text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Sarah Jones's work on the rota has been sloppy for weeks", "Sarah Jones"),
        ("Sarah Jones's email said the rota is changing again", "Sarah Jones"),
        ("as Tom put it, the rota is a mess", "Tom"),
    ],
)
def test_a_colleague_stays_someone(engine: ScreeningEngine, text: str, name: str) -> None:
    assert _people(engine, text) == [name]
