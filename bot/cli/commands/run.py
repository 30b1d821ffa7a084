"""`cadre run`: every channel configured in the environment, the webhook server, the scheduler
and the admin socket, on one event loop."""

from __future__ import annotations

import os

from bot.cli import registry
from bot.cli.registry import Common, Invocation, Subparsers
from bot.ports import Store


def register(sub: Subparsers, common: Common) -> None:
    registry.register(sub, common, "run", "start every channel configured in the environment", run)


def run(invocation: Invocation) -> int:
    from bot.app import open_inbox
    from bot.runtime.clock import SystemClock
    from bot.runtime.environment import RunEnvironment
    from bot.runtime.isolation import open_isolation
    from bot.runtime.journey import open_journey_store
    from bot.runtime.service import run_service

    if invocation.admin_handler is None:
        raise RuntimeError("cadre run needs the admin socket's handler from the command line's entry point")
    operator_handler = invocation.admin_handler
    setup = invocation.setup()
    env = RunEnvironment.from_mapping(os.environ)

    async def serve(store: Store) -> int:
        start_helpers = getattr(store, "start_helpers", None)
        if start_helpers is not None:
            start_helpers()  # a long-running service writes its files from helper processes
        inbox = open_inbox(store, SystemClock())
        journey = open_journey_store(invocation.data_dir, store)  # one for the jobs and the admin socket
        admin = operator_handler(setup, store, invocation.data_dir, SystemClock(), journey=journey)
        async with open_isolation() as isolation:
            return await run_service(
                setup,
                store,
                SystemClock(),
                env,
                stdout=invocation.stdout,
                inbox=inbox,
                admin=(invocation.data_dir, admin),
                isolation=isolation,
                journey=journey,
                data_dir=invocation.data_dir,
            )

    return invocation.with_store(serve)
