"""Nothing the screening flagged is written to disk, not even for the moment between a
webhook's 200 and its handling: through the real HTTP path of `cadre run`'s service.

A mentee writes an answer holding a person's name and a phone number. The service refuses
it as always (the refusal names what was found) and no byte of the data folder ever holds
those words (CADRE_DATA_KEY unset, so nothing is hidden by encryption): the durable inbox
recorded the event without its body. When the process dies between that record and the
handling, the restarted service tells the sender, in their language, that their last
message was not kept and asks them to write it again, once; a clean message recorded at
the same moment survives the crash with its words and is handled as usual.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app import load_setup, open_inbox
from bot.domain import Consent, Mentee, UserRef
from bot.ports import Store
from bot.runtime.clock import ManualClock
from bot.runtime.environment import RunEnvironment
from bot.runtime.journey import open_journey_store
from bot.runtime.service import Service
from bot.storage import TinyStore
from tests.conftest import paris
from tests.e2e import clock_sleep, wait_until
from tests.fakes import whatsapp_payloads as wa
from tests.fakes.graph_api import PHONE_NUMBER_ID, TOKEN, FakeGraphApi
from tests.fakes.telegram_api import FakeTelegramApi

FLAGGED = "Appelez Claire Martin au 06 12 34 56 78, elle connaît le dossier."
SECRETS = (b"Claire Martin", b"06 12 34 56 78", b"Martin au 06")
CLEAN = "Mon responsable ne répond plus à mes messages depuis deux semaines."
APP_SECRET = "withheld-app-secret"
TG_TOKEN = "424242:withheld-token"
TG_SECRET = "withheld-secret"
NOT_KEPT = "n'a pas été conservé"
HELP = "Ce que vous pouvez faire"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def data_bytes(data: Path) -> bytes:
    """Every byte of every file of the data folder."""
    return b"".join(path.read_bytes() for path in sorted(data.rglob("*")) if path.is_file())


class Gate:
    """An EventIsolation whose holds wait until opened: the process 'dies' before handling."""

    def __init__(self) -> None:
        self.opened = asyncio.Event()

    @contextlib.asynccontextmanager
    async def hold(self, user: UserRef) -> AsyncIterator[None]:
        await self.opened.wait()
        yield


@dataclass
class Platform:
    """One channel's fake platform and how a mentee writes to the service through it."""

    name: str
    env: Callable[[int], RunEnvironment]
    ids: tuple[str, str]
    post: Callable[[int, str, str, int], Awaitable[int]]
    texts_to: Callable[[str], list[str]]


async def _whatsapp(graph: FakeGraphApi) -> Platform:
    def env(port: int) -> RunEnvironment:
        return RunEnvironment(
            http_port=port,
            whatsapp_token=TOKEN,
            whatsapp_phone_number_id=PHONE_NUMBER_ID,
            whatsapp_app_secret=APP_SECRET,
            whatsapp_verify_token="verify",
            whatsapp_api_base_url=graph.base_url,
        )

    async def post(port: int, who: str, text: str, n: int) -> int:
        body = wa.encode(
            wa.messages(wa.text(who, text, at=paris("2026-11-23T10:00"), ident=f"wamid.withheld{n}"))
        )
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": wa.sign(body, APP_SECRET)}
        async with httpx.AsyncClient() as client:
            response = await client.post(
                f"http://127.0.0.1:{port}/webhooks/whatsapp", content=body, headers=headers
            )
        return response.status_code

    def texts_to(who: str) -> list[str]:
        texts: list[str] = []
        for message in graph.messages:
            if message.get("to") != who:
                continue
            if message.get("type") == "text":
                texts.append(str(message["text"]["body"]))
            elif message.get("type") == "interactive":
                texts.append(str(message["interactive"]["body"]["text"]))
        return texts

    return Platform("whatsapp", env, ("33611110001", "33611110002"), post, texts_to)


