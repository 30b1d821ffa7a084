"""Screening engines shared by the screening test modules (one per locale, built once)."""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine


@pytest.fixture(scope="session")
def fr() -> ScreeningEngine:
    return ScreeningEngine()


@pytest.fixture(scope="session")
def en() -> ScreeningEngine:
    return ScreeningEngine(locale="en")
