"""`cadre review --alias A [--out DIR]`: the closing review with its timeline picture."""

from __future__ import annotations

from pathlib import Path

from bot.cli import registry
from bot.cli.commands.programme import run_journey_command
from bot.cli.registry import Common, Subparsers


def register(sub: Subparsers, common: Common) -> None:
    parser = registry.register(
        sub, common, "review", "the closing review with its picture", run_journey_command
    )
    parser.add_argument("--alias", required=True)
    parser.add_argument("--out", type=Path, default=None, help="folder (default: DATA/reviews)")
