"""Whole-file writes of one data folder, off the event loop, in order per file, grouped.

TinyStore's every write replaces a whole file and waits for its fsync: done on the event
loop, fifty people writing at once waited for fifty fsyncs one after another, and one
slow disk stalled every conversation. Here a write is *staged*: the new content of the
file is kept in memory (what every later read of that file sees) and a worker thread
writes it; the caller awaits the moment it is durable, so "returned" still means "on
disk", as before. Writes to different files run in parallel threads; writes to one
file are never in flight twice, and while one is, the ones arriving meanwhile collapse
into the next (its content is the latest, which holds all of theirs): group commit, one
fsync for many callers, each answered only once the write holding its change is durable.

Order across files is the caller's: it awaits one write before staging the next where a
crash must find them in that order (TinyStore does for the few writes that need it).

A failed write fails every caller waiting on that file, including those whose change
came later (their content was built on the failed one), and the staged content is
dropped, so reads go back to what the disk holds.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from bot.domain.threads import start_threads
from bot.storage.atomic import AtomicJSONStorage, FileStamp, remove_durably

log = logging.getLogger(__name__)

WRITER_THREADS = 32
"""Enough for the disk to confirm several people's files at once: fsync waits on the
device, not on the interpreter, and the journal commits concurrent ones together."""

DELETED = None
"""Staged content meaning "this file is being removed"."""

Content = bytes | Callable[[], bytes] | None
"""What is staged: the bytes, a way to encode them (called once, when they are needed:
fifty changes of one file staged while it is being written cost one encoding), or DELETED."""


@dataclass
class _Slot:
    """One file with a write staged or in flight."""

    content: Content
    version: int
    waiters: list[tuple[int, asyncio.Future[None]]] = field(default_factory=list)
    task: asyncio.Task[None] | None = None


class FileWriter:
    """Stages whole-file contents and writes them durably in worker threads."""

    def __init__(
        self,
        storage_for: Callable[[str], AtomicJSONStorage],
        *,
        threads: int = WRITER_THREADS,
        on_written: Callable[[str, int, FileStamp], None] | None = None,
        on_failed: Callable[[str], None] | None = None,
    ) -> None:
        """`on_written(label, version, stamp)` and `on_failed(label)` are called on the
        loop (or the closing thread) once a version is on disk or a write failed, before
        any later read of the file stops seeing the staged content."""
        self._storage_for = storage_for
        self._on_written = on_written
        self._on_failed = on_failed
        self._threads = threads
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="cadre-store")
        self._slots: dict[str, _Slot] = {}
        self._version = 0
        self._on_disk: dict[str, int] = {}  # label -> version last written (under its lock)
        self._file_locks: dict[str, threading.Lock] = {}
        self._locks_mutex = threading.Lock()
        self._idle = asyncio.Event()
        self._idle.set()

    def start_threads(self) -> None:
        """Every writer thread up now (a long-running service, before its first messages)."""
        start_threads(self._pool, self._threads)

    # ------------------------------------------------------------------ reading
    def is_staged(self, label: str) -> bool:
        return label in self._slots

    def will_exist(self, label: str) -> bool:
        """Whether a staged file is being written, not removed (its content not encoded)."""
        return self._slots[label].content is not DELETED

    def staged(self, label: str) -> bytes | None:
        """The content a staged file will have (DELETED when it is being removed)."""
        slot = self._slots[label]
        if callable(slot.content):
            slot.content = slot.content()
        return slot.content

    def staged_version(self, label: str) -> int:
        """The version of that content (each `stage` gives a larger one)."""
        return self._slots[label].version

    def staged_labels(self) -> dict[str, bool]:
        """label -> whether the file will exist, for every staged file."""
        return {label: slot.content is not DELETED for label, slot in self._slots.items()}

    @property
    def is_busy(self) -> bool:
        return bool(self._slots)

    # ------------------------------------------------------------------ writing
    def stage(self, label: str, content: Content) -> asyncio.Future[None]:
        """The file's next content; the future is done once it (or a later one) is durable.
        An encoder that fails (a value JSON cannot carry) fails that write like a disk
        error would: every caller waiting on the file."""
        self._version += 1
        slot = self._slots.get(label)
        if slot is None:
            slot = self._slots[label] = _Slot(content, self._version)
        else:
            slot.content, slot.version = content, self._version
        written: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        slot.waiters.append((self._version, written))
        if slot.task is None:
            self._idle.clear()
            slot.task = asyncio.create_task(self._flush(label, slot), name="cadre-store-write")
        return written

    async def _flush(self, label: str, slot: _Slot) -> None:
        loop = asyncio.get_running_loop()
        try:
            while slot.waiters:
                version, content = slot.version, slot.content
                storage = self._storage_for(label)
                try:
                    stamp = await loop.run_in_executor(
                        self._pool, self._put, label, storage, version, content
                    )
                except Exception as error:
                    if self._on_failed is not None:
                        self._on_failed(label)
                    waiters, slot.waiters = slot.waiters, []
                    for _, written in waiters:
                        if not written.done():
                            written.set_exception(error)
                            written.exception()  # retrieved: each waiter raises it
                    log.error("store write failed file=%s error=%s", label, type(error).__name__)
                    break
                if stamp is not None and self._on_written is not None:
                    self._on_written(label, version, stamp)
                ready = [w for v, w in slot.waiters if v <= version]
                slot.waiters = [(v, w) for v, w in slot.waiters if v > version]
                for written in ready:
                    if not written.done():
                        written.set_result(None)
        finally:
            del self._slots[label]
            if not self._slots:
                self._idle.set()

    def _lock(self, label: str) -> threading.Lock:
        with self._locks_mutex:
            return self._file_locks.setdefault(label, threading.Lock())

    def _put(
        self, label: str, storage: AtomicJSONStorage, version: int, content: Content
    ) -> FileStamp | None:
        """In a worker thread (or at release): never an older content over a newer one.
        The stamp of the file written; None when removed, or skipped for a newer one."""
        with self._lock(label):
            if self._on_disk.get(label, 0) >= version:
                return None
            stamp = None
            if content is DELETED:
                remove_durably(storage.path)
            else:
                stamp = storage.write_plain(content() if callable(content) else content)
            self._on_disk[label] = version
            return stamp

    async def drain(self) -> None:
        """Until nothing is staged (new writes may be staged meanwhile: waits for them too)."""
        while self._slots:
            await self._idle.wait()

    def flush_now(self) -> None:
        """Write what is staged from this thread (a synchronous close); later thread writes
        of the same files see a newer version on disk and skip."""
        for label, slot in list(self._slots.items()):
            stamp = self._put(label, self._storage_for(label), slot.version, slot.content)
            if stamp is not None and self._on_written is not None:
                self._on_written(label, slot.version, stamp)

    def close(self) -> None:
        self._pool.shutdown(wait=True)
