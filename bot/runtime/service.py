"""`cadre run`: every channel configured in the environment, the webhook server, the scheduler.

One asyncio loop carries everything: Telegram polling (or its webhook), the WhatsApp
webhook, the HTTP server with `/healthz`, the outbox and APScheduler's jobs. Secrets and
endpoints come from the environment only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from bot.app import Setup, build_engine, build_screener, exclusive_guard
from bot.channels.http_server import WebhookServer
from bot.core.commands import CommandWords
from bot.delivery.inbox import Inbox, MemoryInbox, ScreenedInbox, SharedInbox, WordsOf
from bot.delivery.outbox import Outbox
from bot.delivery.reachable import until_reachable
from bot.domain import Inbound, InboundKind, Outbound, UserRef, is_template_tap
from bot.errors import ChannelError, StorageFullError, StoreError, StoreUnavailableError, UndeliveredError
from bot.journey.ports import JourneyStore
from bot.ports import Channel, Clock, EventIsolation, OnErased, Screener, Store
from bot.privacy.export_files import ExportFiles
from bot.privacy.retention import purge_job
from bot.runtime.admin import AdminServer
from bot.runtime.admin import Handler as AdminHandler
from bot.runtime.environment import RunEnvironment
from bot.runtime.health import FlushWatch, HandlingWatch, StoreProbe
from bot.runtime.isolation import LocalIsolation
from bot.runtime.journey import build_journey_chat
from bot.runtime.journey_jobs import JourneyJobs
from bot.runtime.scheduler import CadreScheduler, DigestService
from bot.runtime.screening import RememberingScreener
from bot.storage.journey_memory import MemoryJourneyStore

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]

FLUSH_INTERVAL = timedelta(seconds=15)
SCREENING = "screening"
WARM_UP_TEXT = "Bonjour, je voudrais parler de Marie Dupont."
"""Screened once at start (in a thread) so the language model is loaded before messages."""


def build_channels(
    env: RunEnvironment,
    setup: Setup,
    *,
    store: Store,
    clock: Clock,
    server: WebhookServer,
    inbox: Inbox | None = None,
    screener: Screener | None = None,
    sleep: Sleep = asyncio.sleep,
) -> list[Channel]:
    """The channels whose variables are set; a half-configured channel is an error.

    With a `screener`, each channel records into `inbox` through a ScreenedInbox reading
    the channel's own event bodies: an event whose words screening flags is kept without
    them (bot.delivery.inbox)."""

    def screened(words_of: WordsOf) -> Inbox | None:
        if inbox is None or screener is None:
            return inbox
        return ScreenedInbox(inbox, screener, words_of)

    channels: list[Channel] = []
    if env.has_telegram:
        from bot.channels.telegram.channel import TelegramChannel
        from bot.channels.telegram.channel import inbox_words as telegram_words

        words = CommandWords(setup.catalogue)
        channels.append(
            TelegramChannel(
                env.telegram_token,
                clock=clock,
                base_url=env.telegram_base_url or None,
                webhook_url=env.telegram_webhook_url or None,
                secret_token=env.telegram_webhook_secret or None,
                server=server,
                menu={locale: words.menu(locale) for locale in setup.catalogue.locales},
                menu_locale=setup.settings.locale,
                sleep=sleep,
                inbox=screened(telegram_words),
                poll_guard=exclusive_guard(store),
            )
        )
    if env.has_whatsapp:
        from bot.channels.whatsapp.channel import WhatsAppChannel
        from bot.channels.whatsapp.channel import inbox_words as whatsapp_words

        channels.append(
            WhatsAppChannel(
                token=env.whatsapp_token,
                phone_number_id=env.whatsapp_phone_number_id,
                app_secret=env.whatsapp_app_secret,
                verify_token=env.whatsapp_verify_token,
                server=server,
                clock=clock,
                marks=store,
                api_base_url=env.whatsapp_api_base_url,
                template_name=template_name(env, setup),
                template_language=(
                    env.whatsapp_template_language or setup.settings.whatsapp.template_language
                ),
                list_button_label=setup.catalogue.text("core.list_button", setup.settings.locale),
                inbox=screened(whatsapp_words),
            )
        )
    return channels


async def forget_on(channels: Sequence[Channel], user: UserRef) -> None:
    """Channel.forget on every channel; one failing does not stop the others."""
    for channel in channels:
        try:
            await channel.forget(user)
        except Exception as error:
            log.warning("channel forget failed name=%s error=%s", channel.name, type(error).__name__)


def configured_forgetter(env: RunEnvironment, setup: Setup, *, store: Store, clock: Clock) -> OnErased:
    """For commands run beside `cadre run` (erase, purge): the configured channels, built but
    never started (no network), forget the person as the running service would."""
    channels = build_channels(
        env, setup, store=store, clock=clock, server=WebhookServer(env.http_host, env.http_port)
    )

    async def forget(user: UserRef) -> None:
        await forget_on(channels, user)

    return forget


def template_name(env: RunEnvironment, setup: Setup) -> str:
    """The approved WhatsApp template: config/cadre.yaml, unless the environment overrides it."""
    return env.whatsapp_template or setup.settings.whatsapp.template


@dataclass
class _Progress:
    """How far one message got: the engine's answers once it returned, and how many left."""

    outbounds: list[Outbound] | None = None
    delivered: int = 0
    tries: int = 0


