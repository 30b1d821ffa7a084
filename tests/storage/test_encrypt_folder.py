"""Turning encryption on for a folder kept in clear (`cadre encrypt`), and the refusals that
keep `cadre repair` from setting a whole folder aside when the key and the folder disagree."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.app import open_store
from bot.channels.console import CONSOLE_USER
from bot.cli import main
from bot.errors import CorruptRecordError, StoreError
from bot.storage import TinyStore
from bot.storage.crypto import KEYS_FILE, EncryptedTinyStore, generate_key, open_encrypted_store
from bot.storage.tiny import person_name
from tests.conftest import paris
from tests.harness import Harness
from tests.privacy.test_privacy import CANARIES, disk_bytes, full_history

KEY = generate_key()


async def _clear_folder(project: Path) -> Path:
    """A folder in clear with a mentee, a question answered and a draft."""
    data = project / "data"
    store = TinyStore(data)
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"), store=store)
    await full_history(harness)
    store.release()
    assert CANARIES[0].encode() in disk_bytes(data)
    return data


def _cadre(project: Path, *args: str) -> int:
    return main(["--config", str(project / "config"), "--data", str(project / "data"), *args])


def _files(data: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*.json"))}


async def test_a_key_on_a_clear_folder_is_refused_and_repair_sets_nothing_aside(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = await _clear_folder(project)
    before = _files(data)
    monkeypatch.setenv("CADRE_DATA_KEY", KEY)
    with pytest.raises(StoreError) as refused:
        await open_store(data)
    assert refused.value.code == "folder_clear" and not isinstance(refused.value, CorruptRecordError)
    assert "holds records stored in clear" in str(refused.value)
    assert await asyncio.to_thread(_cadre, project, "repair") == 3
    error = capsys.readouterr().err
    assert "contient des enregistrements en clair" in error and "cadre encrypt" in error
    assert not (data / "damaged").exists() and not (data / KEYS_FILE).exists()
    assert _files(data) == before, "nothing moved, nothing rewritten"


async def test_cadre_encrypt_turns_a_clear_folder_into_an_encrypted_one(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = await _clear_folder(project)
    monkeypatch.delenv("CADRE_DATA_KEY", raising=False)
    assert await asyncio.to_thread(_cadre, project, "encrypt") == 2
    assert "cadre keygen" in capsys.readouterr().err
    monkeypatch.setenv("CADRE_DATA_KEY", KEY)
    assert await asyncio.to_thread(_cadre, project, "encrypt") == 0
    said = capsys.readouterr().out
    assert "chiffré" in said and "fichiers réécrits" in said and "sauvegardes" in said
    disk = disk_bytes(data)
    for canary in CANARIES:
        assert canary.encode() not in disk, "nothing readable on disk"
    store = await open_store(data)
    assert isinstance(store, EncryptedTinyStore)
    mentee = await store.get_mentee(CONSOLE_USER)
    assert mentee is not None and len(await store.items_of(CONSOLE_USER)) == 1
    assert person_name(CONSOLE_USER.key) in store.keys.names(), "the person has a key of their own"
    await store.close()
    assert await asyncio.to_thread(_cadre, project, "encrypt") == 0
    assert "déjà chiffré" in capsys.readouterr().out, "a second run changes nothing"


async def test_an_interrupted_encrypt_is_refused_by_name_and_finished_by_a_rerun(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = await _clear_folder(project)
    person = data / "people" / f"{person_name(CONSOLE_USER.key)}.json"
    clear_person = person.read_bytes()
    monkeypatch.setenv("CADRE_DATA_KEY", KEY)
    assert await asyncio.to_thread(_cadre, project, "encrypt") == 0
    person.write_bytes(clear_person)  # as if the run had stopped before this file
    with pytest.raises(StoreError) as refused:
        open_encrypted_store(data, KEY)
    assert refused.value.code == "file_clear_in_encrypted"
    capsys.readouterr()
    assert await asyncio.to_thread(_cadre, project, "repair") == 3
    assert "relancez `cadre encrypt`" in capsys.readouterr().err
    assert not (data / "damaged").exists()
    assert await asyncio.to_thread(_cadre, project, "encrypt") == 0
    assert "1 fichier réécrit" in capsys.readouterr().out
    with open_encrypted_store(data, KEY) as store:
        assert await store.get_mentee(CONSOLE_USER) is not None


async def test_an_encrypted_folder_that_lost_its_key_file_or_its_key_says_so(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = await _clear_folder(project)
    monkeypatch.setenv("CADRE_DATA_KEY", KEY)
    assert await asyncio.to_thread(_cadre, project, "encrypt") == 0
    (data / KEYS_FILE).rename(project / "keys.backup")
    with pytest.raises(StoreError) as refused:
        open_encrypted_store(data, KEY)
    assert refused.value.code == "keys_file_lost"
    monkeypatch.delenv("CADRE_DATA_KEY")
    capsys.readouterr()
    assert await asyncio.to_thread(_cadre, project, "repair") == 3, "never set aside as damage"
    error = capsys.readouterr().err
    assert "est chiffré mais CADRE_DATA_KEY n'est pas définie" in error
    assert not (data / "damaged").exists()
