"""`cadre report draft|revise|send|release`: sponsor reports, validated by the mentee first.

An operator command: while `cadre run` holds the folder it runs in the service (the text of
a draft or a revision is read here, from --file or stdin, and sent with the command).
"""

from __future__ import annotations

from pathlib import Path

from bot.cli import registry
from bot.cli.commands.programme import run_journey_command
from bot.cli.registry import Common, Subparsers


def register(sub: Subparsers, common: Common) -> None:
    parser = sub.add_parser("report", help="sponsor reports: draft, revise, send for validation, release")
    steps = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    draft = common(steps.add_parser("draft", help="draft a report (text on stdin or --file)"))
    draft.add_argument("--alias", required=True)
    draft.add_argument("--from", dest="period_start", required=True, help="first day, e.g. 2027-01-11")
    draft.add_argument("--to", dest="period_end", required=True, help="last day, e.g. 2027-06-30")
    draft.add_argument("--mentor", default=None, help="mentor id (default: the programme's or the first)")
    draft.add_argument("--file", type=Path, default=None)
    draft.add_argument("--at", help=registry.AT_HELP)
    draft.set_defaults(takes_text=True)
    revise = common(steps.add_parser("revise", help="a new text: the mentee validates again"))
    revise.add_argument("--alias", required=True)
    revise.add_argument("--id", required=True)
    revise.add_argument("--file", type=Path, default=None)
    revise.add_argument("--at", help=registry.AT_HELP)
    revise.set_defaults(takes_text=True)
    send = common(steps.add_parser("send", help="send the exact text to the mentee for validation"))
    send.add_argument("--alias", required=True)
    send.add_argument("--id", required=True)
    send.add_argument("--at", help=registry.AT_HELP)
    release = common(steps.add_parser("release", help="write PDF + Markdown and e-mail a validated report"))
    release.add_argument("--alias", required=True)
    release.add_argument("--id", required=True)
    release.add_argument("--out", type=Path, default=None, help="folder (default: DATA/reports)")
    release.add_argument("--at", help=registry.AT_HELP)
    registry.operator_defaults(parser, run_journey_command)
