"""Every update shape other projects' payloads show, posted over real HTTP to the running channels.

The fixtures in tests/data/payloads/ are re-typed from public sources (their README names
each one): the Bot API's and Meta's references and the test payloads of other libraries.
Cadre is judged on payloads it never saw, so each one goes through `cadre run`'s service as
built for production (a TinyStore, its durable inbox screened before writing), and each must
get what PRODUCT.md and docs/telegram.md / docs/whatsapp.md promise: a text, a command or a
choice reaches the core and is answered; a file, a place or a contact gets the media refusal;
an edit gets the edit notice; a group is told once that the bot works one to one; anything
else (reactions, statuses, service messages, kinds nobody wrote to the bot) is acknowledged
and ignored. Whatever the kind: the expected HTTP status, a delivery again answered nothing
more, the inbox left with nothing pending, no ERROR or traceback in the logs and none of
the words the person wrote (every written field of the fixtures carries "Kanari").
"""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app import Setup, load_setup, open_inbox
from bot.channels.telegram.channel import ALLOWED_UPDATES
from bot.domain import Consent, Inbound, InboundKind, Mentee, UserRef
from bot.runtime.clock import ManualClock
from bot.runtime.environment import RunEnvironment
from bot.runtime.service import Service
from bot.storage import TinyStore
from tests.conftest import REPO, paris
from tests.e2e import clock_sleep, wait_until
from tests.fakes import whatsapp_payloads as wa
from tests.fakes.graph_api import PHONE_NUMBER_ID, TOKEN, FakeGraphApi
from tests.fakes.telegram_api import FakeTelegramApi

PAYLOADS = Path(__file__).resolve().parents[1] / "data" / "payloads"
CANARY = "kanari"
"""In every field a person wrote in the fixtures (texts, captions, names, files, places)."""
TG_SECRET = "payloads-secret"
APP_SECRET = "payloads-app-secret"
TG_MENTEE = "71000001"
WA_MENTEE = "33610000001"
TG_GROUP = "-1001000000010"
NOW = "2026-11-23T10:00"
"""The fixtures' own time (1795424400): Monday, inside the reading window."""


class Gets(Enum):
    """What a payload must get, as the product documents it."""

    TEXT = "reaches the core as text and is answered"
    COMMAND = "reaches the core as a command and is answered"
    CHOICE = "reaches the core as a choice and is answered"
    MEDIA = "the media refusal, once"
    EDITED = "the edit notice, once"
    GROUP = "the one-to-one notice in the group, once"
    TEMPLATE_TAP = "reaches the service as a tap on the template: releases what waits, says nothing"
    IGNORED = "nothing reaches the core, nothing is sent"


KIND_OF = {
    Gets.TEXT: InboundKind.TEXT,
    Gets.COMMAND: InboundKind.COMMAND,
    Gets.CHOICE: InboundKind.CHOICE,
    Gets.MEDIA: InboundKind.MEDIA,
    Gets.EDITED: InboundKind.EDITED,
    Gets.GROUP: InboundKind.MEDIA,
    Gets.TEMPLATE_TAP: InboundKind.CHOICE,
}

