"""The repo's config/charter/ and flows/ are copies of the shipped defaults, kept identical.

The shipped ones (package data, `bot/config/defaults/`) are what an installed `cadre`
uses; the repo's copies are there for a coach to read and edit in place. A change to one
without the other would make the console in a checkout say something an installed Cadre
never says (or the reverse).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHIPPED = Path(str(resources.files("bot.config").joinpath("defaults")))

COPIES = [
    *((REPO / "config" / "charter" / p.name, p) for p in sorted((SHIPPED / "charter").glob("*.md"))),
    *((REPO / "flows" / p.name, p) for p in sorted((SHIPPED / "flows").glob("*.yaml"))),
]


def test_every_shipped_charter_and_flow_has_its_repo_copy() -> None:
    assert COPIES, "the shipped charter and flows are package data"
    missing = [str(copy.relative_to(REPO)) for copy, _ in COPIES if not copy.is_file()]
    assert missing == []


@pytest.mark.parametrize(("copy", "shipped"), COPIES, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_repo_copy_is_identical_to_the_shipped_default(copy: Path, shipped: Path) -> None:
    assert copy.read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8"), (
        f"{copy.relative_to(REPO)} differs from bot/config/defaults/{shipped.relative_to(SHIPPED)}: "
        "change both (the shipped one is what an installed cadre says)"
    )
