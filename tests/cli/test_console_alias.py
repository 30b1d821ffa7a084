"""The console person's alias is a word of the configured language, unless the coach names one."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import load_setup
from bot.cli.commands.console import ensure_console_mentee
from bot.runtime.clock import ManualClock
from bot.storage import MemoryStore
from tests.conftest import paris


def _configured(project: Path, *, locale: str, extra: str = "") -> Path:
    settings = project / "config" / "cadre.yaml"
    settings.write_text(settings.read_text().replace("locale: fr", f"locale: {locale}") + extra)
    return project / "config"


@pytest.mark.parametrize(("locale", "alias"), [("en", "trial"), ("fr", "essai")])
async def test_the_console_alias_is_in_the_configured_language(
    project: Path, locale: str, alias: str
) -> None:
    setup = load_setup(_configured(project, locale=locale))
    mentee = await ensure_console_mentee(setup, MemoryStore(), ManualClock(paris("2026-11-23T10:00")))
    assert mentee.alias == alias and mentee.locale == locale


async def test_the_coach_may_name_the_console_person(project: Path) -> None:
    setup = load_setup(_configured(project, locale="en", extra="\nconsole:\n  alias: C-0\n"))
    mentee = await ensure_console_mentee(setup, MemoryStore(), ManualClock(paris("2026-11-23T10:00")))
    assert mentee.alias == "C-0"
