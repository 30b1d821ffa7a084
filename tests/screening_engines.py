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


def found(engine: ScreeningEngine, text: str) -> list[tuple[str, str]]:
    """What the engine finds, as (kind, text) pairs; every finding's offsets must point into the
    original text (the contract of `cadre check --jsonl`)."""
    findings = engine.screen(text)
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
    return [(f.kind, f.text) for f in findings]
