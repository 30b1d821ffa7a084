"""`cadre audit [--since DAY]`: the audit trail, ids only. Takes the folder's lock when free
(the listing is then itself audited), reads only while another process writes."""

from __future__ import annotations

from bot.cli import registry
from bot.cli.registry import Common, OperatorCall, Subparsers


def register(sub: Subparsers, common: Common) -> None:
    parser = registry.register_operator(
        sub, common, "audit", "list the audit trail (ids only, no content)", run, may_read_only=True
    )
    parser.add_argument("--since", default=None, help="from this local date, e.g. 2026-11-01")


async def run(call: OperatorCall) -> int:
    from bot.cli.commands.privacy import run_audit

    return await run_audit(call.setup, call.store, call.clock, since=call.args.since, stdout=call.stdout)
