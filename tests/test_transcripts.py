"""Whole conversations as transcripts: what the mentee types, what the bot must answer."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import paris
from tests.harness import Harness

TRANSCRIPTS = sorted((Path(__file__).parent / "transcripts").glob("*.yaml"))


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: p.stem)
async def test_transcript(path: Path, project: Path) -> None:
    script = yaml.safe_load(path.read_text(encoding="utf-8"))
    harness = await Harness.start(
        project / "config", paris(script["at"]), consent=script.get("consent", True)
    )
    for number, line in enumerate(script["lines"], start=1):
        said = await harness.type(line["type"])
        for expected in line["expect"]:
            assert expected in said, (
                f"{path.name} line {number}: expected {expected!r} after typing "
                f"{line['type']!r}; the bot said:\n{said}"
            )
