"""The Inbox on files in the data folder, beside TinyStore (and under its folder lock).

Layout::

    <data>/inbox/pending/<sequence>.json   a batch of events recorded together and not all
                                           done yet (table "entry", one record per event,
                                           keyed by its sequence): written atomically
                                           before any of their webhooks answers 200,
                                           rewritten without an event once it is handled,
                                           deleted (durably) when the last one is
    <data>/inbox/seen/<YYYY-MM-DD>.json    keys of the events handled that day (UTC), no
                                           content: the dedupe memory, one file per day, a
                                           day's file deleted once DEDUPE_TTL has passed

Group commit: every `record` that arrives while a batch is being written joins the next
batch, and the whole batch costs one file write (one fsync of the file, one of its
folder), in a worker thread so the event loop keeps serving other people meanwhile. Each
caller returns only once the batch holding its entries is durable, so a webhook still
answers 200 only after ITS events are on disk; fifty webhooks at once cost two or three
writes instead of fifty. `done` is grouped the same way: the keys go into the day's seen
file first, then the batches lose those entries.

While an event is pending its batch file is its dedupe record (the next open adds every
pending key to the memory), so recording writes nothing else; its key moves to `seen/`
when it is done. A crash between the two leaves it pending: replayed once, as before.
A withheld entry (screening flagged its words) is written without its body, here and in
every rewrite of its batch. File names carry a sequence number, never a platform id. A
pending file that cannot be read stops the start (named, with what to do): it holds
acknowledged messages.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from bot.delivery.inbox import DEDUPE_TTL
from bot.domain import InboxEntry
from bot.errors import CorruptRecordError, StoreError
from bot.storage import codec
from bot.storage.atomic import (
    DIR_MODE,
    IDENTITY,
    AtomicJSONStorage,
    Cipher,
    WriteMany,
    encode_json,
    fsync_dir,
    remove_durably,
    write_plain_many,
)
from bot.storage.tiny.check import batch_sequences

log = logging.getLogger(__name__)

CipherFor = Callable[[str], Cipher]


def _day(entry: InboxEntry) -> str:
    return codec.encode_at(entry.received_at)[:10]


@dataclass
class _Batch:
    """Entries gathered while the previous batch was being written, and who waits for them."""

    entries: list[InboxEntry] = field(default_factory=list)
    written: asyncio.Future[None] | None = None


class TinyInbox:
    """Inbox port on `<data>/inbox/`; one instance per folder, like the TinyStore holding it."""

    def __init__(
        self,
        data_dir: str | Path,
        *,
        cipher_for: CipherFor | None = None,
        write_many: WriteMany | None = None,
    ) -> None:
        """`write_many`: where batches of files are written (the store's helper processes,
        bot/storage/write_helper.py); in the calling thread without it."""
        self.root = Path(data_dir) / "inbox"
        self._cipher_for: CipherFor = cipher_for or (lambda label: IDENTITY)
        self._write_many = write_many
        for folder in (self.root, self.root / "pending", self.root / "seen"):
            folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        self._seen: dict[str, str] = {}  # key -> day it is (or will be) in
        self._seen_files: dict[str, dict[str, object]] = {}  # day -> its file's table, as on disk
        self._pending: dict[str, InboxEntry] = {}
        self._batch_of: dict[str, int] = {}  # pending key -> its batch file's sequence
        self._batches: dict[int, dict[int, InboxEntry]] = {}  # batch -> its entries not done
        self._in_flight: dict[str, asyncio.Future[None]] = {}  # key -> write of its batch
        self._sequence = 0
        self._next = _Batch()
        self._writing = False
        self._done_next: list[InboxEntry] = []
        self._done_written: asyncio.Future[None] | None = None
        self._finishing: dict[str, asyncio.Future[None]] = {}  # key -> write of its done
        self._is_writing_done = False
        self._tasks: set[asyncio.Task[None]] = set()  # the two writers, kept until they end
        self._load()

    # ------------------------------------------------------------------ files
    def _storage(self, label: str) -> AtomicJSONStorage:
        return AtomicJSONStorage(self.root.parent / label, cipher=self._cipher_for(label), label=label)

    def _read(self, label: str) -> dict[str, dict[str, object]]:
        data = self._storage(label).read()
        return data if data is not None else {}

    @staticmethod
    def _pending_label(sequence: int) -> str:
        return f"inbox/pending/{sequence:012d}.json"

    @staticmethod
    def _seen_label(day: str) -> str:
        return f"inbox/seen/{day}.json"

    def _load(self) -> None:
        """Every pending entry and every key of the dedupe window, read whole or refused."""
        for path in sorted((self.root / "seen").glob("*.json")):
            if path.name.startswith("."):
                continue
            table = self._read(self._seen_label(path.stem)).get("keys", {})
            self._seen_files[path.stem] = dict(table)
            for key in table:
                self._seen[key] = path.stem
        for path in sorted((self.root / "pending").glob("*.json")):
            if path.name.startswith("."):
                continue
            label = f"inbox/pending/{path.name}"
            records = self._read(label).get("entry")
            try:
                if not path.stem.isdigit() or not isinstance(records, dict) or not records:
                    raise ValueError
                raws = batch_sequences(path.stem, records)
            except ValueError:
                raise CorruptRecordError(
                    f"{label}: is not a batch of inbox entries; restore it from a backup, or run "
                    "`cadre repair` to move it aside (the messages it held will not be handled)"
                ) from None
            batch = int(path.stem)
            for sequence, raw in raws:
                entry = codec.decode_inbox(raw, source=label, sequence=sequence)
                self._pending[entry.key] = entry
                self._batch_of[entry.key] = batch
                self._batches.setdefault(batch, {})[sequence] = entry
                self._seen.setdefault(entry.key, _day(entry))
                self._sequence = max(self._sequence, sequence)

    def _write_batch(self, sequence: int, entries: dict[int, InboxEntry]) -> None:
        """In a worker thread: the batch's file with these entries, or no file when none."""
        label = self._pending_label(sequence)
        if entries:
            self._write({label: {"entry": self._records(entries)}})
        else:
            remove_durably(self.root.parent / label)

    @staticmethod
    def _records(entries: dict[int, InboxEntry]) -> dict[str, object]:
        return {str(s): codec.encode_inbox(e) for s, e in sorted(entries.items())}

    def _write(self, documents: Mapping[str, Mapping[str, object]]) -> None:
        """In a worker thread: these files, each atomically and durably, in one batch."""
        if not documents:
            return
        files = [(self._storage(label), encode_json(data, label=label)) for label, data in documents.items()]
        for outcome in write_plain_many(files, write=self._write_many):
            if isinstance(outcome, StoreError):
                raise outcome

    def _add_seen(self, tables: dict[str, dict[str, object]]) -> None:
        """In a worker thread: each day's file with its whole table of keys (built from the
        memory of what is on disk plus the new keys: one write, no read of the file)."""
        self._write({self._seen_label(day): {"keys": table} for day, table in tables.items()})

    # ------------------------------------------------------------------ the port
    async def record(self, entries: Sequence[InboxEntry]) -> list[InboxEntry]:
        fresh: list[InboxEntry] = []
        waits: set[asyncio.Future[None]] = set()
        for entry in entries:
            if entry.key in self._in_flight:
                waits.add(self._in_flight[entry.key])  # a redelivery racing its first write
                continue
            if entry.key in self._seen or any(e.key == entry.key for e in fresh):
                continue
            self._sequence += 1
            fresh.append(replace(entry, sequence=self._sequence))
        if fresh:
            batch = self._next
            if batch.written is None:
                batch.written = asyncio.get_running_loop().create_future()
            batch.entries.extend(fresh)
            for entry in fresh:
                self._in_flight[entry.key] = batch.written
            waits.add(batch.written)
            if not self._writing:
                self._writing = True
                self._tasks.add(asyncio.create_task(self._write_batches()))
        for written in waits:
            # A duplicate is refused only once the first copy is durable: if that write
            # fails, so does this call, and the platform delivers it again.
            await asyncio.shield(written)
        return fresh

    async def _write_batches(self) -> None:
        """One batch at a time; what arrives meanwhile is the next batch."""
        try:
            while self._next.entries:
                batch, self._next = self._next, _Batch()
                assert batch.written is not None
                number = batch.entries[0].sequence
                entries = {e.sequence: e.durable() for e in batch.entries}
                try:
                    await asyncio.to_thread(self._write_batch, number, entries)
                except Exception as error:
                    for entry in batch.entries:
                        self._in_flight.pop(entry.key, None)
                    batch.written.set_exception(error)
                    batch.written.exception()  # retrieved: each waiter raises its own copy
                    continue
                self._batches[number] = entries
                for entry in batch.entries:
                    self._in_flight.pop(entry.key, None)
                    self._pending[entry.key] = entry.durable()
                    self._batch_of[entry.key] = number
                    self._seen[entry.key] = _day(entry)
                batch.written.set_result(None)
        finally:
            self._writing = False
            self._forget_task()

    def _forget_task(self) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.discard(task)

    async def pending(self, channel: str) -> list[InboxEntry]:
        return sorted((e for e in self._pending.values() if e.channel == channel), key=lambda e: e.sequence)

    async def done(self, entry: InboxEntry) -> None:
        key = entry.key
        finishing = self._finishing.get(key)
        if finishing is None:
            kept = self._pending.get(key)
            if kept is None:
                return  # done already (twice is harmless)
            if self._done_written is None:
                self._done_written = asyncio.get_running_loop().create_future()
            finishing = self._finishing[key] = self._done_written
            self._done_next.append(kept)
            if not self._is_writing_done:
                self._is_writing_done = True
                self._tasks.add(asyncio.create_task(self._write_done()))
        await asyncio.shield(finishing)

    async def _write_done(self) -> None:
        """Keys to `seen/` first, then their batches without them: a crash between replays."""
        try:
            while self._done_next:
                finished, self._done_next = self._done_next, []
                written, self._done_written = self._done_written, None
                assert written is not None
                by_day: dict[str, list[str]] = {}
                changed: dict[int, dict[int, InboxEntry]] = {}
                for entry in finished:
                    by_day.setdefault(_day(entry), []).append(entry.key)
                    number = self._batch_of[entry.key]
                    changed.setdefault(number, dict(self._batches[number])).pop(entry.sequence, None)
                tables = {
                    day: {**self._seen_files.get(day, {}), **{key: {} for key in keys}}
                    for day, keys in by_day.items()
                }
                try:
                    await asyncio.to_thread(self._finish, tables, changed)
                except Exception as error:
                    written.set_exception(error)
                    written.exception()  # retrieved here: each waiter raises it
                else:
                    self._seen_files.update(tables)
                    for number, remaining in changed.items():
                        if remaining:
                            self._batches[number] = remaining
                        else:
                            del self._batches[number]
                    for entry in finished:
                        self._pending.pop(entry.key, None)
                        self._batch_of.pop(entry.key, None)
                    written.set_result(None)
                finally:
                    for entry in finished:
                        self._finishing.pop(entry.key, None)
        finally:
            self._is_writing_done = False
            self._forget_task()

    def _finish(
        self, tables: dict[str, dict[str, object]], changed: dict[int, dict[int, InboxEntry]]
    ) -> None:
        """In a worker thread: the keys into `seen/` first, then every batch that lost some
        of its entries in one more write (the emptied ones removed)."""
        self._add_seen(tables)
        self._write(
            {
                self._pending_label(number): {"entry": self._records(remaining)}
                for number, remaining in changed.items()
                if remaining
            }
        )
        for number, remaining in changed.items():
            if not remaining:
                remove_durably(self.root.parent / self._pending_label(number))

    async def prune(self, now_at: datetime) -> int:
        """Forget whole days of keys once DEDUPE_TTL has passed since the day ended."""
        oldest_kept = codec.encode_at(now_at - DEDUPE_TTL)[:10]
        dropped = 0
        for path in sorted((self.root / "seen").glob("*.json")):
            if path.name.startswith(".") or path.stem >= oldest_kept:
                continue
            keys = [k for k, day in self._seen.items() if day == path.stem and k not in self._pending]
            for key in keys:
                del self._seen[key]
            path.unlink()
            self._seen_files.pop(path.stem, None)
            dropped += len(keys)
        if dropped:
            fsync_dir(self.root / "seen")
            log.info("inbox dedupe pruned keys=%d", dropped)
        return dropped

    def channels(self) -> list[str]:
        """The channels with entries pending (a migration reads them all)."""
        return sorted({e.channel for e in self._pending.values()})

    def handled_keys(self) -> dict[str, str]:
        """Keys of handled events still in the dedupe memory, with their day (UTC)."""
        return {key: day for key, day in self._seen.items() if key not in self._pending}

    @property
    def pending_count(self) -> int:
        return len(self._pending)
