"""Digest service and scheduler with a moved clock: windows, holidays, catch-up, jobs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

import pytest

from bot.app import Setup
from bot.config.settings import DigestSettings
from bot.delivery.outbox import Outbox
from bot.domain import Item, Outbound, UserRef
from bot.runtime.clock import ManualClock
from bot.runtime.scheduler import RUN_CLAIMS_KEPT, CadreScheduler, DigestService
from bot.storage import MemoryStore
from tests.conftest import REPO, paris
from tests.core.mentor.test_mentor import MENTEE, make_setup, submit
from tests.delivery.test_outbox import FakeChannel

MENTOR_TG = UserRef("telegram", "777")


@dataclass
class World:
    setup: Setup
    store: MemoryStore
    clock: ManualClock
    channel: FakeChannel
    outbox: Outbox
    service: DigestService

    async def at(self, text: str) -> int:
        """Move the clock to a Paris wall time and run the due digests."""
        self.clock.set(paris(text))
        return await self.service.run_due(self.clock.now())

    def restart(self) -> None:
        """A new process on the same data: fresh outbox and service, same store."""
        self.channel = FakeChannel("telegram")
        self.outbox = Outbox(self.store, {"telegram": self.channel}, self.clock)
        self.service = service_for(self.setup, self.store, self.outbox)

    async def item(self, ref: str, text: str) -> Item:
        return await submit(self.store, MENTEE, "bruno", "mentor", ref, paris(text))

    def digests(self) -> list[str]:
        return [o.key for o in self.channel.sent if o.key.endswith(":summary")]


def service_for(setup: Setup, store: MemoryStore, outbox: Outbox) -> DigestService:
    return DigestService.of(setup, store=store, outbox=outbox, channels={"telegram"})


def world(start: str, extra_times: tuple[time, ...] = ()) -> World:
    setup = make_setup(REPO / "config")
    if extra_times:
        digest = DigestSettings.model_validate({"extra_times": [t.strftime("%H:%M") for t in extra_times]})
        settings = setup.settings.model_copy(update={"digest": digest})
        setup = replace(setup, settings=settings)
    store = MemoryStore()
    clock = ManualClock(paris(start))
    channel = FakeChannel("telegram")
    outbox = Outbox(store, {"telegram": channel}, clock)
    return World(setup, store, clock, channel, outbox, service_for(setup, store, outbox))


async def test_friday_evening_item_waits_for_monday_digest() -> None:
    w = world("2026-11-20T19:00")
    await w.item("FRI1", "2026-11-20T19:00")
    for moment in (
        "2026-11-20T19:00",
        "2026-11-20T23:59",
        "2026-11-21T08:00",
        "2026-11-22T12:00",
        "2026-11-23T07:59",
    ):
        assert await w.at(moment) == 0
    assert w.channel.sent == []
    assert await w.at("2026-11-23T08:00") == 2
    assert [o.item_ref for o in w.channel.sent] == [None, "FRI1"]
    assert all(o.to == MENTOR_TG for o in w.channel.sent)
    assert await w.store.digest_slot("mentor") == datetime.fromisoformat("2026-11-23T07:00:00+00:00")
    assert await w.at("2026-11-23T08:01") == 0


async def test_easter_monday_digest_goes_out_on_tuesday() -> None:
    w = world("2027-03-26T19:00")
    await w.item("EAS1", "2027-03-26T19:00")
    assert await w.at("2027-03-26T19:00") == 0
    assert await w.at("2027-03-29T08:00") == 0
    assert await w.at("2027-03-29T12:00") == 0
    assert await w.at("2027-03-30T08:00") == 2
    assert w.digests() == ["digest:mentor:2027-03-30T06:00:00+00:00:summary"]


async def test_item_sent_in_window_goes_in_the_extra_time_digest() -> None:
    w = world("2026-11-23T08:00", extra_times=(time(13, 0),))
    assert await w.at("2026-11-23T08:00") == 0  # empty digest: nothing sent
    await w.item("MID1", "2026-11-23T10:00")
    assert await w.at("2026-11-23T10:00") == 0
    assert await w.at("2026-11-23T12:59") == 0
    assert await w.at("2026-11-23T13:00") == 2
    assert w.digests() == ["digest:mentor:2026-11-23T12:00:00+00:00:summary"]


async def test_down_across_opening_sends_one_digest_at_startup() -> None:
    w = world("2026-11-20T08:00", extra_times=(time(13, 0),))
    await w.item("OLD1", "2026-11-19T20:00")
    assert await w.at("2026-11-20T08:00") == 2  # Friday's digest, then the process stops
    await w.item("NEW1", "2026-11-21T10:00")
    w.restart()
    # Missed: Friday 13:00 and Monday 08:00, 13:00 ... back on Monday at 13:30.
    assert await w.at("2026-11-23T13:30") == 3
    assert w.digests() == ["digest:mentor:2026-11-23T12:00:00+00:00:summary"]
    w.restart()
    assert await w.at("2026-11-23T13:31") == 0
    assert w.channel.sent == []


async def test_back_after_closing_sends_nothing_until_next_opening() -> None:
    w = world("2026-11-23T08:00")
    await w.at("2026-11-23T08:00")
    await w.item("EVE1", "2026-11-23T19:00")
    w.restart()
    assert await w.at("2026-11-24T07:00") == 0  # missed nothing, and the window is closed
    assert await w.at("2026-11-24T08:00") == 2


async def test_digest_is_idempotent_per_slot_even_without_mark() -> None:
    w = world("2026-11-23T08:00")
    await w.item("ONE1", "2026-11-22T10:00")
    assert await w.at("2026-11-23T08:00") == 2
    await w.store.set_digest_slot(
        "mentor", datetime.fromisoformat("2026-11-20T07:00:00+00:00")
    )  # crash before mark
    await w.at("2026-11-23T08:05")
    assert len(w.channel.sent) == 2


async def test_unanswered_items_carry_over_and_order_holds() -> None:
    w = world("2026-11-23T08:00")
    await w.item("BBB1", "2026-11-20T10:00")
    alert = await submit(
        w.store, UserRef("telegram", "2"), "zoé", "mentor", "SAF1", paris("2026-11-22T10:00")
    )
    await w.store.save_item(replace(alert, is_flagged=True, flow="safety", answers=(), theme="distress"))
    await w.item("AAA1", "2026-11-21T10:00")
    await w.at("2026-11-23T08:00")
    monday = [o.item_ref for o in w.channel.sent]
    await w.at("2026-11-24T08:00")
    tuesday = [o.item_ref for o in w.channel.sent][len(monday) :]
    assert monday == tuesday == [None, "SAF1", "BBB1", "AAA1"]  # flagged, then alias, then age


async def test_mentor_without_running_channel_is_skipped() -> None:
    w = world("2026-11-23T08:00")
    await w.item("ONE1", "2026-11-22T10:00")
    w.service = DigestService.of(w.setup, store=w.store, outbox=w.outbox, channels={"whatsapp"})
    assert await w.at("2026-11-23T08:00") == 0


async def test_preview_sends_and_marks_nothing() -> None:
    w = world("2026-11-20T19:00")
    await w.item("FRI1", "2026-11-20T19:00")
    [(mentor, plan)] = await w.service.preview(paris("2026-11-20T19:00"), "mentor")
    assert mentor.id == "mentor" and plan is not None
    assert plan.slot_at == paris("2026-11-23T08:00")
    assert [o.item_ref for o in plan.outbounds] == [None, "FRI1"]
    assert await w.store.digest_slot("mentor") is None and await w.store.list_outbox() == []


async def test_preview_at_a_slots_exact_time_shows_that_slot() -> None:
    w = world("2026-11-20T19:00")
    await w.item("FRI1", "2026-11-20T19:00")
    [(_, plan)] = await w.service.preview(paris("2026-11-23T08:00"), "mentor")
    assert plan is not None and plan.slot_at == paris("2026-11-23T08:00")
    [(_, later)] = await w.service.preview(paris("2026-11-23T08:01"), "mentor")
    assert later is not None and later.slot_at == paris("2026-11-24T08:00")


# ---------------------------------------------------------------- scheduler wiring
class Ticks:
    def __init__(self, outs: list[Outbound] | None = None, error: Exception | None = None) -> None:
        self.calls = 0
        self.outs = outs or []
        self.error = error

    async def __call__(self) -> list[Outbound]:
        self.calls += 1
        if self.error is not None:
            raise self.error
        return self.outs


async def test_scheduler_start_catches_up_once_and_schedules_next_slot() -> None:
    w = world("2026-11-20T08:00")
    await w.at("2026-11-20T08:00")
    await w.item("NEW1", "2026-11-21T10:00")
    w.restart()
    w.clock.set(paris("2026-11-23T09:30"))
    purges: list[int] = []

    async def purge() -> None:
        purges.append(1)

    scheduler = CadreScheduler(
        runs=w.store,
        settings=w.setup.settings,
        clock=w.clock,
        digest=w.service,
        outbox=w.outbox,
        tick=Ticks(),
        purge=purge,
    )
    await scheduler.start(paused=True)
    try:
        assert len(w.digests()) == 1
        assert scheduler.scheduler is not None
        jobs = {job.id: job for job in scheduler.scheduler.get_jobs()}
        assert set(jobs) == {"digest", "tick", "outbox-flush", "purge"}
        assert jobs["digest"].trigger.run_date == paris("2026-11-24T08:00")
        await scheduler.run_purge()
        assert purges == [1]
        w.clock.set(paris("2026-11-24T08:00"))
        await scheduler.run_digest()
        assert len(w.digests()) == 2
        jobs = {job.id: job for job in scheduler.scheduler.get_jobs()}
        assert jobs["digest"].trigger.run_date == paris("2026-11-25T08:00")
    finally:
        await scheduler.stop()
    restarted = CadreScheduler(
        settings=w.setup.settings, clock=w.clock, digest=w.service, outbox=w.outbox, runs=w.store
    )
    await restarted.start(paused=True)
    await restarted.stop()
    assert len(w.digests()) == 2


async def divide_by_zero() -> float:
    return 1 / 0


async def test_jobs_log_failures_and_carry_on(caplog: pytest.LogCaptureFixture) -> None:
    w = world("2026-11-23T10:00")
    failing = CadreScheduler(
        runs=w.store,
        settings=w.setup.settings,
        clock=w.clock,
        digest=w.service,
        outbox=w.outbox,
        tick=Ticks(error=RuntimeError("CANARY")),
        purge=divide_by_zero,
    )
    await failing.run_tick()
    await failing.run_purge()
    assert "job failed id=tick error=RuntimeError" in caplog.text
    assert "job failed id=purge error=ZeroDivisionError" in caplog.text
    assert "CANARY" not in caplog.text


class RecordedRuns(MemoryStore):
    """The memory store, noting which runs were finished and pruned."""

    def __init__(self) -> None:
        super().__init__()
        self.finished: list[tuple[str, datetime]] = []
        self.pruned: list[datetime] = []

    async def finish_run(self, job: str, slot_at: datetime) -> None:
        self.finished.append((job, slot_at))

    async def prune_runs(self, before_at: datetime) -> int:
        self.pruned.append(before_at)
        return await super().prune_runs(before_at)


async def test_a_run_is_finished_only_when_its_work_succeeded() -> None:
    w = world("2026-11-23T10:00")
    runs = RecordedRuns()

    def scheduler(ticks: Ticks, purge: Callable[[], Awaitable[object]]) -> CadreScheduler:
        return CadreScheduler(
            runs=runs,
            settings=w.setup.settings,
            clock=w.clock,
            digest=w.service,
            outbox=w.outbox,
            tick=ticks,
            purge=purge,
        )

    async def purge() -> None:
        return None

    failing = scheduler(Ticks(error=RuntimeError("down")), divide_by_zero)
    await failing.run_tick()
    await failing.run_purge()
    assert runs.finished == []
    assert runs.pruned == [w.clock.now() - RUN_CLAIMS_KEPT]  # old claims go even on a failed purge
    w.clock.advance(timedelta(days=1))
    working = scheduler(Ticks(), purge)
    await working.run_tick()
    await working.run_purge()
    now_at = w.clock.now()
    day_at = now_at.astimezone(w.setup.settings.zone).replace(hour=0, minute=0)
    assert runs.finished == [("tick", now_at.replace(second=0, microsecond=0)), ("purge", day_at)]


async def test_tick_outbounds_go_through_the_outbox() -> None:
    w = world("2026-11-23T10:00")
    reminder = Outbound(to=MENTEE, text="Votre brouillon vous attend", key="draft:x:rem")
    ticks = Ticks([reminder])
    scheduler = CadreScheduler(
        runs=w.store, settings=w.setup.settings, clock=w.clock, digest=w.service, outbox=w.outbox, tick=ticks
    )
    await scheduler.run_tick()
    assert ticks.calls == 1 and w.channel.sent == [reminder]


async def test_flush_job_sends_due_entries() -> None:
    w = world("2026-11-23T10:00")
    down = Outbox(w.store, {}, w.clock)
    await down.deliver([Outbound(to=MENTEE, text="r", key="reply:i:1", is_durable=True)])
    scheduler = CadreScheduler(
        settings=w.setup.settings, clock=w.clock, digest=w.service, outbox=w.outbox, runs=w.store
    )
    w.clock.advance(timedelta(hours=1))
    await scheduler.run_flush()
    assert [o.key for o in w.channel.sent] == ["reply:i:1"]


async def test_the_inbox_pickup_runs_as_a_job_and_its_failure_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    w = world("2026-11-23T10:00")
    calls: list[int] = []

    async def pickup() -> None:
        calls.append(1)
        if len(calls) > 1:
            raise RuntimeError("database away")

    scheduler = CadreScheduler(
        runs=w.store,
        settings=w.setup.settings,
        clock=w.clock,
        digest=w.service,
        outbox=w.outbox,
        inbox_pickup=pickup,
    )
    await scheduler.start(paused=True)
    try:
        assert scheduler.scheduler is not None
        job = scheduler.scheduler.get_job("inbox-pickup")
        assert job is not None and job.trigger.interval == timedelta(seconds=30)
    finally:
        await scheduler.stop()
    await scheduler.run_inbox_pickup()
    await scheduler.run_inbox_pickup()
    assert calls == [1, 1]
    assert "job failed id=inbox-pickup error=RuntimeError" in caplog.text
