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


def database_text(name: str, host: str, catalogue: Catalogue, locale: str) -> str:
    """A database by name and host (never its password), in the locale."""
    shown = name or catalogue.text("cli.db.default_name", locale)
    if not host:
        return catalogue.text("cli.db.database_local", locale, name=shown)
    return catalogue.text("cli.db.database", locale, name=shown, host=host)


def coded_text(
    code: str, params: Mapping[str, object], fallback: str, catalogue: Catalogue, locale: str
) -> str:
    """The catalogue's wording of `code`, or `fallback` when there is none; a database named
    in `params` (`db_name`, `db_host`) is worded as `{database}`."""
    key = f"cli.store.{code}"
    if not code or not catalogue.has(key, locale):
        return fallback
    filled = dict(params)
    if "db_name" in filled:
        filled["database"] = database_text(
            str(filled["db_name"]), str(filled.get("db_host", "")), catalogue, locale
        )
    return catalogue.text(key, locale, **filled)


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