TELEGRAM: dict[str, Gets] = {
    "message_text_entities": Gets.TEXT,
    "message_forward_origin_user": Gets.TEXT,
    "message_forward_origin_hidden": Gets.TEXT,
    "message_forward_origin_channel": Gets.TEXT,
    "message_reply_with_quote": Gets.TEXT,
    "message_external_reply": Gets.TEXT,
    "message_via_bot": Gets.TEXT,
    "message_unknown_future_field": Gets.TEXT,
    "message_huge_update_id": Gets.TEXT,
    "message_reply_to_minimal": Gets.TEXT,
    "message_without_date": Gets.TEXT,
    "message_command_start_deeplink": Gets.COMMAND,
    "message_command_with_bot_username": Gets.COMMAND,
    "message_photo_caption": Gets.MEDIA,
    "message_media_group": Gets.MEDIA,
    "message_document_caption": Gets.MEDIA,
    "message_voice": Gets.MEDIA,
    "message_audio": Gets.MEDIA,
    "message_video_caption": Gets.MEDIA,
    "message_video_note": Gets.MEDIA,
    "message_sticker": Gets.MEDIA,
    "message_animation": Gets.MEDIA,
    "message_location": Gets.MEDIA,
    "message_live_location": Gets.MEDIA,
    "message_venue": Gets.MEDIA,
    "message_contact": Gets.MEDIA,
    "message_dice": Gets.MEDIA,
    "message_poll": Gets.MEDIA,
    "message_story": Gets.MEDIA,
    "message_checklist": Gets.MEDIA,
    "edited_message_text": Gets.EDITED,
    "edited_message_caption": Gets.EDITED,
    "callback_query_with_message": Gets.CHOICE,
    "callback_query_inline_message": Gets.CHOICE,
    "callback_query_inaccessible_message": Gets.CHOICE,
    "callback_query_game": Gets.IGNORED,
    "callback_query_numeric_id_no_data": Gets.IGNORED,
    "group_message_text": Gets.GROUP,
    "group_message_from_sender_chat": Gets.GROUP,
    "group_command_legacy_group": Gets.GROUP,
    "group_new_chat_members": Gets.IGNORED,
    "message_web_app_data": Gets.IGNORED,
    "message_users_shared": Gets.IGNORED,
    "message_successful_payment": Gets.IGNORED,
    "channel_post": Gets.IGNORED,
    "edited_channel_post": Gets.IGNORED,
    "my_chat_member_blocked": Gets.IGNORED,
    "chat_member": Gets.IGNORED,
    "chat_join_request": Gets.IGNORED,
    "message_reaction": Gets.IGNORED,
    "message_reaction_count": Gets.IGNORED,
    "poll": Gets.IGNORED,
    "poll_answer": Gets.IGNORED,
    "poll_answer_old_server": Gets.IGNORED,
    "business_connection": Gets.IGNORED,
    "business_message": Gets.IGNORED,
    "edited_business_message": Gets.IGNORED,
    "deleted_business_messages": Gets.IGNORED,
    "inline_query": Gets.IGNORED,
    "chosen_inline_result": Gets.IGNORED,
    "shipping_query": Gets.IGNORED,
    "pre_checkout_query": Gets.IGNORED,
    "purchased_paid_media": Gets.IGNORED,
    "chat_boost": Gets.IGNORED,
    "removed_chat_boost": Gets.IGNORED,
    "unknown_update_type": Gets.IGNORED,
}

WHATSAPP: dict[str, Gets] = {
    "text": Gets.TEXT,
    "text_reply_context": Gets.TEXT,
    "text_forwarded": Gets.TEXT,
    "text_referral_ctwa": Gets.TEXT,
    "text_bsuid_with_phone": Gets.TEXT,
    "text_bsuid_only": Gets.TEXT,
    "numeric_timestamp_and_unknown_fields": Gets.TEXT,
    "text_numeric_from": Gets.TEXT,
    "batched_text_and_reaction": Gets.TEXT,
    "text_command": Gets.COMMAND,
    "interactive_button_reply": Gets.CHOICE,
    "interactive_list_reply": Gets.CHOICE,
    "button_template_quick_reply": Gets.TEMPLATE_TAP,
    "image_caption": Gets.MEDIA,
    "audio": Gets.MEDIA,
    "audio_voice": Gets.MEDIA,
    "video_caption": Gets.MEDIA,
    "document_caption": Gets.MEDIA,
    "sticker_animated": Gets.MEDIA,
    "location": Gets.MEDIA,
    "contacts": Gets.MEDIA,
    "edit_text": Gets.EDITED,
    "reaction": Gets.IGNORED,
    "reaction_removed": Gets.IGNORED,
    "interactive_nfm_reply": Gets.IGNORED,
    "order": Gets.IGNORED,
    "system_user_changed_number": Gets.IGNORED,
    "system_customer_identity_changed": Gets.IGNORED,
    "unsupported_type": Gets.IGNORED,
    "unknown_type_with_errors": Gets.IGNORED,
    "request_welcome": Gets.IGNORED,
    "ephemeral_future_type": Gets.IGNORED,
    "group_text": Gets.IGNORED,
    "revoke": Gets.IGNORED,
    "value_errors_only": Gets.IGNORED,
    "status_sent": Gets.IGNORED,
    "status_delivered": Gets.IGNORED,
    "status_read": Gets.IGNORED,
    "status_failed": Gets.IGNORED,
    "status_failed_undeliverable": Gets.IGNORED,
    "status_bsuid_recipient": Gets.IGNORED,
    "status_deleted_future": Gets.IGNORED,
    "status_batched": Gets.IGNORED,
    "smb_message_echoes": Gets.IGNORED,
    "account_update_field": Gets.IGNORED,
    "template_status_update_field": Gets.IGNORED,
    "other_phone_number_id": Gets.IGNORED,
    "not_whatsapp_object": Gets.IGNORED,
    "empty_entry": Gets.IGNORED,
}


