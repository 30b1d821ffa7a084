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
    from bot.cli.commands.privacy import erasing, run_erase

    args = call.args
    return await erasing(
        call,
        lambda on_erased, journey: run_erase(
            call.setup,
            call.store,
            call.clock,
            alias=args.alias,
            is_confirmed=args.yes,
            stdout=call.stdout,
            on_erased=on_erased,
            journey=journey,
            exports_dir=call.data_dir / "exports",
        ),
    )
