"""What the journey needs kept, as an async port split from the rest of the Store.

To be folded into bot/ports.py with the redesign's Store split by consumer. Every write is
durable when the call returns; records are per mentee alias, so export and erasure take
one alias and find everything (programme, agenda entries, notes, reports with their
validation, reviews, pause, the marks that make prompts and notices go out once).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.domain import Attachment
from bot.journey.pause import Pause
from bot.journey.programme import Programme
from bot.journey.report import Report
from bot.journey.sessions import AgendaEntry, SessionNote


@dataclass(frozen=True)
class ReviewRecord:
    """A closing review that was built and given: when, for whom, which files."""

    id: str
    alias: str
    built_at: datetime
    audience: str
    """"mentee" or "mentor"."""
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class JourneyRecords:
    """Everything the journey keeps about one alias (for export, and to check erasure)."""

    alias: str
    programme: Programme | None
    notes: tuple[SessionNote, ...]
    reports: tuple[Report, ...]
    reviews: tuple[ReviewRecord, ...]
    pause: Pause | None
    marks: tuple[tuple[str, datetime], ...]
    agenda: tuple[AgendaEntry, ...] = ()
    """The mentee's agenda entries for every session, oldest first."""

    @property
    def is_empty(self) -> bool:
        return (
            self.programme is None
            and not (self.agenda or self.notes or self.reports or self.reviews or self.marks)
            and self.pause is None
        )


class JourneyStore(Protocol):
    async def save_programme(self, programme: Programme) -> None: ...

    async def get_programme(self, alias: str) -> Programme | None: ...

    async def list_programmes(self) -> list[Programme]: ...

    async def add_agenda_entry(self, entry: AgendaEntry) -> None:
        """Keep one agenda entry; it replaces the entry with the same `id` (the latest
        prompt answer of a session, the last session a question was kept for)."""
        ...

    async def agenda_entries(self, alias: str, session_number: int | None = None) -> tuple[AgendaEntry, ...]:
        """The alias's agenda entries, oldest first; only one session's when given."""
        ...

    async def save_note(self, note: SessionNote) -> None: ...

    async def save_report(self, report: Report) -> None: ...

    async def get_report(self, alias: str, report_id: str) -> Report | None: ...

    async def delete_report(self, alias: str, report_id: str) -> None: ...

    async def save_review(self, review: ReviewRecord) -> None: ...

    async def delete_review(self, alias: str, review_id: str) -> None: ...

    async def save_pause(self, pause: Pause) -> None: ...

    async def mark_once(self, alias: str, key: str, at: datetime) -> bool:
        """Record `key` for `alias`; False when it was already there (sent once)."""
        ...

    async def records(self, alias: str) -> JourneyRecords: ...

    async def erase(self, alias: str) -> None:
        """Remove everything kept for `alias`; nothing of it can be read afterwards."""
        ...


class JourneyAudit(Protocol):
    """Appends one audit event (ids and counts only) for a journey step. `actor`: who took
    it (the alias for the mentee's own steps, `mentor:<id>` for the mentor's in the chat);
    None for the trail's own actor (the operator's commands, the scheduler's jobs)."""

    async def record(
        self, at: datetime, action: str, subject: str, *, actor: str | None = None, **details: str
    ) -> None: ...


class Mailer(Protocol):
    """Hands a message to an SMTP server; raises bot.documents.mail.MailError when it cannot."""

    async def send(self, *, to: str, subject: str, body: str, attachments: Sequence[Attachment]) -> None: ...
