"""`cadre programme check|load|show|note`: the mentees' programmes (config/programmes/)."""

from __future__ import annotations

from pathlib import Path

from bot.cli.registry import Common, Invocation, Subparsers


def register(sub: Subparsers, common: Common) -> None:
    parser = sub.add_parser("programme", help="the mentees' programmes (config/programmes/)")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    common(actions.add_parser("check", help="validate every programme file and report every problem"))
    common(actions.add_parser("load", help="validate the programme files and keep them in the data folder"))
    show = common(actions.add_parser("show", help="print a mentee's programme"))
    show.add_argument("--alias", required=True)
    note = common(actions.add_parser("note", help="the mentor's note after a session, sent to the mentee"))
    note.add_argument("--alias", required=True)
    note.add_argument("--session", type=int, required=True, help="the session's number")
    note.add_argument("--mentor", default=None, help="mentor id (default: the programme's or the first)")
    note.add_argument("--file", type=Path, default=None, help="the note (default: stdin)")
    parser.set_defaults(handler=run_journey_command)


def run_journey_command(invocation: Invocation) -> int:
    """The journey's commands (programme, report, review) on the data folder."""
    from bot.app import build_screener
    from bot.cli.commands.journey import JourneyCommands
    from bot.ports import Store
    from bot.runtime.clock import SystemClock
    from bot.runtime.journey import open_journey_store

    setup = invocation.setup()

    async def work(store: Store) -> int:
        return await JourneyCommands(
            setup,
            store,
            open_journey_store(invocation.data_dir, store),
            SystemClock(),
            build_screener(setup.settings),
            data_dir=invocation.data_dir,
            stdin=invocation.stdin,
            stdout=invocation.stdout,
        ).run(invocation.args)

    return invocation.with_store(work)
