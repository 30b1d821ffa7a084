"""TelegramChannel over real HTTP against the loopback Bot API (tests/fakes/telegram_api.py).

The real python-telegram-bot does the HTTP; only the server is fake. Nothing sleeps for
real seconds: the rate limiter's sleep moves the ManualClock instead.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import pytest_asyncio
from telegram.error import NetworkError, TelegramError, TimedOut

from bot.channels.http_server import WebhookServer
from bot.channels.telegram.channel import SECRET_HEADER, WEBHOOK_PATH, TelegramChannel, _send_error
from bot.domain import Attachment, ChatKind, Choice, Inbound, InboundKind, Outbound, UserRef
from bot.errors import ChannelError, FinalSendError, RetryableSendError, UncertainSendError
from bot.runtime.clock import ManualClock
from tests.e2e import post_chunked_until_answered, wait_until
from tests.fakes import telegram_updates as tg
from tests.fakes.telegram_api import BOT_USERNAME, ApiCall, FakeTelegramApi

TOKEN = "123456:TEST-token"
CHAT = 4242
OTHER_CHAT = 5151
SECRET = "s3cret-Token_ok"
MENU = {
    "fr": [("question", "Poser une question"), ("aide", "Aide")],
    "en": [("question", "Ask a question"), ("help", "Help")],
}
CANARY = "CANARY-Dupont-7f3a"

# One loop per module: the fake API and the webhook server start once (uvicorn takes a
# tenth of a second to stop), each test gets a fresh channel and a reset fake.
pytestmark = pytest.mark.asyncio(loop_scope="module")
module_fixture = pytest_asyncio.fixture(loop_scope="module", scope="module")
per_test_fixture = pytest_asyncio.fixture(loop_scope="module")


# -- builders of real Update JSON ---------------------------------------------------------


def _message(update_id: int, chat_id: int = CHAT, **content: Any) -> dict[str, Any]:
    """A message update from the mentee's chat unless told otherwise."""
    return tg.message(update_id, chat_id, **content)


# -- fixtures ---------------------------------------------------------------------------


class Inbox:
    """Collects what the channel hands to the core."""

    def __init__(self) -> None:
        self.items: list[Inbound] = []
        self._arrived = asyncio.Event()
        self.held: dict[str, asyncio.Event] = {}
        """Chats whose handling waits for their event (a slow handler, a flooder)."""

    async def __call__(self, inbound: Inbound) -> None:
        held = self.held.get(inbound.user.id)
        if held is not None:
            await held.wait()
        self.items.append(inbound)
        self._arrived.set()

    async def wait(self, count: int = 1, timeout_s: float = 5) -> list[Inbound]:
        async def until() -> None:
            while len(self.items) < count:
                self._arrived.clear()
                await self._arrived.wait()

        await asyncio.wait_for(until(), timeout_s)
        return self.items


