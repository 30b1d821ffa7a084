"""`cadre review --alias A [--out DIR] [--send]`: the closing review with its timeline picture.

An operator command: while `cadre run` holds the folder it runs in the service, so `--send`
goes through the service's outbox and channels.
"""

from __future__ import annotations

from pathlib import Path

from bot.cli import registry
from bot.cli.commands.programme import run_journey_command
from bot.cli.registry import Common, Subparsers


def register(sub: Subparsers, common: Common) -> None:
    parser = registry.register_operator(
        sub, common, "review", "the closing review with its picture", run_journey_command
    )
    parser.add_argument("--alias", required=True)
    parser.add_argument("--out", type=Path, default=None, help="folder (default: DATA/reviews)")
    parser.add_argument("--at", help=registry.AT_HELP)
    parser.add_argument(
        "--send",
        action="store_true",
        help="send it: the mentee's copy (picture + PDF) to the mentee, the mentor's inside their window",
    )
