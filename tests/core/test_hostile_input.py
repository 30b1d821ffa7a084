"""Hostile and odd input, property-based: the engine and the channel parsers never crash.

Mentees are people under stress on a phone: empty sends, pasted 100 KB documents, control
characters, right-to-left marks, emoji sequences, and platforms that hand over lone UTF-16
surrogates. Webhooks are the open internet. Whatever arrives, the engine answers or
refuses clearly, stores an answer only once it passed the step's checks and screening (the
real ScreeningEngine here), and keeps nothing about someone it does not know.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from telegram import Update

from bot.app import Setup, build_engine, build_screener, load_setup
from bot.channels.http_server import WebhookServer
from bot.channels.telegram.render import translate
from bot.channels.whatsapp.channel import MAX_BODY_BYTES, WEBHOOK_PATH, WhatsAppChannel
from bot.channels.whatsapp.webhook import MalformedPayloadError, parse_payload
from bot.config.flows import REVIEW
from bot.core.flow.machine import EDIT_STEP, SEND, STEP_CHOICE
from bot.core.router import Router
from bot.domain import Consent, Inbound, InboundKind, Mentee, Outbound, UserRef
from bot.domain.text import has_words, printable
from bot.ports import Screener
from bot.runtime.clock import ManualClock
from bot.storage import TinyStore
from bot.storage.tiny import person_name
from tests.conftest import REPO, paris
from tests.fakes import whatsapp_payloads as wa
from tests.fakes.graph_api import PHONE_NUMBER_ID, TOKEN

FAST = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
APP_SECRET = "hostile-secret"

# --------------------------------------------------------------------------- strategies
ODD_PIECES = [
    "",
    " ",
    "\t\n \u00a0\u2003",
    "\x00",
    "a\x00b",
    "\x07\x1b[31m\x7f",
    "\u202eevil\u202c",
    "\u200f\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",
    "e\u0301\u0301\u0301\u0301",
    "Z\u0351\u0352\u0353\u0354\u0355\u0356",
    "👩\u200d👩\u200d👧\u200d👦",
    "🏳️\u200d🌈",
    "\ufeff",
    "\ud800",
    "a\udfffb",
    "\udbff\udc00",
    "\u2028\u2029",
    "%s %d {0} {ref}",
    "<b>x</b>",
    "/",
    "//",
    "/nouvelle",
    "CANARY",
    "J'accepte",
    "1",
    "99",
    "-1",
]
pieces = st.one_of(
    st.sampled_from(ODD_PIECES), st.text(max_size=40), st.text(st.characters(codec="utf-8"), max_size=40)
)
hostile_text = st.one_of(
    st.lists(pieces, max_size=8).map("".join),
    st.builds(
        lambda unit, n: unit * n,
        st.sampled_from(["x", "é ", "😀", "\x00", "ab\udc80"]),
        st.sampled_from([2_001, 30_000, 100_000]),
    ),
    st.builds(lambda text: "Situation difficile avec mon équipe : " + text, st.text(max_size=200)),
)
forged_payloads = st.one_of(
    st.sampled_from(
        [
            "",
            "consent:accept",
            "consent:refuse",
            "review:edit",
            "review:cancel",
            "screen:use",
            "screen:rewrite",
            "pick:",
            "pick:nothing",
            "edit:",
            "edit:nope",
            "mentor:answer:ABCD",
            "mentor:close:ABCD",
            "../../etc/passwd",
            "\x00",
        ]
    ),
    hostile_text,
)


# --------------------------------------------------------------------------- the engine
@dataclass
class World:
    setup: Setup
    store: TinyStore
    engine: Router
    clock: ManualClock
    screener: Screener
    users: Iterator[int]

    def user(self) -> UserRef:
        return UserRef("whatsapp", f"33699{next(self.users):06d}")

    async def handle(
        self, user: UserRef, kind: InboundKind, text: str = "", payload: str = ""
    ) -> list[Outbound]:
        inbound = Inbound(user, f"in:{next(self.users)}", kind, self.clock.now(), text, payload)
        return await self.engine.handle(inbound)

    async def mentee_at(self, step: str) -> UserRef:
        """A consented mentee whose draft waits at `step` (earlier steps answered)."""
        user = self.user()
        await self.store.save_mentee(
            Mentee(
                user=user,
                alias="H",
                mentor="mentor",
                locale="fr",
                enrolled_at=self.clock.now(),
                consent=Consent("1", self.clock.now()),
            )
        )
        await self.handle(user, InboundKind.COMMAND, "nouvelle")
        script = {
            "context": "Deux collaborateurs ne se parlent plus depuis la réorganisation.",
            "stake": "La confiance de l'équipe et les délais.",
            "tried": "Une réunion commune, sans effet.",
            "question": "Comment rétablir un dialogue minimal sans prendre parti ?",
        }
        for step_id, text in script.items():
            if step_id == step:
                return user
            await self.handle(user, InboundKind.TEXT, text)
        if step == "theme":
            return user
        await self.handle(user, InboundKind.CHOICE, payload=STEP_CHOICE + "team")
        assert step == REVIEW
        return user

    async def draft_answers(self, user: UserRef) -> tuple[Any, ...]:
        conversation = await self.store.get_conversation(user)
        assert conversation is not None and conversation.draft is not None
        return conversation.draft.answers


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(REPO / "config", root / "config")
    shutil.copytree(REPO / "flows", root / "flows")
    setup = load_setup(root / "config")
    clock = ManualClock(paris("2026-11-23T10:00"))
    screener = build_screener(setup.settings)
    with TinyStore(root / "data") as store:
        engine = build_engine(setup, store=store, clock=clock, screener=screener)
        yield World(setup, store, engine, clock, screener, itertools.count())


_SURROGATE_TRACES = re.compile("[\ud800-\udfff\ufffd?\U00010000-\U0010ffff]")


def without_surrogates(text: str) -> str:
    """The text minus what a lone surrogate may become on its way to disk.

    Depending on the layer that cleans it, a lone surrogate is kept as a JSON escape, joined
    with its other half into one astral character, or replaced by U+FFFD or "?": everything
    else must be kept exactly.
    """
    return _SURROGATE_TRACES.sub("", text)


def assert_clear_answer(outs: list[Outbound], user: UserRef) -> None:
    assert outs, "the mentee got no answer at all"
    assert all(o.to == user and o.text.strip() for o in outs)


@FAST
@given(text=hostile_text)
async def test_any_answer_is_taken_or_refused_and_only_clean_text_is_kept(world: World, text: str) -> None:
    user = await world.mentee_at("context")
    outs = await world.handle(user, InboundKind.TEXT, text)
    assert_clear_answer(outs, user)
    conversation = await world.store.get_conversation(user)  # read back from disk
    assert conversation is not None and conversation.draft is not None
    stored = conversation.draft.answer("context")
    if stored is not None:
        assert without_surrogates(stored) == without_surrogates(printable(text).strip())
        assert has_words(stored)
        assert 30 <= len(stored) <= 2000
        assert world.screener.screen(stored) == []
    else:
        assert conversation.draft.answers == ()
    if conversation.draft.suggestion is not None:
        assert world.screener.screen(conversation.draft.suggestion) == []


async def test_an_answer_reaches_the_draft_without_escapes_controls_or_bidi_overrides(world: World) -> None:
    user = await world.mentee_at("context")
    typed = "Deux collaborateurs\x07\x1b[31m ne se parlent plus\x00 depuis la réorganisation\u200b\u202e."
    outs = await world.handle(user, InboundKind.TEXT, typed)
    assert outs[-1].text.startswith("2/4")
    answers = await world.draft_answers(user)
    # Zero-width characters stay: the screening undoes them and maps findings back onto them.
    assert answers[-1].text == "Deux collaborateurs ne se parlent plus depuis la réorganisation\u200b."


async def test_emoji_without_words_do_not_meet_a_minimum_length(world: World) -> None:
    user = await world.mentee_at("context")
    outs = await world.handle(user, InboundKind.TEXT, "😤" * 31)
    assert outs[-1].text.startswith("Votre mentor a besoin de mots pour comprendre")
    assert await world.draft_answers(user) == ()


@FAST
@given(kind=st.sampled_from(list(InboundKind)), text=hostile_text, payload=forged_payloads)
async def test_a_stranger_is_refused_and_nothing_is_kept(
    world: World, kind: InboundKind, text: str, payload: str
) -> None:
    user = world.user()
    outs = await world.handle(user, kind, text, payload)
    assert_clear_answer(outs, user)
    assert await world.store.get_mentee(user) is None
    assert await world.store.get_conversation(user) is None
    assert not (world.store.root / "people" / f"{person_name(user.key)}.json").exists()


@FAST
@given(
    word=st.one_of(st.text(min_size=1, max_size=30), st.sampled_from(["x" * 5000, "\x00", "😀"])),
    argument=hostile_text,
)
async def test_unknown_commands_get_an_answer(world: World, word: str, argument: str) -> None:
    user = await world.mentee_at("stake")
    before = await world.draft_answers(user)
    outs = await world.handle(user, InboundKind.COMMAND, word, argument)
    assert_clear_answer(outs, user)
    conversation = await world.store.get_conversation(user)
    if conversation is not None and conversation.draft is not None:
        assert conversation.draft.answers == before, "a command slipped an answer in"


@FAST
@given(step=st.sampled_from(["context", "theme", REVIEW]), payload=forged_payloads)
async def test_forged_choices_change_nothing(world: World, step: str, payload: str) -> None:
    flow = world.setup.flows["question"]
    legit = {STEP_CHOICE + c.value for s in flow.steps for c in s.choices} if step == "theme" else set()
    if step == REVIEW:
        legit = {SEND, "review:cancel", "review:edit"} | {EDIT_STEP + s.id for s in flow.steps}
    assume(payload not in legit)
    user = await world.mentee_at(step)
    before = await world.draft_answers(user)
    outs = await world.handle(user, InboundKind.CHOICE, "", payload)
    assert_clear_answer(outs, user)
    assert await world.draft_answers(user) == before
    assert await world.store.items_of(user) == []


# --------------------------------------------------------------------------- WhatsApp
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), hostile_text),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "object",
                    "entry",
                    "changes",
                    "value",
                    "messages",
                    "statuses",
                    "metadata",
                    "phone_number_id",
                    "from",
                    "id",
                    "type",
                    "text",
                    "body",
                    "interactive",
                    "button_reply",
                    "timestamp",
                    "context",
                    "errors",
                    "code",
                    "status",
                ]
            ),
            inner,
            max_size=5,
        ),
    ),
    max_leaves=30,
)


@FAST
@given(
    data=json_values,
    body=hostile_text,
    kind=st.sampled_from(
        ["text", "interactive", "button", "image", "audio", "reaction", "unsupported", "", "order"]
    ),
)
def test_whatsapp_payloads_are_read_or_refused(data: object, body: str, kind: str) -> None:
    now_at = datetime(2026, 11, 23, 9, tzinfo=UTC)
    shaped = wa.messages(
        {
            "from": "33611",
            "id": "wamid.X",
            "timestamp": body,
            "type": kind,
            kind: {"body": body, "type": body, "button_reply": data},
            "text": data,
        }
    )
    for payload in (data, shaped, {"object": "whatsapp_business_account", "entry": data}):
        try:
            batch = parse_payload(payload, phone_number_id=PHONE_NUMBER_ID, now_at=now_at)
        except MalformedPayloadError:
            continue
        for event in batch.events:
            inbound = getattr(event, "inbound", None)
            if inbound is not None:
                assert isinstance(inbound.text, str) and isinstance(inbound.payload, str)
                assert inbound.received_at <= now_at


@dataclass
class Webhook:
    client: httpx.AsyncClient
    channel: WhatsAppChannel
    world: World
    said: list[Outbound]

    async def post(self, body: bytes) -> int:
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": wa.sign(body, APP_SECRET)}
        response = await self.client.post(WEBHOOK_PATH, content=body, headers=headers)
        await self.channel.wait_idle()
        return response.status_code


@pytest.fixture
async def webhook(world: World) -> AsyncIterator[Webhook]:
    server = WebhookServer("127.0.0.1", 0)
    channel = WhatsAppChannel(
        token=TOKEN,
        phone_number_id=PHONE_NUMBER_ID,
        app_secret=APP_SECRET,
        verify_token="v",
        server=server,
        clock=world.clock,
        marks=world.store,
        api_base_url="http://127.0.0.1:9",
    )
    said: list[Outbound] = []

    async def on_message(inbound: Inbound) -> None:
        said.extend(await world.engine.handle(inbound))

    await channel.start(on_message)
    transport = httpx.ASGITransport(app=server.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://cadre.test") as client:
        yield Webhook(client, channel, world, said)
    await channel.stop()


def _surrogate_text_body() -> bytes:
    payload = wa.messages(wa.text("33612", "x", at=paris("2026-11-23T10:00")))
    return json.dumps(payload).replace('"body": "x"', '"body": "a\\ud800b\\udfff"').encode()


@pytest.mark.parametrize(
    ("name", "body", "expected"),
    [
        ("invalid utf-8", b'{"object": "whatsapp_business_account", "entry": [\xff\xfe]}', 400),
        ("truncated json", b'{"object": "whatsapp_business_account", "entry": [', 400),
        ("not json", b"<html>502 Bad Gateway</html>", 400),
        ("empty", b"", 400),
        ("a json string", b'"entry"', 400),
        ("deeply nested lists", b"[" * 200_000 + b"]" * 200_000, 400),
        ("deeply nested objects", b'{"a":' * 50_000 + b"1" + b"}" * 50_000, 400),
        ("unknown object", b'{"object": "page", "entry": []}', 200),
        ("entry of the wrong type", b'{"object": "whatsapp_business_account", "entry": {"x": 1}}', 400),
        ("nul and surrogates in a text", _surrogate_text_body(), 200),
        ("over the size limit", b" " * (MAX_BODY_BYTES + 1), 413),
    ],
)
async def test_webhook_bodies_are_refused_or_read_never_a_crash(
    webhook: Webhook, name: str, body: bytes, expected: int
) -> None:
    assert await webhook.post(body) == expected, name
    for outbound in webhook.said:  # unknown numbers: refused, kept nowhere
        assert outbound.text.strip()
        assert await webhook.world.store.get_mentee(outbound.to) is None


async def test_a_huge_batched_webhook_from_strangers_keeps_nothing(webhook: Webhook) -> None:
    at = paris("2026-11-23T10:00")
    senders = [f"3361{n:07d}" for n in range(300)]
    texts = [wa.text(s, ODD_PIECES[n % len(ODD_PIECES)] or "?", at=at) for n, s in enumerate(senders)]
    # ASCII-escaped JSON, as Meta sends it: lone surrogates travel as \\udXXX escapes.
    body = json.dumps(wa.messages(*texts, *(wa.media(s, "image", at=at) for s in senders[:50])))
    body_bytes = body.encode("ascii")
    assert await webhook.post(body_bytes) == 200
    users = {UserRef("whatsapp", s) for s in senders}
    assert {o.to for o in webhook.said} == users, "every stranger got one clear refusal"
    for user in users:
        person = await webhook.world.store.get_person(user)
        assert person.mentee is None and person.conversation is None


# --------------------------------------------------------------------------- Telegram
def _tg_message(text: str, chat_type: str, extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "message_id": 7,
        "date": 1_790_000_000,
        "chat": {"id": 4242, "type": chat_type},
        "from": {"id": 4242, "is_bot": False, "first_name": "M", "language_code": "xx-ZZ"},
        "text": text,
        **extra,
    }


@FAST
@given(
    text=hostile_text,
    chat_type=st.sampled_from(["private", "group", "supergroup", "channel"]),
    field=st.sampled_from(
        [
            "message",
            "edited_message",
            "callback_query",
            "brand_new_kind",
            "message_reaction",
            "business_message",
        ]
    ),
    extra=st.dictionaries(
        st.sampled_from(["caption", "photo", "dice", "reply_to_message", "unknown_field"]),
        st.just({}),
        max_size=2,
    ),
)
def test_telegram_updates_translate_or_are_ignored(
    text: str, chat_type: str, field: str, extra: dict[str, Any]
) -> None:
    message = _tg_message(text, chat_type, {})
    body: dict[str, Any] = {"update_id": 11}
    if field == "callback_query":
        body[field] = {
            "id": "q",
            "from": message["from"],
            "chat_instance": "c",
            "data": text,
            "message": message,
        }
    elif field in ("message", "edited_message"):
        body[field] = {**message, **{k: v for k, v in extra.items() if k == "unknown_field"}}
    else:
        body[field] = {"anything": text}
    try:
        update = Update.de_json(body, None)
    except (TypeError, KeyError, ValueError):
        # PTB refuses a known kind with missing fields; the webhook answers 400 (see
        # TelegramChannel), polling never hands it over. Unknown kinds must parse.
        assert field in ("message_reaction", "business_message")
        return
    assert update is not None
    translation = translate(update, datetime(2026, 11, 23, 9, tzinfo=UTC))
    if translation.inbound is None:
        assert translation.ignored
    else:
        assert translation.inbound.user == UserRef("telegram", "4242")
        assert translation.inbound.message_id == "tg:11"
