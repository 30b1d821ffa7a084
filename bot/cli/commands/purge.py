"""`cadre purge`: apply the retention durations now (erasures reach every configured channel)."""

from __future__ import annotations

from bot.cli import registry
from bot.cli.registry import Common, OperatorCall, Subparsers


def register(sub: Subparsers, common: Common) -> None:
    registry.register_operator(sub, common, "purge", "apply the retention durations now", run)


async def run(call: OperatorCall) -> int:
    from bot.cli.commands.privacy import channels_forgetter, run_purge
    from bot.runtime.journey import open_journey_store

    on_erased = channels_forgetter(call)
    if on_erased is None:
        return 2
    return await run_purge(
        call.setup,
        call.store,
        call.clock,
        stdout=call.stdout,
        on_erased=on_erased,
        journey=open_journey_store(call.data_dir, call.store),
    )
