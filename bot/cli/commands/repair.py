"""`cadre repair`: move the files that cannot be read whole aside, and say what they held.

Run with the service stopped (it takes the folder's lock). Each damaged file goes to
`<data>/damaged/<stamp>/` under its own relative path, so it can be examined or restored
by hand; the derived indexes are rebuilt from what remains; an audit event records each
move. Nothing is ever repaired silently: `cadre run` refuses a damaged folder until an
operator has restored the files or run this.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import TextIO

from bot.app import Setup, open_inbox, open_store
from bot.cli import registry
from bot.cli.registry import Common, Invocation, Subparsers
from bot.cli.store_errors import damage_text
from bot.domain import AuditEvent
from bot.storage.tiny.check import RepairLog


async def run_repair(setup: Setup, data_dir: Path, *, now_at: datetime, stdout: TextIO) -> int:
    catalogue = setup.catalogue
    locale = catalogue.resolve_locale(setup.settings.locale)
    log = RepairLog(stamp=now_at.strftime("%Y%m%dT%H%M%SZ"))
    store = await open_store(data_dir, repair=log)
    try:
        open_inbox(store)  # the inbox reads its pending entries whole too
        for damage in log.moved:
            await store.append_audit(
                AuditEvent(
                    at=now_at,
                    actor="operator",
                    action="file_moved_aside",
                    subject=damage.label,
                    details=(("kind", damage.kind.value),),
                )
            )
    finally:
        await store.close()
    if not log.moved:
        stdout.write(catalogue.text("cli.repair.sound", locale, path=str(data_dir)) + "\n")
        return 0
    header = "cli.repair.header_one" if len(log.moved) == 1 else "cli.repair.header_many"
    stdout.write(catalogue.text(header, locale, count=len(log.moved)) + "\n")
    for damage in log.moved:
        lost = catalogue.text(f"cli.repair.lost.{damage.kind.value}", locale)
        stdout.write(
            catalogue.text(
                "cli.repair.moved",
                locale,
                label=damage.label,
                moved_to=damage.moved_to or "",
                problem=damage_text(damage, catalogue, locale),
                lost=lost,
            )
            + "\n"
        )
    stdout.write(catalogue.text("cli.repair.next", locale) + "\n")
    return 0


def register(sub: Subparsers, common: Common) -> None:
    registry.register(
        sub, common, "repair", "move damaged data files aside, rebuild the indexes, report what was lost", run
    )


def run(invocation: Invocation) -> int:
    from bot.runtime.clock import SystemClock

    setup = invocation.setup()
    now_at = SystemClock().now()
    return asyncio.run(run_repair(setup, invocation.data_dir, now_at=now_at, stdout=invocation.stdout))
