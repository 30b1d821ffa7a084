"""`cadre check [--jsonl] [--locale L]`: screen text on stdin for identifying data."""

from __future__ import annotations

from bot.cli import registry
from bot.cli.registry import Common, Invocation, Subparsers


def register(sub: Subparsers, common: Common) -> None:
    parser = registry.register(sub, common, "check", "screen text on stdin for identifying data", run)
    parser.add_argument(
        "--jsonl", action="store_true", help='read {"id","text"} lines, write {"id","findings"} lines'
    )
    parser.add_argument("--locale", default=None, help="language of the report and of the text (fr, en)")


def run(invocation: Invocation) -> int:
    from bot.app import build_screener
    from bot.screening import ScreeningEngine
    from bot.screening.check_report import run_check

    args, setup = invocation.args, invocation.setup()
    locale = setup.catalogue.resolve_locale(args.locale or setup.settings.locale)
    screener = build_screener(setup.settings, locale)
    assert isinstance(screener, ScreeningEngine)
    return run_check(
        invocation.stdin,
        invocation.stdout,
        jsonl=args.jsonl,
        engine=screener,
        catalogue=setup.catalogue,
        locale=locale,
    )
