"""The JourneyStore in memory: for tests and the console's throw-away runs."""

from __future__ import annotations

import asyncio

from bot.journey import records as ops
from bot.journey.ports import JourneyRecords
from bot.journey.programme import Programme


class MemoryJourneyStore(ops.RecordsStore):
    def __init__(self) -> None:
        self._records: dict[str, JourneyRecords] = {}
        self._lock = asyncio.Lock()

    async def _update(self, alias: str, change: ops.Change) -> bool:
        async with self._lock:
            changed = change(self._records.get(alias, ops.empty(alias)))
            if changed is None:
                return False
            self._records[alias] = changed
            return True

    async def records(self, alias: str) -> JourneyRecords:
        return self._records.get(alias, ops.empty(alias))

    async def list_programmes(self) -> list[Programme]:
        found = [r.programme for r in self._records.values() if r.programme is not None]
        return sorted(found, key=lambda p: p.alias)

    async def erase(self, alias: str) -> None:
        async with self._lock:
            self._records.pop(alias, None)