async def _telegram(api: FakeTelegramApi) -> Platform:
    def env(port: int) -> RunEnvironment:
        return RunEnvironment(
            http_port=port,
            telegram_token=TG_TOKEN,
            telegram_base_url=api.base_url,
            telegram_webhook_url=f"http://127.0.0.1:{port}/webhooks/telegram",
            telegram_webhook_secret=TG_SECRET,
        )

    async def post(port: int, who: str, text: str, n: int) -> int:
        update: dict[str, Any] = {
            "update_id": n,
            "message": {
                "message_id": n,
                "date": 1_790_000_000,
                "chat": {"id": int(who), "type": "private"},
                "from": {"id": int(who), "is_bot": False, "first_name": "M", "language_code": "fr"},
                "text": text,
            },
        }
        headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TG_SECRET}
        async with httpx.AsyncClient() as client:
            response = await client.post(
                f"http://127.0.0.1:{port}/webhooks/telegram", content=json.dumps(update), headers=headers
            )
        return response.status_code

    def texts_to(who: str) -> list[str]:
        return [
            str(c.params.get("text", ""))
            for c in api.calls
            if c.method == "sendMessage" and str(c.params["chat_id"]) == who
        ]

    return Platform("telegram", env, ("71000001", "71000002"), post, texts_to)


@pytest.fixture(params=["whatsapp", "telegram"])
async def platform(request: pytest.FixtureRequest) -> AsyncIterator[Platform]:
    if request.param == "whatsapp":
        graph = FakeGraphApi()
        await graph.start()
        try:
            yield await _whatsapp(graph)
        finally:
            await graph.stop()
    else:
        api = FakeTelegramApi(TG_TOKEN)
        await api.start()
        try:
            yield await _telegram(api)
        finally:
            await api.stop()


class Run:
    """One `cadre run`'s service on a store, as the command builds it (inbox, journey)."""

    def __init__(
        self,
        project: Path,
        data: Path,
        platform: Platform,
        store: Store,
        *,
        gate: Gate | None = None,
        later: timedelta = timedelta(0),
    ):
        self.clock = ManualClock(paris("2026-11-23T10:00") + later)
        self.store = store
        self.port = _free_port()
        self.service = Service(
            load_setup(project / "config"),
            store,
            self.clock,
            platform.env(self.port),
            sleep=clock_sleep(self.clock),
            inbox=open_inbox(store, self.clock),
            isolation=gate,
            journey=open_journey_store(data, store),
            data_dir=data,
        )

    async def idle(self) -> None:
        for channel in self.service.channels:
            await channel.wait_idle()  # type: ignore[attr-defined]

    async def crash(self) -> None:
        """The process dies: nothing more is served, nothing is finished or written."""
        await self.service.server.stop()
        await self.store.close()


async def enrol(project: Path, store: Store, platform: Platform) -> None:
    setup = load_setup(project / "config")
    at = paris("2026-11-23T09:00")
    for n, ident in enumerate(platform.ids):
        consent = Consent(setup.settings.charter.version, at)
        user = UserRef(platform.name, ident)
        await store.save_mentee(Mentee(user, f"H-{n}", "mentor", "fr", at, consent))


OpenStore = Callable[[], Awaitable[Store]]
AFTER_THE_LEASE = timedelta(minutes=3)
"""Longer than a PostgreSQL inbox claim's lease (two minutes): a killed process's claims lapse."""
Dump = Callable[[], Awaitable[bytes]]


