"""`cadre programme check|load|show|note`: the mentees' programmes (config/programmes/).

Operator commands, like `report` and `review`: while `cadre run` holds the folder they run
in the service, through its admin socket (bot.runtime.admin), with the same audit trail.
"""

from __future__ import annotations

from pathlib import Path

from bot.cli import registry
from bot.cli.registry import Common, OperatorCall, Subparsers


def register(sub: Subparsers, common: Common) -> None:
    parser = sub.add_parser("programme", help="the mentees' programmes (config/programmes/)")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    check = common(actions.add_parser("check", help="validate every programme file and report every problem"))
    check.add_argument("--at", help=registry.AT_HELP)
    load = common(
        actions.add_parser("load", help="validate the programme files and keep them in the data folder")
    )
    load.add_argument("--at", help=registry.AT_HELP)
    show = common(actions.add_parser("show", help="print a mentee's programme"))
    show.add_argument("--alias", required=True)
    note = common(actions.add_parser("note", help="the mentor's note after a session, sent to the mentee"))
    note.add_argument("--alias", required=True)
    note.add_argument("--session", type=int, required=True, help="the session's number")
    note.add_argument("--mentor", default=None, help="mentor id (default: the programme's or the first)")
    note.add_argument("--file", type=Path, default=None, help="the note (default: stdin)")
    note.add_argument("--at", help=registry.AT_HELP)
    note.set_defaults(takes_text=True)
    registry.operator_defaults(parser, run_journey_command)


async def run_journey_command(call: OperatorCall) -> int:
    """The journey's commands (programme, report, review) on an open store: the CLI's, or
    the running service's (its own journey store, its outbox and channels)."""
    from bot.app import build_screener
    from bot.cli.commands.journey import JourneyCommands

    return await JourneyCommands(
        call.setup,
        call.store,
        call.journey_store(),
        call.clock,
        build_screener(call.setup.settings),
        data_dir=call.data_dir,
        stdin=call.stdin,
        stdout=call.stdout,
    ).run(call.args)
