"""Whole-file writes of one data folder, off the event loop, in order per file, grouped.

TinyStore's every write replaces a whole file and waits for its fsync: done on the event
loop, fifty people writing at once waited for fifty fsyncs one after another, and one
slow disk stalled every conversation. Here a write is *staged*: the new content of the
file is kept in memory (what every later read of that file sees) and a worker thread
writes it; the caller awaits the moment it is durable, so "returned" still means "on
disk", as before. Writes to one file are never in flight twice, and while one is, the
ones arriving meanwhile collapse into the next (its content is the latest, which holds
all of theirs): one fsync for many callers, each answered only once the write holding
its change is durable.

Files are written in batches (group commit): every file staged while the writer threads
are busy joins the next batch, and one thread writes a batch with one call of
`write_plain_many` (all the bytes, then each file fsynced and renamed, then one fsync
per folder), handed under `cadre run` to a helper process (bot/storage/write_helper.py).
Fifty person files staged together are a few batches on a few threads, not fifty threads
each waking for the interpreter at each of its system calls while the event loop holds it.

Order across files is the caller's: it awaits one write before staging the next where a
crash must find them in that order (TinyStore does for the few writes that need it).

A failed write fails every caller waiting on that file, including those whose change
came later (their content was built on the failed one), and the staged content is
dropped, so reads go back to what the disk holds; the other files of its batch are
written as if it were not there.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from bot.domain.threads import start_threads
from bot.storage.atomic import AtomicJSONStorage, FileStamp, remove_durably, write_plain_many
from bot.storage.write_helper import WriteHelpers

log = logging.getLogger(__name__)

WRITER_THREADS = 3
"""Batches written at once. Few: a thread writes a whole batch, and each one more wakes
for the interpreter at each of its system calls; more than one, so a file staged while a
big batch is on its way to the disk starts at once."""

BATCH_FILES = 16
"""Files a batch holds at most: fifty person files staged together go as three batches on
three threads (their fsyncs commit together in the disk's journal), not one long one."""

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
    is_in_flight: bool = False


@dataclass(frozen=True)
class _Job:
    """One file of a batch: the version being written and its content."""

    label: str
    version: int
    content: Content


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
        self.helpers: WriteHelpers | None = None
        self._slots: dict[str, _Slot] = {}
        self._batches: set[asyncio.Task[None]] = set()  # kept while they run
        self._in_flight = 0  # batches handed to a thread and not answered yet
        self._version = 0
        self._on_disk: dict[str, int] = {}  # label -> version last written (under its lock)
        self._file_locks: dict[str, threading.Lock] = {}
        self._locks_mutex = threading.Lock()
        self._idle = asyncio.Event()
        self._idle.set()

    def start_threads(self) -> None:
        """Every writer thread up now (a long-running service, before its first messages)."""
        start_threads(self._pool, self._threads)

    def start_helpers(self, *, keep_fds: Sequence[int] = ()) -> WriteHelpers:
        """A helper process per thread writes the batches from now on (`cadre run`: see
        bot/storage/write_helper.py); `keep_fds` go with them (the folder's lock)."""
        if self.helpers is None:
            self.helpers = WriteHelpers.start(self._threads, keep_fds=keep_fds)
        return self.helpers

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
        self._idle.clear()
        self._dispatch()
        return written

    def _dispatch(self) -> None:
        """Every staged file not in flight into batches, as many as there are free threads."""
        free = self._threads - self._in_flight
        if free <= 0:
            return
        ready = [label for label, slot in self._slots.items() if not slot.is_in_flight and slot.waiters]
        if not ready:
            return
        # What is ready shared among the free threads, at most BATCH_FILES a batch, so that a
        # thread freed a moment later still finds some of a burst to write beside the others.
        size = min(BATCH_FILES, -(-len(ready) // free))
        batches = min(free, -(-len(ready) // size))
        for number in range(batches):
            jobs: list[_Job] = []
            for label in ready[number * size : (number + 1) * size]:
                slot = self._slots[label]
                slot.is_in_flight = True
                jobs.append(_Job(label, slot.version, slot.content))
            self._in_flight += 1
            batch = asyncio.create_task(self._write_batch(jobs), name="cadre-store-write")
            self._batches.add(batch)
            batch.add_done_callback(self._batches.discard)

    async def _write_batch(self, jobs: list[_Job]) -> None:
        loop = asyncio.get_running_loop()
        try:
            outcomes = await loop.run_in_executor(self._pool, self._put_many, jobs)
        except asyncio.CancelledError:
            for job in jobs:  # the thread finishes it; close() writes what is still staged
                self._slots[job.label].is_in_flight = False
            raise
        except Exception as error:  # the pool refused the batch (shut down): each file failed
            outcomes = [error] * len(jobs)
        finally:
            self._in_flight -= 1
        for job, outcome in zip(jobs, outcomes, strict=True):
            self._settle(job, outcome)
        self._dispatch()
        if not self._slots:
            self._idle.set()

    def _settle(self, job: _Job, outcome: FileStamp | Exception | None) -> None:
        """Answer the callers of one file of a batch; the slot goes once nobody waits."""
        slot = self._slots[job.label]
        slot.is_in_flight = False
        if isinstance(outcome, Exception):
            if self._on_failed is not None:
                self._on_failed(job.label)
            waiters, slot.waiters = slot.waiters, []
            for _, written in waiters:
                if not written.done():
                    written.set_exception(outcome)
                    written.exception()  # retrieved: each waiter raises it
            log.error("store write failed file=%s error=%s", job.label, type(outcome).__name__)
            del self._slots[job.label]
            return
        if outcome is not None and self._on_written is not None:
            self._on_written(job.label, job.version, outcome)
        ready = [w for v, w in slot.waiters if v <= job.version]
        slot.waiters = [(v, w) for v, w in slot.waiters if v > job.version]
        for written in ready:
            if not written.done():
                written.set_result(None)
        if not slot.waiters:
            del self._slots[job.label]

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

    def _put_many(self, jobs: list[_Job]) -> list[FileStamp | Exception | None]:
        """`_put` for a batch, in one worker thread: each file's stamp, None (removed, or
        skipped for a newer one), or the error its write met."""
        outcomes: list[FileStamp | Exception | None] = [None] * len(jobs)
        locks: list[threading.Lock] = []
        files: list[tuple[int, AtomicJSONStorage, bytes]] = []
        try:
            for index, job in enumerate(jobs):
                lock = self._lock(job.label)
                lock.acquire()
                locks.append(lock)
                if self._on_disk.get(job.label, 0) >= job.version:
                    continue
                try:
                    storage = self._storage_for(job.label)
                    if job.content is DELETED:
                        remove_durably(storage.path)
                        self._on_disk[job.label] = job.version
                    else:
                        content = job.content() if callable(job.content) else job.content
                        files.append((index, storage, content))
                except Exception as error:
                    outcomes[index] = error
            helpers = self.helpers
            written = write_plain_many(
                [(storage, content) for _, storage, content in files],
                write=helpers.write_many if helpers is not None else None,
            )
            for (index, _, _), outcome in zip(files, written, strict=True):
                outcomes[index] = outcome
                if not isinstance(outcome, Exception):
                    self._on_disk[jobs[index].label] = jobs[index].version
        finally:
            for lock in locks:
                lock.release()
        return outcomes

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
        if self.helpers is not None:
            self.helpers.close()