class ClockSleep:
    """The limiter's sleep: records the wait and moves the clock, no real time passes."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.waits: list[float] = []
        self.gate: asyncio.Event | None = None

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        if self.gate is not None:
            await self.gate.wait()
        self.clock.advance(timedelta(seconds=seconds))


@module_fixture
async def shared_api() -> AsyncIterator[FakeTelegramApi]:
    fake = FakeTelegramApi(TOKEN)
    await fake.start()
    yield fake
    await fake.stop()


@per_test_fixture
async def api(shared_api: FakeTelegramApi) -> AsyncIterator[FakeTelegramApi]:
    shared_api.reset()
    yield shared_api
    shared_api.reset()


@pytest.fixture
def sleep(clock: ManualClock) -> ClockSleep:
    return ClockSleep(clock)


Factory = Callable[..., Awaitable[TelegramChannel]]


@per_test_fixture
async def make_channel(api: FakeTelegramApi, clock: ManualClock, sleep: ClockSleep) -> AsyncIterator[Factory]:
    started: list[TelegramChannel] = []

    async def make(on_message: Any = None, **kwargs: Any) -> TelegramChannel:
        kwargs.setdefault("menu", MENU)
        channel = TelegramChannel(
            TOKEN, clock=clock, base_url=api.base_url, poll_timeout_s=1, sleep=sleep, **kwargs
        )
        started.append(channel)
        await channel.start(on_message or Inbox())
        return channel

    yield make
    for channel in started:
        await channel.stop()


@per_test_fixture
async def polling(make_channel: Factory) -> tuple[TelegramChannel, Inbox]:
    inbox = Inbox()
    channel = await make_channel(inbox)
    return channel, inbox


def _out(text: str, chat: int = CHAT, **kwargs: Any) -> Outbound:
    return Outbound(to=UserRef("telegram", str(chat)), text=text, key=f"k-{text[:8]}", **kwargs)


# -- start ------------------------------------------------------------------------------


async def test_start_publishes_menus_and_polls_after_deleting_webhook(
    api: FakeTelegramApi, polling: tuple[TelegramChannel, Inbox]
) -> None:
    await api.wait_for_call("getUpdates")
    methods = [call.method for call in api.calls]
    assert methods.index("deleteWebhook") < methods.index("getUpdates")
    menus = api.calls_to("setMyCommands")
    assert len(menus) == 2
    by_language = {call.params.get("language_code"): call.params for call in menus}
    assert set(by_language) == {None, "en"}
    assert by_language[None]["commands"][0] == {
        "command": "question",
        "description": "Poser une question",
    }
    assert by_language[None]["scope"] == {"type": "default"}
    assert by_language["en"]["commands"][1]["command"] == "help"
    poll = api.calls_to("getUpdates")[0].params
    assert poll["allowed_updates"] == ["message", "edited_message", "callback_query"]
    assert not api.calls_to("setWebhook")


async def test_the_menu_for_everyone_is_the_configured_locale(
    api: FakeTelegramApi, make_channel: Factory
) -> None:
    """With `locale: en` every client not set to French gets the English menu, not the French."""
    await make_channel(menu_locale="en")
    await api.wait_for_call("getUpdates")
    by_language = {call.params.get("language_code"): call.params for call in api.calls_to("setMyCommands")}
    assert set(by_language) == {None, "fr"}
    assert by_language[None]["commands"][1]["command"] == "help"
    assert by_language["fr"]["commands"][0]["description"] == "Poser une question"


async def test_start_with_a_wrong_token_names_the_setting(api: FakeTelegramApi, clock: ManualClock) -> None:
    channel = TelegramChannel("999:wrong", clock=clock, base_url=api.base_url)
    with pytest.raises(ChannelError, match="CADRE_TELEGRAM_TOKEN"):
        await channel.start(Inbox())


async def test_the_fake_answers_the_older_of_two_long_polls_409_as_telegram_does(
    api: FakeTelegramApi,
) -> None:
    url = f"{api.base_url}{TOKEN}/getUpdates"
    # The fake is shared by the module: a stopped channel's last long poll may still be
    # waiting, and would pass for ours (then the two polls below race, seen in CI). Wait for
    # it to end first; the polls below are far longer than the test and never run out.
    await wait_until(lambda: not api.is_long_polling, "an earlier test's long poll ended")
    async with httpx.AsyncClient(timeout=60) as client:
        older = asyncio.create_task(client.post(url, json={"timeout": 50}))
        await wait_until(lambda: api.is_long_polling, "the first long poll waiting")
        newer = asyncio.create_task(client.post(url, json={"timeout": 50}))
        refused = await older
        assert refused.status_code == 409
        assert refused.json()["description"].startswith("Conflict: terminated by other getUpdates request")
        api.queue_update(_message(7, text="Bonjour"))
        answered = await newer
        assert answered.status_code == 200 and answered.json()["result"][0]["update_id"] == 7


async def test_a_poller_cut_off_by_another_client_stops_polling_and_is_not_ready(
    api: FakeTelegramApi, clock: ManualClock, sleep: ClockSleep, caplog: pytest.LogCaptureFixture
) -> None:
    """Someone outside Cadre polls the same token: Telegram answers our long poll 409. The
    channel stops polling instead of fighting for the updates, says why, and reports not
    ready; stopping it then sends no getUpdates that would cut the other client off."""
    server = WebhookServer("127.0.0.1", 0)
    channel = TelegramChannel(
        TOKEN, clock=clock, base_url=api.base_url, poll_timeout_s=5, sleep=sleep, menu=MENU, server=server
    )
    await channel.start(Inbox())
    try:
        await wait_until(lambda: api.is_long_polling, "the channel's long poll waiting")
        poll_task = channel._poll_task
        assert poll_task is not None
        with caplog.at_level(logging.ERROR, logger="bot.channels.telegram.channel"):
            api.poll_from_elsewhere()
            await asyncio.wait_for(asyncio.shield(poll_task), 10)  # it ends by itself
        polls = len(api.calls_to("getUpdates"))
        assert (await server.readiness())["telegram"] != "ok"
        assert any(
            "polling stopped" in r.message
            and "409 Conflict" in r.message
            and "CADRE_TELEGRAM_WEBHOOK_URL" in r.message
            for r in caplog.records
        )
    finally:
        await channel.stop()
    assert len(api.calls_to("getUpdates")) == polls, "no getUpdates after the conflict"


async def test_the_start_probe_acknowledges_nothing(api: FakeTelegramApi, make_channel: Factory) -> None:
    api.queue_update(_message(1, text="Bonjour"))
    inbox = Inbox()
    await make_channel(inbox)
    [inbound] = await inbox.wait()
    assert inbound.message_id == "tg:1"
    assert "offset" not in api.calls_to("getUpdates")[0].params


# -- inbound translation over polling ---------------------------------------------------


async def test_text_is_delivered_with_ids_time_and_language(
    api: FakeTelegramApi, polling: tuple[TelegramChannel, Inbox], clock: ManualClock
) -> None:
    _, inbox = polling
    api.queue_update(_message(1, text="Bonjour"))
    [inbound] = await inbox.wait()
    assert inbound == Inbound(
        user=UserRef("telegram", str(CHAT)),
        message_id="tg:1",
        kind=InboundKind.TEXT,
        received_at=clock.now(),
        text="Bonjour",
        language="fr",
    )


async def test_commands_and_deep_link_start(
    api: FakeTelegramApi, polling: tuple[TelegramChannel, Inbox]
) -> None:
    _, inbox = polling
    api.queue_update(_message(1, text="/start ABC123"))
    api.queue_update(_message(2, text=f"/Help@{BOT_USERNAME}  now please"))
    api.queue_update(_message(3, text="/question"))
    items = await inbox.wait(3)
    assert [(i.kind, i.text, i.payload) for i in items] == [
        (InboundKind.COMMAND, "start", "ABC123"),
        (InboundKind.COMMAND, "help", "now please"),
        (InboundKind.COMMAND, "question", ""),
    ]


async def test_callback_is_a_choice_answered_and_its_keyboard_removed(
    api: FakeTelegramApi, polling: tuple[TelegramChannel, Inbox]
) -> None:
    _, inbox = polling
    api.queue_update(tg.callback(5, CHAT, "send", message_id=77))
    [inbound] = await inbox.wait()
    assert (inbound.kind, inbound.payload, inbound.user.id) == (
        InboundKind.CHOICE,
        "send",
        str(CHAT),
    )
    [answer] = api.calls_to("answerCallbackQuery")
    assert answer.params["callback_query_id"] == "cb5"
    [edit] = api.calls_to("editMessageReplyMarkup")
    assert edit.params["chat_id"] == CHAT
    assert edit.params["message_id"] == 77
    assert edit.params["reply_markup"] == {"inline_keyboard": []}


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        ({"photo": [{"file_id": "p", "file_unique_id": "u", "width": 9, "height": 9}]}, "photo"),
        ({"voice": {"file_id": "v", "file_unique_id": "u", "duration": 3}}, "voice"),
        (
            {
                "sticker": {
                    "file_id": "s",
                    "file_unique_id": "u",
                    "type": "regular",
                    "width": 9,
                    "height": 9,
                    "is_animated": False,
                    "is_video": False,
                }
            },
            "sticker",
        ),
        (
            {
                "animation": {
                    "file_id": "a",
                    "file_unique_id": "u",
                    "width": 9,
                    "height": 9,
                    "duration": 1,
                },
                "document": {"file_id": "a", "file_unique_id": "u"},
            },
            "animation",
        ),
        ({"document": {"file_id": "d", "file_unique_id": "u"}, "caption": CANARY}, "document"),
        ({"contact": {"phone_number": "+33600000000", "first_name": "X"}}, "contact"),
    ],
)
async def test_media_is_named_never_downloaded(
    api: FakeTelegramApi,
    polling: tuple[TelegramChannel, Inbox],
    content: dict[str, Any],
    kind: str,
) -> None:
    _, inbox = polling
    api.queue_update(_message(1, **content))
    [inbound] = await inbox.wait()
    assert (inbound.kind, inbound.payload, inbound.text) == (InboundKind.MEDIA, kind, "")
    assert not api.calls_to("getFile")


async def test_edited_message_is_text_marked_edited(
    api: FakeTelegramApi, polling: tuple[TelegramChannel, Inbox]
) -> None:
    _, inbox = polling
    update = _message(1, text="corrigé", edit_date=1_790_000_100)
    update["edited_message"] = update.pop("message")
    api.queue_update(update)
    [inbound] = await inbox.wait()
    assert (inbound.kind, inbound.text, inbound.payload) == (InboundKind.EDITED, "corrigé", "")


async def test_group_chat_is_refused_as_group_media(
    api: FakeTelegramApi, polling: tuple[TelegramChannel, Inbox]
) -> None:
    _, inbox = polling
    api.queue_update(_message(1, chat_id=-100777, chat_type="supergroup", text="salut"))
    [inbound] = await inbox.wait()
    assert (inbound.kind, inbound.chat, inbound.user.id) == (
        InboundKind.MEDIA,
        ChatKind.GROUP,
        "-100777",
    )


async def test_a_group_is_answered_once_and_its_service_messages_never(
    api: FakeTelegramApi, polling: tuple[TelegramChannel, Inbox]
) -> None:
    _, inbox = polling
    group: dict[str, Any] = {"chat_id": -100778, "chat_type": "supergroup"}
    pinned = {"message_id": 5, "date": 1_790_000_000, "chat": {"id": -100778, "type": "supergroup"}}
    api.queue_update(_message(1, **group, pinned_message=pinned))
    api.queue_update(_message(2, **group, forum_topic_created={"name": "Sujet", "icon_color": 7322096}))
    api.queue_update(_message(3, **group, text="salut"))
    api.queue_update(_message(4, **group, text="vous êtes là ?"))
    api.queue_update(_message(5, text="/aide"))
    await inbox.wait(2)
    await api.wait_for_call("getUpdates", count=3)  # the whole batch was handled
    assert [(i.message_id, i.chat.value) for i in inbox.items] == [("tg:3", "group"), ("tg:5", "private")]


async def test_an_album_is_refused_once_not_once_per_photo(
    api: FakeTelegramApi, polling: tuple[TelegramChannel, Inbox]
) -> None:
    _, inbox = polling
    photo = [{"file_id": "p", "file_unique_id": "u", "width": 9, "height": 9}]
    api.queue_update(_message(1, media_group_id="album-1", photo=photo, caption=CANARY))
    api.queue_update(_message(2, media_group_id="album-1", photo=photo))
    api.queue_update(_message(3, media_group_id="album-1", photo=photo))
    api.queue_update(_message(4, media_group_id="album-2", photo=photo))
    api.queue_update(_message(5, text="/aide"))
    await inbox.wait(3)
    await api.wait_for_call("getUpdates", count=3)  # the whole batch was handled
    assert [i.message_id for i in inbox.items] == ["tg:1", "tg:4", "tg:5"]


async def test_reply_carries_the_replied_message_id(
    api: FakeTelegramApi, polling: tuple[TelegramChannel, Inbox]
) -> None:
    _, inbox = polling
    replied = {
        "message_id": 321,
        "date": 1_790_000_000,
        "chat": {"id": CHAT, "type": "private"},
        "text": "item",
    }
    api.queue_update(_message(1, text="ma réponse", reply_to_message=replied))
    [inbound] = await inbox.wait()
    assert inbound.reply_to == "321"


async def test_same_update_twice_is_delivered_once(
    api: FakeTelegramApi, polling: tuple[TelegramChannel, Inbox]
) -> None:
    _, inbox = polling
    api.queue_update(_message(1, text="un"))
    api.queue_update(_message(1, text="un"))
    api.queue_update(_message(2, text="deux"))
    await inbox.wait(2)
    await api.wait_for_call("getUpdates", count=2)  # next poll: the batch was handled
    assert [i.message_id for i in inbox.items] == ["tg:1", "tg:2"]


async def test_handler_failure_does_not_stop_polling(api: FakeTelegramApi, make_channel: Factory) -> None:
    inbox = Inbox()

    async def flaky(inbound: Inbound) -> None:
        if inbound.message_id == "tg:1":
            raise RuntimeError("core bug")
        await inbox(inbound)

    await make_channel(flaky)
    api.queue_update(_message(1, text="boom"))
    api.queue_update(_message(2, text="ok"))
    [inbound] = await inbox.wait()
    assert inbound.message_id == "tg:2"


# -- updates the library cannot parse ------------------------------------------------------


def _old_server_quiz(update_id: int) -> dict[str, Any]:
    """A quiz poll as a Bot API server older than the library sends it (no persistent_id)."""
    return _message(
        update_id,
        poll={
            "id": "p1",
            "question": CANARY,
            "options": [{"text": CANARY, "voter_count": 0}, {"text": "non", "voter_count": 0}],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": False,
            "type": "quiz",
            "allows_multiple_answers": False,
            "correct_option_id": 0,
        },
    )


def _unreadable(update_id: int) -> dict[str, Any]:
    """A message not even its ids can be read from (its chat is not an object)."""
    update = _message(update_id, text=CANARY)
    update["message"]["chat"] = CANARY
    return update


async def test_an_old_server_poll_is_read_in_part_and_refused_like_media(
    api: FakeTelegramApi, polling: tuple[TelegramChannel, Inbox], caplog: pytest.LogCaptureFixture
) -> None:
    channel, inbox = polling
    api.queue_update(_old_server_quiz(1))
    [inbound] = await inbox.wait()
    assert (inbound.message_id, inbound.kind, inbound.payload) == ("tg:1", InboundKind.MEDIA, "other")
    assert channel.unparseable_count == 0
    assert "update read in part update_id=1" in caplog.text
    assert CANARY not in caplog.text


async def test_a_reply_to_a_message_cut_to_its_id_is_still_read(
    api: FakeTelegramApi, polling: tuple[TelegramChannel, Inbox]
) -> None:
    _, inbox = polling
    api.queue_update(_message(1, text="ma réponse", reply_to_message={"message_id": 321}))
    [inbound] = await inbox.wait()
    assert (inbound.kind, inbound.text, inbound.reply_to) == (InboundKind.TEXT, "ma réponse", "321")


async def test_unparseable_update_is_counted_and_skipped_and_polling_goes_on(
    api: FakeTelegramApi,
    polling: tuple[TelegramChannel, Inbox],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("telegram", "telegram.Bot", "telegram.request.BaseRequest"):
        logging.getLogger(name).setLevel(logging.DEBUG)  # as an operator debugging would
    try:
        channel, inbox = polling
        api.queue_update(_unreadable(1))
        api.queue_update(_message(2, text="/aide"))
        [inbound] = await inbox.wait()
        assert inbound.message_id == "tg:2"
        await api.wait_for_call("getUpdates", count=3)  # the batch was acknowledged
        offsets = [call.params.get("offset") for call in api.calls_to("getUpdates")]
        assert offsets[-1] == 3
        assert channel.unparseable_count == 1
        assert "update unparseable update_id=1" in caplog.text
        assert CANARY not in caplog.text
        assert "Mentee" not in caplog.text
    finally:
        for name in ("telegram", "telegram.Bot", "telegram.request.BaseRequest"):
            logging.getLogger(name).setLevel(logging.NOTSET)
        logging.getLogger("telegram").setLevel(logging.INFO)


async def test_library_loggers_never_write_contents(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    library = logging.getLogger("telegram.Bot")
    library.setLevel(logging.DEBUG)
    try:
        library.critical("Error while parsing updates! Received data was %r", [{"text": CANARY}])
        library.debug("Calling Bot API endpoint `%s` with parameters `%s`", "sendMessage", {"text": CANARY})
        logging.getLogger("telegram.request.BaseRequest").error(
            'Can not load invalid JSON data: "%s"', CANARY
        )
    finally:
        library.setLevel(logging.NOTSET)
    assert len(caplog.records) == 3
    assert CANARY not in caplog.text


# -- send -------------------------------------------------------------------------------


async def test_choices_become_an_inline_keyboard_one_per_row(
    api: FakeTelegramApi, polling: tuple[TelegramChannel, Inbox]
) -> None:
    channel, _ = polling
    choices = (Choice("send", "Envoyer"), Choice("edit", "Modifier"), Choice("cancel", "Annuler"))
    message_id = await channel.send(_out("Résumé", choices=choices))
    [call] = api.calls_to("sendMessage")
    assert call.params["chat_id"] == CHAT
    assert call.params["text"] == "Résumé"
    assert call.params["reply_markup"] == {
        "inline_keyboard": [
            [{"text": "Envoyer", "callback_data": "send"}],
            [{"text": "Modifier", "callback_data": "edit"}],
            [{"text": "Annuler", "callback_data": "cancel"}],
        ]
    }
    assert message_id is not None and message_id.isdigit()


async def test_choice_value_over_64_bytes_is_final_and_sends_nothing(
    api: FakeTelegramApi, polling: tuple[TelegramChannel, Inbox]
) -> None:
    channel, _ = polling
    with pytest.raises(FinalSendError, match="64 bytes"):
        await channel.send(_out("x", choices=(Choice("é" * 33, "Trop long"),)))
    assert not api.calls_to("sendMessage")


async def test_long_text_is_split_on_a_paragraph_with_keyboard_last(
    api: FakeTelegramApi, polling: tuple[TelegramChannel, Inbox], sleep: ClockSleep
) -> None:
    channel, _ = polling
    first, second = "a" * 3000, "b" * 1998
    message_id = await channel.send(_out(f"{first}\n\n{second}", choices=(Choice("ok", "OK"),)))
    calls = api.calls_to("sendMessage")
    assert [c.params["text"] for c in calls] == [first, second]
    assert "reply_markup" not in calls[0].params
    assert calls[1].params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "ok"
    assert message_id is not None and int(message_id) > 0
    assert sleep.waits == [1.0]  # the second part waited its turn in this chat


async def test_attachment_goes_as_document_with_caption(
    api: FakeTelegramApi, polling: tuple[TelegramChannel, Inbox]
) -> None:
    channel, _ = polling
    export = Attachment("export.json", "application/json", b'{"items": []}')
    await channel.send(_out("Votre export", attachment=export))
    [call] = api.calls_to("sendDocument")
    assert call.files["document"] == ("export.json", b'{"items": []}')
    assert call.params["caption"] == "Votre export"
    assert not api.calls_to("sendMessage")


async def test_attachment_with_long_text_sends_text_separately(
    api: FakeTelegramApi, polling: tuple[TelegramChannel, Inbox]
) -> None:
    channel, _ = polling
    export = Attachment("export.md", "text/markdown", b"# Fil")
    text = "x" * 1500
    await channel.send(_out(text, attachment=export, choices=(Choice("ok", "OK"),)))
    [document] = api.calls_to("sendDocument")
    assert "caption" not in document.params
    [message] = api.calls_to("sendMessage")
    assert message.params["text"] == text
    # The text first, then the file, which carries the keyboard as the last message.
    assert [c.method for c in api.calls if c.method.startswith("send")] == ["sendMessage", "sendDocument"]
    assert "reply_markup" not in message.params and "reply_markup" in document.params


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"review " * 40


@pytest.mark.parametrize(
    ("send", "method", "field", "attachment", "caption"),
    [
        (
            "send_image",
            "sendPhoto",
            "photo",
            Attachment("frise.png", "image/png", PNG),
            "Vos questions par mois",
        ),
        (
            "send_document",
            "sendDocument",
            "document",
            Attachment("bilan-A-17.pdf", "application/pdf", PDF),
            "Bilan",
        ),
    ],
    ids=["image", "document"],
)
async def test_a_file_is_one_multipart_upload_whose_bytes_and_file_name_arrive(
    api: FakeTelegramApi,
    polling: tuple[TelegramChannel, Inbox],
    send: str,
    method: str,
    field: str,
    attachment: Attachment,
    caption: str,
) -> None:
    """sendPhoto for an image, sendDocument for a document: the bytes, the file name, the caption."""
    channel, _ = polling
    ident = await getattr(channel, send)(UserRef("telegram", str(CHAT)), attachment, caption)
    [call] = api.calls_to(method)
    assert call.files[field] == (attachment.filename, attachment.content)
    assert call.params == {"chat_id": CHAT, "caption": caption}
    assert ident is not None and int(ident) >= 1000
    assert [c.method for c in api.calls if c.method.startswith("send")] == [method]


async def test_a_picture_in_an_outbound_goes_as_a_photo(
    api: FakeTelegramApi, polling: tuple[TelegramChannel, Inbox]
) -> None:
    channel, _ = polling
    await channel.send(_out("Frise", attachment=Attachment("f.png", "image/png", PNG)))
    [call] = api.calls_to("sendPhoto")
    assert call.files["photo"][1] == PNG and call.params["caption"] == "Frise"


async def test_a_caption_too_long_for_a_file_goes_first_as_text(
    api: FakeTelegramApi, polling: tuple[TelegramChannel, Inbox]
) -> None:
    channel, _ = polling
    caption = "é" * 1500
    await channel.send_document(
        UserRef("telegram", str(CHAT)), Attachment("b.pdf", "application/pdf", PDF), caption
    )
    assert [c.method for c in api.calls if c.method.startswith("send")] == ["sendMessage", "sendDocument"]
    assert api.calls_to("sendMessage")[0].params["text"] == caption
    assert "caption" not in api.calls_to("sendDocument")[0].params


async def test_a_picture_telegram_cannot_read_is_final_and_names_no_content(
    api: FakeTelegramApi, polling: tuple[TelegramChannel, Inbox]
) -> None:
    channel, _ = polling
    with pytest.raises(FinalSendError, match=r"(?i)image_process_failed") as caught:
        await channel.send_image(
            UserRef("telegram", str(CHAT)), Attachment("x.png", "image/png", b"GIF89a"), CANARY
        )
    assert CANARY not in str(caught.value)


@pytest.mark.parametrize(
    ("kind", "error"), [("502", RetryableSendError), ("429", RetryableSendError), ("403", FinalSendError)]
)
async def test_an_upload_refused_is_mapped_like_any_send(
    api: FakeTelegramApi, polling: tuple[TelegramChannel, Inbox], kind: str, error: type[Exception]
) -> None:
    channel, _ = polling
    api.fail_next("sendPhoto", kind)
    with pytest.raises(error):
        await channel.send_image(
            UserRef("telegram", str(CHAT)), Attachment("f.png", "image/png", PNG), "Frise"
        )
    assert await channel.send_image(
        UserRef("telegram", str(CHAT)), Attachment("f.png", "image/png", PNG), "Frise"
    )
    assert [c.files["photo"][1] for c in api.calls_to("sendPhoto")] == [PNG, PNG]


async def test_429_is_retryable_with_the_delay_then_succeeds(
    api: FakeTelegramApi, polling: tuple[TelegramChannel, Inbox]
) -> None:
    channel, _ = polling
    api.fail_next("sendMessage", "429")
    with pytest.raises(RetryableSendError) as caught:
        await channel.send(_out(CANARY))
    assert caught.value.retry_after_s == 3
    assert CANARY not in str(caught.value)
    assert await channel.send(_out(CANARY)) is not None


async def test_403_blocked_and_400_chat_not_found_are_final(
    api: FakeTelegramApi, polling: tuple[TelegramChannel, Inbox]
) -> None:
    channel, _ = polling
    api.fail_next("sendMessage", "403")
    with pytest.raises(FinalSendError, match="blocked"):
        await channel.send(_out(CANARY))
    api.fail_next("sendMessage", "400")
    with pytest.raises(FinalSendError, match=r"(?i)chat not found"):
        await channel.send(_out(CANARY))


async def test_502_is_retryable(api: FakeTelegramApi, polling: tuple[TelegramChannel, Inbox]) -> None:
    channel, _ = polling
    api.fail_next("sendMessage", "502")
    with pytest.raises(RetryableSendError) as caught:
        await channel.send(_out(CANARY))
    assert caught.value.retry_after_s is None


async def test_unreachable_api_is_retryable(clock: ManualClock, sleep: ClockSleep) -> None:
    private = FakeTelegramApi(TOKEN)
    await private.start()
    channel = TelegramChannel(TOKEN, clock=clock, base_url=private.base_url, sleep=sleep)
    await channel.start(Inbox())
    await private.stop()
    try:
        with pytest.raises(RetryableSendError):
            await channel.send(_out(CANARY))
    finally:
        await channel.stop()


async def test_retry_after_a_failure_mid_split_resumes_where_it_stopped(
    api: FakeTelegramApi, polling: tuple[TelegramChannel, Inbox]
) -> None:
    channel, _ = polling
    outbound = Outbound(UserRef("telegram", str(CHAT)), "a" * 4090 + "\n\n" + "b" * 10, key="k1")
    await channel.send(Outbound(UserRef("telegram", str(CHAT)), "warm-up", key="k0"))
    api.calls.clear()
    api.fail_next("sendMessage", "502")
    with pytest.raises(RetryableSendError):  # first part fails: nothing delivered yet
        await channel.send(outbound)
    api.fail_next("sendMessage", "429", after=1)
    with pytest.raises(RetryableSendError):  # first part goes, the second hits 429
        await channel.send(outbound)
    await channel.send(outbound)
    delivered = [c.params["text"][0] for c in api.calls_to("sendMessage")]
    # a: 502, a: ok, b: 429, b: ok  — "a" is never delivered twice
    assert delivered == ["a", "a", "b", "b"]


async def test_recipient_on_another_channel_is_final(
    polling: tuple[TelegramChannel, Inbox],
) -> None:
    channel, _ = polling
    with pytest.raises(FinalSendError):
        await channel.send(Outbound(UserRef("whatsapp", "33600"), "x", key="k"))


async def test_rate_limit_spaces_one_chat_without_delaying_another(
    api: FakeTelegramApi,
    polling: tuple[TelegramChannel, Inbox],
    sleep: ClockSleep,
    clock: ManualClock,
) -> None:
    channel, _ = polling
    await channel.send(_out("A1", chat=CHAT))
    first_at = clock.now()
    sleep.gate = asyncio.Event()
    second = asyncio.create_task(channel.send(_out("A2", chat=CHAT)))
    await wait_until(lambda: sleep.waits == [1.0], "chat A waiting for its rate limit")
    await asyncio.wait_for(channel.send(_out("B1", chat=OTHER_CHAT)), 2)  # …chat B is not
    assert [c.params["text"] for c in api.calls_to("sendMessage")] == ["A1", "B1"]
    sleep.gate.set()
    await asyncio.wait_for(second, 2)
    assert [c.params["text"] for c in api.calls_to("sendMessage")] == ["A1", "B1", "A2"]
    assert clock.now() - first_at >= timedelta(seconds=1)


# -- privacy ----------------------------------------------------------------------------


async def test_logs_never_carry_text_or_token(
    api: FakeTelegramApi,
    polling: tuple[TelegramChannel, Inbox],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    channel, inbox = polling
    api.queue_update(_message(1, text=CANARY))
    api.queue_update(_message(1, text=CANARY))
    await inbox.wait()
    await channel.send(_out(CANARY, choices=(Choice("ok", CANARY),)))
    api.fail_next("sendMessage", "403")
    with pytest.raises(FinalSendError):
        await channel.send(_out(CANARY))
    await api.wait_for_call("getUpdates", count=2)
    assert caplog.records
    assert CANARY not in caplog.text
    assert TOKEN not in caplog.text
    assert TOKEN.split(":")[1] not in caplog.text


# -- webhook mode -----------------------------------------------------------------------


@dataclass
class WebhookEnv:
    channel: TelegramChannel
    inbox: Inbox
    client: httpx.AsyncClient
    registrations: list[ApiCall]


@module_fixture
async def webhook_env(shared_api: FakeTelegramApi) -> AsyncIterator[WebhookEnv]:
    clock = ManualClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    server = WebhookServer("127.0.0.1", 0)
    channel = TelegramChannel(
        TOKEN,
        clock=clock,
        base_url=shared_api.base_url,
        webhook_url="https://cadre.example.org/webhooks/telegram",
        secret_token=SECRET,
        server=server,
        menu=MENU,
        sleep=ClockSleep(clock),
    )
    inbox = Inbox()
    shared_api.reset()
    await server.start()
    await channel.start(inbox)
    registrations = list(shared_api.calls)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}") as client:
        yield WebhookEnv(channel, inbox, client, registrations)
    await channel.stop()
    await server.stop()


@per_test_fixture
async def webhook(
    webhook_env: WebhookEnv, api: FakeTelegramApi
) -> tuple[TelegramChannel, Inbox, httpx.AsyncClient]:
    webhook_env.inbox.items.clear()
    return webhook_env.channel, webhook_env.inbox, webhook_env.client


async def test_webhook_mode_registers_the_webhook_with_its_secret(
    webhook_env: WebhookEnv,
) -> None:
    methods = [call.method for call in webhook_env.registrations]
    assert "getUpdates" not in methods
    assert "deleteWebhook" not in methods
    [call] = [c for c in webhook_env.registrations if c.method == "setWebhook"]
    assert call.params["url"] == "https://cadre.example.org/webhooks/telegram"
    assert call.params["secret_token"] == SECRET
    assert call.params["allowed_updates"] == ["message", "edited_message", "callback_query"]
    assert methods.count("setMyCommands") == 2


async def test_webhook_with_the_secret_is_delivered_once(
    webhook: tuple[TelegramChannel, Inbox, httpx.AsyncClient],
) -> None:
    channel, inbox, client = webhook
    headers = {SECRET_HEADER: SECRET}
    update = _message(41, text="/start CODE")
    first = await client.post(WEBHOOK_PATH, json=update, headers=headers)
    again = await client.post(WEBHOOK_PATH, json=update, headers=headers)
    assert (first.status_code, again.status_code) == (200, 200)
    [inbound] = await inbox.wait()
    await channel.wait_idle()
    assert len(inbox.items) == 1
    assert (inbound.kind, inbound.text, inbound.payload) == (InboundKind.COMMAND, "start", "CODE")


async def test_webhook_unparseable_update_is_acknowledged_counted_and_skipped(
    webhook: tuple[TelegramChannel, Inbox, httpx.AsyncClient], caplog: pytest.LogCaptureFixture
) -> None:
    channel, inbox, client = webhook
    before = channel.unparseable_count
    headers = {SECRET_HEADER: SECRET}
    skipped = await client.post(WEBHOOK_PATH, json=_unreadable(51), headers=headers)
    answered = await client.post(WEBHOOK_PATH, json=_message(52, text="/aide"), headers=headers)
    assert (skipped.status_code, answered.status_code) == (200, 200)
    [inbound] = await inbox.wait()
    assert inbound.message_id == "tg:52"
    assert channel.unparseable_count == before + 1
    assert CANARY not in caplog.text


@pytest.mark.parametrize("headers", [{}, {SECRET_HEADER: "forged"}, {SECRET_HEADER: ""}])
async def test_webhook_without_the_right_secret_is_refused(
    webhook: tuple[TelegramChannel, Inbox, httpx.AsyncClient], headers: dict[str, str]
) -> None:
    channel, inbox, client = webhook
    response = await client.post(WEBHOOK_PATH, json=_message(42, text="x"), headers=headers)
    assert response.status_code == 403
    await channel.wait_idle()
    assert inbox.items == []


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'{"update_id": "x"}', b""])
async def test_webhook_malformed_body_is_400(
    webhook: tuple[TelegramChannel, Inbox, httpx.AsyncClient], body: bytes
) -> None:
    _, inbox, client = webhook
    response = await client.post(WEBHOOK_PATH, content=body, headers={SECRET_HEADER: SECRET})
    assert response.status_code == 400
    assert inbox.items == []


async def test_webhook_unknown_update_kind_is_acknowledged_and_ignored(
    webhook: tuple[TelegramChannel, Inbox, httpx.AsyncClient],
) -> None:
    channel, inbox, client = webhook
    response = await client.post(WEBHOOK_PATH, json={"update_id": 43}, headers={SECRET_HEADER: SECRET})
    assert response.status_code == 200
    await channel.wait_idle()
    assert inbox.items == []


async def test_webhook_mode_requires_a_valid_secret(clock: ManualClock) -> None:
    with pytest.raises(ChannelError, match="WEBHOOK_SECRET"):
        TelegramChannel(
            TOKEN,
            clock=clock,
            webhook_url="https://cadre.example.org/webhooks/telegram",
            secret_token=None,
            server=WebhookServer("127.0.0.1", 0),
        )


async def test_webhook_mode_reports_readiness(webhook_env: WebhookEnv) -> None:
    response = await webhook_env.client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["components"]["telegram"] == "ok"


async def test_menu_with_an_invalid_command_word_is_refused_with_the_fix(
    clock: ManualClock,
) -> None:
    with pytest.raises(ChannelError, match="lowercase"):
        TelegramChannel(TOKEN, clock=clock, menu={"fr": [("/Aide", "Aide")]})


async def test_stop_is_idempotent_and_send_after_stop_is_retryable(
    make_channel: Factory,
) -> None:
    channel = await make_channel()
    await channel.stop()
    await channel.stop()
    with pytest.raises(RetryableSendError, match="not started"):
        await channel.send(_out("x"))


async def test_stop_lets_the_update_in_hand_finish_and_keeps_the_rest_for_the_next_start(
    api: FakeTelegramApi, make_channel: Factory
) -> None:
    started, release = asyncio.Event(), asyncio.Event()
    finished: list[str] = []

    async def slow(inbound: Inbound) -> None:
        started.set()
        await release.wait()
        finished.append(inbound.message_id)

    channel = await make_channel(slow)
    api.queue_update(_message(7, text="x"))
    api.queue_update(_message(8, text="y"))
    await asyncio.wait_for(started.wait(), 2)
    stopping = asyncio.create_task(channel.stop())
    await wait_until(lambda: channel._is_stopping, "the stop under way")
    release.set()
    await asyncio.wait_for(stopping, 2)
    assert finished == ["tg:7"]
    assert api.calls_to("getUpdates")[-1].params["offset"] == 9, "both recorded, so both confirmed"
    await channel.start(slow)  # update 8 waited in the inbox, not at Telegram
    await channel.wait_idle()
    assert finished == ["tg:7", "tg:8"]


async def test_webhook_refuses_a_huge_chunked_body_without_reading_it_all(
    webhook: tuple[TelegramChannel, Inbox, httpx.AsyncClient],
) -> None:
    _, inbox, client = webhook
    port = client.base_url.port
    assert port is not None
    status, sent = await post_chunked_until_answered(
        port, WEBHOOK_PATH, {SECRET_HEADER: SECRET}, total_bytes=16 * 1024 * 1024
    )
    assert status == 413
    assert sent < 4 * 1024 * 1024, f"the server read {sent} bytes before refusing"
    assert inbox.items == []


async def test_liveness_and_readiness_are_distinct(webhook_env: WebhookEnv) -> None:
    alive = await webhook_env.client.get("/healthz")
    ready = await webhook_env.client.get("/readyz")
    assert alive.json() == {"status": "alive"}
    assert ready.json()["components"]["telegram"] == "ok"


# -- no chat blocks another --------------------------------------------------------------


async def test_polling_a_flooding_chat_does_not_hold_up_another(
    api: FakeTelegramApi, make_channel: Factory
) -> None:
    release = asyncio.Event()
    handled: list[Inbound] = []
    other_handled = asyncio.Event()

    async def on_message(inbound: Inbound) -> None:
        if inbound.user.id == str(CHAT):
            await release.wait()  # the flooder's handling is slow
        handled.append(inbound)
        if inbound.user.id == str(OTHER_CHAT):
            other_handled.set()

    for n in range(100, 130):
        api.queue_update(_message(n, text=f"flood {n}"))
    api.queue_update(_message(200, OTHER_CHAT, text="/aide"))
    channel = await make_channel(on_message)
    await asyncio.wait_for(other_handled.wait(), 5)
    assert [i.user.id for i in handled] == [str(OTHER_CHAT)]
    release.set()
    await channel.wait_idle()
    assert [i.text for i in handled if i.user.id == str(CHAT)] == [f"flood {n}" for n in range(100, 130)]


async def test_webhook_a_flooding_chat_does_not_hold_up_another(
    webhook: tuple[TelegramChannel, Inbox, httpx.AsyncClient],
) -> None:
    channel, inbox, client = webhook
    headers = {SECRET_HEADER: SECRET}
    release = inbox.held[str(CHAT)] = asyncio.Event()
    for n in range(300, 320):
        assert (
            await client.post(WEBHOOK_PATH, json=_message(n, text=f"f{n}"), headers=headers)
        ).status_code == 200
    other = await client.post(WEBHOOK_PATH, json=_message(400, OTHER_CHAT, text="/aide"), headers=headers)
    assert other.status_code == 200
    [first] = await inbox.wait(1)
    assert first.user.id == str(OTHER_CHAT)
    release.set()
    await channel.wait_idle()
    assert [i.text for i in inbox.items if i.user.id == str(CHAT)] == [f"f{n}" for n in range(300, 320)]
    inbox.held.clear()


def _caused(exc: TelegramError, cause: BaseException) -> TelegramError:
    exc.__cause__ = cause
    return exc


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (_caused(TimedOut(), httpx.ConnectTimeout("c")), RetryableSendError),
        (_caused(TimedOut(), httpx.PoolTimeout("p")), RetryableSendError),
        (_caused(NetworkError("n"), httpx.ConnectError("c")), RetryableSendError),
        (_caused(TimedOut(), httpx.ReadTimeout("r")), UncertainSendError),
        (_caused(TimedOut(), httpx.WriteTimeout("w")), UncertainSendError),
        (_caused(NetworkError("n"), httpx.RemoteProtocolError("dropped")), UncertainSendError),
        (NetworkError("Bad Gateway"), RetryableSendError),  # Telegram answered: not accepted
    ],
)
async def test_a_send_is_retried_only_when_it_certainly_never_left(
    error: TelegramError, expected: type
) -> None:
    assert type(_send_error(error)) is expected
