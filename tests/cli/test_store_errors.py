"""Why a folder or a database does not open, said in the configured locale: one language per
command (the catalogues' `cli.store.*`), never French around an English sentence."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.app import load_setup
from bot.cli import main
from bot.cli.commands.db import database_name
from bot.storage.crypto import generate_key, open_encrypted_store
from tests.conftest import paris

KEY = generate_key()


def _set_locale(project: Path, locale: str) -> None:
    path = project / "config" / "cadre.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("locale: fr", f"locale: {locale}"), encoding="utf-8"
    )


async def _encrypted_folder(data: Path) -> None:
    with open_encrypted_store(data, KEY) as store:
        await store.set_digest_slot("mentor", paris("2026-11-23T10:00"))


def _outbox(project: Path, command: str = "outbox") -> int:
    return main(["--config", str(project / "config"), "--data", str(project / "data"), command])


@pytest.mark.parametrize(
    ("key", "french", "english"),
    [
        (
            None,
            "est chiffré (keys.json est là) mais CADRE_DATA_KEY n'est pas définie",
            "CADRE_DATA_KEY is not set",
        ),
        (generate_key(), "CADRE_DATA_KEY n'ouvre pas keys.json", "CADRE_DATA_KEY does not open keys.json"),
        ("not-a-key", "n'est pas une clé valide", "is not a valid key"),
    ],
    ids=["no-key", "another-key", "not-a-key"],  # the same ids in every worker (the key is random)
)
async def test_key_errors_follow_the_locale(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    key: str | None,
    french: str,
    english: str,
) -> None:
    await _encrypted_folder(project / "data")
    if key is None:
        monkeypatch.delenv("CADRE_DATA_KEY", raising=False)
    else:
        monkeypatch.setenv("CADRE_DATA_KEY", key)
    assert await asyncio.to_thread(_outbox, project) == 3
    error = capsys.readouterr().err
    assert french in error and english not in error
    _set_locale(project, "en")
    assert await asyncio.to_thread(_outbox, project) == 3
    error = capsys.readouterr().err
    assert english in error and french not in error


async def test_a_damaged_folder_is_named_in_french(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("CADRE_DATA_KEY", raising=False)
    data = project / "data"
    data.mkdir()
    (data / "outbox.json").write_text('{"entries": {', encoding="utf-8")
    (data / "system.json").write_bytes(b"")
    assert await asyncio.to_thread(_outbox, project, "purge") == 3
    error = capsys.readouterr().err
    assert "a 2 fichiers endommagés, Cadre ne démarre donc pas" in error
    assert "outbox.json : n'est pas du JSON valide (ligne 1, colonne 14)" in error
    assert "system.json : est vide" in error
    assert "damaged file" not in error and "does not start" not in error


def test_the_database_is_named_in_the_locale(project: Path) -> None:
    setup = load_setup(project / "config")
    assert database_name(setup, "postgresql:///cadre") == "cadre (socket local)"
    assert database_name(setup, "postgresql://u:secret@db.example:5432/cadre") == "cadre sur db.example"
    _set_locale(project, "en")
    english = load_setup(project / "config")
    assert database_name(english, "postgresql://u:secret@db.example/cadre") == "cadre on db.example"


async def test_a_postgresql_key_refusal_and_a_schema_behind_are_in_french(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], postgres_url: str
) -> None:
    from bot.cli.store_errors import store_error_text
    from bot.config.i18n import load_catalogue
    from bot.errors import StoreError
    from bot.storage.postgres import schema
    from bot.storage.postgres.store import PostgresStore

    async with PostgresStore(postgres_url, data_key=KEY) as store:
        await store.set_digest_slot("mentor", paris("2026-11-23T10:00"))
    monkeypatch.setenv("CADRE_DATABASE_URL", postgres_url)
    monkeypatch.setenv("CADRE_DATA_KEY", generate_key())
    assert await asyncio.to_thread(_outbox, project, "purge") == 3
    error = capsys.readouterr().err
    assert "CADRE_DATA_KEY n'ouvre pas cette base" in error and "does not open" not in error
    behind = StoreError(
        "behind", code="db_behind", params={**schema.named("postgresql:///cadre"), "current": 6, "wanted": 7}
    )
    text = store_error_text(behind, load_catalogue(None), "fr")
    assert text.startswith("La base cadre (socket local) est à la version 6 du schéma")
