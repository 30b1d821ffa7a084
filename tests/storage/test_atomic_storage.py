"""AtomicJSONStorage: all-or-nothing writes, strict reads, and the encryption seam."""

from __future__ import annotations

import itertools
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from tinydb import Query, TinyDB

from bot.errors import CorruptRecordError, StoreError
from bot.storage import AtomicJSONStorage, Cipher, IdentityCipher, atomic
from bot.storage.atomic import encode_json
from tests.storage.records import FernetCipher


def _temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_a_missing_file_reads_as_empty_a_zero_byte_one_is_damage(tmp_path: Path) -> None:
    storage = AtomicJSONStorage(tmp_path / "db.json")
    assert storage.read() is None
    assert not (tmp_path / "db.json").exists(), "reading must not create the file"
    (tmp_path / "db.json").write_bytes(b"")
    with pytest.raises(CorruptRecordError, match=r"db.json: is empty \(0 bytes\)"):
        storage.read()


def test_round_trip_is_compact_json(tmp_path: Path) -> None:
    storage = AtomicJSONStorage(tmp_path / "db.json")
    data: dict[str, dict[str, Any]] = {"t": {"1": {"text": "été 😀 שלום", "n": 3}}}
    storage.write(data)
    assert storage.read() == data
    raw = (tmp_path / "db.json").read_bytes()
    assert b"\n" not in raw and b": " not in raw and b", " not in raw
    assert "été".encode() in raw, "UTF-8 as is, not \\u escapes, keeps files small"


def test_lone_surrogates_survive_and_the_file_stays_utf8(tmp_path: Path) -> None:
    storage = AtomicJSONStorage(tmp_path / "db.json")
    data: dict[str, dict[str, Any]] = {"t": {"1": {"text": "half \ud83d emoji"}}}
    storage.write(data)
    (tmp_path / "db.json").read_bytes().decode("utf-8")
    assert storage.read() == data


def test_write_leaves_no_temp_file_and_private_mode(tmp_path: Path) -> None:
    storage = AtomicJSONStorage(tmp_path / "db.json")
    for n in range(5):
        storage.write({"t": {"1": {"n": n}}})
    assert _temp_files(tmp_path) == []
    assert (tmp_path / "db.json").stat().st_mode & 0o777 == 0o600


def test_a_temp_name_left_by_an_earlier_process_is_never_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Temp names are the pid and a counter: one left by a crashed process with the same
    pid is stepped over (O_EXCL), never written into or renamed."""
    monkeypatch.setattr(atomic, "_temp_numbers", itertools.count(5))
    stale = tmp_path / f".db.json.{os.getpid()}.5.tmp"
    stale.write_bytes(b"left by a crash")
    AtomicJSONStorage(tmp_path / "db.json").write({"t": {"1": {"n": 1}}})
    assert stale.read_bytes() == b"left by a crash"
    assert json.loads((tmp_path / "db.json").read_bytes()) == {"t": {"1": {"n": 1}}}
    assert _temp_files(tmp_path) == [stale]


def test_a_umask_never_leaves_a_file_without_its_private_mode(tmp_path: Path) -> None:
    previous = os.umask(0o277)  # would leave the owner read-only
    try:
        AtomicJSONStorage(tmp_path / "db.json").write({"t": {}})
    finally:
        os.umask(previous)
    assert (tmp_path / "db.json").stat().st_mode & 0o777 == 0o600


def test_write_fsyncs_file_and_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[bool] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        synced.append(os.path.isdir(f"/proc/self/fd/{fd}") if os.path.exists("/proc/self/fd") else False)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    AtomicJSONStorage(tmp_path / "db.json").write({"t": {}})
    assert len(synced) == 2
    if os.path.exists("/proc/self/fd"):
        assert synced == [False, True], "the file first, then its folder"


def test_writes_into_one_folder_at_once_share_its_fsyncs_each_after_its_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every write returns only after a folder fsync that started after its own rename;
    the ones renamed while an fsync was running share the next one."""
    writers = 8
    events = itertools.count()
    renamed_at: dict[str, int] = {}
    syncs: list[tuple[int, int]] = []
    all_renamed = threading.Event()
    real_replace, real_fsync_dir = os.replace, atomic.fsync_dir

    def replace(src: str, dst: str) -> None:
        real_replace(src, dst)
        renamed_at[Path(dst).name] = next(events)
        if len(renamed_at) == writers:
            all_renamed.set()

    def fsync_dir(folder: Path) -> None:
        started = next(events)
        all_renamed.wait(10)  # the first fsync lasts until every writer has renamed
        real_fsync_dir(folder)
        syncs.append((started, next(events)))

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(atomic, "fsync_dir", fsync_dir)

    def write(n: int) -> int:
        AtomicJSONStorage(tmp_path / f"f{n}.json").write({"t": {"1": {"n": n}}})
        return next(events)

    with ThreadPoolExecutor(writers) as pool:
        returned_at = dict(zip(range(writers), pool.map(write, range(writers)), strict=True))
    for n, returned in returned_at.items():
        renamed = renamed_at[f"f{n}.json"]
        assert any(renamed < start and end < returned for start, end in syncs), f"f{n}.json not durable"
    assert len(syncs) <= 3, f"{len(syncs)} folder fsyncs for {writers} writes at once"


