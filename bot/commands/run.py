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
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TextIO

from bot.app import Setup, build_engine, build_screener
from bot.channels.http_server import WebhookServer
from bot.domain import Inbound, is_template_tap
from bot.engine.commands import CommandWords
from bot.errors import ChannelError
from bot.outbox import Outbox
from bot.ports import Channel, Clock, Store
from bot.privacy import purge_job
from bot.schedule.jobs import CadreScheduler, DigestService

log = logging.getLogger(__name__)

DEFAULT_GRAPH_API = "https://graph.facebook.com/v23.0"
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class RunEnvironment:
    """What `cadre run` reads from the environment (never from files in the repo)."""

    http_host: str = "127.0.0.1"
    http_port: int = 8080
    telegram_token: str = ""
    telegram_base_url: str = ""
    telegram_webhook_url: str = ""
    telegram_webhook_secret: str = ""
    whatsapp_token: str = ""
    whatsapp_phone_number_id: str = ""
    whatsapp_app_secret: str = ""
    whatsapp_verify_token: str = ""
    whatsapp_api_base_url: str = DEFAULT_GRAPH_API
    whatsapp_template: str = ""
    whatsapp_template_language: str = ""

    @classmethod
    def from_mapping(cls, env: Mapping[str, str]) -> RunEnvironment:
        def get(name: str, default: str = "") -> str:
            return env.get(name, default).strip()

        port_text = get("CADRE_HTTP_PORT", "8080")
        if not port_text.isdigit() or not 0 <= int(port_text) <= 65535:
            raise ChannelError(
                f"CADRE_HTTP_PORT must be a port number (got {port_text!r}); write e.g. CADRE_HTTP_PORT=8080"
            )
        return cls(
            http_host=get("CADRE_HTTP_HOST", "127.0.0.1"),
            http_port=int(port_text),
            telegram_token=get("CADRE_TELEGRAM_TOKEN"),
            telegram_base_url=get("CADRE_TELEGRAM_BASE_URL"),
            telegram_webhook_url=get("CADRE_TELEGRAM_WEBHOOK_URL"),
            telegram_webhook_secret=get("CADRE_TELEGRAM_WEBHOOK_SECRET"),
            whatsapp_token=get("CADRE_WHATSAPP_TOKEN"),
            whatsapp_phone_number_id=get("CADRE_WHATSAPP_PHONE_NUMBER_ID"),
            whatsapp_app_secret=get("CADRE_WHATSAPP_APP_SECRET"),
            whatsapp_verify_token=get("CADRE_WHATSAPP_VERIFY_TOKEN"),
            whatsapp_api_base_url=get("CADRE_WHATSAPP_API_BASE_URL", DEFAULT_GRAPH_API),
            whatsapp_template=get("CADRE_WHATSAPP_TEMPLATE"),
            whatsapp_template_language=get("CADRE_WHATSAPP_TEMPLATE_LANGUAGE"),
        )

    @property
    def has_telegram(self) -> bool:
        return bool(self.telegram_token)

    @property
    def has_whatsapp(self) -> bool:
        return any(
            (
                self.whatsapp_token,
                self.whatsapp_phone_number_id,
                self.whatsapp_app_secret,
                self.whatsapp_verify_token,
            )
        )


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
        from bot.channels.telegram import TelegramChannel

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
        from bot.channels.whatsapp import WhatsAppChannel

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


def template_name(env: RunEnvironment, setup: Setup) -> str:
    """The approved WhatsApp template: config/cadre.yaml, unless the environment overrides it."""
    return env.whatsapp_template or setup.settings.whatsapp.template


class Service:
    """Everything `cadre run` starts, in order, and stops in reverse order."""

    def __init__(
        self, setup: Setup, store: Store, clock: Clock, env: RunEnvironment, *, sleep: Sleep = asyncio.sleep
    ) -> None:
        """`sleep` paces rate limits and retries; tests pass one that moves their clock."""
        self.setup = setup
        self.store = store
        self.clock = clock
        self.env = env
        self.server = WebhookServer(env.http_host, env.http_port)
        self.channels = build_channels(env, setup, store=store, clock=clock, server=self.server, sleep=sleep)
        self.engine = build_engine(setup, store=store, clock=clock, screener=build_screener(setup.settings))
        by_name = {channel.name: channel for channel in self.channels}
        self.outbox = Outbox(store, by_name, clock, sleep=sleep, template_name=template_name(env, setup))
        for channel in self.channels:
            set_status_handler = getattr(channel, "set_status_handler", None)
            if set_status_handler is not None:  # WhatsApp delivery statuses
                set_status_handler(self.outbox.status_handler(channel.name))
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
            tick=self.engine.tick,
            purge=purge_job(store, setup.settings, clock),
        )

    async def on_message(self, inbound: Inbound) -> None:
        """A person wrote: release what waited for them (WhatsApp 24 h rule), then answer.

        A tap on the template's button only reopens the window: it releases what was
        parked and is consumed, never handed to the conversation as a stale choice."""
        released = await self.outbox.on_inbound(inbound.user)
        if is_template_tap(inbound):
            log.info("template tap consumed released=%d", released)
            return
        await self.outbox.deliver(await self.engine.handle(inbound))

    async def start(self) -> None:
        await self.server.start()
        for channel in self.channels:
            await channel.start(self.on_message)
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
