"""The Inbox on files in the data folder, beside TinyStore (and under its folder lock).

Layout::

    <data>/inbox/pending/<sequence>.json   one file per event recorded and not yet done:
                                           written atomically before the webhook's 200,
                                           deleted (durably) once handled
    <data>/inbox/seen/<YYYY-MM-DD>.json    keys recorded that day (UTC), no content: the
                                           dedupe memory, one file per day, a day's file
                                           deleted once DEDUPE_TTL has passed

Why this shape: recording one event writes one small file plus that day's key list, so
the cost follows one day's traffic, never the history; forgetting a day is one unlink.
The writes (and their fsyncs) run in a worker thread under the inbox's own lock, so the
event loop keeps serving other people while the disk confirms.
Order of writes: the pending file first, then the key. A crash between the two leaves an
entry whose key is missing from `seen/`: the next open adds every pending key back, so
it is handled once and a redelivery is still refused. File names carry a sequence
number, never a platform id. A pending file that cannot be read stops the start (named,
with what to do): it is an acknowledged message.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from bot.delivery.inbox import DEDUPE_TTL
from bot.domain import InboxEntry
from bot.errors import CorruptRecordError
from bot.storage import codec
from bot.storage.atomic import DIR_MODE, IDENTITY, AtomicJSONStorage, Cipher, fsync_dir, remove_durably

log = logging.getLogger(__name__)

CipherFor = Callable[[str], Cipher]
_ONE = "1"


class TinyInbox:
    """Inbox port on `<data>/inbox/`; one instance per folder, like the TinyStore holding it."""

    def __init__(self, data_dir: str | Path, *, cipher_for: CipherFor | None = None) -> None:
        self.root = Path(data_dir) / "inbox"
        self._cipher_for: CipherFor = cipher_for or (lambda label: IDENTITY)
        self._mutex = threading.RLock()
        for folder in (self.root, self.root / "pending", self.root / "seen"):
            folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        self._seen: dict[str, str] = {}  # key -> day file it is in
        self._pending: dict[str, InboxEntry] = {}
        self._sequence = 0
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
            label = self._seen_label(path.stem)
            for key in self._read(label).get("keys", {}):
                self._seen[key] = path.stem
        for path in sorted((self.root / "pending").glob("*.json")):
            if path.name.startswith("."):
                continue
            label = f"inbox/pending/{path.name}"
            raw = self._read(label).get("entry", {}).get(_ONE)
            if not path.stem.isdigit() or not isinstance(raw, dict):
                raise CorruptRecordError(
                    f"{label}: is not an inbox entry; restore it from a backup, or run "
                    "`cadre repair` to move it aside (the message it held will not be handled)"
                )
            entry = codec.decode_inbox(raw, source=label, sequence=int(path.stem))
            self._pending[entry.key] = entry
            self._seen.setdefault(entry.key, codec.encode_at(entry.received_at)[:10])
            self._sequence = max(self._sequence, entry.sequence)

    # ------------------------------------------------------------------ the port
    async def record(self, entries: Sequence[InboxEntry]) -> list[InboxEntry]:
        # fsync blocks: in a thread, so the event loop serves other people meanwhile.
        return await asyncio.to_thread(self._record, entries)

    def _record(self, entries: Sequence[InboxEntry]) -> list[InboxEntry]:
        with self._mutex:
            fresh: list[InboxEntry] = []
            for entry in entries:
                if entry.key in self._seen or any(e.key == entry.key for e in fresh):
                    continue
                self._sequence += 1
                kept = replace(entry, sequence=self._sequence)
                self._storage(self._pending_label(kept.sequence)).write(
                    {"entry": {_ONE: codec.encode_inbox(kept)}}
                )
                fresh.append(kept)
            by_day: dict[str, list[str]] = {}
            for entry in fresh:
                by_day.setdefault(codec.encode_at(entry.received_at)[:10], []).append(entry.key)
            for day, keys in by_day.items():
                label = self._seen_label(day)
                data = self._read(label)
                table = data.setdefault("keys", {})
                for key in keys:
                    table[key] = {}
                self._storage(label).write(data)
            for entry in fresh:
                self._pending[entry.key] = entry
                self._seen[entry.key] = codec.encode_at(entry.received_at)[:10]
            return fresh

    async def pending(self, channel: str) -> list[InboxEntry]:
        with self._mutex:
            return sorted(
                (e for e in self._pending.values() if e.channel == channel), key=lambda e: e.sequence
            )

    async def done(self, entry: InboxEntry) -> None:
        with self._mutex:
            kept = self._pending.pop(entry.key, None)
        if kept is not None:
            path = self.root.parent / self._pending_label(kept.sequence)
            await asyncio.to_thread(remove_durably, path)

    async def prune(self, now_at: datetime) -> int:
        """Forget whole days of keys once DEDUPE_TTL has passed since the day ended."""
        with self._mutex:
            oldest_kept = codec.encode_at(now_at - DEDUPE_TTL)[:10]
            dropped = 0
            for path in sorted((self.root / "seen").glob("*.json")):
                if path.name.startswith(".") or path.stem >= oldest_kept:
                    continue
                keys = [k for k, day in self._seen.items() if day == path.stem and k not in self._pending]
                for key in keys:
                    del self._seen[key]
                path.unlink()
                dropped += len(keys)
            if dropped:
                fsync_dir(self.root / "seen")
                log.info("inbox dedupe pruned keys=%d", dropped)
            return dropped

    @property
    def pending_count(self) -> int:
        return len(self._pending)
