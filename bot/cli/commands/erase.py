"""`cadre erase --alias A --yes`: erase everything about a mentee, on every configured channel
too (WhatsApp's window marks)."""

from __future__ import annotations

from bot.cli import registry
from bot.cli.registry import Common, OperatorCall, Subparsers


def register(sub: Subparsers, common: Common) -> None:
    parser = registry.register_operator(sub, common, "erase", "erase everything about a mentee (final)", run)
    parser.add_argument("--alias", required=True, help="the mentee's alias")
    parser.add_argument("--yes", action="store_true", help="confirm: the erasure cannot be undone")


async def run(call: OperatorCall) -> int:
    from bot.cli.commands.privacy import channels_forgetter, run_erase
    from bot.runtime.journey import open_journey_store

    on_erased = channels_forgetter(call)
    if on_erased is None:
        return 2
    return await run_erase(
        call.setup,
        call.store,
        call.clock,
        alias=call.args.alias,
        is_confirmed=call.args.yes,
        stdout=call.stdout,
        on_erased=on_erased,
        journey=open_journey_store(call.data_dir, call.store),
    )
