"""An event one process acknowledged and never handled is handled by its peer, without a restart.

Two services on one PostgreSQL (their own pools, advisory-lock isolation, webhook servers
and inbox claims), as two `cadre run` processes behind a load balancer. The first one
acknowledges a mentee's webhook (the event is recorded, claimed by it) and then never gets
to handle it: its handler is stuck, as a process killed right after its 200 would be. While
its claim holds, the peer leaves the event alone; once the claim's lease has run out (the
clock moved, nobody renewed it), the peer's periodic pick-up takes it and answers, once. A
process that stops cleanly hands its pending events over at once (it releases its claims).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from bot.app import load_setup
from bot.domain import Consent, InboxEntry, Mentee, UserRef
from bot.runtime.clock import ManualClock
from bot.runtime.isolation import LocalIsolation
from bot.runtime.service import Service
from bot.storage.postgres.inbox import PostgresInbox
from bot.storage.postgres.isolation import AdvisoryLockIsolation
from bot.storage.postgres.store import PostgresStore
from tests.channels.whatsapp.test_e2e_whatsapp import body_text, whatsapp_env
from tests.conftest import paris
from tests.e2e import clock_sleep
from tests.fakes import whatsapp_payloads as wa
from tests.fakes.graph_api import FakeGraphApi

APP_SECRET = "pickup-secret"
MENTEE = "33644444444"
HELP = "Ce que vous pouvez faire"


@dataclass
class Pair:
    """The stuck service first, its live peer second, on one database."""

    services: list[Service]
    stores: list[PostgresStore]
    clock: ManualClock
    gate: asyncio.Event  # opens the stuck handler (at the end only: it then does nothing)
    graph: FakeGraphApi

    def answers(self) -> int:
        return sum(HELP in body_text(m) for m in self.graph.messages if m.get("to") == MENTEE)

    async def acknowledge_on_the_stuck_one(self, client: httpx.AsyncClient) -> None:
        body = wa.encode(wa.messages(wa.text(MENTEE, "/aide", at=self.clock.now())))
        response = await client.post(
            f"http://127.0.0.1:{self.services[0].server.port}/webhooks/whatsapp",
            content=body,
            headers={"Content-Type": "application/json", "X-Hub-Signature-256": wa.sign(body, APP_SECRET)},
            timeout=60,
        )
        assert response.status_code == 200, "acknowledged: the event is recorded"

    async def peer_idle(self) -> None:
        for channel in self.services[1].channels:
            await channel.wait_idle()  # type: ignore[attr-defined]


@pytest.fixture
async def pair(
    postgres_url: str, project: Path, graph: FakeGraphApi, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Pair]:
    setup = load_setup(project / "config")
    clock = ManualClock(paris("2026-11-23T10:00"))
    stores = [await PostgresStore(postgres_url).open() for _ in range(2)]
    consent = Consent(setup.settings.charter.version, clock.now())
    await stores[0].save_mentee(
        Mentee(UserRef("whatsapp", MENTEE), "P-1", "mentor", "fr", clock.now(), consent)
    )
    locks = [await AdvisoryLockIsolation(postgres_url, local=LocalIsolation()).open() for _ in range(2)]
    services = [
        Service(
            setup,
            store,
            clock,
            whatsapp_env(graph, APP_SECRET),
            sleep=clock_sleep(clock),
            isolation=lock,
            inbox=PostgresInbox(store, clock=clock),
        )
        for store, lock in zip(stores, locks, strict=True)
    ]
    gate = asyncio.Event()

    async def stuck(entry: InboxEntry) -> None:
        await gate.wait()  # never handles it: as if killed after acknowledging

    [stuck_channel] = services[0].channels
    monkeypatch.setattr(stuck_channel, "_handle_entry", stuck)
    for service in services:
        await service.start()
    try:
        yield Pair(services, stores, clock, gate, graph)
    finally:
        gate.set()
        for service in services:
            await service.stop()
        for lock in locks:
            await lock.close()
        for store in stores:
            await store.close()


async def test_an_event_left_by_a_stuck_peer_is_handled_once_after_its_lease(pair: Pair) -> None:
    async with httpx.AsyncClient() as client:
        await pair.acknowledge_on_the_stuck_one(client)
    assert await pair.services[1].pick_up_inbox() == 0, "claimed by a live process: left alone"
    await pair.peer_idle()
    assert pair.answers() == 0
    pair.clock.advance(pair.stores[0].claim_lease)
    assert await pair.services[1].pick_up_inbox() == 1
    await pair.peer_idle()
    assert pair.answers() == 1
    pair.clock.advance(pair.stores[0].claim_lease)
    assert await pair.services[1].pick_up_inbox() == 0, "handled: nothing left to pick up"
    assert await pair.services[0].pick_up_inbox() == 0, "the stuck one does not take it back"
    await pair.peer_idle()
    assert pair.answers() == 1
    assert await PostgresInbox(pair.stores[1], clock=pair.clock).pending("whatsapp") == []


async def test_a_peer_s_renewed_claim_is_not_picked_up(pair: Pair) -> None:
    async with httpx.AsyncClient() as client:
        await pair.acknowledge_on_the_stuck_one(client)
    lease = pair.stores[0].claim_lease
    for _ in range(3):  # the stuck process is alive: its pick-up renews what it holds
        pair.clock.advance(lease / 2)
        assert await pair.services[0].pick_up_inbox() == 0
        assert await pair.services[1].pick_up_inbox() == 0
    await pair.peer_idle()
    assert pair.answers() == 0


async def test_a_process_stopping_cleanly_hands_its_pending_events_over_at_once(
    pair: Pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.channels.whatsapp.channel.STOP_DRAIN_DELAY_S", 0.1)
    async with httpx.AsyncClient() as client:
        await pair.acknowledge_on_the_stuck_one(client)
    await pair.services[0].stop()  # its handler is cut off after the grace; the event stays pending
    assert await pair.services[1].pick_up_inbox() == 1, "released: no lease to wait for"
    await pair.peer_idle()
    assert pair.answers() == 1
