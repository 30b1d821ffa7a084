"""Fonts that carry French accents, from a package we already install (matplotlib's DejaVu).

Nothing is downloaded: matplotlib ships DejaVu Sans in its data folder, and the same face
in the picture and in the PDF keeps the documents of a piece.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import matplotlib

from bot.errors import CadreError


class MissingFontError(CadreError):
    """matplotlib's data folder has lost its DejaVu fonts (a broken installation)."""


@cache
def dejavu(style: str = "") -> Path:
    """DejaVuSans{style}.ttf, style '' / 'Bold' / 'Oblique' / 'BoldOblique'."""
    name = f"DejaVuSans-{style}.ttf" if style else "DejaVuSans.ttf"
    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name
    if not path.is_file():
        raise MissingFontError(f"font file missing: {path}; reinstall matplotlib")
    return path
