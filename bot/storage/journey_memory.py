"""The JourneyStore in memory: for tests and the console's throw-away runs."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

from bot.journey import records as ops
from bot.journey.pause import Pause
from bot.journey.ports import JourneyRecords, ReviewRecord
from bot.journey.programme import Programme
from bot.journey.report import Report
from bot.journey.sessions import PromptAnswer, SessionNote


class MemoryJourneyStore:
    def __init__(self) -> None:
        self._records: dict[str, JourneyRecords] = {}
        self._lock = asyncio.Lock()

    async def _update(self, alias: str, change: Callable[[JourneyRecords], JourneyRecords | None]) -> bool:
        async with self._lock:
            changed = change(self._records.get(alias, ops.empty(alias)))
            if changed is None:
                return False
            self._records[alias] = changed
            return True

    async def save_programme(self, programme: Programme) -> None:
        await self._update(programme.alias, lambda r: ops.with_programme(r, programme))

    async def get_programme(self, alias: str) -> Programme | None:
        return (await self.records(alias)).programme

    async def list_programmes(self) -> list[Programme]:
        found = [r.programme for r in self._records.values() if r.programme is not None]
        return sorted(found, key=lambda p: p.alias)

    async def save_answer(self, answer: PromptAnswer) -> None:
        await self._update(answer.alias, lambda r: ops.with_answer(r, answer))

    async def save_note(self, note: SessionNote) -> None:
        await self._update(note.alias, lambda r: ops.with_note(r, note))

    async def save_report(self, report: Report) -> None:
        await self._update(report.alias, lambda r: ops.with_report(r, report))

    async def get_report(self, alias: str, report_id: str) -> Report | None:
        return next((r for r in (await self.records(alias)).reports if r.id == report_id), None)

    async def delete_report(self, alias: str, report_id: str) -> None:
        await self._update(alias, lambda r: ops.without_report(r, report_id))

    async def save_review(self, review: ReviewRecord) -> None:
        await self._update(review.alias, lambda r: ops.with_review(r, review))

    async def delete_review(self, alias: str, review_id: str) -> None:
        await self._update(alias, lambda r: ops.without_review(r, review_id))

    async def save_pause(self, pause: Pause) -> None:
        await self._update(pause.alias, lambda r: ops.with_pause(r, pause))

    async def mark_once(self, alias: str, key: str, at: datetime) -> bool:
        return await self._update(alias, lambda r: ops.with_mark(r, key, at))

    async def records(self, alias: str) -> JourneyRecords:
        return self._records.get(alias, ops.empty(alias))

    async def erase(self, alias: str) -> None:
        async with self._lock:
            self._records.pop(alias, None)
