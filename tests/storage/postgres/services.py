"""Two `cadre run` services on one PostgreSQL, as two processes behind a load balancer."""

from __future__ import annotations

from collections.abc import Sequence

from bot.app import Setup
from bot.ports import EventIsolation
from bot.runtime.clock import ManualClock
from bot.runtime.environment import RunEnvironment
from bot.runtime.service import Service
from bot.storage.postgres.inbox import PostgresInbox
from bot.storage.postgres.isolation import AdvisoryLockIsolation
from bot.storage.postgres.store import PostgresStore
from tests.e2e import clock_sleep


async def start_services(
    setup: Setup,
    stores: Sequence[PostgresStore],
    isolations: Sequence[EventIsolation],
    clock: ManualClock,
    env: RunEnvironment,
) -> list[Service]:
    """One service per store and isolation, each recording webhooks in the database's inbox."""
    services = [
        Service(setup, store, clock, env, sleep=clock_sleep(clock), isolation=isolation, inbox=inbox)
        for store, isolation, inbox in zip(
            stores, isolations, [PostgresInbox(store, clock=clock) for store in stores], strict=True
        )
    ]
    for service in services:
        await service.start()
    return services


async def stop_services(
    services: Sequence[Service],
    isolations: Sequence[AdvisoryLockIsolation],
    stores: Sequence[PostgresStore],
) -> None:
    for service in services:
        await service.stop()
    for isolation in isolations:
        await isolation.close()
    for store in stores:
        await store.close()
