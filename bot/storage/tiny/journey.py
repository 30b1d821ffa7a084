"""The JourneyStore on files of the data folder, one per mentee alias.

    <data>/journey/<h>.json    h = sha256("journey:" + alias)[:32]; one TinyDB document
                               with one table, "records": the alias's JourneyRecords

Written with the project's AtomicJSONStorage (temp file, fsync, os.replace, fsync of the
folder), so a write is durable when the call returns and a crash leaves the old file or
the new one. When the folder is encrypted, each alias's file has its own data key in the
folder's KeyRing, and erasure destroys that key too: no backup of the file can be read
again. This store takes no lock of its own: it lives beside the folder's TinyStore, whose
flock keeps a second process out. File names carry a hash, never an alias.

The files are a few kilobytes, so they are read and written on the event loop, under an
asyncio lock: a hop to a thread per call costs more than the write itself (measured on the
twelve-month test: 46 s of 90 s were spent waiting for threads).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from bot.domain.ids import pseudonym
from bot.errors import CorruptRecordError, StoreError
from bot.journey import records as ops
from bot.journey.ports import JourneyRecords
from bot.journey.programme import Programme
from bot.storage.atomic import DIR_MODE, IDENTITY, AtomicJSONStorage, Cipher, remove_durably
from bot.storage.crypto import JOURNEY_KEY_PREFIX, KeyCipher, KeyRing
from bot.storage.tiny.check import decode_journey, journey_document

log = logging.getLogger(__name__)

FOLDER = "journey"


def journey_name(alias: str) -> str:
    return pseudonym(alias, 32, purpose="journey")


def journey_key_name(alias: str) -> str:
    """The alias's data key in the KeyRing (apart from person keys and the shared key)."""
    return f"{JOURNEY_KEY_PREFIX}{journey_name(alias)}"


class TinyJourneyStore(ops.RecordsStore):
    def __init__(self, data_dir: str | Path, *, keys: KeyRing | None = None) -> None:
        self.root = Path(data_dir)
        self._folder = self.root / FOLDER
        self._keys = keys
        self._lock = asyncio.Lock()
        try:
            self._folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"the folder {self._folder} cannot be created ({exc.strerror})") from None

    # ------------------------------------------------------------------ files
    def _cipher(self, alias: str) -> Cipher:
        return IDENTITY if self._keys is None else KeyCipher(self._keys, journey_key_name(alias))

    def _storage(self, alias: str) -> AtomicJSONStorage:
        name = journey_name(alias)
        return AtomicJSONStorage(
            self._folder / f"{name}.json", cipher=self._cipher(alias), label=f"{FOLDER}/{name}.json"
        )

    def _load(self, alias: str) -> JourneyRecords:
        storage = self._storage(alias)
        data = storage.read()
        if data is None:
            return ops.empty(alias)
        return decode_journey(data, label=storage.label)

    def _write(self, records: JourneyRecords) -> None:
        self._storage(records.alias).write(journey_document(records))

    async def _update(self, alias: str, change: ops.Change) -> bool:
        async with self._lock:
            changed = change(self._load(alias))
            if changed is None:
                return False
            self._write(changed)
            return True

    # ------------------------------------------------------------------ the port
    async def list_programmes(self) -> list[Programme]:
        """Reads every alias file whose programme is readable; a key that is gone (an
        erasure interrupted after the key went) leaves a file nobody can read: skipped."""
        async with self._lock:
            found = []
            for path in sorted(self._folder.glob("*.json")):
                if path.name.startswith("."):
                    continue
                raw = self._read_any(path)
                if raw is not None and raw.programme is not None:
                    found.append(raw.programme)
            return sorted(found, key=lambda p: p.alias)

    def _read_any(self, path: Path) -> JourneyRecords | None:
        """A file found by listing: its alias is inside, so try the alias-free plain read
        first and, when encrypted, the key named after the file."""
        label = f"{FOLDER}/{path.name}"
        cipher: Cipher = IDENTITY if self._keys is None else self._keys.cipher_for(label)
        try:
            data = AtomicJSONStorage(path, cipher=cipher, label=label).read()
        except CorruptRecordError:
            if self._keys is not None and self._keys.get(f"{JOURNEY_KEY_PREFIX}{path.stem}") is None:
                return None
            raise
        if data is None:
            return None  # removed since it was listed (an erasure)
        return decode_journey(data, label=label)

    async def records(self, alias: str) -> JourneyRecords:
        async with self._lock:
            return self._load(alias)

    async def all_records(self) -> list[JourneyRecords]:
        """Every alias's readable records (`cadre db migrate` copies them), by alias."""
        async with self._lock:
            found = [
                self._read_any(p) for p in sorted(self._folder.glob("*.json")) if not p.name.startswith(".")
            ]
            return sorted((r for r in found if r is not None), key=lambda r: r.alias)

    async def erase(self, alias: str) -> None:
        """The file first, then its key: until the key goes, a retry finds what is left."""
        async with self._lock:
            name = journey_name(alias)
            remove_durably(self._folder / f"{name}.json")
            if self._keys is not None:
                self._keys.destroy(journey_key_name(alias))
            log.info("journey erased file=%s", name)
