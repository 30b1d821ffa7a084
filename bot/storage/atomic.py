"""A TinyDB storage whose writes are all-or-nothing and durable when they return.

TinyDB's own JSONStorage rewrites the file in place: a crash mid-write leaves half a file.
Here every write goes to a temporary file in the same folder, is flushed and fsynced, then
`os.replace`d over the target, and the folder itself is fsynced so the rename survives a
power cut. A reader therefore sees the old file or the new one, never a mix.

There is no write-behind cache (TinyDB's CachingMiddleware would acknowledge writes that
are still only in memory); reads go to the file every time.

Encryption at rest plugs in through `Cipher`: the bytes are transformed just before they
reach the disk and just after they leave it, so the store above never changes.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Protocol

from tinydb.storages import Storage

from bot.errors import CorruptRecordError, StorageFullError, StoreError

FILE_MODE = 0o600
DIR_MODE = 0o700
TEMP_SUFFIX = ".tmp"


class Cipher(Protocol):
    """Turns the bytes of a whole file into what is written to disk, and back.

    `decrypt` raises any exception when the bytes were not produced by `encrypt` with the
    same key; the storage reports that as a corrupt file, never as data.
    """

    def encrypt(self, data: bytes) -> bytes: ...

    def decrypt(self, data: bytes) -> bytes: ...


class IdentityCipher:
    """Plain text on disk: the default until per-mentee data keys are configured."""

    def encrypt(self, data: bytes) -> bytes:
        return data

    def decrypt(self, data: bytes) -> bytes:
        return data


IDENTITY = IdentityCipher()


def fsync_dir(folder: Path) -> None:
    """Make a rename or unlink in `folder` durable (POSIX keeps directory entries apart)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new bytes."""
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, FILE_MODE)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    fsync_dir(path.parent)


def remove_durably(path: Path) -> None:
    """Delete a file and make the deletion survive a crash; a missing file is fine."""
    try:
        path.unlink()
    except FileNotFoundError:
        return
    fsync_dir(path.parent)


def encode_json(data: object, *, label: str) -> bytes:
    """Compact UTF-8 JSON; text with lone surrogates (possible from a platform's JSON) is
    escaped instead, so every file stays valid UTF-8 that any tool can read."""
    try:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError:
            return json.dumps(data, separators=(",", ":"), allow_nan=False).encode("ascii")
    except (TypeError, ValueError):
        raise StoreError(f"{label}: a record holds a value JSON cannot carry") from None


class AtomicJSONStorage(Storage):
    """TinyDB storage: compact JSON, atomic replace, fsync of file and folder, optional cipher.

    `label` is what errors call the file (a path relative to the data folder), so a message
    can be shown to an operator without revealing more of the layout than needed.
    """

    def __init__(self, path: str | Path, *, cipher: Cipher = IDENTITY, label: str | None = None) -> None:
        super().__init__()
        self.path = Path(path)
        self.cipher = cipher
        self.label = label if label is not None else self.path.name
        if not self.path.parent.is_dir():
            raise StoreError(f"{self.label}: folder {self.path.parent} does not exist")

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"{self.label}: cannot be read ({exc.strerror})") from None
        if not raw:
            # Our writes never leave an empty file: zero bytes is damage, never "no records".
            raise CorruptRecordError(f"{self.label}: is empty (0 bytes)")
        try:
            plain = self.cipher.decrypt(raw)
        except Exception:
            raise CorruptRecordError(f"{self.label}: cannot be decrypted") from None
        if not plain:
            raise CorruptRecordError(f"{self.label}: is empty once decrypted")
        try:
            data = json.loads(plain)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            position = (
                f" at byte {exc.start}"
                if isinstance(exc, UnicodeDecodeError)
                else (f" at line {exc.lineno} column {exc.colno}")
            )
            raise CorruptRecordError(f"{self.label}: is not valid JSON{position}") from None
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise CorruptRecordError(f"{self.label}: is not a TinyDB document (tables of records)")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.write_plain(encode_json(data, label=self.label))

    def write_plain(self, plain: bytes) -> None:
        """`write` for a document already encoded by `encode_json` (a writer thread's part)."""
        payload = self.cipher.encrypt(plain)
        try:
            write_atomic(self.path, payload)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise StorageFullError(f"{self.label}: cannot be written, the disk is full") from None
            raise StoreError(f"{self.label}: cannot be written ({exc.strerror})") from None

    def close(self) -> None:
        """Nothing stays open between calls: each read and write opens the file afresh."""
