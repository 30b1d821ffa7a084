"""`cadre review --alias A [--out DIR] [--send]`: the closing review with its timeline picture.

An operator command: while `cadre run` holds the folder it runs in the service, so `--send`
goes through the service's outbox and channels.
"""

from __future__ import annotations

import io
from pathlib import Path

from bot.cli import registry
from bot.cli.registry import Common, OperatorCall, Subparsers


def register(sub: Subparsers, common: Common) -> None:
    parser = registry.register_operator(sub, common, "review", "the closing review with its picture", run)
    parser.add_argument("--alias", required=True)
    parser.add_argument("--out", type=Path, default=None, help="folder (default: DATA/reviews)")
    parser.add_argument(
        "--send",
        action="store_true",
        help="send it: the mentee's copy (picture + PDF) to the mentee, the mentor's inside their window",
    )


async def run(call: OperatorCall) -> int:
    from bot.app import build_screener
    from bot.cli.commands.journey import JourneyCommands

    return await JourneyCommands(
        call.setup,
        call.store,
        call.journey_store(),
        call.clock,
        build_screener(call.setup.settings),
        data_dir=call.data_dir,
        stdin=io.StringIO(),
        stdout=call.stdout,
    ).run(call.args)
