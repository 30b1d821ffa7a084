"""Whole conversations as transcripts, on the production path: each typed line goes through
the service (hold, engine, outbox) to the console channel, which prints into a buffer at a
fixed width; what it printed must be the transcript's text, whole.

References are random: `{ref1}`, `{ref2}`… stand for the mentee's items, oldest first.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import paris
from tests.harness import ServiceConsole

TRANSCRIPTS = sorted((Path(__file__).parent / "transcripts").glob("*.yaml"))


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: p.stem)
async def test_transcript(path: Path, project: Path) -> None:
    script = yaml.safe_load(path.read_text(encoding="utf-8"))
    console = await ServiceConsole.start(
        project / "config", paris(script["at"]), consent=script.get("consent", True)
    )
    for number, line in enumerate(script["lines"], start=1):
        printed = await console.type(line["type"])
        expected = line["says"].format(**{f"ref{i}": r for i, r in enumerate(await console.refs(), start=1)})
        assert printed.rstrip("\n") == expected.rstrip("\n"), (
            f"{path.name} line {number}, after typing {line['type']!r}"
        )
