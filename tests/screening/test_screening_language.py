"""Each message judged in the language it is written in, whatever the firm's locale."""

from __future__ import annotations

import io
import json

import pytest

from bot.config.i18n import load_catalogue
from bot.screening import ScreeningEngine
from bot.screening.check_report import run_check
from bot.screening.language import MIN_WORDS, language_of

ENGLISH = "Grace said the Reading depot will close in June, and Bill agrees with her."
"""Judged as French, "Grace" and "Bill" are ordinary English words no French rule knows as
names, and nothing is found; judged as English, they are people."""


@pytest.mark.parametrize(
    "text",
    [
        "How do I tell my team that the Christmas party is cancelled this year?",
        "My manager keeps asking me to cover the night shift without any notice.",
        ENGLISH,
    ],
)
def test_an_english_message_is_english_in_a_french_firm(text: str) -> None:
    assert language_of(text, "fr") == "en"
    assert language_of(text, "en") == "en"


@pytest.mark.parametrize(
    "text",
    [
        "Mon manager m'a demandé de revoir le planning pour la semaine prochaine.",
        "Je dois faire un feedback à mon team lead sur le sprint review de vendredi.",
        "Hi! quick question: comment je gère un conflit dans mon équipe?",
    ],
)
def test_french_stays_french_even_with_english_words(text: str) -> None:
    assert language_of(text, "fr") == "fr"
    assert language_of(text, "en") == "fr"


@pytest.mark.parametrize("text", ["ok merci", "thanks a lot", "Sarah Connor", "👍👍", ""])
def test_too_few_words_keep_the_configured_language(text: str) -> None:
    assert len(text.split()) < MIN_WORDS
    assert language_of(text, "fr") == "fr"
    assert language_of(text, "en") == "en"


def test_the_engine_follows_the_message_language_unless_told_not_to() -> None:
    following = ScreeningEngine(locale="fr")
    fixed = ScreeningEngine(locale="fr", follow_language=False)
    assert [(f.start, f.end, f.kind) for f in following.screen(ENGLISH)] == [
        (0, 5, "person"),
        (ENGLISH.index("Bill"), ENGLISH.index("Bill") + 4, "person"),
    ]
    assert fixed.screen(ENGLISH) == []


def test_a_coach_client_name_holds_in_either_language() -> None:
    engine = ScreeningEngine(client_names=("Globex",), locale="fr")
    text = "The people at globex keep moving the deadline for the quarterly review."
    assert engine.language_of(text) == "en"
    assert [f.text for f in engine.screen(text)] == ["globex"]


def test_check_jsonl_takes_a_line_language_as_its_locale() -> None:
    engine, out = ScreeningEngine(locale="fr", follow_language=False), io.StringIO()
    lines = [
        json.dumps({"id": "en", "lang": "en", "text": ENGLISH}),
        json.dumps({"id": "fr", "text": ENGLISH}),
        json.dumps({"id": "odd", "lang": 3, "text": ENGLISH}),
    ]
    code = run_check(
        io.StringIO("\n".join(lines) + "\n"),
        out,
        jsonl=True,
        engine=engine,
        catalogue=load_catalogue(None),
        locale="fr",
    )
    found = {
        record["id"]: [f["text"] for f in record["findings"]]
        for record in map(json.loads, out.getvalue().splitlines())
    }
    assert code == 0
    assert found == {"en": ["Grace", "Bill"], "fr": [], "odd": []}
