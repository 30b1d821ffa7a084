"""What runs on its own: digests at each slot, draft reminders, session prompts, outbox
retries, purge.

The decisions live in plain objects tested with a ManualClock: `DigestService.run_due`
says which mentors are due, builds, delivers through the outbox and records the slot.
APScheduler (imported only when the scheduler starts, so the schedule package stays free
of it at import time) just wakes those methods up. Every job logs its failure with its id
and the error's type, and the scheduler goes on: a job that dies silently is how digests
stop without anyone noticing.

Missed slots: the last slot handled per mentor is kept in the store (its digest slot).
At start-up and at every slot, only the latest slot since then is sent, once, and only
while the window is open: a process that was down across 08:00 sends one digest when it
comes back at 09:00, not one per missed slot, and one that comes back at 20:00 sends
nothing until the next opening (the items carry over anyway).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from bot.app import Setup
from bot.config.flows import FlowSpec
from bot.config.i18n import Catalogue
from bot.config.settings import Mentor, Settings
from bot.delivery.outbox import Outbox
from bot.domain import Outbound, UserRef
from bot.ports import Clock, MarkStore, Store
from bot.schedule.digest import (
    BUTTON_CHANNELS,
    Digest,
    DigestRenderer,
    build_digest,
    latest_slot,
    next_slot,
    slot_key,
)
from bot.schedule.hours import NoOpeningError, ReadingCalendar

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

log = logging.getLogger(__name__)

FIRST_RUN_LOOKBACK = timedelta(days=1)
"""With no mark yet (first start), a slot earlier today still counts as missed."""
# How long the daily purge keeps the claims of scheduled runs (a row a minute per job on
# PostgreSQL): a job only ever asks for the current minute's or day's slot, so two days
# covers the longest slot (a local day, 25 h across a clock change) with room to spare.
RUN_CLAIMS_KEPT = timedelta(days=2)
#: Slots are "strictly after" an instant; a preview asks from one microsecond before.
_JUST_BEFORE = timedelta(microseconds=1)

RECIPIENT_PREFERENCE = ("telegram", "whatsapp", "console")
"""A mentor with several accounts gets the digest once, on the first running channel."""


def recipient_of(mentor: Mentor, channels: Collection[str]) -> UserRef | None:
    """Where the mentor is written to: their account on the first of the running channels."""
    for name in RECIPIENT_PREFERENCE:
        if name in mentor.channels and name in channels:
            return UserRef(name, mentor.channels[name])
    return None


def in_window_at(calendar: ReadingCalendar, at: datetime) -> datetime:
    """When a message queued at `at` for a mentor may go: now when their window is open,
    else its next opening (now when no window opens at all: the outbox shows it waiting)."""
    try:
        return calendar.open_from(at)
    except NoOpeningError:
        return at


@dataclass(frozen=True)
class DigestNotes:
    """What another part of Cadre (the journey) adds to one mentor's digest at one slot."""

    lines: tuple[str, ...] = ()
    """Lines of the summary (mentees on pause, no session planned, documents not sent)."""
    messages: tuple[Outbound, ...] = ()
    """Durable messages after the items (a session's agenda)."""
    is_news: bool = False
    """Something to tell: the digest goes out even without items."""
    marks: tuple[tuple[str, str], ...] = ()
    """(alias, key) kept once the digest is delivered, so nothing is told twice."""


class DigestJourney(Protocol):
    """The journey's part of the digest: read at planning (a preview changes nothing),
    kept only once the slot's messages were handed to the outbox."""

    async def notes(self, mentor: Mentor, to: UserRef, slot_at: datetime) -> DigestNotes: ...

    async def delivered(self, notes: DigestNotes, at: datetime) -> None: ...


@dataclass(frozen=True)
class DigestPlan:
    """One mentor's digest at one slot, rendered but not sent (preview and run_due)."""

    mentor: Mentor
    slot_at: datetime
    recipient: UserRef | None
    digest: Digest
    outbounds: tuple[Outbound, ...]
    notes: DigestNotes = DigestNotes()


