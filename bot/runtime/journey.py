"""Composition of the journey: its store beside the data folder's, its calendars, its mailer.

It knows the journey's adapters (TinyDB records, SMTP), so it lives in the runtime, beside
the service; the CLI's journey commands build the JourneyDesk through it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.app import Setup
from bot.config.settings import WEEKDAYS, Settings
from bot.delivery.outbox import OutboxWriter
from bot.documents.mail import SmtpConfig, SmtpMailer
from bot.domain import Choice, Mentee, Outbound, UserRef
from bot.journey.ports import JourneyStore
from bot.ports import AuditStore, Screener, Store
from bot.privacy.audit import OPERATOR, record
from bot.privacy.export import find_by_alias
from bot.runtime.clock import SystemClock
from bot.runtime.journey_desk import JourneyDesk, Message
from bot.schedule.hours import ReadingCalendar, TimeRange
from bot.storage.crypto import EncryptedTinyStore
from bot.storage.tiny.journey import TinyJourneyStore


@dataclass(frozen=True)
class StoreAudit:
    """The JourneyAudit port on the main store's audit trail (ids and counts only)."""

    store: AuditStore
    actor: str = OPERATOR

    async def record(self, at: datetime, action: str, subject: str, **details: str) -> None:
        await record(self.store, at=at, actor=self.actor, action=action, subject=subject, **details)


def mentee_calendar(settings: Settings) -> ReadingCalendar:
    """When the bot may write first to a mentee: journey.mentee_hours minus public holidays."""
    weekly = {
        index: [TimeRange(start, end) for start, end in settings.journey.mentee_hours.get(day, ())]
        for index, day in enumerate(WEEKDAYS)
    }
    return ReadingCalendar(
        settings.timezone,
        weekly,
        holiday_country=settings.holidays.country,
        holiday_subdivision=settings.holidays.subdivision,
        closures=[],
    )


def open_journey_store(data_dir: Path, store: Store) -> JourneyStore:
    """Beside the main store, encrypted with the same key ring when the folder is."""
    keys = store.keys if isinstance(store, EncryptedTinyStore) else None
    return TinyJourneyStore(data_dir, keys=keys)


def build_journey_desk(
    setup: Setup,
    *,
    store: Store,
    journey: JourneyStore,
    screener: Screener,
    env: Mapping[str, str] | None = None,
) -> JourneyDesk:
    smtp = SmtpConfig.from_env(os.environ if env is None else env)
    return JourneyDesk(
        store=journey,
        screener=screener,
        catalogue=setup.catalogue,
        settings=setup.settings,
        audit=StoreAudit(store),
        mentee_hours=mentee_calendar(setup.settings),
        mentor_hours=setup.calendar,
        mailer=SmtpMailer(smtp) if smtp is not None else None,
    )


async def mentee_of(store: Store, alias: str) -> Mentee | None:
    found = await find_by_alias(store, alias)
    return found[0] if len(found) == 1 else None


async def queue(
    store: Store, to: UserRef, message: Message, *, at: datetime, choices: tuple[Choice, ...] = ()
) -> int:
    """Into the outbox, which every running channel drains: one entry for the text and one
    per attachment (a channel sends one file per message). Returns the entries added."""
    outbounds = [Outbound(to=to, text=message.text, key=message.key, choices=choices, is_durable=True)]
    outbounds += [
        Outbound(to=to, text="", key=f"{message.key}:{a.filename}", attachment=a, is_durable=True)
        for a in message.attachments
    ]
    writer = OutboxWriter(store, SystemClock())
    added = 0
    for outbound in outbounds:
        added += await writer.enqueue(outbound, at=at)
    return added
