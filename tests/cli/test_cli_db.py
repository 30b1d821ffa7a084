"""`cadre db upgrade` and `cadre db migrate --from`, run as an operator would (subprocesses)."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

from bot.channels.console import CONSOLE_USER
from bot.domain import Item
from bot.storage.postgres import schema
from bot.storage.postgres.store import PostgresStore
from bot.storage.tiny import TinyStore
from tests.cli.test_cli import WHOLE_QUESTION, cadre
from tests.conftest import run_cadre


def db(project: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cadre(project, "db", *args, env={"CADRE_DATABASE_URL": url})


def test_upgrade_then_a_second_upgrade_says_it_is_current(project: Path, empty_postgres_url: str) -> None:
    first = db(project, empty_postgres_url, "upgrade")
    assert first.returncode == 0, first.stderr
    latest = schema.latest_version()
    assert latest >= 2
    assert f"{latest} migrations appliquées, le schéma est à la version {latest}" in first.stdout
    second = db(project, empty_postgres_url, "upgrade")
    assert f"le schéma est déjà à jour (version {latest})" in second.stdout


def test_without_a_url_the_command_says_which_variable(project: Path) -> None:
    result = db(project, "", "upgrade")
    assert result.returncode == 2
    assert "CADRE_DATABASE_URL n'est pas définie" in result.stderr


def test_a_console_folder_is_migrated_once_with_counts(project: Path, postgres_url: str) -> None:
    written = cadre(project, "console", "--at", "2026-11-23T10:00", stdin="\n".join(WHOLE_QUESTION) + "\n")
    assert written.returncode == 0, written.stderr
    first = db(project, postgres_url, "migrate", "--from", str(project / "data"))
    assert first.returncode == 0, first.stderr
    lines = {
        line.split("  ")[0].strip(): line.split()[-2:] for line in first.stdout.splitlines() if "  " in line
    }
    assert lines["mentorés"] == ["1", "0"]
    assert lines["questions"] == ["1", "0"]
    second = db(project, postgres_url, "migrate", "--from", str(project / "data"))
    again = {
        line.split("  ")[0].strip(): line.split()[-2:] for line in second.stdout.splitlines() if "  " in line
    }
    assert again["mentorés"] == ["0", "1"]
    assert again["questions"] == ["0", "1"]
    assert "Relancer la commande ne copie que ce qui manque" in second.stdout

    async def both() -> tuple[list[Item], list[Item]]:
        async with PostgresStore(postgres_url) as store:
            copied = await store.items_of(CONSOLE_USER)
        tiny = TinyStore(project / "data")
        try:
            return copied, await tiny.items_of(CONSOLE_USER)
        finally:
            await tiny.close()

    copied, original = asyncio.run(both())
    assert copied == original and len(copied) == 1


def test_a_missing_folder_is_named(project: Path, postgres_url: str) -> None:
    result = db(project, postgres_url, "migrate", "--from", str(project / "nowhere"))
    assert result.returncode == 2
    assert "nowhere" in result.stderr
