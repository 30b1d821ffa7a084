"""Screening for identifying data: pure, channel-agnostic, offsets into the original text.

    engine = ScreeningEngine(client_names=["Acme"], allow_words=["Kiosque"])
    findings = engine.screen(text)
    safer = suggest(text, findings, catalogue.section("screening.placeholder", locale))

Detectors live in small modules: `normalise` (undo disguises, keep an offset map),
`identifiers` (checksum-validated numbers, e-mails, links), `addresses`, `names` (spaCy
NER plus rules), `engine` (orchestration and merging), `suggest` (placeholders),
`check_report` (the `cadre check` contract), `evaluate` and `bench` (accuracy, speed).
"""

from __future__ import annotations

from bot.screening.engine import ScreeningEngine
from bot.screening.hits import KINDS
from bot.screening.suggest import suggest

__all__ = ["KINDS", "ScreeningEngine", "suggest"]