def fixture(platform: str, name: str) -> Any:
    return json.loads((PAYLOADS / platform / f"{name}.json").read_text(encoding="utf-8"))


def updates_of(name: str) -> list[dict[str, Any]]:
    """A Telegram fixture is one update, or the updates of one album in order."""
    data = fixture("telegram", name)
    return data if isinstance(data, list) else [data]


def sent_by_the_person(updates: list[dict[str, Any]]) -> int:
    """How many things the person sent: the items of an album are one."""
    return len(
        {str(update.get("message", {}).get("media_group_id") or update["update_id"]) for update in updates}
    )


def is_polled(name: str) -> bool:
    """Whether getUpdates delivers it: Cadre asks Telegram for ALLOWED_UPDATES only."""
    return all(any(kind in update for kind in ALLOWED_UPDATES) for update in updates_of(name))


def test_every_fixture_has_its_expectation_and_its_source() -> None:
    readme = (PAYLOADS / "README.md").read_text(encoding="utf-8")
    for platform, expected in (("telegram", TELEGRAM), ("whatsapp", WHATSAPP)):
        names = {path.stem for path in (PAYLOADS / platform).glob("*.json")}
        assert names == set(expected), f"{platform}: fixtures and expectations differ"
        for name in names:
            assert f"`{platform}/{name}.json`" in readme, f"{platform}/{name}.json has no source"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Run:
    """One `cadre run` service on a TinyStore, the core's inbounds recorded on the way in."""

    service: Service
    store: TinyStore
    port: int
    inbounds: list[Inbound]

    async def idle(self) -> None:
        for channel in self.service.channels:
            await channel.wait_idle()  # type: ignore[attr-defined]

    async def pending(self) -> int:
        count = 0
        for channel in self.service.channels:
            count += len(await self.service.inbox.pending(channel.name))
        return count


RunFactory = Callable[[RunEnvironment], Awaitable[Run]]


@pytest.fixture(scope="module")
def setup() -> Setup:
    """The shipped configuration, read once: every payload runs on the same."""
    return load_setup(REPO / "config")


@pytest.fixture
async def start_run(setup: Setup, tmp_path: Path) -> AsyncIterator[RunFactory]:
    """Starts the service on an environment, a mentee enrolled on each platform."""
    runs: list[Run] = []

    async def start(env: RunEnvironment) -> Run:
        clock = ManualClock(paris(NOW))
        store = TinyStore(tmp_path / "data")
        consent = Consent(setup.settings.charter.version, clock.now())
        for platform, ident in (("telegram", TG_MENTEE), ("whatsapp", WA_MENTEE)):
            await store.save_mentee(
                Mentee(UserRef(platform, ident), "P-1", "mentor", "fr", clock.now(), consent)
            )
        service = Service(setup, store, clock, env, sleep=clock_sleep(clock), inbox=open_inbox(store, clock))
        await service.start()
        run = Run(service, store, env.http_port, [])
        for channel in service.channels:
            original = channel._on_message  # type: ignore[attr-defined]

            async def recording(inbound: Inbound, original: Any = original) -> None:
                run.inbounds.append(inbound)
                await original(inbound)

            channel._on_message = recording  # type: ignore[attr-defined]
        runs.append(run)
        return run

    yield start
    for run in runs:
        await run.service.stop()
        await run.store.close()


