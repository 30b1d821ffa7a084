"""A TinyDB storage whose writes are all-or-nothing and durable when they return.

TinyDB's own JSONStorage rewrites the file in place: a crash mid-write leaves half a file.
Here every write goes to a temporary file in the same folder, is flushed and fsynced, then
`os.replace`d over the target, and the folder itself is fsynced so the rename survives a
power cut. A reader therefore sees the old file or the new one, never a mix.

There is no write-behind cache (TinyDB's CachingMiddleware would acknowledge writes that
are still only in memory): a write returns once durable. Each write and read gives the
file's FileStamp, so a reader that keeps what it parsed (TinyStore) can tell, with one
`stat`, whether the file is still the one it read or wrote.

Encryption at rest plugs in through `Cipher`: the bytes are transformed just before they
reach the disk and just after they leave it, so the store above never changes.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import json
import os
import threading
import weakref
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import Any, NamedTuple, Protocol

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


class _FolderSync:
    """One folder's fsyncs, shared: an fsync that starts after a rename makes it durable,
    so the writes that renamed into the folder while one was running share the next one
    (fifty people's files written at once cost a few folder fsyncs, not fifty)."""

    def __init__(self) -> None:
        self._turn = threading.Condition()
        self._renamed = 0  # renames numbered so far
        self._covered = 0  # renames made durable by a finished fsync
        self._is_syncing = False

    def sync(self, folder: Path) -> None:
        """Returns once an fsync of `folder` that started after the caller's rename is done."""
        with self._turn:
            self._renamed += 1
            mine = self._renamed
            while self._covered < mine:
                if self._is_syncing:
                    self._turn.wait()
                    continue
                self._is_syncing, covers = True, self._renamed
                self._turn.release()
                try:
                    fsync_dir(folder)
                finally:
                    self._turn.acquire()
                    self._is_syncing = False
                    self._turn.notify_all()  # on failure the others try again themselves
                self._covered = max(self._covered, covers)


_folder_syncs: weakref.WeakValueDictionary[str, _FolderSync] = weakref.WeakValueDictionary()
_folder_syncs_lock = threading.Lock()


def sync_renamed(folder: Path) -> None:
    """`fsync_dir` after a rename or an unlink in `folder`, shared with other threads' ones."""
    with _folder_syncs_lock:
        shared = _folder_syncs.get(str(folder))
        if shared is None:
            shared = _folder_syncs[str(folder)] = _FolderSync()
    shared.sync(folder)


class FileStamp(NamedTuple):
    """What tells one version of a file from another without reading it. Every write here
    replaces the file by a new one (a new inode); an edit in place changes its size or
    its modification time."""

    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, status: os.stat_result) -> FileStamp:
        return cls(status.st_ino, status.st_size, status.st_mtime_ns)


def file_stamp(path: Path) -> FileStamp | None:
    """The stamp of the file at `path` now, None when there is none."""
    try:
        return FileStamp.of(os.stat(path))
    except OSError:
        return None


_temp_numbers = itertools.count()
"""Temporary names of this process: unique without the randomness and the Python work of
`tempfile.mkstemp` (a write's name only has to differ from every other write's)."""


def _create_temp(path: Path) -> tuple[int, str]:
    """A new private temporary file beside `path` (never an existing one: O_EXCL), open."""
    while True:
        name = str(path.with_name(f".{path.name}.{os.getpid()}.{next(_temp_numbers)}{TEMP_SUFFIX}"))
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE), name
        except FileExistsError:
            continue  # left by an earlier process that had the same pid


def write_atomic(path: Path, data: bytes) -> FileStamp:
    """Replace `path` with `data` so that a crash leaves either the old or the new bytes;
    the stamp of the new file (renaming keeps its inode, size and modification time).

    Few system calls, each of which lets the interpreter go to another thread while the
    disk works: create, write, fsync, fstat, close, rename, then the folder's fsync (shared with the
    other threads' renames into that folder meanwhile: `sync_renamed`).
    """
    fd, temp_name = _create_temp(path)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
            status = os.fstat(fd)
            if status.st_mode & 0o777 != FILE_MODE:  # a umask took some of the owner's bits
                os.fchmod(fd, FILE_MODE)
                status = os.fstat(fd)
        finally:
            os.close(fd)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    sync_renamed(path.parent)
    return FileStamp.of(status)


