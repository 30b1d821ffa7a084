"""Export files written to disk go with the person they describe.

`cadre export` and the console (which cannot hand a document over, so writes it) leave a
JSON and a Markdown file holding everything about someone. Those copies are part of what is
kept about them: erasing the person (their /effacer, `cadre erase`, retention) removes them
from the folder Cadre wrote them in, `DATA/exports/`. A folder the operator named with
`--out` is theirs to clear (docs/privacy.md).
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from bot.domain import Mentee
from bot.privacy.export import ExportSection, export_prefix

log = logging.getLogger(__name__)


def export_files(folder: Path, alias: str) -> list[Path]:
    """The export files of `alias` in `folder`: its prefix, the minute, .json or .md. The
    minute is required, so A-1's files are never taken for A-17's. Two aliases can share a
    prefix ("Sophie.Martin" and "Sophie-Martin"): a pair whose JSON names another alias is
    theirs and stays; a Markdown file whose JSON is gone cannot tell, and goes."""
    pattern = re.compile(re.escape(export_prefix(alias)) + r"\d{8}-\d{4}\.(json|md)")
    if not folder.is_dir():
        return []
    named = [path for path in folder.iterdir() if pattern.fullmatch(path.name) and path.is_file()]
    others = {path.stem for path in named if path.suffix == ".json" and _names_another(path, alias)}
    return sorted(path for path in named if path.stem not in others)


def _names_another(path: Path, alias: str) -> bool:
    """Whether this export's JSON says it is someone else's (unreadable: not known, so not)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        named = data["mentee"]["alias"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return isinstance(named, str) and named != alias


def remove_export_files(folder: Path, alias: str) -> int:
    """Delete `alias`'s export files from `folder`; how many were removed (for the log)."""
    removed = 0
    for path in export_files(folder, alias):
        path.unlink(missing_ok=True)
        removed += 1
    if removed:
        log.info("export files removed with the person count=%d", removed)
    return removed


class ExportFiles:
    """The export folder as something kept about a mentee beside the store (KeptElsewhere):
    nothing to add to their export, their files to remove at their erasure."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def export_section(self, mentee: Mentee) -> ExportSection | None:
        return None

    async def erase(self, mentee: Mentee) -> None:
        remove_export_files(self.folder, mentee.alias)
