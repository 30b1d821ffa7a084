"""Encryption at rest: per-mentee data keys, crypto-shredding on erasure, key handling."""

from __future__ import annotations

import asyncio
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, InvalidToken

from bot.app import open_store
from bot.channels.console import CONSOLE_USER
from bot.cli import main
from bot.domain import Inbound, InboundKind, Mentee, UserRef
from bot.errors import CorruptRecordError, StoreError
from bot.storage import AtomicJSONStorage, TinyStore
from bot.storage.crypto import (
    KEYS_FILE,
    SHARED_KEY,
    EncryptedTinyStore,
    KeyRing,
    generate_key,
    master_from_text,
    open_encrypted_store,
)
from bot.storage.tiny import person_name
from tests.conftest import paris
from tests.harness import Harness
from tests.privacy.test_privacy import CANARIES, disk_bytes, full_history

KEY = generate_key()


def test_atomic_storage_round_trips_through_a_data_key(tmp_path: Path) -> None:
    ring = KeyRing(tmp_path, master_from_text(KEY))
    storage = AtomicJSONStorage(tmp_path / "f.json", cipher=ring.cipher_for("people/" + "a" * 32 + ".json"))
    storage.write({"items": {"1": {"text": "Quuxfrond"}}})
    raw = (tmp_path / "f.json").read_bytes()
    assert b"Quuxfrond" not in raw and raw.startswith(b"gAAAA"), "a Fernet token, not JSON"
    assert storage.read() == {"items": {"1": {"text": "Quuxfrond"}}}
    assert ring.names() == {"a" * 32}
    assert b"Quuxfrond" not in (tmp_path / KEYS_FILE).read_bytes()


async def test_a_read_never_creates_a_key(tmp_path: Path) -> None:
    """A stranger who writes to the bot must leave nothing, not even a key."""
    with open_encrypted_store(tmp_path / "data", KEY) as store:
        assert await store.get_mentee(UserRef("telegram", "4242")) is None
        assert person_name("telegram:4242") not in store.keys.names()


async def test_records_are_encrypted_and_a_backup_dies_with_the_key(project: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = open_encrypted_store(data, KEY)
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"), store=store)
    await full_history(harness)
    disk = disk_bytes(data)
    for canary in CANARIES:
        assert canary.encode() not in disk, "nothing readable on disk"
    assert await store.get_mentee(CONSOLE_USER) is not None, "yet the store reads it back"
    name = person_name(CONSOLE_USER.key)
    backup = tmp_path / "backup"
    shutil.copytree(data, backup, ignore=shutil.ignore_patterns(".lock"))
    await harness.command("effacer")
    assert "effacé" in (await harness.type("1"))
    assert name not in store.keys.names()
    store.release()
    # The backup's person file cannot be read with today's key ring …
    ring = KeyRing(data, master_from_text(KEY))
    with pytest.raises(InvalidToken):
        ring.cipher_for(f"people/{name}.json").decrypt((backup / "people" / f"{name}.json").read_bytes())
    # … nor by a store opened on a copy with the backup file put back.
    restored = tmp_path / "restored"
    shutil.copytree(data, restored)
    shutil.copy(backup / "people" / f"{name}.json", restored / "people" / f"{name}.json")
    with pytest.raises(CorruptRecordError, match="cannot be decrypted"):
        open_encrypted_store(restored, KEY)


async def test_the_backups_own_key_file_still_needs_the_master_key(tmp_path: Path) -> None:
    """The wrapped keys are useless without CADRE_DATA_KEY, which never touches the disk."""
    with open_encrypted_store(tmp_path / "data", KEY) as store:
        await store.save_mentee(
            Mentee(UserRef("telegram", "1"), "A-1", "mentor", "fr", paris("2026-11-23T10:00"))
        )
    with pytest.raises(StoreError, match="does not open"):
        open_encrypted_store(tmp_path / "data", generate_key())
    assert KEY.encode() not in disk_bytes(tmp_path / "data")


async def test_an_erasure_interrupted_after_the_file_went_drops_the_key_at_start(tmp_path: Path) -> None:
    data = tmp_path / "data"
    mentee = Mentee(UserRef("telegram", "7"), "A-7", "mentor", "fr", paris("2026-11-23T10:00"))
    with open_encrypted_store(data, KEY) as store:
        await store.save_mentee(mentee)
    name = person_name(mentee.user.key)
    (data / "people" / f"{name}.json").unlink()  # crash between file removal and key removal
    with open_encrypted_store(data, KEY) as store:
        assert name not in store.keys.names()
        assert store.keys.names() <= {SHARED_KEY}


async def test_key_rotation_rewraps_every_data_key(tmp_path: Path) -> None:
    data = tmp_path / "data"
    mentee = Mentee(UserRef("telegram", "8"), "A-8", "mentor", "fr", paris("2026-11-23T10:00"))
    with open_encrypted_store(data, KEY) as store:
        await store.save_mentee(mentee)
    new_key = generate_key()
    with open_encrypted_store(data, f"{new_key},{KEY}") as store:
        assert store.keys.rewrap() >= 1
    with open_encrypted_store(data, new_key) as store:
        assert await store.get_mentee(mentee.user) == mentee


@pytest.mark.parametrize("bad", ["", "  ,  ", "not-a-key", "é" * 44])
def test_a_bad_master_key_is_refused_with_the_fix(bad: str) -> None:
    with pytest.raises(StoreError, match="cadre keygen"):
        master_from_text(bad)


async def test_open_store_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CADRE_DATA_KEY", raising=False)
    store = await open_store(tmp_path / "clear")
    assert isinstance(store, TinyStore) and not isinstance(store, EncryptedTinyStore)
    await store.close()
    monkeypatch.setenv("CADRE_DATA_KEY", KEY)
    store = await open_store(tmp_path / "sealed")
    assert isinstance(store, EncryptedTinyStore)
    await store.close()


async def test_an_encrypted_folder_without_the_key_names_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_encrypted_store(tmp_path / "data", KEY) as store:
        await store.set_digest_slot("mentor", paris("2026-11-23T10:00"))
    monkeypatch.delenv("CADRE_DATA_KEY", raising=False)
    assert await asyncio.to_thread(main, ["--data", str(tmp_path / "data"), "outbox"]) == 3
    error = capsys.readouterr().err
    assert "CADRE_DATA_KEY n'est pas définie" in error and "JSON" not in error


def test_keygen_prints_a_usable_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keygen"]) == 0
    printed = capsys.readouterr().out.strip()
    Fernet(printed.encode())
    assert printed != KEY


async def test_consent_refusal_also_destroys_the_key(project: Path, tmp_path: Path) -> None:
    """The engine erases through the store, so the key goes even when privacy.py isn't called."""
    with open_encrypted_store(tmp_path / "data", KEY) as store:
        harness = await Harness.start(
            project / "config", paris("2026-11-23T10:00"), store=store, consent=False
        )
        await harness.type("Bonjour")
        harness.clock.advance(timedelta(minutes=1))
        await harness.push(
            Inbound(
                CONSOLE_USER,
                "refuse",
                InboundKind.CHOICE,
                harness.clock.now(),
                payload="consent:refuse_confirmed",
            )
        )
        assert await store.get_mentee(CONSOLE_USER) is None
        assert person_name(CONSOLE_USER.key) not in store.keys.names()
