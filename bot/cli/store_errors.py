"""A StoreError as an operator reads it: in the configured locale, through the catalogues.

Errors carry a `code` and its `params` (bot.errors.StoreError); the wording is
`cli.store.<code>` in the catalogues, so one command never mixes two languages. An error
without a code, or whose code has no wording yet, is shown as raised (English).
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.config.i18n import Catalogue
from bot.errors import StoreError
from bot.storage.tiny.check import Damage, DamagedFolderError


def coded_text(
    code: str, params: Mapping[str, object], fallback: str, catalogue: Catalogue, locale: str
) -> str:
    """The catalogue's wording of `code`, or `fallback` when there is none."""
    key = f"cli.store.{code}"
    if code and catalogue.has(key, locale):
        return catalogue.text(key, locale, **params)
    return fallback


def damage_text(damage: Damage, catalogue: Catalogue, locale: str) -> str:
    """One damaged file's problem, as `cadre run` and `cadre repair` name it."""
    return coded_text(damage.code, dict(damage.params), damage.problem, catalogue, locale)


def store_error_text(error: StoreError, catalogue: Catalogue, locale: str) -> str:
    if isinstance(error, DamagedFolderError):
        lines = "\n".join(f"  {damage_text(d, catalogue, locale)}" for d in error.damages)
        return catalogue.text(
            "cli.store.damaged_folder",
            locale,
            folder=str(error.root),
            count=len(error.damages),
            problems=lines,
        )
    return coded_text(error.code, error.params, str(error), catalogue, locale)
