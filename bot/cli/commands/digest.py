"""`cadre digest --preview [--at T] [--mentor ID]`: what each mentor would receive next.

A preview never sends and never writes: no outbox entry, no "last digest" mark. It is how
a coach checks the frame (is Easter Monday skipped? does the 13:00 digest carry the
morning's items?) before trusting `cadre run` with it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TextIO

from bot.app import Setup
from bot.channels.console import render
from bot.cli import registry
from bot.cli.registry import Common, OperatorCall, Subparsers
from bot.domain import OutboxEntry, OutboxStatus, UserRef
from bot.ports import Store
from bot.runtime.scheduler import DigestJourney, DigestService
from bot.schedule.phrasing import format_clock, format_day

ALL_CHANNELS = ("telegram", "whatsapp", "console")


async def run_digest_preview(
    setup: Setup,
    store: Store,
    *,
    at: datetime,
    mentor: str | None,
    stdout: TextIO,
    channels: tuple[str, ...] = ALL_CHANNELS,
    journey: DigestJourney | None = None,
) -> int:
    """Print, for each mentor (or one), the digest of the first slot from `at` on (the slot
    of `at` itself when it is one), with the journey's lines and agendas when `journey` is
    given (read only); exit 1 on an unknown mentor."""
    catalogue = setup.catalogue
    locale = catalogue.resolve_locale(setup.settings.locale)
    if mentor is not None and setup.settings.mentor(mentor) is None:
        known = ", ".join(m.id for m in setup.settings.mentors) or "-"
        stdout.write(catalogue.text("mentor.cli.unknown_mentor", locale, mentor=mentor, known=known) + "\n")
        return 1
    service = DigestService.of(setup, store=store, outbox=None, channels=channels, journey=journey)
    for index, (each, plan) in enumerate(await service.preview(at, mentor)):
        if index:
            stdout.write("\n")
        if plan is None:
            stdout.write(catalogue.text("mentor.cli.no_slot", locale, mentor=each.id) + "\n")
            continue
        local = plan.slot_at.astimezone(setup.settings.zone)
        params = {
            "mentor": each.id,
            "day": format_day(local.date(), locale, reference=at.astimezone(setup.settings.zone).date()),
            "time": format_clock(local.time(), locale),
        }
        if plan.recipient is None:
            stdout.write(catalogue.text("mentor.cli.no_channel", locale, mentor=each.id) + "\n")
            continue
        waiting = await waiting_for(store, plan.recipient, plan.slot_at)
        if not plan.outbounds and not waiting:
            stdout.write(catalogue.text("mentor.cli.preview_empty", locale, **params) + "\n")
            continue
        header = "mentor.cli.preview_header" if plan.outbounds else "mentor.cli.preview_no_digest"
        stdout.write(catalogue.text(header, locale, channel=plan.recipient.channel, **params) + "\n\n")
        if plan.outbounds:
            stdout.write("\n\n".join(render(outbound) for outbound in plan.outbounds) + "\n")
        if waiting:
            if plan.outbounds:
                stdout.write("\n")
            stdout.write(catalogue.text("mentor.cli.preview_waiting", locale, count=len(waiting)) + "\n\n")
            stdout.write("\n\n".join(render(entry.outbound) for entry in waiting) + "\n")
    return 0


async def waiting_for(store: Store, recipient: UserRef, slot_at: datetime) -> list[OutboxEntry]:
    """The messages already queued for the mentor that go out when this slot's window opens
    (a mentee's change request to a report, a journey answer): the coach rehearsing a morning
    sees everything the mentor will get, not only the digest. Read only."""
    return [
        entry
        for entry in await store.list_outbox()
        if entry.status is OutboxStatus.PENDING
        and entry.outbound.to == recipient
        and entry.next_attempt_at <= slot_at
    ]


def register(sub: Subparsers, common: Common) -> None:
    parser = registry.register_operator(
        sub, common, "digest", "preview the digest each mentor would receive", run, is_read_only=True
    )
    parser.add_argument(
        "--preview",
        action="store_true",
        required=True,
        help="print the next digest without sending or marking anything",
    )
    parser.add_argument(
        "--at", help="local time to preview from; a slot's own time shows that slot (default: now)"
    )
    parser.add_argument("--mentor", default=None, help="only this mentor id")


async def run(call: OperatorCall) -> int:
    from bot.app import build_screener
    from bot.runtime.journey import build_journey_desk
    from bot.runtime.journey_jobs import JourneyJobs

    at = registry.instant(call.args, call.setup)
    lines = JourneyJobs(  # the journey's lines and agendas, read only
        desk=build_journey_desk(
            call.setup,
            store=call.store,
            journey=call.journey_store(),
            screener=build_screener(call.setup.settings),
        ),
        store=call.store,
        channels=ALL_CHANNELS,
        reviews_dir=call.data_dir / "reviews",
    )
    return await run_digest_preview(
        call.setup, call.store, at=at, mentor=call.args.mentor, stdout=call.stdout, journey=lines
    )
