"""Composition of the journey: its store beside the data folder's, its calendars, its mailer.

It knows the journey's adapters (TinyDB records, SMTP), so it lives in the runtime, beside
the service; the CLI's journey commands build the JourneyDesk through it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bot.app import Setup, build_calendar
from bot.config.settings import Mentor, Settings
from bot.delivery.outbox import OutboxWriter, send_through
from bot.documents.mail import SmtpConfig, SmtpMailer
from bot.domain import Choice, Mentee, Outbound, UserRef
from bot.journey.ports import JourneyStore
from bot.journey.programme import Programme
from bot.ports import AuditStore, Channel, Clock, Screener, Store
from bot.privacy.audit import OPERATOR, record
from bot.privacy.export import find_by_alias
from bot.runtime.clock import SystemClock
from bot.runtime.journey_chat import JourneyChat
from bot.runtime.journey_desk import JourneyDesk, Message, ReviewOutcome
from bot.runtime.scheduler import in_window_at, recipient_of
from bot.schedule.hours import ReadingCalendar
from bot.storage.crypto import EncryptedTinyStore
from bot.storage.tiny.journey import TinyJourneyStore


@dataclass(frozen=True)
class StoreAudit:
    """The JourneyAudit port on the main store's audit trail (ids and counts only)."""

    store: AuditStore
    actor: str = OPERATOR

    async def record(
        self, at: datetime, action: str, subject: str, *, actor: str | None = None, **details: str
    ) -> None:
        await record(self.store, at=at, actor=actor or self.actor, action=action, subject=subject, **details)


def mentee_calendar(settings: Settings) -> ReadingCalendar:
    """When the bot may write first to a mentee: journey.mentee_hours minus public holidays
    (the coach's closures are the mentor's, not the mentee's)."""
    return build_calendar(settings, settings.journey.mentee_hours, closures=False)


def open_journey_store(data_dir: Path, store: Store) -> JourneyStore:
    """Beside the main store: in its PostgreSQL database, or in its data folder, encrypted
    with the same keys when it is. PostgreSQL's module is looked up, not imported: a
    PostgresStore exists only once it is loaded, and psycopg is an optional extra."""
    postgres = sys.modules.get("bot.storage.postgres.store")
    if postgres is not None and isinstance(store, postgres.PostgresStore):
        from bot.storage.postgres.journey import PostgresJourneyStore

        return PostgresJourneyStore(store)
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

    async def locale_of(alias: str) -> str | None:
        mentee = await mentee_of(store, alias)
        return mentee.locale if mentee is not None else None

    return JourneyDesk(
        store=journey,
        screener=screener,
        catalogue=setup.catalogue,
        settings=setup.settings,
        audit=StoreAudit(store),
        mentee_hours=mentee_calendar(setup.settings),
        mentor_hours=setup.calendar,
        mailer=SmtpMailer(smtp) if smtp is not None else None,
        mentee_locale=locale_of,
    )


def build_journey_chat(
    setup: Setup,
    *,
    store: Store,
    journey: JourneyStore,
    screener: Screener,
    clock: Clock,
    channels: Collection[str],
    env: Mapping[str, str] | None = None,
) -> JourneyChat:
    """The conversation side of the journey, for the engine (bot.app.build_engine(journey=))."""
    return JourneyChat(
        desk=build_journey_desk(setup, store=store, journey=journey, screener=screener, env=env),
        store=store,
        clock=clock,
        settings=setup.settings,
        catalogue=setup.catalogue,
        mentor_hours=setup.calendar,
        channels=channels,
    )


async def mentee_of(store: Store, alias: str) -> Mentee | None:
    found = await find_by_alias(store, alias)
    return found[0] if len(found) == 1 else None


def outbounds_of(
    to: UserRef, message: Message, *, choices: tuple[Choice, ...] = (), about: UserRef | None = None
) -> list[Outbound]:
    """The text, then one outbound per file (a channel sends one file per message), each
    file with its caption; `about` is the mentee whose words a message to the mentor holds."""
    outbounds = []
    if message.text:
        outbounds.append(
            Outbound(to=to, text=message.text, key=message.key, choices=choices, is_durable=True, about=about)
        )
    outbounds += [
        Outbound(
            to=to,
            text=file.caption,
            key=f"{message.key}:{file.attachment.filename}",
            attachment=file.attachment,
            is_durable=True,
            about=about,
        )
        for file in message.files
    ]
    return outbounds


async def queue(
    store: Store,
    to: UserRef,
    message: Message,
    *,
    at: datetime,
    choices: tuple[Choice, ...] = (),
    about: UserRef | None = None,
    send_at: datetime | None = None,
) -> int:
    """Into the outbox, which every running channel drains, from `send_at` on (a mentor's
    window that opens later); returns the entries added. The outbox sends what is due by
    (next attempt, creation): each entry is created a microsecond after the one before
    and due at the same instant, so the text, the picture and the document go in order."""
    due_at = at if send_at is None else max(at, send_at)
    writer = OutboxWriter(store, SystemClock())  # every entry is created at `at`
    added = 0
    for index, outbound in enumerate(outbounds_of(to, message, choices=choices, about=about)):
        added += await writer.enqueue(outbound, at=at + timedelta(microseconds=index), due_at=due_at)
    return added


@dataclass(frozen=True)
class Route:
    """Where one copy of a message went: queued to `to` from `send_at`, written by the
    console (`send_at` None), or nowhere (`to` None: no channel known for them)."""

    to: UserRef | None
    send_at: datetime | None = None


def mentor_of(settings: Settings, mentor_id: str) -> Mentor | None:
    return next((m for m in settings.mentors if m.id == mentor_id), None)


async def deliver_review(
    outcome: ReviewOutcome,
    *,
    store: Store,
    settings: Settings,
    mentee: Mentee,
    programme: Programme,
    channels: Collection[str],
    mentor_hours: ReadingCalendar,
    at: datetime,
    console: Channel | None = None,
) -> tuple[Route, Route]:
    """The mentee's copy to the mentee now, the mentor's to the mentor inside their window.

    Through the outbox (retried, parked by WhatsApp's window, never sent twice: the keys
    come from the review), or through `console` for people on the console, which writes
    the files and prints where. Without a console, a person on the console gets nothing
    sent (the files are in the reviews folder). The mentor's copy carries `about`, so the
    mentee's erasure removes it while it waits."""
    routes = []
    mentor = mentor_of(settings, programme.mentor or mentee.mentor)
    reachable = {*channels, *(["console"] if console is not None else [])}
    mentor_to = recipient_of(mentor, reachable) if mentor is not None else None
    for to, message, about in (
        (mentee.user, outcome.to_mentee, None),
        (mentor_to, outcome.to_mentor, mentee.user),
    ):
        if to is None or (to.channel == "console" and console is None):
            routes.append(Route(None))
            continue
        if to.channel == "console" and console is not None:
            for outbound in outbounds_of(to, message, about=about):
                await send_through(console, outbound)
            routes.append(Route(to))
            continue
        send_at = at if about is None else in_window_at(mentor_hours, at)
        await queue(store, to, message, at=at, about=about, send_at=send_at)
        routes.append(Route(to, send_at))
    return routes[0], routes[1]