def assert_clean_logs(caplog: pytest.LogCaptureFixture, *secrets: str) -> None:
    """No ERROR, no traceback, none of the person's words or number in any log line."""
    seen = (caplog.text + "".join(str(record.args) for record in caplog.records)).lower()
    errors = [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]
    assert not errors, errors
    assert not any(record.exc_info for record in caplog.records)
    assert "traceback" not in seen
    for secret in (CANARY, *secrets):
        assert secret.lower() not in seen, f"{secret!r} reached the logs"


def assert_core_saw(run: Run, gets: Gets, delivered: int) -> None:
    """The core received `delivered` inbounds of the expected kind, or none when ignored."""
    if gets is Gets.IGNORED:
        assert run.inbounds == [], [inbound.kind for inbound in run.inbounds]
        return
    assert [inbound.kind for inbound in run.inbounds] == [KIND_OF[gets]] * delivered


def assert_answer(gets: Gets, texts: list[str], catalogue: dict[str, str]) -> None:
    """What the person (or the group) was sent for this kind of payload."""
    if gets in (Gets.IGNORED, Gets.TEMPLATE_TAP):  # nothing parked for this person
        assert texts == [], texts
    elif gets in (Gets.MEDIA, Gets.EDITED, Gets.GROUP):
        key = {Gets.MEDIA: "media_refused", Gets.EDITED: "edited_ignored", Gets.GROUP: "group_refused"}[gets]
        assert [text for text in texts if text == catalogue[key]] == [catalogue[key]], texts
    else:
        assert texts, "answered"


def catalogue_of(setup: Setup) -> dict[str, str]:
    return {
        key: setup.catalogue.text(f"core.{key}", "fr")
        for key in ("media_refused", "edited_ignored", "group_refused")
    }


# -- Telegram ------------------------------------------------------------------------------


def telegram_texts(api: FakeTelegramApi, chat: str) -> list[str]:
    return [
        str(c.params.get("text", "")) for c in api.calls_to("sendMessage") if str(c.params["chat_id"]) == chat
    ]


def telegram_chat(gets: Gets) -> str:
    return TG_GROUP if gets is Gets.GROUP else TG_MENTEE


async def post_telegram(port: int, update: dict[str, Any]) -> int:
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TG_SECRET}
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"http://127.0.0.1:{port}/webhooks/telegram", content=json.dumps(update), headers=headers
        )
    return response.status_code