class Service:
    """Everything `cadre run` starts, in order, and stops in reverse order."""

    def __init__(
        self,
        setup: Setup,
        store: Store,
        clock: Clock,
        env: RunEnvironment,
        *,
        sleep: Sleep = asyncio.sleep,
        inbox: Inbox | None = None,
        isolation: EventIsolation | None = None,
        journey: JourneyStore | None = None,
        data_dir: Path | None = None,
        channels: Sequence[Channel] = (),
    ) -> None:
        """`sleep` paces rate limits and retries; tests pass one that moves their clock.
        `journey`: the journey's records (`cadre run` passes the store's own, beside it);
        tests may leave an in-memory one. `channels` run beside those the environment
        configures (the console, in transcripts).
        `isolation` defaults to one lock per person in this process. `inbox` keeps webhook
        and polling deliveries before they are acknowledged; `cadre run` passes the data
        folder's, tests may leave the in-memory one. `data_dir`: where the closing reviews'
        files go (its reviews/ folder)."""
        self.setup = setup
        self.inbox: Inbox = inbox if inbox is not None else MemoryInbox()
        self.store = store
        self.clock = clock
        self.env = env
        self.isolation: EventIsolation = isolation if isolation is not None else LocalIsolation()
        self._erased: set[UserRef] = set()
        self.server = WebhookServer(env.http_host, env.http_port)
        self.screener = RememberingScreener(build_screener(setup.settings))
        self.channels = [
            *build_channels(
                env,
                setup,
                store=store,
                clock=clock,
                server=self.server,
                inbox=self.inbox,
                screener=self.screener,
                sleep=sleep,
            ),
            *channels,
        ]
        by_name = {channel.name: channel for channel in self.channels}
        self.outbox = Outbox(store, by_name, clock, sleep=sleep, template_name=template_name(env, setup))
        self.journey = build_journey_chat(
            setup,
            store=store,
            journey=journey if journey is not None else MemoryJourneyStore(),
            screener=self.screener,
            clock=clock,
            channels=list(by_name),
        )
        # `cadre export` files of a person go with them, whoever erases them (docs/privacy.md).
        self.export_files = ExportFiles((data_dir if data_dir is not None else Path("data")) / "exports")
        self.engine = build_engine(
            setup,
            store=store,
            clock=clock,
            screener=self.screener,
            on_erased=self.forget_after_reply,
            journey=self.journey,
            outbox=self.outbox,
            kept=(self.export_files,),
        )
        self.journey_jobs = JourneyJobs(
            desk=self.journey.desk,
            store=store,
            channels=list(by_name),
            reviews_dir=(data_dir if data_dir is not None else Path("data")) / "reviews",
        )
        self.digest = DigestService(
            settings=setup.settings,
            calendar=setup.calendar,
            catalogue=setup.catalogue,
            flows=setup.flows,
            store=store,
            outbox=self.outbox,
            channels=list(by_name),
            journey=self.journey_jobs,
        )
        self._retention = purge_job(
            store, setup.settings, clock, on_erased=self.forget, elsewhere=(self.journey, self.export_files)
        )
        self.flush_watch = FlushWatch(clock, FLUSH_INTERVAL, started_at=clock.now())
        self.handling_watch = HandlingWatch()
        self.scheduler = CadreScheduler(
            settings=setup.settings,
            runs=store,
            clock=clock,
            digest=self.digest,
            outbox=self.outbox,
            tick=self.tick,
            purge=self._purge,
            prompts=self.session_prompts,
            inbox_pickup=self.pick_up_inbox if isinstance(self.inbox, SharedInbox) else None,
            flush_interval_s=FLUSH_INTERVAL.total_seconds(),
            flush_watch=self.flush_watch,
        )
        for channel in self.channels:  # not ready until each has started
            self.server.report_health(channel.name, False)
        self.server.add_readiness_check("store", StoreProbe(store, clock))
        self.server.add_readiness_check("outbox", self.flush_watch)
        self.server.add_readiness_check("messages", self.handling_watch)

    async def on_message(self, inbound: Inbound) -> None:
        """A person wrote: release what waited for them (WhatsApp 24 h rule), then answer.

        Handle and deliver run under the person's hold, so their answers leave in the order
        their messages came, whatever the channel's own concurrency. A tap on the template's
        button only reopens the window: it releases what was parked and is consumed, never
        handed to the conversation as a stale choice. A full disk means nothing of this
        message could be kept: the person is told so directly (no outbox write, that would
        fail too) instead of getting silence.

        A store that cannot be reached (a database down for longer than its retry window)
        fails nothing: the message is tried again until the store answers, so its inbox
        entry stays pending meanwhile (replayed at the next start if the process stops
        first). Handling starts over only while the engine has not returned, i.e. before
        its conversation was committed, or when its commit's answer was lost: the engine is
        then told the message is a replay (`Inbound.is_replay`), and a commit that did
        happen gives back the answers kept with it, instead of nothing. Once the engine has
        returned, only the answers not yet delivered are tried again.
        """
        turn = _Progress()
        await until_reachable(lambda: self._handle_and_deliver(inbound, turn), what="message")

    async def _handle_and_deliver(self, inbound: Inbound, turn: _Progress) -> None:
        async with self.isolation.hold(inbound.user):
            if turn.outbounds is None:
                try:
                    released = await self.outbox.on_inbound(inbound.user)
                    if is_template_tap(inbound):
                        log.info("template tap consumed released=%d", released)
                        return
                    if inbound.kind is InboundKind.WITHHELD:
                        # Its words were never written and are gone: ask for them again.
                        log.info("withheld message answered message_id=%s", inbound.message_id)
                        handled = [await self._tell(inbound, "core.withheld_lost", "withheld")]
                    else:
                        # A try after a failed one may follow a commit whose answer was lost.
                        again = turn.tries > 0 and not inbound.is_replay
                        turn.tries += 1
                        handled = await self.engine.handle(
                            replace(inbound, is_replay=True) if again else inbound
                        )
                except StorageFullError:
                    self.handling_watch.failed()
                    log.error("message not kept, disk full message_id=%s", inbound.message_id)
                    await self.outbox.deliver([await self._tell(inbound, "core.not_kept", "not-kept")])
                    return
                except Exception:
                    self.handling_watch.failed()
                    raise
                self.handling_watch.succeeded()
                turn.outbounds = handled
            while turn.delivered < len(turn.outbounds):
                try:
                    await self.outbox.deliver(turn.outbounds[turn.delivered : turn.delivered + 1])
                except StoreUnavailableError:
                    raise  # tried again in place (until_reachable)
                except StoreError as error:
                    # Committed, not all delivered: the entry must stay pending for a replay.
                    raise UndeliveredError(f"delivery failed: {type(error).__name__}") from error
                turn.delivered += 1
            if inbound.user in self._erased:
                self._erased.discard(inbound.user)
                await self.forget(inbound.user)

    async def _tell(self, inbound: Inbound, text_key: str, prefix: str) -> Outbound:
        """A message about this inbound itself, in the sender's language (a mentee's own,
        else the desk's), sent directly: nothing of it needs keeping."""
        locale: str = self.setup.settings.locale
        with contextlib.suppress(StoreError):
            mentee = await self.store.get_mentee(inbound.user)
            locale = mentee.locale if mentee is not None else locale
        text = self.setup.catalogue.text(text_key, locale)
        return Outbound(to=inbound.user, text=text, key=f"{prefix}:{inbound.message_id}")

    async def _purge(self) -> None:
        """The daily job: retention durations (the journey's reports and reviews too), then
        the inbox's dedupe memory past its window."""
        await self._retention()
        await self.journey_jobs.purge(self.clock.now())
        await self.inbox.prune(self.clock.now())

    async def tick(self) -> list[Outbound]:
        """Draft reminders and expiry, each under its person's hold, so a message of theirs
        arriving in the same minute is handled before or after the reminder, not during."""
        out: list[Outbound] = []
        for user in await self.engine.reminders.due():
            async with self.isolation.hold(user):
                out += await self.engine.reminders.remind(user)
        # Into the outbox itself: the mentor's copy waits for their window.
        await self.journey_jobs.final_reviews(self.clock.now())
        return out

    async def pick_up_inbox(self) -> int:
        """Renew this process's inbox claims and handle what a stopped peer left pending."""
        return await self.inbox.pick_up() if isinstance(self.inbox, SharedInbox) else 0

    async def session_prompts(self) -> list[Outbound]:
        """The journey's session prompts due now, each set under its mentee's hold."""
        return await self.journey.send_prompts(self.isolation)

    async def forget_after_reply(self, user: UserRef) -> None:
        """The core erased the person who is writing: forget them on the channels once the
        confirmation has gone out (forgetting first would close WhatsApp's window on it)."""
        self._erased.add(user)

    async def forget(self, user: UserRef) -> None:
        """A person was erased: every channel drops what it keeps about them."""
        await forget_on(self.channels, user)

    async def start(self) -> None:
        """The HTTP server first (alive, not ready), then the language model, then channels.

        The model loads in a thread before any message is handled: loaded on the first
        message instead, it would hold the event loop, and everyone, for seconds.
        """
        await self.inbox.prune(self.clock.now())
        self.server.report_health(SCREENING, False)
        await self.server.start()
        await asyncio.to_thread(self.screener.screen, WARM_UP_TEXT)
        start_store_threads = getattr(self.store, "start_threads", None)
        if start_store_threads is not None:
            start_store_threads()  # a store writing from threads has them all up before messages
        self.server.report_health(SCREENING, True)
        for channel in self.channels:
            await channel.start(self.on_message, self.outbox.on_status)
            log.info("channel started name=%s", channel.name)
        await self.scheduler.start()

    async def stop(self) -> None:
        with contextlib.suppress(Exception):
            await self.scheduler.stop()
        for channel in reversed(self.channels):
            try:
                await channel.stop()
            except Exception as error:  # keep stopping the others
                log.warning("channel stop failed name=%s error=%s", channel.name, type(error).__name__)
        if isinstance(self.inbox, SharedInbox):
            try:  # what is left goes to a peer's next pick-up now, not after the lease
                await self.inbox.release()
            except Exception as error:
                log.warning("inbox release failed error=%s", type(error).__name__)
        await self.server.stop()


