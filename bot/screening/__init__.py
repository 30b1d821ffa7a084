"""Screening for identifying data: pure, channel-agnostic, offsets into the original text.

    engine = ScreeningEngine(client_names=["Acme"], allow_words=["Kiosque"], locale="fr")
    findings = engine.screen(text)          # each Finding says whether it is `certain`
    safer = suggest(text, findings, catalogue.section("screening.placeholder", locale))

Detectors live in small modules: `normalise` (undo disguises, keep an offset map),
`identifiers` (checksum-validated numbers, e-mails, links, numbers in words), `addresses`,
`names` (people and organizations, decided from `knowledge`: sourced first names,
surnames, places, word frequencies, companies, eponyms — see data/NOTICE.md; its rules
live in one `name_*` module per family: facts, frames, English frames, places, clean
exceptions, initials, organizations, people), `engine`
(orchestration and merging), `suggest` (placeholders), `check_report` (the `cadre check`
contract). Accuracy and speed are measured outside the package, in benchmarks/screening.

The engine is imported on first use, so importing `suggest` costs nothing at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.screening.hits import CERTAIN_KINDS, KINDS
from bot.screening.suggest import suggest

if TYPE_CHECKING:
    from bot.screening.engine import ScreeningEngine

__all__ = ["CERTAIN_KINDS", "KINDS", "ScreeningEngine", "suggest"]


def __getattr__(name: str) -> object:
    if name == "ScreeningEngine":
        from bot.screening.engine import ScreeningEngine

        return ScreeningEngine
    raise AttributeError(f"module 'bot.screening' has no attribute {name!r}")