async def refused_and_never_kept(
    project: Path, data: Path, platform: Platform, open_store: OpenStore, dump: Dump
) -> None:
    """A flagged answer: refused as always, its words nowhere in `dump()` at any moment."""

    async def assert_not_kept(when: str) -> None:
        on_disk = await dump()
        for secret in SECRETS:
            assert secret not in on_disk, f"{secret!r} stored {when}"

    run = Run(project, data, platform, await open_store())
    who = platform.ids[0]
    await run.service.start()
    try:
        assert await platform.post(run.port, who, "/nouvelle", 1) == 200
        await wait_until(lambda: any("1/4" in t for t in platform.texts_to(who)), "the first step")
        assert await platform.post(run.port, who, FLAGGED, 2) == 200
        await assert_not_kept("once the webhook was answered 200")
        await wait_until(
            lambda: any("Claire Martin" in t for t in platform.texts_to(who)),
            "the refusal naming what was found",
        )
        other = platform.ids[1]  # no draft open: as a first message, and as a command's argument
        assert await platform.post(run.port, other, FLAGGED, 3) == 200
        assert await platform.post(run.port, other, f"/aide {FLAGGED}", 4) == 200
        await run.idle()
        assert len(platform.texts_to(other)) >= 2, "both were answered"
        await assert_not_kept("once the messages were handled")
        assert not any(NOT_KEPT in t for t in platform.texts_to(who)), (
            "nothing crashed: the usual refusal only"
        )
    finally:
        await run.service.stop()
        await run.store.close()
    await assert_not_kept("after the service stopped")


async def written_again_after_a_crash(
    project: Path, data: Path, platform: Platform, open_store: OpenStore, dump: Dump
) -> None:
    """Killed between the record and the handling: the flagged message's sender is asked,
    once, to write it again; the clean message recorded beside it keeps its words."""
    flagger, other = platform.ids
    gate = Gate()
    crashed = Run(project, data, platform, await open_store(), gate=gate)
    await crashed.service.start()
    try:
        assert await platform.post(crashed.port, flagger, FLAGGED, 11) == 200
        assert await platform.post(crashed.port, other, CLEAN, 12) == 200
        on_disk = await dump()
        assert b"depuis deux semaines" in on_disk, "the clean one is stored, words and all"
        for secret in SECRETS:
            assert secret not in on_disk, f"{secret!r} stored between the record and the handling"
        await crashed.crash()

        # The successor starts once the killed process's inbox claims have lapsed (a
        # database inbox; a folder's has no claims: one process owns it).
        restarted = Run(project, data, platform, await open_store(), later=AFTER_THE_LEASE)
        await restarted.service.start()
        await restarted.idle()
        told = [t for t in platform.texts_to(flagger) if NOT_KEPT in t]
        assert len(told) == 1, platform.texts_to(flagger)
        assert "identifier" in told[0] and "réécrire" in told[0]
        assert platform.texts_to(other), "the clean message was handled after the restart"
        assert not any(NOT_KEPT in t for t in platform.texts_to(other))
        await restarted.service.stop()
        await restarted.store.close()

        again = Run(
            project, data, platform, await open_store(), later=2 * AFTER_THE_LEASE
        )  # nothing to replay
        await again.service.start()
        await again.idle()
        await again.service.stop()
        await again.store.close()
        assert len([t for t in platform.texts_to(flagger) if NOT_KEPT in t]) == 1, "exactly once"
        on_disk = await dump()
        for secret in SECRETS:
            assert secret not in on_disk, f"{secret!r} stored after the restart"
    finally:
        gate.opened.set()
        with contextlib.suppress(Exception):
            await crashed.service.stop()


def _tiny(data: Path) -> tuple[OpenStore, Dump]:
    async def open_store() -> Store:
        return TinyStore(data)

    async def dump() -> bytes:
        return data_bytes(data)

    return open_store, dump


async def test_a_flagged_answer_is_refused_and_never_reaches_the_disk(
    project: Path, tmp_path: Path, platform: Platform
) -> None:
    data = tmp_path / "data"
    async with TinyStore(data) as store:
        await enrol(project, store, platform)
    await refused_and_never_kept(project, data, platform, *_tiny(data))


async def test_a_crash_before_handling_asks_the_sender_to_write_again_and_keeps_clean_messages(
    project: Path, tmp_path: Path, platform: Platform
) -> None:
    data = tmp_path / "data"
    async with TinyStore(data) as store:
        await enrol(project, store, platform)
    await written_again_after_a_crash(project, data, platform, *_tiny(data))
