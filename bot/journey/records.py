"""Pure updates of one alias's `JourneyRecords`, shared by every JourneyStore adapter.

An adapter only knows how to load and write one alias's records durably; what a save
means (replace by id, keep order, refuse a second mark) is decided here once.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from bot.journey.pause import Pause
from bot.journey.ports import JourneyRecords, ReviewRecord
from bot.journey.programme import Programme
from bot.journey.report import Report
from bot.journey.sessions import AgendaEntry, SessionNote


def empty(alias: str) -> JourneyRecords:
    return JourneyRecords(alias, None, (), (), (), None, ())


def with_programme(records: JourneyRecords, programme: Programme) -> JourneyRecords:
    return replace(records, programme=programme)


def with_agenda_entry(records: JourneyRecords, entry: AgendaEntry) -> JourneyRecords:
    kept = tuple(e for e in records.agenda if e.id != entry.id)
    return replace(records, agenda=tuple(sorted((*kept, entry), key=lambda e: e.added_at)))


def agenda_of(records: JourneyRecords, session_number: int | None) -> tuple[AgendaEntry, ...]:
    return tuple(e for e in records.agenda if session_number is None or e.session_number == session_number)


def with_note(records: JourneyRecords, note: SessionNote) -> JourneyRecords:
    kept = tuple(n for n in records.notes if n.session_number != note.session_number)
    return replace(records, notes=tuple(sorted((*kept, note), key=lambda n: n.session_number)))


def with_report(records: JourneyRecords, report: Report) -> JourneyRecords:
    kept = tuple(r for r in records.reports if r.id != report.id)
    return replace(records, reports=tuple(sorted((*kept, report), key=lambda r: r.created_at)))


def without_report(records: JourneyRecords, report_id: str) -> JourneyRecords:
    return replace(records, reports=tuple(r for r in records.reports if r.id != report_id))


def with_review(records: JourneyRecords, review: ReviewRecord) -> JourneyRecords:
    kept = tuple(r for r in records.reviews if r.id != review.id)
    return replace(records, reviews=(*kept, review))


def without_review(records: JourneyRecords, review_id: str) -> JourneyRecords:
    return replace(records, reviews=tuple(r for r in records.reviews if r.id != review_id))


def with_pause(records: JourneyRecords, pause: Pause) -> JourneyRecords:
    return replace(records, pause=pause)


def with_mark(records: JourneyRecords, key: str, at: datetime) -> JourneyRecords | None:
    """None when the mark was already there: the caller then does not send again."""
    if any(existing == key for existing, _at in records.marks):
        return None
    return replace(records, marks=(*records.marks, (key, at)))


Change = Callable[[JourneyRecords], JourneyRecords | None]


class RecordsStore(ABC):
    """The JourneyStore port on top of two primitives an adapter provides: `_update`
    (load one alias's records, apply a change, write durably unless it returned None) and
    `records` (load them)."""

    @abstractmethod
    async def _update(self, alias: str, change: Change) -> bool: ...

    @abstractmethod
    async def records(self, alias: str) -> JourneyRecords: ...

    async def save_programme(self, programme: Programme) -> None:
        await self._update(programme.alias, lambda r: with_programme(r, programme))

    async def get_programme(self, alias: str) -> Programme | None:
        return (await self.records(alias)).programme

    async def add_agenda_entry(self, entry: AgendaEntry) -> None:
        await self._update(entry.alias, lambda r: with_agenda_entry(r, entry))

    async def agenda_entries(self, alias: str, session_number: int | None = None) -> tuple[AgendaEntry, ...]:
        return agenda_of(await self.records(alias), session_number)

    async def save_note(self, note: SessionNote) -> None:
        await self._update(note.alias, lambda r: with_note(r, note))

    async def save_report(self, report: Report) -> None:
        await self._update(report.alias, lambda r: with_report(r, report))

    async def get_report(self, alias: str, report_id: str) -> Report | None:
        return next((r for r in (await self.records(alias)).reports if r.id == report_id), None)

    async def delete_report(self, alias: str, report_id: str) -> None:
        await self._update(alias, lambda r: without_report(r, report_id))

    async def save_review(self, review: ReviewRecord) -> None:
        await self._update(review.alias, lambda r: with_review(r, review))

    async def delete_review(self, alias: str, review_id: str) -> None:
        await self._update(alias, lambda r: without_review(r, review_id))

    async def save_pause(self, pause: Pause) -> None:
        await self._update(pause.alias, lambda r: with_pause(r, pause))

    async def mark_once(self, alias: str, key: str, at: datetime) -> bool:
        return await self._update(alias, lambda r: with_mark(r, key, at))

    async def adopt(self, records: JourneyRecords) -> bool:
        """Keep `records` whole for their alias when it has nothing yet (a migration copies
        a folder's journey into a database); False when something was already there."""
        return await self._update(records.alias, lambda r: records if r.is_empty else None)
