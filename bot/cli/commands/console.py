"""`cadre console`: chat as a mentee (or as the mentor, `--as mentor`) on the local data
folder, no account needed."""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from bot.app import Setup, build_engine, build_screener
from bot.channels.console import CONSOLE_INVITED, CONSOLE_USER, ConsoleChannel, terminal_width, wrap
from bot.cli import registry
from bot.cli.registry import Common, Invocation, Subparsers
from bot.core.replies import Replies
from bot.core.router import Router
from bot.delivery.outbox import Outbox
from bot.domain import Inbound, InboundKind, Mentee, Outbound
from bot.ports import Clock, Store
from bot.privacy.export_files import ExportFiles
from bot.runtime.isolation import LocalIsolation
from bot.runtime.journey import build_journey_chat, open_journey_store

TICK_INTERVAL_S = 30.0


async def ensure_console_mentee(setup: Setup, store: Store, clock: Clock) -> Mentee:
    """The console person is enrolled without an invitation: it is the coach trying Cadre."""
    mentee = await store.get_mentee(CONSOLE_USER)
    if mentee is not None:
        return mentee
    settings = setup.settings
    mentor = settings.console.mentor or (settings.mentors[0].id if settings.mentors else "mentor")
    mentee = Mentee(
        user=CONSOLE_USER,
        alias=settings.console.alias or setup.catalogue.text("cli.console.alias", settings.locale),
        mentor=mentor,
        locale=settings.locale,
        enrolled_at=clock.now(),
    )
    await store.save_mentee(mentee)
    return mentee


@contextlib.contextmanager
def documents_folder(data_dir: Path, *, is_encrypted: bool) -> Iterator[Path]:
    """Where the console writes the documents it receives (a terminal cannot be handed a
    file): the data folder's exports/, or, when the data folder is encrypted at rest, a
    private temporary folder removed when the console ends, so no export stays in clear."""
    if not is_encrypted:
        yield data_dir / "exports"
        return
    with tempfile.TemporaryDirectory(prefix="cadre-documents-") as folder:
        yield Path(folder)


