"""Drive the real engine as the console does: push a line, read the bot's replies."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from bot.app import Setup, build_engine, load_setup
from bot.channels.console import CONSOLE_USER, parse_line, render
from bot.cli.commands.console import ensure_console_mentee
from bot.core.router import Router
from bot.domain import Choice, Finding, Inbound, InboundKind, Mentee, Outbound
from bot.ports import Screener, Store
from bot.runtime.clock import ManualClock
from bot.storage import MemoryStore


class CanaryScreener:
    """Flags any word starting with CANARY: deterministic screening for engine tests."""

    def screen(self, text: str) -> list[Finding]:
        findings = []
        start = text.find("CANARY")
        while start != -1:
            end = start
            while end < len(text) and not text[end].isspace():
                end += 1
            findings.append(Finding(start, end, "person", text[start:end]))
            start = text.find("CANARY", end)
        return findings


class Harness:
    """Build with `await Harness.start(...)`: enrolling the console person is a store write."""

    def __init__(
        self, config_dir: Path, at: datetime, *, store: Store | None, screener: Screener | None
    ) -> None:
        self.setup: Setup = load_setup(config_dir)
        self.clock = ManualClock(at)
        self.store: Store = store if store is not None else MemoryStore()
        self.engine: Router = build_engine(
            self.setup, store=self.store, clock=self.clock, screener=screener or CanaryScreener()
        )
        self.choices: tuple[Choice, ...] = ()
        self.sent: list[Outbound] = []
        self.mentee: Mentee | None = None

    @classmethod
    async def start(
        cls,
        config_dir: Path,
        at: datetime,
        *,
        store: Store | None = None,
        screener: Screener | None = None,
        consent: bool = True,
    ) -> Harness:
        harness = cls(config_dir, at, store=store, screener=screener)
        harness.mentee = await ensure_console_mentee(harness.setup, harness.store, harness.clock)
        if consent:
            await harness.command("start")
            await harness.type("1")
        return harness

    def _deliver(self, outbounds: list[Outbound]) -> list[Outbound]:
        for outbound in outbounds:
            if outbound.to == CONSOLE_USER:
                self.choices = outbound.choices
        self.sent += outbounds
        return outbounds

    async def type(self, line: str) -> str:
        """What the bot prints after the mentee types `line`."""
        inbound = parse_line(line, CONSOLE_USER, self.clock, self.choices)
        assert inbound is not None
        return await self.push(inbound)

    async def push(self, inbound: Inbound) -> str:
        outs = self._deliver(await self.engine.handle(inbound))
        return "\n\n".join(render(o) for o in outs)

    async def command(self, word: str, argument: str = "") -> str:
        return await self.push(
            Inbound(
                CONSOLE_USER,
                f"cmd:{len(self.sent)}:{word}",
                InboundKind.COMMAND,
                self.clock.now(),
                word,
                argument,
            )
        )

    async def tick(self) -> str:
        return "\n\n".join(render(o) for o in self._deliver(await self.engine.tick()))


TRANSCRIPT_WIDTH = 72
"""Transcripts are rendered at this width, so a comparison does not depend on the terminal."""


class ServiceConsole:
    """The production path for one console mentee: a typed line becomes an Inbound that the
    service handles (hold, engine, outbox) and the console channel prints into a string
    buffer at a fixed width. Build with `await ServiceConsole.start(...)`."""

    def __init__(
        self, config_dir: Path, at: datetime, *, screener: Screener | None, width: int = TRANSCRIPT_WIDTH
    ) -> None:
        import io

        from bot.channels.console import ConsoleChannel
        from bot.runtime.environment import RunEnvironment
        from bot.runtime.service import Service

        self.setup: Setup = load_setup(config_dir)
        self.clock = ManualClock(at)
        self.store: Store = MemoryStore()
        self.screen = io.StringIO()
        self.console = ConsoleChannel(
            io.StringIO(), self.screen, clock=self.clock, user=CONSOLE_USER, width=width
        )
        self.service = Service(self.setup, self.store, self.clock, RunEnvironment(), channels=[self.console])
        if screener is not None:
            self.service.engine = build_engine(
                self.setup,
                store=self.store,
                clock=self.clock,
                screener=screener,
                on_erased=self.service.forget_after_reply,
                outbox=self.service.outbox,
            )

    @classmethod
    async def start(
        cls,
        config_dir: Path,
        at: datetime,
        *,
        screener: Screener | None = None,
        consent: bool = True,
        width: int = TRANSCRIPT_WIDTH,
    ) -> ServiceConsole:
        console = cls(config_dir, at, screener=screener, width=width)
        await ensure_console_mentee(console.setup, console.store, console.clock)
        if consent:
            await console.type("/start")
            await console.type("1")
        return console

    @property
    def choices(self) -> tuple[Choice, ...]:
        """The choices last shown to the mentee: a typed number or label answers them."""
        mine = [o for o in self.console.sent if o.to == CONSOLE_USER]
        return mine[-1].choices if mine else ()

    async def type(self, line: str) -> str:
        """Everything the screen shows after the mentee types `line`, as printed."""
        inbound = parse_line(line, CONSOLE_USER, self.clock, self.choices)
        assert inbound is not None
        start = len(self.screen.getvalue())
        await self.service.on_message(inbound)
        return self.screen.getvalue()[start:]

    async def refs(self) -> list[str]:
        """The references of the mentee's items, oldest first (they are random)."""
        return [item.ref for item in await self.store.items_of(CONSOLE_USER)]
