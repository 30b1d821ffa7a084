"""`cadre config check`: validate config/ and report every problem (file, line, fix)."""

from __future__ import annotations

from bot.cli.registry import Common, Invocation, Subparsers


def register(sub: Subparsers, common: Common) -> None:
    parser = sub.add_parser("config", help="configuration tools")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    check = common(actions.add_parser("check", help="validate config/ and report every problem"))
    check.set_defaults(handler=run)


def run(invocation: Invocation) -> int:
    from bot.cli.commands.config_check import run_config_check

    return run_config_check(invocation.config_dir, stdout=invocation.stdout, stderr=invocation.stderr)
