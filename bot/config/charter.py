"""The charter the mentee accepts: the coach's `config/charter/<locale>.md`, else the shipped one."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path


def charter_source(charter_dir: Path | None, locale: str, fallback: str) -> str:
    """The Markdown of one locale's charter: the coach's file first, then the shipped one
    for that locale, then the shipped one of `fallback`."""
    name = f"{locale}.md"
    if charter_dir is not None and (charter_dir / name).is_file():
        return (charter_dir / name).read_text(encoding="utf-8").strip()
    shipped = resources.files("bot.config").joinpath("defaults", "charter", name)
    if not shipped.is_file():
        shipped = resources.files("bot.config").joinpath("defaults", "charter", f"{fallback}.md")
    return shipped.read_text(encoding="utf-8").strip()


def load_charter(charter_dir: Path | None, locales: Iterable[str], fallback: str) -> dict[str, str]:
    """Plain text per locale (messages are not Markdown on every channel), read once."""
    return {
        locale: charter_source(charter_dir, locale, fallback).replace("**", "")
        for locale in {*locales, fallback}
    }