def write_atomic_many(
    files: Sequence[tuple[Path, bytes]], *, pool: Executor | None = None
) -> list[FileStamp | OSError]:
    """`write_atomic` for several files, each with the same guarantee: every file's bytes
    written first, then each one fsynced, closed and renamed, then one fsync per folder.
    From one thread the fsyncs go one after the other (the disk's journal commits the
    first with the others' data already written: fifty person files in 17-25 ms here);
    with `pool` (a helper process's threads, whose interpreter nothing else holds) side
    by side, so that one slow to be scheduled on a busy machine does not hold up the
    next. Each file's result, in order: its stamp once it and its folder entry are
    durable, or the OSError that stopped it (the others go on)."""
    results: list[FileStamp | OSError | None] = [None] * len(files)
    opened: list[tuple[int, int, str]] = []  # index, descriptor, temporary name
    try:
        for index, (path, data) in enumerate(files):
            try:
                fd, temp_name = _create_temp(path)
            except OSError as error:
                results[index] = error
                continue
            opened.append((index, fd, temp_name))
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
            except OSError as error:
                results[index] = error
    except BaseException:
        for _, fd, temp_name in opened:
            with contextlib.suppress(OSError):
                os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
        raise

    def settle(one: tuple[int, int, str]) -> tuple[int, os.stat_result | OSError]:
        """fsync, stamp, close and rename one written file (removed when anything failed)."""
        index, fd, temp_name = one
        outcome: os.stat_result | OSError
        failed = results[index]
        try:
            try:
                if failed is None:
                    os.fsync(fd)
                    status = os.fstat(fd)
                    if status.st_mode & 0o777 != FILE_MODE:  # a umask took some owner bits
                        os.fchmod(fd, FILE_MODE)
                        status = os.fstat(fd)
            finally:
                os.close(fd)
            if failed is None:
                os.replace(temp_name, files[index][0])
                return index, status
            outcome = failed if isinstance(failed, OSError) else OSError(errno.EIO, "not written")
        except OSError as error:
            outcome = error
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        return index, outcome

    settled = list(pool.map(settle, opened)) if pool is not None else [settle(one) for one in opened]
    folder_errors: dict[Path, OSError | None] = {}
    for index, outcome in settled:
        if isinstance(outcome, OSError):
            results[index] = outcome
            continue
        folder = files[index][0].parent
        if folder not in folder_errors:
            try:
                sync_renamed(folder)
                folder_errors[folder] = None
            except OSError as error:
                folder_errors[folder] = error
        results[index] = folder_errors[folder] or FileStamp.of(outcome)
    return [result if result is not None else OSError(errno.EIO, "not written") for result in results]


def remove_durably(path: Path) -> None:
    """Delete a file and make the deletion survive a crash; a missing file is fine."""
    try:
        path.unlink()
    except FileNotFoundError:
        return
    sync_renamed(path.parent)


def is_clear(raw: bytes) -> bool:
    """Whether a file's bytes are a document in clear: our JSON starts with a brace, a
    Fernet token never does (it is url-safe base64)."""
    return raw.lstrip()[:1] == b"{"