def test_failed_replace_keeps_old_content_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage = AtomicJSONStorage(tmp_path / "db.json")
    storage.write({"t": {"1": {"v": "old"}}})

    def broken(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(StoreError, match=r"db\.json: cannot be written"):
        storage.write({"t": {"1": {"v": "new"}}})
    monkeypatch.undo()
    assert storage.read() == {"t": {"1": {"v": "old"}}}
    assert _temp_files(tmp_path) == []


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'{"t": [1]}', b"\xff\xfe{"])
def test_undecodable_file_is_corrupt_and_named(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "db.json").write_bytes(content)
    storage = AtomicJSONStorage(tmp_path / "db.json", label="people/abc.json")
    with pytest.raises(CorruptRecordError, match=r"people/abc\.json"):
        storage.read()


def test_corrupt_error_does_not_quote_content(tmp_path: Path) -> None:
    (tmp_path / "db.json").write_bytes(b'{"t": {"1": {"text": "CANARY-secret"')
    with pytest.raises(CorruptRecordError) as caught:
        AtomicJSONStorage(tmp_path / "db.json").read()
    assert "CANARY" not in str(caught.value)


def test_values_json_cannot_carry_are_refused(tmp_path: Path) -> None:
    storage = AtomicJSONStorage(tmp_path / "db.json")
    with pytest.raises(StoreError, match="cannot carry"):
        storage.write({"t": {"1": {"v": float("nan")}}})
    with pytest.raises(StoreError):
        encode_json({"t": object()}, label="x")
    assert not (tmp_path / "db.json").exists()


def test_missing_folder_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        AtomicJSONStorage(tmp_path / "nowhere" / "db.json")


def test_cipher_hook_encrypts_whole_file(tmp_path: Path) -> None:
    cipher: Cipher = FernetCipher(Fernet.generate_key())
    storage = AtomicJSONStorage(tmp_path / "db.json", cipher=cipher)
    data: dict[str, dict[str, Any]] = {"t": {"1": {"text": "CANARY-at-rest"}}}
    storage.write(data)
    raw = (tmp_path / "db.json").read_bytes()
    assert b"CANARY" not in raw
    assert storage.read() == data
    assert json.loads(cipher.decrypt(raw)) == data


def test_wrong_key_reads_as_corrupt_not_as_data(tmp_path: Path) -> None:
    AtomicJSONStorage(tmp_path / "db.json", cipher=FernetCipher(Fernet.generate_key())).write({"t": {}})
    other = AtomicJSONStorage(tmp_path / "db.json", cipher=FernetCipher(Fernet.generate_key()))
    with pytest.raises(CorruptRecordError, match="cannot be decrypted"):
        other.read()


def test_identity_cipher_is_the_default() -> None:
    assert IdentityCipher().encrypt(b"abc") == b"abc"
    assert IdentityCipher().decrypt(b"abc") == b"abc"


def test_works_under_tinydb(tmp_path: Path) -> None:
    """The class is a real TinyDB storage: its table API reads and writes through it."""
    cipher = FernetCipher(Fernet.generate_key())
    with TinyDB(tmp_path / "db.json", storage=AtomicJSONStorage, cipher=cipher) as db:
        db.insert({"name": "a", "n": 1})
        db.insert({"name": "b", "n": 2})
        db.update({"n": 3}, Query().name == "a")
    with TinyDB(tmp_path / "db.json", storage=AtomicJSONStorage, cipher=cipher) as db:
        assert sorted(d["n"] for d in db.all()) == [2, 3]
    assert _temp_files(tmp_path) == []
