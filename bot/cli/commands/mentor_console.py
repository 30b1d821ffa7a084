"""`cadre console --as mentor`: play the mentor on the local data folder.

The coach sees what a mentor sees: the waiting items when the window is open (or when it
opens), then answers, defers, closes or redirects them by typing what a mentor types on
Telegram. Answers go through the real desk and the outbox, so they land in the mentee's
record and thread exactly as they would in production; an answer to a Telegram or
WhatsApp mentee stays in the outbox for `cadre run` to send.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TextIO

from bot.app import Setup, build_engine, build_screener
from bot.channels.console import CONSOLE_MENTOR, ConsoleChannel, terminal_width, wrap
from bot.config.i18n import Quantity
from bot.delivery.outbox import Outbox
from bot.domain import Inbound
from bot.journey.ports import JourneyStore
from bot.ports import Clock, Store
from bot.runtime.journey import build_journey_chat
from bot.schedule.phrasing import describe_when, format_clock


async def run_mentor_console(
    setup: Setup,
    store: Store,
    clock: Clock,
    *,
    stdin: TextIO,
    stdout: TextIO,
    is_interactive: bool,
    data_label: str,
    journey: JourneyStore,
    is_simulated: bool = False,
) -> int:
    """`journey`: the journey's records beside the store (/rapport, /note)."""
    catalogue = setup.catalogue
    locale = catalogue.resolve_locale(setup.settings.locale)
    screener = build_screener(setup.settings)
    channel = ConsoleChannel(
        stdin,
        stdout,
        clock=clock,
        user=CONSOLE_MENTOR,
        is_interactive=is_interactive,
    )
    outbox = Outbox(store, {"console": channel}, clock)
    chat = build_journey_chat(
        setup, store=store, journey=journey, screener=screener, clock=clock, channels=("console",)
    )
    engine = build_engine(setup, store=store, clock=clock, screener=screener, journey=chat, outbox=outbox)
    desk = engine.desk
    mentor = desk.mentor_of(CONSOLE_MENTOR)
    if mentor is None:
        known = ", ".join(m.id for m in setup.settings.mentors) or "-"
        stdout.write(
            catalogue.text(
                "mentor.cli.unknown_mentor", locale, mentor=f"console:{CONSOLE_MENTOR.id}", known=known
            )
            + "\n"
        )
        return 1
    now_at = clock.now()
    if is_interactive:
        stdout.write(
            wrap(
                catalogue.text(
                    "mentor.console.banner_simulated" if is_simulated else "mentor.console.banner",
                    locale,
                    mentor=mentor.name or mentor.id,
                    now=now_at.astimezone(setup.settings.zone).strftime("%Y-%m-%d %H:%M"),
                    data=data_label,
                ),
                terminal_width(stdout),
            )
            + "\n\n"
        )
    window = setup.calendar.current_window(now_at)
    if window is None:
        open_items = await store.open_items(mentor.id)
        alerts = sum(1 for item in open_items if item.is_alert)
        stdout.write(
            catalogue.text(
                "mentor.console.closed_alerts" if alerts else "mentor.console.closed",
                locale,
                waiting=Quantity(len(open_items) - alerts, "mentor.console.waiting"),
                alerts=Quantity(alerts, "mentor.console.alerts"),
                when=describe_when(setup.calendar, now_at, locale, catalogue),
            )
            + "\n\n"
        )
    else:
        # Shown, not sent: the console start is not a digest slot, so nothing is stored.
        messages = [
            replace(o, is_durable=False)
            for o in await desk.waiting_messages(CONSOLE_MENTOR, mentor, f"console:{now_at.isoformat()}")
        ]
        if messages:
            stdout.write(
                catalogue.text("mentor.console.open", locale, end=format_clock(window[1].time(), locale))
                + "\n\n"
            )
            await outbox.deliver(messages)
        else:
            stdout.write(catalogue.text("mentor.console.nothing_waiting", locale) + "\n\n")

    async def on_message(inbound: Inbound) -> None:
        await outbox.deliver(await engine.handle(inbound))

    # What waits for the mentor (a mentee's answer to a report, queued for the window);
    # what waits for a console mentee is theirs to read on their console, not here.
    await outbox.flush_for(CONSOLE_MENTOR)
    try:
        await channel.start(on_message)
    except asyncio.CancelledError:  # Ctrl-C
        channel.interrupted()
        raise
    return 0
