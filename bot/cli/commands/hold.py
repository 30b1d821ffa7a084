"""`cadre hold --alias A [--release]`: place or release a legal hold (no purge, no erasure)."""

from __future__ import annotations

from bot.cli import registry
from bot.cli.registry import Common, OperatorCall, Subparsers


def register(sub: Subparsers, common: Common) -> None:
    parser = registry.register_operator(sub, common, "hold", "place or release a legal hold on a mentee", run)
    parser.add_argument("--alias", required=True, help="the mentee's alias")
    parser.add_argument("--release", action="store_true", help="release the hold")


async def run(call: OperatorCall) -> int:
    from bot.cli.commands.privacy import run_hold

    return await run_hold(
        call.setup,
        call.store,
        call.clock,
        alias=call.args.alias,
        is_released=call.args.release,
        stdout=call.stdout,
    )
