"""`cadre screening report`: answers kept on a mentee's word, and their words (counts only)."""

from __future__ import annotations

from bot.cli.registry import Common, Invocation, Subparsers
from bot.ports import Store


def register(sub: Subparsers, common: Common) -> None:
    parser = sub.add_parser("screening", help="screening tools")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    report = common(
        actions.add_parser("report", help="answers kept on a mentee's word, and their words (counts)")
    )
    report.set_defaults(handler=run)


def run(invocation: Invocation) -> int:
    from bot.cli.commands.screening_report import run_screening_report

    setup = invocation.setup()

    async def work(store: Store) -> int:
        return await run_screening_report(setup, store, stdout=invocation.stdout)

    return invocation.with_store(work)
