"""`cadre purge`: apply the retention durations now (erasures reach every configured channel)."""

from __future__ import annotations

from bot.cli import registry
from bot.cli.registry import Common, OperatorCall, Subparsers


def register(sub: Subparsers, common: Common) -> None:
    registry.register_operator(sub, common, "purge", "apply the retention durations now", run)


async def run(call: OperatorCall) -> int:
    from bot.cli.commands.privacy import erasing, run_purge

    return await erasing(
        call,
        lambda on_erased, journey: run_purge(
            call.setup,
            call.store,
            call.clock,
            stdout=call.stdout,
            on_erased=on_erased,
            journey=journey,
            exports_dir=call.data_dir / "exports",
        ),
    )