class DigestService:
    """Builds and sends the mentors' digests; knows nothing of APScheduler."""

    def __init__(
        self,
        *,
        settings: Settings,
        calendar: ReadingCalendar,
        catalogue: Catalogue,
        flows: Mapping[str, FlowSpec],
        store: Store,
        outbox: Outbox | None,
        channels: Collection[str],
        journey: DigestJourney | None = None,
    ) -> None:
        self.settings = settings
        self.journey = journey
        self.calendar = calendar
        self.catalogue = catalogue
        self.store = store
        self.outbox = outbox
        self.channels = frozenset(channels)
        self.locale = catalogue.resolve_locale(settings.locale)
        self.renderer = DigestRenderer(catalogue, flows, zone_name=settings.timezone)

    @classmethod
    def of(
        cls,
        setup: Setup,
        *,
        store: Store,
        outbox: Outbox | None,
        channels: Collection[str],
        journey: DigestJourney | None = None,
    ) -> DigestService:
        """The service on a loaded setup's settings, reading calendar, catalogue and flows."""
        return cls(
            settings=setup.settings,
            calendar=setup.calendar,
            catalogue=setup.catalogue,
            flows=setup.flows,
            store=store,
            outbox=outbox,
            channels=channels,
            journey=journey,
        )

    @property
    def extra_times(self) -> tuple[time, ...]:
        return self.settings.digest.extra_times

    def mentors(self, mentor_id: str | None = None) -> list[Mentor]:
        return [m for m in self.settings.mentors if mentor_id is None or m.id == mentor_id]

    def recipient(self, mentor: Mentor) -> UserRef | None:
        return recipient_of(mentor, self.channels)

    def next_slot(self, after_at: datetime) -> datetime | None:
        return next_slot(self.calendar, after_at, self.extra_times)

    async def plan(self, mentor: Mentor, slot_at: datetime, as_of: datetime) -> DigestPlan:
        recipient = self.recipient(mentor)
        digest = build_digest(mentor.id, slot_at, await self.store.open_items(mentor.id), as_of=as_of)
        outbounds: list[Outbound] = []
        notes = DigestNotes()
        if recipient is not None:
            if self.journey is not None:
                notes = await self.journey.notes(mentor, recipient, slot_at)
            outbounds = self.renderer.render(
                digest,
                to=recipient,
                locale=self.locale,
                mentor_name=mentor.name or mentor.id,
                has_buttons=recipient.channel in BUTTON_CHANNELS,
                notes=notes.lines,
                is_news=notes.is_news,
            )
            if outbounds:
                outbounds += notes.messages
        return DigestPlan(mentor, slot_at, recipient, digest, tuple(outbounds), notes)

    async def preview(
        self, after_at: datetime, mentor_id: str | None = None
    ) -> list[tuple[Mentor, DigestPlan | None]]:
        """What each mentor would receive at the first slot from `after_at` on (a preview at
        a slot's exact time shows that slot); sends nothing."""
        slot_at = self.next_slot(after_at - _JUST_BEFORE)
        return [
            (mentor, None if slot_at is None else await self.plan(mentor, slot_at, slot_at))
            for mentor in self.mentors(mentor_id)
        ]

    async def due_slot(self, mentor: Mentor, now_at: datetime) -> datetime | None:
        """The latest slot not yet handled for this mentor, if the window is open now."""
        last_at = await self.store.digest_slot(mentor.id) or now_at - FIRST_RUN_LOOKBACK
        slot_at = latest_slot(self.calendar, last_at, now_at, self.extra_times)
        if slot_at is None or not self.calendar.is_open(now_at):
            return None
        return slot_at

    async def run_due(self, now_at: datetime) -> int:
        """Send every due digest (at most one per mentor); returns how many messages went out.

        The mark is written after delivery: a crash in between resends nothing, because the
        keys of the slot are already in the outbox.
        """
        if self.outbox is None:
            raise RuntimeError("DigestService.run_due needs an outbox")
        messages = 0
        for mentor in self.mentors():
            slot_at = await self.due_slot(mentor, now_at)
            if slot_at is None or not await self.store.claim_digest_slot(mentor.id, slot_at, now_at):
                continue  # not due, or another process is delivering this slot
            plan = await self.plan(mentor, slot_at, now_at)
            if plan.recipient is None:
                log.warning("digest skipped: no running channel for mentor=%s", mentor.id)
            elif plan.outbounds:
                await self.outbox.deliver(plan.outbounds)
                messages += len(plan.outbounds)
                if self.journey is not None and plan.notes.marks:
                    await self.journey.delivered(plan.notes, now_at)
            await self.store.set_digest_slot(mentor.id, slot_at)
            log.info(
                "digest handled mentor=%s slot=%s items=%d",
                mentor.id,
                slot_key(slot_at),
                len(plan.digest.items),
            )
        return messages


