"""`cadre outbox`: the messages still to send and those that failed, for the operator.

Keys, statuses, attempts, next attempt and last error only, never message text: the
operator needs to know that an answer is stuck, not what it says.
"""

from __future__ import annotations

from typing import TextIO

from bot.app import Setup
from bot.cli import registry
from bot.cli.registry import Common, OperatorCall, Subparsers
from bot.delivery.outbox import describe_next_attempt
from bot.domain import OutboxEntry, OutboxStatus
from bot.ports import Store


async def listed_entries(store: Store, *, include_sent: bool = False) -> list[OutboxEntry]:
    return [e for e in await store.list_outbox() if include_sent or e.status is not OutboxStatus.SENT]


async def run_outbox(setup: Setup, store: Store, *, stdout: TextIO, include_sent: bool = False) -> int:
    """One line per entry, failed ones first; exit 0 (listing is not a check)."""
    catalogue = setup.catalogue
    locale = catalogue.resolve_locale(setup.settings.locale)
    entries = await listed_entries(store, include_sent=include_sent)
    if not entries:
        stdout.write(catalogue.text("mentor.cli.outbox_empty", locale) + "\n")
        return 0
    order = {OutboxStatus.FAILED: 0, OutboxStatus.PARKED: 1, OutboxStatus.PENDING: 1, OutboxStatus.SENT: 2}
    entries.sort(key=lambda e: (order[e.status], e.next_attempt_at, e.outbound.key))
    zone = setup.settings.zone
    stdout.write(catalogue.text("mentor.cli.outbox_header", locale) + "\n")
    for entry in entries:
        next_at = describe_next_attempt(entry)
        when = (
            "-"
            if next_at is None or entry.status is not OutboxStatus.PENDING
            else next_at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")
        )
        status = entry.status.value
        stdout.write(
            " | ".join((entry.outbound.key, status, str(entry.attempts), when, entry.last_error or "-"))
            + "\n"
        )
    return 0


def register(sub: Subparsers, common: Common) -> None:
    parser = registry.register_operator(
        sub, common, "outbox", "list pending and failed messages (no text)", run, is_read_only=True
    )
    parser.add_argument("--all", action="store_true", help="include recently sent messages")


async def run(call: OperatorCall) -> int:
    return await run_outbox(call.setup, call.store, stdout=call.stdout, include_sent=call.args.all)
