"""A mentee and their mentor talking to the real engine with the journey wired, on a moved clock.

The console person is the mentee (alias from config: "essai"), the console mentor is the
configured mentor; both go through `Router.handle` exactly as the console and the service
do, with the JourneyChat of bot/runtime behind the core's JourneyHandler port.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from bot.app import Setup, build_engine, load_setup
from bot.channels.console import CONSOLE_MENTOR, CONSOLE_USER, parse_line, render
from bot.cli.commands.console import ensure_console_mentee
from bot.core.router import Router
from bot.delivery.outbox import Outbox
from bot.domain import Choice, Inbound, InboundKind, Mentee, Outbound, UserRef
from bot.journey.ports import JourneyStore
from bot.journey.programme import Programme, Session
from bot.runtime.clock import ManualClock
from bot.runtime.isolation import LocalIsolation
from bot.runtime.journey import build_journey_chat
from bot.runtime.journey_chat import JourneyChat
from bot.runtime.scheduler import DigestJourney, DigestService
from bot.storage import MemoryStore
from bot.storage.journey_memory import MemoryJourneyStore
from tests.conftest import paris
from tests.delivery.test_outbox import FakeChannel
from tests.harness import CanaryScreener

ALIAS = "essai"


def programme(
    *starts: str, start_day: date = date(2027, 1, 11), end_day: date = date(2027, 12, 17)
) -> Programme:
    sessions = tuple(Session(n, paris(at)) for n, at in enumerate(starts, start=1))
    return Programme(ALIAS, start_day, end_day, sessions, ("Déléguer",), "sponsor-nord", mentor="mentor")


class Talk:
    """Lines typed by the mentee or the mentor; what each of them received, in order."""

    def __init__(
        self,
        setup: Setup,
        at: datetime,
        *,
        journey: JourneyStore | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.setup = setup
        self.clock = ManualClock(at)
        self.store = MemoryStore()
        self.journey = journey if journey is not None else MemoryJourneyStore()
        self.isolation = LocalIsolation()
        self.chat: JourneyChat = build_journey_chat(
            setup,
            store=self.store,
            journey=self.journey,
            screener=CanaryScreener(),
            clock=self.clock,
            channels=("console",),
            env=env or {},
        )
        self.engine: Router = build_engine(
            setup, store=self.store, clock=self.clock, screener=CanaryScreener(), journey=self.chat
        )
        self.outbox = Outbox(self.store, {"console": FakeChannel("console")}, self.clock)
        self.choices: dict[UserRef, tuple[Choice, ...]] = {}
        self.sent: list[Outbound] = []
        self.mentee: Mentee | None = None

    @classmethod
    async def begin(cls, config_dir: Path, at: datetime, **kwargs: object) -> Talk:
        talk = cls(load_setup(config_dir), at, **kwargs)  # type: ignore[arg-type]
        talk.mentee = await ensure_console_mentee(talk.setup, talk.store, talk.clock)
        await talk.mentee_types("/start")
        await talk.mentee_types("1")
        return talk

    async def _deliver(self, outbounds: list[Outbound]) -> list[Outbound]:
        """As the service does: through the outbox (a durable message is kept, then marked
        sent), then shown (the console's numbered choices are the last ones shown)."""
        await self.outbox.deliver(outbounds)
        for outbound in outbounds:
            if outbound.choices:
                self.choices[outbound.to] = outbound.choices
        self.sent += outbounds
        return outbounds

    async def _type(self, user: UserRef, line: str) -> list[Outbound]:
        inbound = parse_line(line, user, self.clock, self.choices.get(user, ()))
        assert inbound is not None
        return await self._deliver(await self.engine.handle(inbound))

    async def mentee_types(self, line: str) -> str:
        """What the mentee reads after typing `line` (the mentor's share is in `sent`)."""
        return "\n\n".join(render(o) for o in await self._type(CONSOLE_USER, line) if o.to == CONSOLE_USER)

    async def mentor_types(self, line: str) -> str:
        return "\n\n".join(
            render(o) for o in await self._type(CONSOLE_MENTOR, line) if o.to == CONSOLE_MENTOR
        )

    async def tap(self, user: UserRef, payload: str) -> str:
        inbound = Inbound(user, f"tap:{len(self.sent)}", InboundKind.CHOICE, self.clock.now(), "", payload)
        return "\n\n".join(
            render(o) for o in await self._deliver(await self.engine.handle(inbound)) if o.to == user
        )

    def last_to(self, user: UserRef) -> Outbound:
        return next(o for o in reversed(self.sent) if o.to == user)

    async def prompts(self) -> str:
        """The scheduler's journey job at this minute, as the mentee reads it."""
        return "\n\n".join(
            render(o) for o in await self._deliver(await self.chat.send_prompts(self.isolation))
        )

    async def ticks(self) -> str:
        return "\n\n".join(render(o) for o in await self._deliver(await self.engine.tick()))

    def move_to(self, at: datetime) -> None:
        assert at >= self.clock.now()
        self.clock.advance(at - self.clock.now())

    def advance(self, delay: timedelta) -> None:
        self.clock.advance(delay)

    def digest_service(self, outbox: Outbox, journey: DigestJourney | None = None) -> DigestService:
        """The mentors' digest on the console channel, as `cadre run` builds it."""
        return DigestService(
            settings=self.setup.settings,
            calendar=self.setup.calendar,
            catalogue=self.setup.catalogue,
            flows=self.setup.flows,
            store=self.store,
            outbox=outbox,
            channels={"console"},
            journey=journey,
        )

    async def mentor_outbox(self) -> list[tuple[datetime, str]]:
        """What waits in the outbox for the mentor: (when it may go, text)."""
        return [
            (e.next_attempt_at, e.outbound.text)
            for e in await self.store.list_outbox()
            if e.outbound.to == CONSOLE_MENTOR
        ]