Tick = Callable[[], Awaitable[Sequence[Outbound]]]
Purge = Callable[[], Awaitable[object]]


class FlushOutcome(Protocol):
    """Told how each outbox pass went (readiness reports it)."""

    def succeeded(self) -> None: ...

    def failed(self, error: BaseException) -> None: ...


class CadreScheduler:
    """Wires the periodic work onto APScheduler's AsyncIOScheduler in the settings' zone."""

    DIGEST_JOB = "digest"
    TICK_JOB = "tick"
    FLUSH_JOB = "outbox-flush"
    PURGE_JOB = "purge"
    PROMPT_JOB = "journey-prompts"
    INBOX_JOB = "inbox-pickup"

    def __init__(
        self,
        *,
        settings: Settings,
        clock: Clock,
        digest: DigestService,
        outbox: Outbox,
        runs: MarkStore,
        tick: Tick | None = None,
        purge: Purge | None = None,
        prompts: Tick | None = None,
        inbox_pickup: Callable[[], Awaitable[object]] | None = None,
        flush_interval_s: float = 15.0,
        inbox_pickup_interval_s: float = 30.0,
        tick_interval_s: float = 60.0,
        purge_at: time = time(3, 30),
        flush_watch: FlushOutcome | None = None,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.digest = digest
        self.outbox = outbox
        self.runs = runs
        self.tick = tick
        self.purge = purge
        self.prompts = prompts
        self.inbox_pickup = inbox_pickup
        self.inbox_pickup_interval_s = inbox_pickup_interval_s
        self.flush_interval_s = flush_interval_s
        self.tick_interval_s = tick_interval_s
        self.purge_at = purge_at
        self.flush_watch = flush_watch
        self.scheduler: AsyncIOScheduler | None = None
        self._scheduled_slot_at: datetime | None = None

    async def start(self, *, paused: bool = False) -> None:
        """Resume the outbox, catch up the latest missed digest once, then schedule.

        `paused` registers the jobs without letting APScheduler run them (tests, dry runs).
        """
        from apscheduler.schedulers.asyncio import AsyncIOScheduler
        from apscheduler.triggers.cron import CronTrigger
        from apscheduler.triggers.interval import IntervalTrigger

        await self.run_flush()
        await self.run_digest(reschedule=False)
        scheduler = AsyncIOScheduler(timezone=self.settings.zone)
        self.scheduler = scheduler
        defaults: dict[str, Any] = {
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": None,
            "replace_existing": True,
        }
        scheduler.add_job(
            self.run_flush, IntervalTrigger(seconds=self.flush_interval_s), id=self.FLUSH_JOB, **defaults
        )
        if self.tick is not None:
            scheduler.add_job(
                self.run_tick, IntervalTrigger(seconds=self.tick_interval_s), id=self.TICK_JOB, **defaults
            )
        if self.prompts is not None:
            scheduler.add_job(
                self.run_prompts,
                IntervalTrigger(seconds=self.tick_interval_s),
                id=self.PROMPT_JOB,
                **defaults,
            )
        if self.inbox_pickup is not None:
            scheduler.add_job(
                self.run_inbox_pickup,
                IntervalTrigger(seconds=self.inbox_pickup_interval_s),
                id=self.INBOX_JOB,
                **defaults,
            )
        if self.purge is not None:
            scheduler.add_job(
                self.run_purge,
                CronTrigger(
                    hour=self.purge_at.hour, minute=self.purge_at.minute, timezone=self.settings.zone
                ),
                id=self.PURGE_JOB,
                **defaults,
            )
        scheduler.start(paused=paused)
        self.schedule_next_digest()

    async def stop(self) -> None:
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        self.scheduler = None

    def schedule_next_digest(self) -> datetime | None:
        """One DateTrigger at the next slot (holidays and closures skipped by the calendar)."""
        from apscheduler.triggers.date import DateTrigger

        if self.scheduler is None:
            return None
        after_at = self.clock.now()
        if self._scheduled_slot_at is not None and self._scheduled_slot_at > after_at:
            after_at = self._scheduled_slot_at  # a clock running behind must not refire a slot
        slot_at = self.digest.next_slot(after_at)
        if slot_at is None:
            log.warning("no digest slot ahead: check hours and closures")
            return None
        self.scheduler.add_job(
            self.run_digest,
            DateTrigger(run_date=slot_at),
            id=self.DIGEST_JOB,
            replace_existing=True,
            misfire_grace_time=None,
            coalesce=True,
        )
        self._scheduled_slot_at = slot_at
        log.info("next digest slot=%s", slot_key(slot_at))
        return slot_at

    # ------------------------------------------------------------------ jobs
    async def run_digest(self, reschedule: bool = True) -> None:
        await _guarded(self.DIGEST_JOB, lambda: self.digest.run_due(self.clock.now()))
        if reschedule:
            try:
                self.schedule_next_digest()
            except Exception as error:  # the next slot must not silently vanish
                log.error("job failed id=%s step=reschedule error=%s", self.DIGEST_JOB, type(error).__name__)

    async def run_flush(self) -> None:
        watch = self.flush_watch

        async def work() -> None:
            try:
                await self.outbox.flush()
            except Exception as error:
                if watch is not None:
                    watch.failed(error)
                raise
            if watch is not None:
                watch.succeeded()

        await _guarded(self.FLUSH_JOB, work)

    async def run_tick(self) -> None:
        tick = self.tick
        if tick is None:
            return

        now_at = self.clock.now()
        minute_at = now_at.replace(second=0, microsecond=0)
        if not await self.runs.claim_run(self.TICK_JOB, minute_at, now_at):
            return  # another process ticks this minute

        async def work() -> None:
            await self.outbox.deliver(list(await tick()))

        await self._run_claimed(self.TICK_JOB, minute_at, work)

    async def run_prompts(self) -> None:
        """The journey's session prompts, by one process per minute (the minute's claim),
        each prompt once (marked in the journey's records)."""
        prompts = self.prompts
        if prompts is None:
            return
        now_at = self.clock.now()
        minute_at = now_at.replace(second=0, microsecond=0)
        if not await self.runs.claim_run(self.PROMPT_JOB, minute_at, now_at):
            return  # another process sends this minute's prompts

        async def work() -> None:
            await self.outbox.deliver(list(await prompts()))

        await self._run_claimed(self.PROMPT_JOB, minute_at, work)

    async def run_inbox_pickup(self) -> None:
        """Every process, every 30 seconds: keep its inbox claims and take over the entries
        a stopped peer acknowledged and left (a shared inbox; nothing for a one-process one)."""
        pickup = self.inbox_pickup
        if pickup is not None:
            await _guarded(self.INBOX_JOB, pickup)

    async def run_purge(self) -> None:
        purge = self.purge
        if purge is None:
            return
        now_at = self.clock.now()
        local = now_at.astimezone(self.settings.zone)
        day_at = local.replace(hour=0, minute=0, second=0, microsecond=0)
        if not await self.runs.claim_run(self.PURGE_JOB, day_at, now_at):
            return  # another process purges today

        async def forget_old_runs() -> None:
            forgotten = await self.runs.prune_runs(now_at - RUN_CLAIMS_KEPT)
            log.info("job runs pruned count=%d", forgotten)

        await self._run_claimed(self.PURGE_JOB, day_at, purge)
        await _guarded(self.PURGE_JOB, forget_old_runs)  # even when the purge itself failed

    async def _run_claimed(
        self, job_id: str, slot_at: datetime, work: Callable[[], Awaitable[object]]
    ) -> None:
        """Run a claimed job; only a success finishes the claim. A failed run keeps its
        claim until the lease runs out, then a process sharing the store may retry it."""
        if await _guarded(job_id, work):
            await _guarded(job_id, lambda: self.runs.finish_run(job_id, slot_at))


async def _guarded(job_id: str, work: Callable[[], Awaitable[object]]) -> bool:
    """Run one job; log its failure by id and error type (never content) and carry on."""
    try:
        await work()
    except Exception as error:
        log.error("job failed id=%s error=%s", job_id, type(error).__name__)
        log.debug("job failure detail id=%s", job_id, exc_info=True)
        return False
    return True
