"""Engines the screening tests share: one per language, each judging every message in its
own locale (follow_language off), built once a session since loading the lexicon costs."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


@pytest.fixture(scope="session")
def fr() -> ScreeningEngine:
    return ScreeningEngine(locale="fr", follow_language=False)


@pytest.fixture(scope="session")
def en() -> ScreeningEngine:
    return ScreeningEngine(locale="en", follow_language=False)
