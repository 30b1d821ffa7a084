"""`cadre keygen`: print a new CADRE_DATA_KEY (encryption at rest)."""

from __future__ import annotations

from bot.cli.registry import Common, Invocation, Subparsers


def register(sub: Subparsers, common: Common) -> None:
    parser = sub.add_parser("keygen", help="print a new CADRE_DATA_KEY for encryption at rest")
    parser.set_defaults(handler=run)


def run(invocation: Invocation) -> int:
    from bot.cli.commands.privacy import run_keygen

    return run_keygen(invocation.stdout)
