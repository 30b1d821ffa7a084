"""`cadre export --alias A [--out DIR]`: everything kept about a mentee, JSON and Markdown."""

from __future__ import annotations

import os
from pathlib import Path

from bot.cli import registry
from bot.cli.registry import Common, OperatorCall, Subparsers


def register(sub: Subparsers, common: Common) -> None:
    parser = registry.register_operator(sub, common, "export", "export everything kept about a mentee", run)
    parser.add_argument("--alias", required=True, help="the mentee's alias")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder for the JSON and Markdown files (default: DATA/exports; required with CADRE_DATA_KEY)",
    )


async def run(call: OperatorCall) -> int:
    from bot.cli.commands.privacy import run_export

    return await run_export(
        call.setup,
        call.store,
        call.clock,
        alias=call.args.alias,
        out_dir=call.args.out or call.data_dir / "exports",
        stdout=call.stdout,
        journey=call.journey_store(),
        # The files are in clear: not into a data folder encrypted at rest unless asked.
        is_clear_in_encrypted=call.args.out is None and bool(os.environ.get("CADRE_DATA_KEY")),
    )