async def run_console(
    setup: Setup,
    store: Store,
    clock: Clock,
    *,
    stdin: TextIO,
    stdout: TextIO,
    is_interactive: bool,
    data_dir: Path,
    is_encrypted: bool,
    role: str = "mentee",
    is_simulated: bool = False,
    is_invited: bool = False,
) -> int:
    """`is_invited`: the person starts as someone the coach invited, not yet enrolled, so an
    invitation can be tried (/start CODE or the code alone) as a mentee would."""
    data_label = str(data_dir)
    if role == "mentor":
        from bot.cli.commands.mentor_console import run_mentor_console

        return await run_mentor_console(
            setup,
            store,
            clock,
            stdin=stdin,
            stdout=stdout,
            is_interactive=is_interactive,
            data_label=data_label,
            journey=open_journey_store(data_dir, store),
            is_simulated=is_simulated,
        )
    with documents_folder(data_dir, is_encrypted=is_encrypted) as exports_dir:
        screener = build_screener(setup.settings)
        chat = build_journey_chat(
            setup,
            store=store,
            journey=open_journey_store(data_dir, store),
            screener=screener,
            clock=clock,
            channels=("console",),
        )
        # A person's export files, here or from `cadre export`, go with them when they erase.
        engine: Router = build_engine(
            setup,
            store=store,
            clock=clock,
            screener=screener,
            journey=chat,
            kept=tuple(ExportFiles(folder) for folder in dict.fromkeys((data_dir / "exports", exports_dir))),
        )
        user = CONSOLE_INVITED if is_invited else CONSOLE_USER
        mentee = (
            await store.get_mentee(user) if is_invited else await ensure_console_mentee(setup, store, clock)
        )
        channel = ConsoleChannel(
            stdin,
            stdout,
            clock=clock,
            user=user,
            is_interactive=is_interactive,
            exports_dir=exports_dir,
        )
        locale = mentee.locale if mentee is not None else setup.settings.locale
        if is_interactive:
            now_text = clock.now().astimezone(setup.settings.zone).strftime("%Y-%m-%d %H:%M")
            width = terminal_width(stdout)
            key = "cli.console.banner_simulated" if is_simulated else "cli.console.banner"
            if mentee is None:
                key = "cli.console.banner_invited"
            alias = mentee.alias if mentee is not None else ""
            banner = setup.catalogue.text(key, locale, alias=alias, now=now_text, data=data_label)
            stdout.write(wrap(banner, width) + "\n")
            if not is_encrypted:
                stdout.write(wrap(setup.catalogue.text("cli.console.clear_data", locale), width) + "\n")
            else:
                documents = setup.catalogue.text(
                    "cli.console.documents_temporary", locale, path=str(exports_dir)
                )
                stdout.write(wrap(documents, width) + "\n")
            stdout.write("\n")

        # What waits in the outbox for this person (a report sent with `cadre report send`, a
        # note) is theirs to read here: no other process sends to the console.
        outbox = Outbox(store, {"console": channel}, clock)

        async def deliver(messages: list[Outbound]) -> None:
            for message in messages:
                await channel.send(message)
            await outbox.flush_for(user)

        # The typed lines and the reminder ticker both touch the one console person.
        isolation = LocalIsolation()

        async def on_message(inbound: Inbound) -> None:
            await deliver(await chat.send_prompts(isolation))
            async with isolation.hold(inbound.user):
                # The person's own message first: a reminder due at this minute would otherwise
                # ask the very step they are answering.
                await deliver(await engine.handle(inbound))
                await deliver(await engine.tick())

        async def ticker() -> None:
            while True:
                await asyncio.sleep(TICK_INTERVAL_S)
                await deliver(await chat.send_prompts(isolation))
                async with isolation.hold(CONSOLE_USER):
                    await deliver(await engine.tick())

        await deliver(await chat.send_prompts(isolation))
        reminded = await engine.tick()
        await deliver(reminded)
        if mentee is None:
            pass  # someone invited, not enrolled yet: they write first, with their code
        elif not engine.has_current_consent(mentee):
            opening = Inbound(
                user=user,
                message_id=f"console:open:{clock.now().isoformat()}",
                kind=InboundKind.COMMAND,
                received_at=clock.now(),
                text="start",
            )
            await deliver(await engine.handle(opening))
        else:
            # Coming back: a reply the mentor sent meanwhile (the mentor's console printed it,
            # not this one), then an open draft's step once (a reminder just sent asked it).
            conversation = await store.get_conversation(user)
            replies = Replies(user, f"console:back:{clock.now().isoformat()}", setup.catalogue, locale)
            await engine.thread.news(user, conversation, replies)
            is_reminded = any(o.to == user for o in reminded)
            if (
                is_interactive
                and not is_reminded
                and conversation is not None
                and engine.flows.has_draft(conversation)
            ):
                engine.flows.resume(conversation, replies)
            await deliver(replies.messages)
        # Screening loads while the person reads the first message, not before it: started
        # earlier, its thread would hold the interpreter while the engine is built and delay
        # that first message by as long as the load takes.
        warm_up = getattr(screener, "warm_up", None)
        if warm_up is not None:
            warm_up()
        tick_task = asyncio.create_task(ticker()) if is_interactive else None
        try:
            await channel.start(on_message)
        except asyncio.CancelledError:  # Ctrl-C
            channel.interrupted()
            raise
        finally:
            if tick_task is not None:
                tick_task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await tick_task
        return 0


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def register(sub: Subparsers, common: Common) -> None:
    parser = registry.register(
        sub, common, "console", "chat in the terminal as a mentee, or as the mentor (--as mentor)", run
    )
    parser.add_argument("--at", help="start the clock at this local time, e.g. 2026-11-21T20:00")
    parser.add_argument(
        "--invited",
        action="store_true",
        help="start as someone invited, not yet enrolled, to try an invitation code (cadre invite)",
    )
    parser.add_argument(
        "--as",
        dest="role",
        choices=["mentee", "mentor"],
        default="mentee",
        help="play the mentee (default) or the mentor",
    )
    parser.set_defaults(is_conversation=True)  # the screen shows the bot's words only


def run(invocation: Invocation) -> int:
    args, setup = invocation.args, invocation.setup()
    clock = registry.clock_at(args, setup)

    async def work(store: Store) -> int:
        return await run_console(
            setup,
            store,
            clock,
            stdin=invocation.stdin,
            stdout=invocation.stdout,
            is_interactive=is_terminal(invocation.stdin),
            data_dir=invocation.data_dir,
            is_encrypted=bool(os.environ.get("CADRE_DATA_KEY")),
            role=args.role,
            is_simulated=bool(args.at),
            is_invited=args.invited,
        )

    return invocation.with_store(work)