@pytest.mark.parametrize("name", sorted(TELEGRAM))
async def test_telegram_webhook_payload(
    name: str,
    fake_telegram: FakeTelegramApi,
    start_run: RunFactory,
    setup: Setup,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    gets, updates = TELEGRAM[name], updates_of(name)
    port = _free_port()
    env = RunEnvironment(
        http_port=port,
        telegram_token=fake_telegram.token,
        telegram_base_url=fake_telegram.base_url,
        telegram_webhook_url=f"http://127.0.0.1:{port}/webhooks/telegram",
        telegram_webhook_secret=TG_SECRET,
    )
    run = await start_run(env)
    for update in updates:
        assert await post_telegram(port, update) == 200
    await run.idle()
    texts = telegram_texts(fake_telegram, telegram_chat(gets))
    for update in updates:  # delivered again: recognised, answered nothing more
        assert await post_telegram(port, update) == 200
    await run.idle()
    assert telegram_texts(fake_telegram, telegram_chat(gets)) == texts
    assert_core_saw(run, gets, sent_by_the_person(updates))
    assert_answer(gets, texts, catalogue_of(setup))
    assert_callbacks_answered(fake_telegram, updates)
    assert await run.pending() == 0
    assert_clean_logs(caplog)


def assert_callbacks_answered(api: FakeTelegramApi, updates: list[dict[str, Any]]) -> None:
    """A button press is answered (its spinner stops), with or without a message under it."""
    queries = [str(update["callback_query"]["id"]) for update in updates if "callback_query" in update]
    answered = [str(call.params.get("callback_query_id")) for call in api.calls_to("answerCallbackQuery")]
    assert answered == queries


@pytest.mark.parametrize("name", sorted(name for name in TELEGRAM if is_polled(name)))
async def test_telegram_polled_payload(
    name: str,
    fake_telegram: FakeTelegramApi,
    start_run: RunFactory,
    setup: Setup,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    gets, updates = TELEGRAM[name], updates_of(name)
    env = RunEnvironment(
        http_port=_free_port(), telegram_token=fake_telegram.token, telegram_base_url=fake_telegram.base_url
    )
    run = await start_run(env)
    last = updates[-1]["update_id"]

    def confirmed() -> bool:  # Telegram was told the update is kept (the next offset)
        return any(int(c.params.get("offset") or 0) > last for c in fake_telegram.calls_to("getUpdates"))

    for update in updates:
        fake_telegram.queue_update(update)
    await wait_until(confirmed, f"update {last} confirmed")
    await run.idle()
    texts = telegram_texts(fake_telegram, telegram_chat(gets))
    assert_core_saw(run, gets, sent_by_the_person(updates))
    assert_answer(gets, texts, catalogue_of(setup))
    assert_callbacks_answered(fake_telegram, updates)
    assert await run.pending() == 0
    assert_clean_logs(caplog)


# -- WhatsApp ------------------------------------------------------------------------------


def whatsapp_texts(graph: FakeGraphApi, who: str) -> list[str]:
    texts: list[str] = []
    for message in graph.messages:
        if who not in (message.get("to"), message.get("recipient")):
            continue
        if message.get("type") == "text":
            texts.append(str(message["text"]["body"]))
        elif message.get("type") == "interactive":
            texts.append(str(message["interactive"]["body"]["text"]))
        else:
            texts.append(f"<{message.get('type')}>")
    return texts


def whatsapp_sender(body: dict[str, Any]) -> str:
    """Who wrote: the first message's phone number, else its business-scoped user id."""
    for entry in body.get("entry", []):
        for change in entry.get("changes", []):
            for message in change.get("value", {}).get("messages", []):
                return str(message.get("from") or message.get("from_user_id"))
    return WA_MENTEE


async def post_whatsapp(port: int, body: bytes) -> int:
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": wa.sign(body, APP_SECRET)}
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"http://127.0.0.1:{port}/webhooks/whatsapp", content=body, headers=headers
        )
    return response.status_code


@pytest.mark.parametrize("name", sorted(WHATSAPP))
async def test_whatsapp_payload(
    name: str, fake_graph: FakeGraphApi, start_run: RunFactory, setup: Setup, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    gets, data = WHATSAPP[name], fixture("whatsapp", name)
    env = RunEnvironment(
        http_port=_free_port(),
        whatsapp_token=TOKEN,
        whatsapp_phone_number_id=PHONE_NUMBER_ID,
        whatsapp_app_secret=APP_SECRET,
        whatsapp_verify_token="verify",
        whatsapp_api_base_url=fake_graph.base_url,
    )
    run = await start_run(env)
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    assert await post_whatsapp(run.port, body) == 200
    await run.idle()
    who = whatsapp_sender(data)
    texts = whatsapp_texts(fake_graph, who)
    assert await post_whatsapp(run.port, body) == 200  # Meta retries: recognised, nothing more
    await run.idle()
    assert whatsapp_texts(fake_graph, who) == texts
    assert_core_saw(run, gets, 1)
    assert_answer(gets, texts, catalogue_of(setup))
    assert await run.pending() == 0
    assert_clean_logs(caplog, WA_MENTEE, WA_MENTEE[-9:])
