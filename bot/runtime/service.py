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
from typing import TextIO

from bot.app import Setup, build_engine, build_screener
from bot.channels.http_server import WebhookServer
from bot.core.commands import CommandWords
from bot.delivery.outbox import Outbox
from bot.domain import Inbound, Outbound, UserRef
from bot.ports import Channel, Clock, EventIsolation, OnErased, Store
from bot.privacy.retention import purge_job
from bot.runtime.environment import RunEnvironment
from bot.runtime.isolation import LocalIsolation
from bot.runtime.scheduler import CadreScheduler, DigestService

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]


def build_channels(
    env: RunEnvironment,
    setup: Setup,
    *,
    store: Store,
    clock: Clock,
    server: WebhookServer,
    sleep: Sleep = asyncio.sleep,
) -> list[Channel]:
    """The channels whose variables are set; a half-configured channel is an error."""
    channels: list[Channel] = []
    if env.has_telegram:
        from bot.channels.telegram.channel import TelegramChannel

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
                sleep=sleep,
            )
        )
    if env.has_whatsapp:
        from bot.channels.whatsapp.channel import WhatsAppChannel

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
        isolation: EventIsolation | None = None,
    ) -> None:
        """`sleep` paces rate limits and retries; tests pass one that moves their clock.
        `isolation` defaults to one lock per person in this process."""
        self.setup = setup
        self.store = store
        self.clock = clock
        self.env = env
        self.isolation: EventIsolation = isolation if isolation is not None else LocalIsolation()
        self._erased: set[UserRef] = set()
        self.server = WebhookServer(env.http_host, env.http_port)
        self.channels = build_channels(env, setup, store=store, clock=clock, server=self.server, sleep=sleep)
        self.engine = build_engine(
            setup,
            store=store,
            clock=clock,
            screener=build_screener(setup.settings),
            on_erased=self.forget_after_reply,
        )
        by_name = {channel.name: channel for channel in self.channels}
        self.outbox = Outbox(store, by_name, clock, sleep=sleep, template_name=template_name(env, setup))
        self.digest = DigestService(
            settings=setup.settings,
            calendar=setup.calendar,
            catalogue=setup.catalogue,
            flows=setup.flows,
            store=store,
            outbox=self.outbox,
            channels=list(by_name),
        )
        self.scheduler = CadreScheduler(
            settings=setup.settings,
            clock=clock,
            digest=self.digest,
            outbox=self.outbox,
            tick=self.tick,
            purge=purge_job(store, setup.settings, clock, on_erased=self.forget),
        )

    async def on_message(self, inbound: Inbound) -> None:
        """A person wrote: release what waited for them (WhatsApp 24 h rule), then answer.

        Handle and deliver run under the person's hold, so their answers leave in the order
        their messages came, whatever the channel's own concurrency.
        """
        async with self.isolation.hold(inbound.user):
            await self.outbox.on_inbound(inbound.user)
            await self.outbox.deliver(await self.engine.handle(inbound))
            if inbound.user in self._erased:
                self._erased.discard(inbound.user)
                await self.forget(inbound.user)

    async def tick(self) -> list[Outbound]:
        """Draft reminders and expiry, each under its person's hold, so a message of theirs
        arriving in the same minute is handled before or after the reminder, not during."""
        out: list[Outbound] = []
        for user in await self.engine.reminders.due():
            async with self.isolation.hold(user):
                out += await self.engine.reminders.remind(user)
        return out

    async def forget_after_reply(self, user: UserRef) -> None:
        """The core erased the person who is writing: forget them on the channels once the
        confirmation has gone out (forgetting first would close WhatsApp's window on it)."""
        self._erased.add(user)

    async def forget(self, user: UserRef) -> None:
        """A person was erased: every channel drops what it keeps about them."""
        await forget_on(self.channels, user)

    async def start(self) -> None:
        await self.server.start()
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
        await self.server.stop()


async def run_service(
    setup: Setup,
    store: Store,
    clock: Clock,
    env: RunEnvironment,
    *,
    stdout: TextIO,
    stop: asyncio.Event | None = None,
) -> int:
    locale = setup.settings.locale
    if not (env.has_telegram or env.has_whatsapp):
        stdout.write(setup.catalogue.text("cli.run.no_channel", locale) + "\n")
        return 1
    service = Service(setup, store, clock, env)
    stop_event = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop_event.set)
    try:
        await service.start()
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
        await service.stop()
    return 0
