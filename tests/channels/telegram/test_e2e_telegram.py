"""The whole loop over real HTTP: the real python-telegram-bot against a loopback Bot API.

A mentee enrols with a deep link, writes a question with buttons on a Saturday evening and
is told when it will be read; on Monday at 08:00 the mentor gets the digest, answers by
replying to the item's message, and the mentee receives the answer.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.app import load_setup
from bot.channels.telegram.channel import TelegramChannel
from bot.core.invitations import create_invitation
from bot.domain import ItemStatus, UserRef
from bot.runtime.clock import ManualClock
from bot.runtime.environment import RunEnvironment
from bot.runtime.service import Service
from bot.storage import MemoryStore
from tests.conftest import paris
from tests.e2e import clock_sleep, mentor_on, wait_until
from tests.fakes import telegram_updates as tg
from tests.fakes.telegram_api import FakeTelegramApi

TOKEN = "424242:E2E-token"
MENTEE, MENTOR = 1111, 2222


class Conversation:
    """Queue updates and wait for the bot's messages to one chat, in order."""

    def __init__(self, api: FakeTelegramApi) -> None:
        self.api = api
        self.next_id = 1

    def texts_to(self, chat: int) -> list[str]:
        return [
            str(c.params.get("text", ""))
            for c in self.api.calls
            if c.method == "sendMessage" and int(c.params["chat_id"]) == chat
        ]

    async def wait(self, predicate: Callable[[], bool], what: str) -> None:
        await wait_until(predicate, what)

    async def send(self, chat: int, *, expect: str, button: str | None = None, **message: Any) -> str:
        before = len(self.texts_to(chat))
        update = (
            tg.callback(self.next_id, chat, button, message_id=5)
            if button
            else tg.message(self.next_id, chat, **message)
        )
        self.next_id += 1
        self.api.queue_update(update)
        await self.wait(
            lambda: any(expect in t for t in self.texts_to(chat)[before:]),
            f"{expect!r} in chat {chat}; got {self.texts_to(chat)[before:]}",
        )
        return "\n".join(self.texts_to(chat)[before:])


@pytest_asyncio.fixture
async def api() -> AsyncIterator[FakeTelegramApi]:
    fake = FakeTelegramApi(TOKEN)
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
def config_dir(project: Path) -> Path:
    return mentor_on(project, "telegram", str(MENTOR))


async def test_whole_loop_on_telegram(api: FakeTelegramApi, config_dir: Path) -> None:
    clock = ManualClock(paris("2026-11-21T20:00"))  # Saturday evening
    moving_sleep = clock_sleep(clock)

    store = MemoryStore()
    setup = load_setup(config_dir)
    invitation = await create_invitation(
        store, alias="T-1", mentor="mentor", now_at=clock.now(), ttl=timedelta(days=14)
    )
    env = RunEnvironment(http_port=0, telegram_token=TOKEN, telegram_base_url=api.base_url)
    service = Service(setup, store, clock, env, sleep=moving_sleep)
    await service.start()
    chat = Conversation(api)
    try:
        said = await chat.send(
            MENTEE,
            expect="charte",
            text=f"/start {invitation.code.replace('-', '')}",
            entities=[{"type": "bot_command", "offset": 0, "length": 6}],
        )
        assert "assistant automatique" in said
        charter_call = [
            c for c in api.calls if c.method == "sendMessage" and int(c.params["chat_id"]) == MENTEE
        ][-1]
        buttons = charter_call.params["reply_markup"]["inline_keyboard"]
        assert [row[0]["text"] for row in buttons] == ["J'accepte", "Je refuse"]
        await chat.send(MENTEE, expect="c'est noté", button=buttons[0][0]["callback_data"])
        await chat.send(
            MENTEE,
            expect="1/4",
            text="/nouvelle",
            entities=[{"type": "bot_command", "offset": 0, "length": 9}],
        )
        await chat.send(
            MENTEE,
            expect="2/4",
            text=("Deux personnes de mon équipe ne se parlent plus depuis la réorganisation."),
        )
        await chat.send(MENTEE, expect="3/4", text="La confiance de l'équipe et les délais du projet.")
        await chat.send(MENTEE, expect="4/4", text="Une réunion commune, sans effet.")
        await chat.send(
            MENTEE, expect="thème", text="Comment rétablir un dialogue minimal sans prendre parti ?"
        )
        await chat.send(MENTEE, expect="Voici votre question", button="pick:team")
        ack = await chat.send(MENTEE, expect="envoyée", button="review:send")
        assert "lue et traitée lundi 23 novembre à partir de 8 h" in ack
        assert api.calls_to("answerCallbackQuery"), "buttons are acknowledged"
        assert api.calls_to("editMessageReplyMarkup"), "the used keyboard is removed"

        # Nothing reaches the mentor over the weekend.
        await service.digest.run_due(clock.now())
        assert chat.texts_to(MENTOR) == []

        clock.set(paris("2026-11-23T08:00"))
        await service.digest.run_due(clock.now())
        await chat.wait(lambda: len(chat.texts_to(MENTOR)) >= 2, "the digest")
        item = (await store.open_items("mentor"))[0]
        item_message = next(
            e
            for e in (await store.list_outbox())
            if e.outbound.item_ref == item.ref and e.outbound.to == UserRef("telegram", str(MENTOR))
        )
        assert item_message.platform_message_id is not None
        assert any("Comment rétablir un dialogue minimal" in t for t in chat.texts_to(MENTOR))
        assert item_message.outbound.text == "", "once sent, the outbox keeps ids, not words"

        answer = "Proposez-leur un entretien à trois, centré sur le travail commun."
        api.queue_update(
            tg.message(
                chat.next_id,
                MENTOR,
                text=answer,
                reply_to_message=tg.bot_message(int(item_message.platform_message_id), MENTOR),
            )
        )
        chat.next_id += 1
        await chat.wait(
            lambda: any(answer in t for t in chat.texts_to(MENTEE)), "the answer reaching the mentee"
        )
        assert (await store.get_item(item.id)).status is ItemStatus.ANSWERED  # type: ignore[union-attr]

        # A duplicate delivery of the same update has no second effect.
        sent_before = len(chat.texts_to(MENTEE))
        polls = len(api.calls_to("getUpdates"))
        api.queue_update(tg.message(chat.next_id - 1, MENTOR, text=answer))
        # Served by one poll, recorded before the next one starts, then handled: idle.
        await wait_until(lambda: len(api.calls_to("getUpdates")) >= polls + 2, "the duplicate polled")
        [telegram] = [c for c in service.channels if isinstance(c, TelegramChannel)]
        await telegram.wait_idle()
        assert len(chat.texts_to(MENTEE)) == sent_before
    finally:
        await service.stop()


async def test_unknown_user_and_photo_are_refused(api: FakeTelegramApi, config_dir: Path) -> None:
    clock = ManualClock(paris("2026-11-23T10:00"))
    store = MemoryStore()
    env = RunEnvironment(http_port=0, telegram_token=TOKEN, telegram_base_url=api.base_url)
    service = Service(load_setup(config_dir), store, clock, env)
    await service.start()
    chat = Conversation(api)
    try:
        await chat.send(3333, expect="invitées", text="Bonjour")
        await chat.send(
            3333, expect="invitées", photo=[{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}]
        )
        assert await store.get_mentee(UserRef("telegram", "3333")) is None
        assert api.calls_to("getFile") == []
    finally:
        await service.stop()