async def run_service(
    setup: Setup,
    store: Store,
    clock: Clock,
    env: RunEnvironment,
    *,
    stdout: TextIO,
    stop: asyncio.Event | None = None,
    isolation: EventIsolation | None = None,
    inbox: Inbox | None = None,
    admin: tuple[Path, AdminHandler] | None = None,
    journey: JourneyStore | None = None,
    data_dir: Path | None = None,
) -> int:
    """Run until SIGINT/SIGTERM or `stop`. `isolation`: across processes when the store is
    shared (PostgreSQL), None for this process alone; `admin` serves operator commands on the
    data folder's socket (bot.runtime.admin) while the service holds the folder."""
    locale = setup.settings.locale
    if not (env.has_telegram or env.has_whatsapp):
        stdout.write(setup.catalogue.text("cli.run.no_channel", locale) + "\n")
        return 1
    if env.whatsapp_missing:  # every missing variable at once, not one per attempt
        missing = ", ".join(env.whatsapp_missing)
        raise ChannelError(
            f"WhatsApp is only partly configured: {missing} missing",
            key="cli.run.whatsapp_half_set",
            params={"missing": missing},
        )
    service = Service(
        setup, store, clock, env, isolation=isolation, inbox=inbox, journey=journey, data_dir=data_dir
    )
    stop_event = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop_event.set)
    admin_server = AdminServer(admin[0], admin[1]) if admin is not None else None
    try:
        await service.start()
        if admin_server is not None:
            await admin_server.start()
        names = ", ".join(channel.name for channel in service.channels)
        stdout.write(
            setup.catalogue.text(
                "cli.run.started", locale, channels=names, host=env.http_host, port=service.server.port
            )
            + "\n"
        )
        stdout.flush()
        await stop_event.wait()
    finally:
        if admin_server is not None:
            await admin_server.stop()
        await service.stop()
    return 0