def is_encrypted(raw: bytes) -> bool:
    """Whether a file's bytes look like a Fernet token (version byte 0x80, then a timestamp
    whose high bytes are zero for centuries: "gAAAAA" in base64)."""
    return raw.startswith(b"gAAAAA")


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
        return self.read_stamped()[0]

    def read_stamped(self) -> tuple[dict[str, dict[str, Any]] | None, FileStamp | None]:
        """The document and the stamp of the file it was read from (both None: no file).
        A file replaced between the two is seen at the next comparison of stamps: the
        stamp is taken first, so it is never newer than the bytes read."""
        try:
            with open(self.path, "rb") as handle:
                stamp = FileStamp.of(os.fstat(handle.fileno()))
                raw = handle.read()
        except FileNotFoundError:
            return None, None
        except OSError as exc:
            raise StoreError(
                f"{self.label}: cannot be read ({exc.strerror})",
                code="file_unreadable",
                params={"label": self.label, "reason": exc.strerror},
            ) from None
        if not raw:
            # Our writes never leave an empty file: zero bytes is damage, never "no records".
            raise CorruptRecordError(
                f"{self.label}: is empty (0 bytes)", code="file_empty", params={"label": self.label}
            )
        try:
            plain = self.cipher.decrypt(raw)
        except Exception:
            if is_clear(raw):
                # Not damage (`cadre repair` must not set it aside): an interrupted `cadre encrypt`.
                raise StoreError(
                    f"{self.label}: is stored in clear in an encrypted data folder; "
                    "run `cadre encrypt` again to finish encrypting it",
                    code="file_clear_in_encrypted",
                    params={"label": self.label},
                ) from None
            raise CorruptRecordError(
                f"{self.label}: cannot be decrypted", code="file_undecryptable", params={"label": self.label}
            ) from None
        if self.cipher is IDENTITY and is_encrypted(raw):
            raise StoreError(
                f"{self.label}: is encrypted but CADRE_DATA_KEY is not set; set it to the key "
                "this folder was created with, and restore keys.json from your last backup",
                code="file_encrypted_without_key",
                params={"label": self.label},
            )
        if not plain:
            raise CorruptRecordError(
                f"{self.label}: is empty once decrypted", code="file_empty", params={"label": self.label}
            )
        try:
            data = json.loads(plain)
        except UnicodeDecodeError as exc:
            raise CorruptRecordError(
                f"{self.label}: is not valid JSON at byte {exc.start}",
                code="file_not_utf8",
                params={"label": self.label, "byte": exc.start},
            ) from None
        except json.JSONDecodeError as exc:
            raise CorruptRecordError(
                f"{self.label}: is not valid JSON at line {exc.lineno} column {exc.colno}",
                code="file_not_json",
                params={"label": self.label, "line": exc.lineno, "column": exc.colno},
            ) from None
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise CorruptRecordError(
                f"{self.label}: is not a TinyDB document (tables of records)",
                code="file_not_document",
                params={"label": self.label},
            )
        return data, stamp

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.write_plain(encode_json(data, label=self.label))

    def write_plain(self, plain: bytes) -> FileStamp:
        """`write` for a document already encoded by `encode_json` (a writer thread's part);
        the stamp of the file written."""
        payload = self.cipher.encrypt(plain)
        try:
            return write_atomic(self.path, payload)
        except OSError as exc:
            raise self.write_error(exc) from None

    def write_error(self, exc: OSError) -> StoreError:
        """What a failed write of this file is called (the disk full is its own error)."""
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return StorageFullError(f"{self.label}: cannot be written, the disk is full")
        return StoreError(f"{self.label}: cannot be written ({exc.strerror})")

    def close(self) -> None:
        """Nothing stays open between calls: each read and write opens the file afresh."""


WriteMany = Callable[[Sequence[tuple[Path, bytes]]], list["FileStamp | OSError"]]
"""`write_atomic_many`, or what does the same elsewhere (bot/storage/write_helper.py)."""


def write_plain_many(
    files: Sequence[tuple[AtomicJSONStorage, bytes]], *, write: WriteMany | None = None
) -> list[FileStamp | StoreError]:
    """`write_plain` for several files at once (see `write_atomic_many`, or `write`): each
    file's stamp, or the StoreError its write met. Encrypted here, before `write` sees it."""
    payloads = [(storage.path, storage.cipher.encrypt(plain)) for storage, plain in files]
    outcomes = (write or write_atomic_many)(payloads)
    return [
        outcome if isinstance(outcome, FileStamp) else storage.write_error(outcome)
        for (storage, _), outcome in zip(files, outcomes, strict=True)
    ]
