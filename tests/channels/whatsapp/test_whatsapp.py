"""WhatsAppChannel over real HTTP on 127.0.0.1: the fake Graph API and the shared webhook server.

The real heyoo (requests, in a thread) and httpx do the HTTP; only Meta is fake. Webhooks are
real-format bodies (tests/fakes/whatsapp_payloads.py) posted with a real HMAC signature.
Time is the shared ManualClock; nothing sleeps.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import heyoo
import httpx
import pytest

from bot.channels.http_server import WebhookServer
from bot.channels.whatsapp.channel import PEOPLE_AT_ONCE, WEBHOOK_PATH, WhatsAppChannel
from bot.channels.whatsapp.render import DEFAULT_API_BASE_URL
from bot.delivery.outbox import Outbox
from bot.domain import Attachment, Choice, Inbound, InboundKind, Outbound, OutboxStatus, UserRef
from bot.errors import (
    ChannelError,
    FinalSendError,
    RetryableSendError,
    ServiceWindowClosedError,
    UncertainSendError,
)
from bot.runtime.clock import ManualClock
from bot.storage import MemoryStore
from bot.storage.tiny.inbox import TinyInbox
from tests.e2e import post_chunked_until_answered
from tests.fakes import whatsapp_payloads as wa
from tests.fakes.graph_api import PHONE_NUMBER_ID, TOKEN, FakeGraphApi

APP_SECRET = "app-secret-for-tests"
VERIFY_TOKEN = "verify-me-please"
USER = "33612345678"
OTHER = "33798765432"
CANARY = "CANARY-Dupont-7f3a"


# -- fixtures ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond conftest's connect guard: no name resolution off loopback either."""
    real = socket.getaddrinfo

    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in (None, "127.0.0.1", "localhost", "::1", b"127.0.0.1"):
            raise socket.gaierror(f"test tried to resolve {host!r}")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)


V = TypeVar("V")


class MemoryMarks:
    """The MarkStore slice of the Store, in memory, with its windows open to inspection."""

    def __init__(self) -> None:
        self.values: dict[str, datetime] = {}
        self.links: dict[str, str] = {}

    async def digest_slot(self, mentor_id: str) -> datetime | None:
        return None

    async def set_digest_slot(self, mentor_id: str, slot_at: datetime) -> None:
        raise AssertionError("a channel never records digest slots")

    async def claim_digest_slot(self, mentor_id: str, slot_at: datetime, now_at: datetime) -> bool:
        raise AssertionError("a channel never claims digest slots")

    async def claim_run(self, job: str, slot_at: datetime, now_at: datetime) -> bool:
        raise AssertionError("a channel never claims scheduled runs")

    async def finish_run(self, job: str, slot_at: datetime) -> None:
        raise AssertionError("a channel never finishes scheduled runs")

    async def prune_runs(self, before_at: datetime) -> int:
        raise AssertionError("a channel never prunes scheduled runs")

    async def last_inbound(self, window: str) -> datetime | None:
        return self.values.get(window)

    async def set_last_inbound(self, window: str, at: datetime | None) -> None:
        _put(self.values, window, at)

    async def identity_link(self, key: str) -> str | None:
        return self.links.get(key)

    async def set_identity_link(self, key: str, identity: str | None) -> None:
        _put(self.links, key, identity)


def _put(values: dict[str, V], key: str, value: V | None) -> None:
    """Store `value` under `key`; None forgets the key."""
    if value is None:
        values.pop(key, None)
    else:
        values[key] = value


@dataclass
class Harness:
    channel: WhatsAppChannel
    server: WebhookServer
    graph: FakeGraphApi
    clock: ManualClock
    marks: MemoryMarks
    inbox: list[Inbound] = field(default_factory=list)
    statuses: list[tuple[str, str]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}{WEBHOOK_PATH}"

    async def post(
        self, payload: dict[str, Any] | bytes, *, signature: str | None = "good"
    ) -> httpx.Response:
        body = payload if isinstance(payload, bytes) else wa.encode(payload)
        headers = {"Content-Type": "application/json"}
        if signature == "good":
            headers["X-Hub-Signature-256"] = wa.sign(body, APP_SECRET)
        elif signature is not None:
            headers["X-Hub-Signature-256"] = signature
        raw = [(k.encode(), v.encode("latin-1")) for k, v in headers.items()]
        async with httpx.AsyncClient() as client:
            response = await client.post(self.url, content=body, headers=raw)
        await self.channel.wait_idle()
        return response

    async def deliver(self, *messages: dict[str, Any]) -> list[Inbound]:
        before = len(self.inbox)
        response = await self.post(wa.messages(*messages))
        assert response.status_code == 200
        return self.inbox[before:]


@pytest.fixture
async def harness(graph: FakeGraphApi, clock: ManualClock) -> AsyncIterator[Harness]:
    server = WebhookServer("127.0.0.1", 0)
    marks = MemoryMarks()
    channel = whatsapp_channel(server, clock, marks, graph.base_url, send_timeout_s=5)
    h = Harness(channel, server, graph, clock, marks)

    async def on_message(inbound: Inbound) -> None:
        h.inbox.append(inbound)

    async def on_status(channel_name: str, message_id: str, state: str) -> None:
        assert channel_name == "whatsapp"
        h.statuses.append((message_id, state))

    await channel.start(on_message, on_status)
    await server.start()
    yield h
    await channel.stop()
    await asyncio.gather(server.stop(), graph.stop())  # each uvicorn takes ~0.2 s to stop


def whatsapp_channel(
    server: WebhookServer,
    clock: ManualClock,
    marks: MemoryMarks,
    api_base_url: str = DEFAULT_API_BASE_URL,
    **kwargs: Any,
) -> WhatsAppChannel:
    """The channel with this module's credentials, on a given server and Graph API base."""
    return WhatsAppChannel(
        token=TOKEN,
        phone_number_id=PHONE_NUMBER_ID,
        app_secret=APP_SECRET,
        verify_token=VERIFY_TOKEN,
        server=server,
        clock=clock,
        marks=marks,
        api_base_url=api_base_url,
        **kwargs,
    )


def channel_to_hung(h: Harness, graph: asyncio.Server) -> WhatsAppChannel:
    """A channel whose Graph API is `graph`, a local server that never answers in time."""
    port = graph.sockets[0].getsockname()[1]
    return whatsapp_channel(
        WebhookServer("127.0.0.1", 0), h.clock, h.marks, f"http://127.0.0.1:{port}/v23.0", send_timeout_s=0.3
    )


def out(text: str, to: str = USER, **kwargs: Any) -> Outbound:
    return Outbound(to=UserRef("whatsapp", to), text=text, key=f"k-{text[:10]}", **kwargs)


async def open_window(h: Harness, wa_id: str = USER) -> None:
    """The user writes, which opens their 24-hour window."""
    await h.deliver(wa.text(wa_id, "bonjour", at=h.clock.now()))


# -- webhook verification and signatures ------------------------------------------------


async def test_verification_handshake_echoes_the_challenge(harness: Harness) -> None:
    params = {
        "hub.mode": "subscribe",
        "hub.verify_token": VERIFY_TOKEN,
        "hub.challenge": "1158201444",
    }
    async with httpx.AsyncClient() as client:
        response = await client.get(harness.url, params=params)
    assert response.status_code == 200
    assert response.text == "1158201444"
    assert response.headers["content-type"].startswith("text/plain")


FORGED_HANDSHAKES = [
    {"hub.mode": "subscribe", "hub.verify_token": "forged", "hub.challenge": "1"},
    {"hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1"},
    {"hub.mode": "subscribe", "hub.challenge": "1"},
    {"hub.mode": "subscribe", "hub.verify_token": "vérifié", "hub.challenge": "1"},
    {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN + "x", "hub.challenge": "1"},
]


async def test_forged_handshakes_are_forbidden(harness: Harness) -> None:
    # One server for every case: each uvicorn start/stop costs ~0.2 s.
    async with httpx.AsyncClient() as client:
        for params in FORGED_HANDSHAKES:
            response = await client.get(harness.url, params=params)
            assert response.status_code == 403, params
            assert "1" not in response.text


async def test_signed_post_is_delivered_as_text(harness: Harness) -> None:
    message = wa.text(USER, "Bonjour, j'ai une question")
    [inbound] = await harness.deliver(message)
    assert inbound == Inbound(
        user=UserRef("whatsapp", USER),
        message_id=f"wa:{message['id']}",
        kind=InboundKind.TEXT,
        received_at=wa.DEFAULT_AT,
        text="Bonjour, j'ai une question",
    )


BAD_SIGNATURES = [None, "", "sha256=" + "0" * 64, "sha1=abc", "sha256=\xe9", "garbage"]


async def test_forged_or_unsigned_posts_are_refused_and_nothing_delivered(
    harness: Harness,
) -> None:
    for signature in BAD_SIGNATURES:
        response = await harness.post(wa.messages(wa.text(USER, "hello")), signature=signature)
        assert response.status_code == 403, signature
    assert harness.inbox == []
    assert harness.marks.values == {}


async def test_signature_of_another_body_is_refused(harness: Harness) -> None:
    body = wa.encode(wa.messages(wa.text(USER, "hello")))
    other = wa.encode(wa.messages(wa.text(USER, "hellO")))
    response = await harness.post(body, signature=wa.sign(other, APP_SECRET))
    assert response.status_code == 403
    assert harness.inbox == []


MALFORMED_BODIES = [
    b"{not json",
    b"\xff\xfe\x00garbage",
    '{"object": "whatsapp_business_account", "x": "\u00e9"}'.encode("latin-1"),
    b'{"entry": "nope"}',
    b"[1, 2]",
    b"",
    b"[" * 100_000,
]


async def test_malformed_bodies_are_400_never_a_crash(harness: Harness) -> None:
    for body in MALFORMED_BODIES:
        response = await harness.post(body)
        assert response.status_code == 400, body[:20]
    assert harness.inbox == []
    # still serving afterwards
    assert (await harness.deliver(wa.text(USER, "encore là ?")))[0].text == "encore là ?"


async def test_odd_but_valid_envelopes_are_acknowledged_and_skipped(harness: Harness) -> None:
    odd = {
        "object": "whatsapp_business_account",
        "entry": [
            {"changes": [{"value": "x"}, 3, {"value": {"messages": [{"type": "text"}, 7]}}]},
            None,
        ],
    }
    assert (await harness.post(odd)).status_code == 200
    assert (await harness.post({"object": "page", "entry": []})).status_code == 200
    other_number = wa.messages(wa.text(USER, "pour un autre numéro"), phone_number_id="999")
    assert (await harness.post(other_number)).status_code == 200
    assert harness.inbox == []


async def test_post_before_start_asks_meta_to_retry(graph: FakeGraphApi, clock: ManualClock) -> None:
    server = WebhookServer("127.0.0.1", 0)
    whatsapp_channel(server, clock, MemoryMarks(), graph.base_url)
    await server.start()
    try:
        body = wa.encode(wa.messages(wa.text(USER, "tôt")))
        async with httpx.AsyncClient() as client:
            response = await client.post(
                f"http://127.0.0.1:{server.port}{WEBHOOK_PATH}",
                content=body,
                headers={"X-Hub-Signature-256": wa.sign(body, APP_SECRET)},
            )
        assert response.status_code == 503
    finally:
        await server.stop()


# -- translation ------------------------------------------------------------------------


async def test_duplicate_delivery_reaches_the_core_once(harness: Harness) -> None:
    payload = wa.messages(wa.text(USER, "une fois"))
    for _ in range(3):
        assert (await harness.post(payload)).status_code == 200
    assert len(harness.inbox) == 1


async def test_batched_payload_is_delivered_in_order_per_person(harness: Harness) -> None:
    m = [
        wa.text(USER, "un"),
        wa.text(OTHER, "deux"),
        wa.text(USER, "trois"),
        wa.text(OTHER, "quatre"),
    ]
    payload = wa.webhook([wa.change(m[:2])], [wa.change(m[2:])])
    assert (await harness.post(payload)).status_code == 200
    assert [i.text for i in harness.inbox if i.user.id == USER] == ["un", "trois"]
    assert [i.text for i in harness.inbox if i.user.id == OTHER] == ["deux", "quatre"]
    assert sorted(i.message_id for i in harness.inbox) == sorted(f"wa:{x['id']}" for x in m)


async def test_several_changes_per_entry_with_messages_and_statuses(harness: Harness) -> None:
    payload = wa.webhook(
        [
            wa.change([wa.text(USER, "a"), wa.text(USER, "b")]),
            wa.change(statuses=[wa.status("wamid.X1", "sent", USER)]),
            wa.change([wa.text(OTHER, "c")]),
        ]
    )
    await harness.post(payload)
    by_person = {who: [i.text for i in harness.inbox if i.user.id == who] for who in (USER, OTHER)}
    assert by_person == {USER: ["a", "b"], OTHER: ["c"]}, "in order per person, different people apart"
    assert harness.statuses == [("wamid.X1", "sent")]


async def test_commands(harness: Harness) -> None:
    got = await harness.deliver(
        wa.text(USER, "/Start ABC-123"),
        wa.text(USER, "/aide"),
        wa.text(USER, "/"),
        wa.text(USER, "/ pas une commande"),
    )
    assert [(i.kind, i.text, i.payload) for i in got] == [
        (InboundKind.COMMAND, "start", "ABC-123"),
        (InboundKind.COMMAND, "aide", ""),
        (InboundKind.TEXT, "/", ""),
        (InboundKind.TEXT, "/ pas une commande", ""),
    ]


async def test_interactive_replies_are_choices_with_their_ids(harness: Harness) -> None:
    button = wa.button_reply(USER, "send", "Envoyer", context_id="wamid.ASKED")
    row = wa.list_reply(USER, "step:tried", "Ce que j'ai essayé")
    template = wa.template_button(USER, "answer_waiting", "Voir la réponse")
    got = await harness.deliver(button, row, template)
    assert [(i.kind, i.payload) for i in got] == [
        (InboundKind.CHOICE, "send"),
        (InboundKind.CHOICE, "step:tried"),
        (InboundKind.CHOICE, "template:answer_waiting"),  # a tap on the template
    ]
    assert got[0].reply_to == "wamid.ASKED"


async def test_reply_context_becomes_reply_to(harness: Harness) -> None:
    [inbound] = await harness.deliver(wa.text(USER, "réponse", context_id="wamid.ITEM7"))
    assert inbound.reply_to == "wamid.ITEM7"


async def test_every_media_kind_is_named_and_never_fetched(harness: Harness) -> None:
    got = await harness.deliver(*(wa.media(USER, kind) for kind in wa.MEDIA_KINDS))
    assert [(i.kind, i.payload, i.text) for i in got] == [
        (InboundKind.MEDIA, kind, "") for kind in wa.MEDIA_KINDS
    ]
    assert [c for c in harness.graph.calls if c.method == "GET"] == []
    assert harness.graph.calls == []


async def test_unknown_types_are_ignored_and_do_not_open_the_window(harness: Harness) -> None:
    """Not sure Meta counts a reaction: erring closed costs a template, never a refusal."""
    got = await harness.deliver(wa.reaction(USER, "wamid.SOME"))
    assert got == []
    assert not (await harness.channel.is_window_open(UserRef("whatsapp", USER)))


# -- statuses ---------------------------------------------------------------------------


async def test_statuses_only_move_forward(harness: Harness) -> None:
    await harness.post(
        wa.statuses(
            wa.status("wamid.A", "sent", USER),
            wa.status("wamid.A", "read", USER),
            wa.status("wamid.A", "delivered", USER),
            wa.status("wamid.A", "sent", USER),
            wa.status("wamid.B", "delivered", USER),
            wa.status("wamid.B", "delivered", USER),
            wa.status("wamid.B", "failed", USER, error_code=131026),
            wa.status("wamid.B", "read", USER),
            wa.status("wamid.C", "deleted", USER),
        )
    )
    assert harness.statuses == [
        ("wamid.A", "sent"),
        ("wamid.A", "read"),
        ("wamid.B", "delivered"),
        ("wamid.B", "failed"),
    ]
    # a later webhook can't move it back either
    await harness.post(wa.statuses(wa.status("wamid.A", "delivered", USER)))
    assert harness.statuses[-1] == ("wamid.B", "failed")


async def test_failed_with_re_engagement_closes_the_window(harness: Harness) -> None:
    await open_window(harness)
    user = UserRef("whatsapp", USER)
    assert await harness.channel.is_window_open(user)
    await harness.post(wa.statuses(wa.status("wamid.Z", "failed", USER, error_code=131047)))
    assert not (await harness.channel.is_window_open(user))


async def test_a_failing_handler_does_not_stop_the_channel(harness: Harness) -> None:
    calls: list[str] = []

    async def flaky(inbound: Inbound) -> None:
        calls.append(inbound.text)
        if inbound.text == "boom":
            raise RuntimeError(f"handler broke on {inbound.text}")

    harness.channel._on_message = flaky
    await harness.post(wa.messages(wa.text(USER, "boom"), wa.text(USER, "après")))
    assert calls == ["boom", "après"]


# -- sending ----------------------------------------------------------------------------


async def test_heyoo_points_at_the_configured_base(harness: Harness) -> None:
    urls = harness.channel.heyoo_urls
    assert all(url.startswith(harness.graph.base_url) for url in urls)
    assert not any("graph.facebook.com" in url for url in urls)


async def test_send_text_posts_the_real_body_with_the_bearer_token(harness: Harness) -> None:
    await open_window(harness)
    ident = await harness.channel.send(out("Votre mentor a répondu."))
    assert ident is not None and ident.startswith("wamid.")
    [call] = harness.graph.calls
    assert call.method == "POST"
    assert call.path == f"/v23.0/{PHONE_NUMBER_ID}/messages"
    assert call.headers["authorization"] == f"Bearer {TOKEN}"
    assert call.json == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": USER,
        "type": "text",
        "text": {"preview_url": False, "body": "Votre mentor a répondu."},
    }


async def test_up_to_three_choices_are_reply_buttons(harness: Harness) -> None:
    await open_window(harness)
    choices = (
        Choice("send", "Envoyer"),
        Choice("edit", "Modifier une étape de la question"),
        Choice("cancel", "Annuler"),
    )
    await harness.channel.send(out("Que voulez-vous faire ?", choices=choices))
    [body] = harness.graph.messages
    interactive = body["interactive"]
    assert interactive["type"] == "button"
    assert interactive["body"] == {"text": "Que voulez-vous faire ?"}
    assert interactive["action"]["buttons"] == [
        {"type": "reply", "reply": {"id": "send", "title": "Envoyer"}},
        {"type": "reply", "reply": {"id": "edit", "title": "Modifier une étape…"}},
        {"type": "reply", "reply": {"id": "cancel", "title": "Annuler"}},
    ]


async def test_five_choices_are_a_list(harness: Harness) -> None:
    await open_window(harness)
    labels = ["Contexte", "Enjeu", "Ce que j'ai déjà essayé ou envisagé", "Question", "Thème"]
    choices = tuple(Choice(f"step:{i}", label) for i, label in enumerate(labels))
    await harness.channel.send(out("Quelle étape modifier ?", choices=choices))
    [body] = harness.graph.messages
    interactive = body["interactive"]
    assert interactive["type"] == "list"
    assert interactive["action"]["button"] == "Choisir"
    rows = interactive["action"]["sections"][0]["rows"]
    assert [r["id"] for r in rows] == [c.value for c in choices]
    assert rows[2] == {
        "id": "step:2",
        "title": "Ce que j'ai déjà essayé…",
        "description": "Ce que j'ai déjà essayé ou envisagé",
    }


async def test_twelve_choices_are_numbered_text(harness: Harness) -> None:
    await open_window(harness)
    choices = tuple(Choice(f"v{i}", f"Option {i}") for i in range(1, 13))
    await harness.channel.send(out("Choisissez :", choices=choices))
    [body] = harness.graph.messages
    assert body["type"] == "text"
    lines = body["text"]["body"].split("\n")
    assert lines[:2] == ["Choisissez :", ""]
    assert lines[2:] == [f"{i}. Option {i}" for i in range(1, 13)]


async def test_labels_indistinct_once_cut_fall_back_to_numbers(harness: Harness) -> None:
    await open_window(harness)
    choices = (
        Choice("a", "Reporter à la prochaine fenêtre"),
        Choice("b", "Reporter à la prochaine séance"),
    )
    await harness.channel.send(out("Que faire ?", choices=choices))
    [body] = harness.graph.messages
    assert body["type"] == "text"
    assert body["text"]["body"].endswith(
        "\n\n1. Reporter à la prochaine fenêtre\n2. Reporter à la prochaine séance"
    )


async def test_long_text_is_split_on_paragraphs_with_buttons_last(harness: Harness) -> None:
    await open_window(harness)
    paragraphs = [f"Paragraphe {i}. " + "x" * 900 for i in range(8)]
    text = "\n\n".join(paragraphs)
    first = await harness.channel.send(out(text, choices=(Choice("ok", "Bien reçu"),)))
    bodies = harness.graph.messages
    assert [b["type"] for b in bodies[:-1]] == ["text"] * (len(bodies) - 1)
    assert bodies[-1]["type"] == "interactive"
    sent = [b["text"]["body"] for b in bodies[:-1]] + [bodies[-1]["interactive"]["body"]["text"]]
    assert all(len(part) <= 4096 for part in sent)
    assert len(sent[-1]) <= 1024
    assert "\n\n".join(sent) == text
    assert first == "wamid.HBgL000001FAKE"  # the id of the first part


async def test_attachment_is_uploaded_then_sent_as_document(harness: Harness) -> None:
    await open_window(harness)
    attachment = Attachment("export-cadre.json", "application/json", b'{"items": []}')
    ident = await harness.channel.send(out("Votre export", attachment=attachment))
    upload, send = harness.graph.calls
    assert upload.path == f"/v23.0/{PHONE_NUMBER_ID}/media"
    assert upload.headers["authorization"] == f"Bearer {TOKEN}"
    # The Cloud API refuses application/json documents: exports travel as plain text.
    assert upload.form == {"messaging_product": "whatsapp", "type": "text/plain"}
    assert upload.files["file"] == ("export-cadre.json", "text/plain", b'{"items": []}')
    media_id = next(iter(harness.graph.media))
    assert send.json is not None
    assert send.json["type"] == "document"
    assert send.json["document"] == {
        "id": media_id,
        "filename": "export-cadre.json",
        "caption": "Votre export",
    }
    assert ident is not None and ident.startswith("wamid.")


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"review " * 40
PERSON = UserRef("whatsapp", USER)


async def test_send_image_uploads_the_png_then_sends_an_image_message(harness: Harness) -> None:
    await open_window(harness)
    ident = await harness.channel.send_image(PERSON, Attachment("frise.png", "image/png", PNG), "Frise")
    upload, send = harness.graph.calls[-2:]
    assert upload.path == f"/v23.0/{PHONE_NUMBER_ID}/media"
    assert upload.form == {"messaging_product": "whatsapp", "type": "image/png"}
    assert upload.files["file"] == ("frise.png", "image/png", PNG)
    media_id = next(iter(harness.graph.media))
    assert send.json is not None
    assert send.json["type"] == "image" and send.json["to"] == USER
    assert send.json["image"] == {"id": media_id, "caption": "Frise"}
    assert ident is not None and ident.startswith("wamid.")


async def test_send_document_uploads_the_pdf_then_sends_it_with_its_file_name(harness: Harness) -> None:
    await open_window(harness)
    await harness.channel.send_document(PERSON, Attachment("bilan-A-17.pdf", "application/pdf", PDF), "Bilan")
    upload, send = harness.graph.calls[-2:]
    assert upload.files["file"] == ("bilan-A-17.pdf", "application/pdf", PDF)
    assert upload.form["type"] == "application/pdf"
    assert send.json is not None and send.json["type"] == "document"
    assert send.json["document"] == {
        "id": next(iter(harness.graph.media)),
        "filename": "bilan-A-17.pdf",
        "caption": "Bilan",
    }


async def test_a_file_without_caption_sends_no_caption_field(harness: Harness) -> None:
    await open_window(harness)
    await harness.channel.send_image(PERSON, Attachment("frise.png", "image/png", PNG))
    assert harness.graph.messages[-1]["image"] == {"id": next(iter(harness.graph.media))}


async def test_a_file_outside_the_window_is_refused_before_any_upload(harness: Harness) -> None:
    with pytest.raises(ServiceWindowClosedError):
        await harness.channel.send_document(PERSON, Attachment("b.pdf", "application/pdf", PDF), "Bilan")
    assert harness.graph.calls == []


async def test_an_image_message_needs_an_uploaded_image(harness: Harness) -> None:
    """The fake holds the real rule: an image message shows an uploaded picture, not a PDF."""
    await open_window(harness)
    harness.graph.media.clear()
    await harness.channel.send_document(PERSON, Attachment("b.pdf", "application/pdf", PDF))
    pdf_id = next(iter(harness.graph.media))
    body = {"messaging_product": "whatsapp", "to": USER, "type": "image", "image": {"id": pdf_id}}
    async with httpx.AsyncClient() as client:
        answer = await client.post(
            f"{harness.graph.base_url}/{PHONE_NUMBER_ID}/messages",
            json=body,
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
    assert answer.status_code == 400 and answer.json()["error"]["code"] == 131009


@pytest.mark.parametrize(("status", "error"), [(500, RetryableSendError), (503, RetryableSendError)])
async def test_an_upload_the_server_fails_is_retryable(
    harness: Harness, status: int, error: type[Exception]
) -> None:
    await open_window(harness)
    harness.graph.fail_next_http(status=status)
    with pytest.raises(error):
        await harness.channel.send_image(PERSON, Attachment("frise.png", "image/png", PNG), CANARY)
    assert not harness.graph.messages  # nothing shown before the upload succeeded
    await harness.channel.send_image(PERSON, Attachment("frise.png", "image/png", PNG), "Frise")
    assert harness.graph.messages[-1]["type"] == "image"


async def test_an_upload_refused_for_good_is_final_and_names_no_content(harness: Harness) -> None:
    await open_window(harness)
    harness.graph.fail_next(code=131053)
    with pytest.raises(FinalSendError, match="131053") as caught:
        await harness.channel.send_document(PERSON, Attachment("b.pdf", "application/pdf", PDF), CANARY)
    assert CANARY not in str(caught.value) and USER not in str(caught.value)


# -- the 24-hour window and templates ---------------------------------------------------


async def test_no_inbound_known_means_window_closed_without_api_call(harness: Harness) -> None:
    with pytest.raises(ServiceWindowClosedError):
        await harness.channel.send(out("Réponse du mentor"))
    assert harness.graph.calls == []


async def test_window_closes_24_hours_after_the_last_inbound(harness: Harness) -> None:
    await open_window(harness)
    harness.clock.advance(timedelta(hours=23))
    assert await harness.channel.send(out("encore ouvert"))
    harness.clock.advance(timedelta(hours=1, seconds=1))
    calls = len(harness.graph.calls)
    with pytest.raises(ServiceWindowClosedError) as caught:
        await harness.channel.send(out("trop tard"))
    assert len(harness.graph.calls) == calls
    assert USER not in str(caught.value)
    # the user writes again: the window reopens
    await open_window(harness)
    assert await harness.channel.send(out("de nouveau"))


async def test_an_old_redelivered_message_does_not_move_the_window_back(harness: Harness) -> None:
    await open_window(harness)
    old = harness.clock.now() - timedelta(days=3)
    await harness.deliver(wa.text(USER, "vieux", at=old))
    assert await harness.channel.is_window_open(UserRef("whatsapp", USER))


async def test_template_outbound_sends_the_approved_template(harness: Harness) -> None:
    ident = await harness.channel.send(out("Une réponse vous attend", template=""))
    assert ident is not None
    [body] = harness.graph.messages
    assert body == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": USER,
        "type": "template",
        "template": {"name": "cadre_answer_waiting", "language": {"code": "fr"}},
    }
    await harness.channel.send(out("x", template="other_template"))
    assert harness.graph.messages[-1]["template"]["name"] == "other_template"


# -- errors -----------------------------------------------------------------------------


async def test_re_engagement_error_is_service_window_closed(harness: Harness) -> None:
    await open_window(harness)
    harness.graph.fail_next(code=131047)
    with pytest.raises(ServiceWindowClosedError) as caught:
        await harness.channel.send(out("réponse"))
    assert "131047" in str(caught.value)


@pytest.mark.parametrize("code", [130429, 131056, 131000])
async def test_rate_limits_and_server_errors_are_retryable(harness: Harness, code: int) -> None:
    await open_window(harness)
    harness.graph.fail_next(code=code)
    with pytest.raises(RetryableSendError) as caught:
        await harness.channel.send(out("réponse"))
    assert str(code) in str(caught.value)
    assert await harness.channel.send(out("réponse"))  # the next try goes through


@pytest.mark.parametrize("text", [None, "<html>502 Bad Gateway</html>"])
async def test_http_5xx_is_retryable_even_without_a_json_body(harness: Harness, text: str | None) -> None:
    await open_window(harness)
    harness.graph.fail_next_http(status=500 if text is None else 502, text=text)
    with pytest.raises(RetryableSendError):
        await harness.channel.send(out("réponse"))


@pytest.mark.parametrize("code", [131026, 100, 190])
async def test_other_refusals_are_final(harness: Harness, code: int) -> None:
    await open_window(harness)
    harness.graph.fail_next(code=code)
    with pytest.raises(FinalSendError):
        await harness.channel.send(out("réponse"))


async def test_upload_errors_are_mapped_too(harness: Harness) -> None:
    await open_window(harness)
    harness.graph.fail_next(code=130429)
    attachment = Attachment("a.md", "text/markdown", b"# export")
    with pytest.raises(RetryableSendError):
        await harness.channel.send(out("", attachment=attachment))


async def test_unreachable_api_is_retryable(graph: FakeGraphApi, harness: Harness) -> None:
    await open_window(harness)
    await graph.stop()
    with pytest.raises(RetryableSendError):
        await harness.channel.send(out("réponse"))


async def test_no_answer_after_sending_is_uncertain_never_retryable(harness: Harness) -> None:
    """A server that accepts the request and never answers: it may have been delivered."""
    await open_window(harness)
    hung: list[asyncio.StreamWriter] = []

    async def never_answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        hung.append(writer)
        await reader.read(1 << 16)

    silent = await asyncio.start_server(never_answer, "127.0.0.1", 0)
    channel = channel_to_hung(harness, silent)
    with pytest.raises(UncertainSendError, match="may have been delivered"):
        await channel.send(out("réponse"))
    for writer in hung:
        writer.close()
    silent.close()
    await silent.wait_closed()


async def test_wrong_recipients_are_final_without_api_call(harness: Harness) -> None:
    with pytest.raises(FinalSendError):
        await harness.channel.send(Outbound(UserRef("telegram", "42"), "x", "k"))
    with pytest.raises(FinalSendError):
        await harness.channel.send(Outbound(UserRef("whatsapp", "+33 6"), "x", "k"))
    assert harness.graph.calls == []


async def test_an_edited_message_is_text_marked_edited(harness: Harness) -> None:
    """Meta's shape for an edit (type "edit", as in pywa's fixtures)."""
    edit = {
        "from": USER,
        "id": wa.wamid(),
        "timestamp": str(int(wa.DEFAULT_AT.timestamp())),
        "type": "edit",
        "edit": {
            "original_message_id": wa.wamid(),
            "message": {"type": "text", "text": {"body": "corrigé"}},
        },
    }
    [inbound] = await harness.deliver(edit)
    assert (inbound.kind, inbound.text) == (InboundKind.EDITED, "corrigé")


# -- people who use a username (business-scoped user id, no phone number) ---------------

BSUID = "US.13491208655302741918"


async def test_a_username_sender_without_phone_is_delivered_under_the_bsuid(harness: Harness) -> None:
    [inbound] = await harness.deliver(wa.username_text(BSUID, "Bonjour"))
    assert inbound.user == UserRef("whatsapp", BSUID)
    assert inbound.text == "Bonjour"


async def test_a_reply_to_a_bsuid_goes_as_recipient(harness: Harness) -> None:
    await harness.deliver(wa.username_text(BSUID, "Bonjour", at=harness.clock.now()))
    ident = await harness.channel.send(out("Réponse", to=BSUID, choices=(Choice("a", "Oui"),)))
    assert ident is not None and ident.startswith("wamid.")
    [call] = harness.graph.calls
    assert call.json is not None
    assert call.json["recipient"] == BSUID
    assert "to" not in call.json


async def test_phone_and_bsuid_together_keep_one_identity(harness: Harness) -> None:
    [first] = await harness.deliver(wa.username_text(BSUID, "un", phone=USER))
    [later] = await harness.deliver(wa.username_text(BSUID, "deux"))
    assert first.user == later.user == UserRef("whatsapp", USER)
    assert await harness.channel.is_window_open(UserRef("whatsapp", USER))


async def test_forget_also_forgets_the_bsuid_link(harness: Harness) -> None:
    await harness.deliver(wa.username_text(BSUID, "un", phone=USER))
    await harness.channel.forget(UserRef("whatsapp", USER))
    [later] = await harness.deliver(wa.username_text(BSUID, "deux"))
    assert later.user == UserRef("whatsapp", BSUID)


def test_missing_settings_name_the_variable(clock: ManualClock) -> None:
    with pytest.raises(ChannelError, match="CADRE_WHATSAPP_APP_SECRET"):
        WhatsAppChannel(
            token=TOKEN,
            phone_number_id=PHONE_NUMBER_ID,
            app_secret="",
            verify_token=VERIFY_TOKEN,
            server=WebhookServer(),
            clock=clock,
            marks=MemoryMarks(),
        )


async def test_the_real_graph_api_is_unreachable_from_tests(clock: ManualClock) -> None:
    """Left on its default URL, the channel cannot leave the machine (guards hold)."""
    marks = MemoryMarks()
    channel = whatsapp_channel(WebhookServer(), clock, marks)  # the default Graph API base
    assert channel.heyoo_urls[0].startswith("https://graph.facebook.com/v23.0/")
    with pytest.raises(RetryableSendError):
        await channel.send(out("x", template=""))
    with pytest.raises(OSError):
        socket.create_connection(("157.240.0.1", 443), timeout=1)


# -- privacy of logs --------------------------------------------------------------------


async def test_logs_of_a_whole_exchange_hold_no_number_and_no_text(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with httpx.AsyncClient() as client:
        await client.get(
            harness.url,
            params={
                "hub.mode": "subscribe",
                "hub.verify_token": VERIFY_TOKEN,
                "hub.challenge": "7",
            },
        )
    await harness.deliver(
        wa.text(USER, f"Mon client {CANARY} pose problème", at=harness.clock.now()),
        wa.button_reply(USER, "send", CANARY[:20]),
        wa.media(USER, "document"),
    )
    await harness.post(wa.messages(wa.text(USER, CANARY)), signature="sha256=bad")
    ident = await harness.channel.send(out(f"Réponse: {CANARY}"))
    await harness.channel.send(out(CANARY, choices=(Choice("a", CANARY), Choice("b", "Non"))))
    await harness.channel.send(out(f"{CANARY}", attachment=Attachment("x.json", "application/json", b"{}")))
    harness.graph.fail_next(code=131026)
    with pytest.raises(FinalSendError) as final:
        await harness.channel.send(out(CANARY))
    await harness.channel.send(out(CANARY, template=""))
    await harness.post(wa.statuses(wa.status(ident or "", "read", USER)))
    await harness.post(wa.statuses(wa.status("wamid.F", "failed", USER, error_code=131047)))

    assert len(caplog.records) > 5
    seen = caplog.text + "".join(str(r.args) for r in caplog.records) + str(final.value)
    for secret in (USER, USER[-9:], CANARY, TOKEN, APP_SECRET):
        assert secret not in seen
    assert heyoo.logging is logging.getLogger("heyoo")
    assert not logging.getLogger("heyoo").propagate


async def test_a_stale_mark_means_closed_and_never_blocks_delivery(harness: Harness) -> None:
    """(An unreadable stored mark reads as absent: see the store contract tests.)"""
    await open_window(harness)
    [name] = harness.marks.values
    harness.marks.values[name] = harness.clock.now() - timedelta(hours=30)
    assert not (await harness.channel.is_window_open(UserRef("whatsapp", USER)))
    [inbound] = await harness.deliver(wa.text(USER, "toujours reçu", at=harness.clock.now()))
    assert inbound.text == "toujours reçu"
    assert await harness.channel.is_window_open(UserRef("whatsapp", USER))
    assert USER not in name


async def test_forget_drops_the_window_mark(harness: Harness) -> None:
    await open_window(harness)
    await harness.channel.forget(UserRef("telegram", USER))
    assert len(harness.marks.values) == 1, "another channel's person: nothing of this one goes"
    await harness.channel.forget(UserRef("whatsapp", USER))
    assert harness.marks.values == {}
    assert not (await harness.channel.is_window_open(UserRef("whatsapp", USER)))
    await harness.channel.forget(UserRef("whatsapp", USER))  # idempotent


# -- bodies: read only what a signature can justify ------------------------------------


async def test_unsigned_body_is_refused_before_it_is_read(harness: Harness) -> None:
    status, sent = await post_chunked_until_answered(
        harness.server.port, WEBHOOK_PATH, {}, total_bytes=8 * 1024 * 1024
    )
    assert status == 403
    assert sent < 1024 * 1024, f"the server read {sent} bytes of an unsigned body"
    assert harness.inbox == []


async def test_malformed_signature_is_refused_before_the_body_is_read(harness: Harness) -> None:
    status, sent = await post_chunked_until_answered(
        harness.server.port,
        WEBHOOK_PATH,
        {"X-Hub-Signature-256": "sha256=not-hex"},
        total_bytes=8 * 1024 * 1024,
    )
    assert status == 403
    assert sent < 1024 * 1024


async def test_bodies_in_flight_share_one_memory_budget(harness: Harness) -> None:
    harness.server.body_budget.total_bytes = 100_000
    big = b" " * 200_000
    refused = await harness.post(big, signature=wa.sign(big, APP_SECRET))
    assert refused.status_code == 503, "past the budget: Meta is asked to retry later"
    assert harness.server.body_budget.used_bytes == 0, "every byte is given back"
    [inbound] = await harness.deliver(wa.text(USER, "bonjour", at=harness.clock.now()))
    assert inbound.text == "bonjour"


# -- the durable inbox: 200 only once recorded, replayed after a crash ----------------


async def test_an_acknowledged_webhook_survives_a_crash_and_is_handled_once(
    graph: FakeGraphApi, clock: ManualClock, tmp_path: Path
) -> None:
    messages = [wa.text(USER, "un", at=clock.now()), wa.text(OTHER, "deux", at=clock.now())]
    body = wa.encode(wa.messages(*messages))
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": wa.sign(body, APP_SECRET)}
    never = asyncio.Event()

    async def hangs(inbound: Inbound) -> None:
        await never.wait()  # the process dies while handling

    server = WebhookServer("127.0.0.1", 0)
    crashed = whatsapp_channel(server, clock, MemoryMarks(), graph.base_url, inbox=TinyInbox(tmp_path))
    await crashed.start(hangs)
    await server.start()
    async with httpx.AsyncClient() as client:
        url = f"http://127.0.0.1:{server.port}{WEBHOOK_PATH}"
        assert (await client.post(url, content=body, headers=headers)).status_code == 200
    await server.stop()
    on_disk = [json.loads(p.read_bytes()) for p in (tmp_path / "inbox" / "pending").glob("*.json")]
    assert sum(len(batch["entry"]) for batch in on_disk) == 2, "on disk before the 200"

    handled: list[Inbound] = []

    async def records(inbound: Inbound) -> None:
        handled.append(inbound)

    server = WebhookServer("127.0.0.1", 0)
    restarted = whatsapp_channel(server, clock, MemoryMarks(), graph.base_url, inbox=TinyInbox(tmp_path))
    await restarted.start(records)
    await server.start()
    try:
        await restarted.wait_idle()
        assert sorted(i.text for i in handled) == ["deux", "un"], "replayed from the inbox"
        async with httpx.AsyncClient() as client:  # Meta redelivers after the restart
            url = f"http://127.0.0.1:{server.port}{WEBHOOK_PATH}"
            assert (await client.post(url, content=body, headers=headers)).status_code == 200
        await restarted.wait_idle()
        assert len(handled) == 2, "each entry handled once"
        assert list((tmp_path / "inbox" / "pending").glob("*.json")) == []
    finally:
        never.set()
        await restarted.stop()
        await server.stop()


async def test_a_signed_message_older_than_the_dedupe_window_is_acknowledged_not_handled(
    harness: Harness,
) -> None:
    old = wa.text(USER, "il y a huit jours", at=harness.clock.now() - timedelta(days=8))
    assert (await harness.post(wa.messages(old))).status_code == 200
    assert harness.inbox == []


async def test_one_person_slow_to_handle_never_holds_up_another(harness: Harness) -> None:
    release = asyncio.Event()
    other_handled = asyncio.Event()

    async def on_message(inbound: Inbound) -> None:
        if inbound.user.id == USER:
            await release.wait()  # e.g. a Graph send hanging for this person
        harness.inbox.append(inbound)
        if inbound.user.id == OTHER:
            other_handled.set()

    harness.channel._on_message = on_message
    body = wa.encode(wa.messages(*(wa.text(USER, f"m{n}") for n in range(5))))
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": wa.sign(body, APP_SECRET)}
    async with httpx.AsyncClient() as client:
        assert (await client.post(harness.url, content=body, headers=headers)).status_code == 200
    other = wa.encode(wa.messages(wa.text(OTHER, "aide")))
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": wa.sign(other, APP_SECRET)}
    async with httpx.AsyncClient() as client:
        assert (await client.post(harness.url, content=other, headers=headers)).status_code == 200
    await asyncio.wait_for(other_handled.wait(), 5)
    assert [i.user.id for i in harness.inbox] == [OTHER]
    release.set()
    await harness.channel.wait_idle()
    assert [i.text for i in harness.inbox if i.user.id == USER] == [f"m{n}" for n in range(5)]


async def test_sixty_four_people_are_handled_at_once_the_sixty_fifth_waits_for_a_slot(
    harness: Harness,
) -> None:
    """Up to PEOPLE_AT_ONCE people are inside their handling together, none waiting for
    another; one more waits for a free slot, and once slots free up everyone is answered."""
    people = [f"3367000{n:04d}" for n in range(PEOPLE_AT_ONCE + 1)]
    inside: list[str] = []
    all_inside, last_inside = asyncio.Event(), asyncio.Event()
    gates = {person: asyncio.Event() for person in people}

    async def on_message(inbound: Inbound) -> None:
        inside.append(inbound.user.id)
        if len(inside) == PEOPLE_AT_ONCE:
            all_inside.set()
        if inbound.user.id == people[-1]:
            last_inside.set()
        await gates[inbound.user.id].wait()  # e.g. the store, slow for everyone at once
        await harness.channel.send(out(f"réponse {inbound.user.id}", to=inbound.user.id))
        harness.inbox.append(inbound)

    harness.channel._on_message = on_message
    async with httpx.AsyncClient() as client:
        for person in people:
            body = wa.encode(wa.messages(wa.text(person, "/aide", at=harness.clock.now())))
            headers = {"Content-Type": "application/json", "X-Hub-Signature-256": wa.sign(body, APP_SECRET)}
            assert (await client.post(harness.url, content=body, headers=headers)).status_code == 200
    # Every webhook is answered and submitted: the first 64 are inside, none released.
    await asyncio.wait_for(all_inside.wait(), 10)
    assert inside == people[:PEOPLE_AT_ONCE], "sixty-four people at once, in the order they wrote"
    assert harness.inbox == [] and harness.graph.messages == []
    gates[people[0]].set()
    await asyncio.wait_for(last_inside.wait(), 10)  # the freed slot goes to the one waiting
    assert inside == people
    for gate in gates.values():
        gate.set()
    await harness.channel.wait_idle()
    assert sorted(i.user.id for i in harness.inbox) == people, "nobody lost"
    replies = {m["to"]: m["text"]["body"] for m in harness.graph.messages}
    assert replies == {person: f"réponse {person}" for person in people}


async def test_a_replay_after_many_newer_messages_and_a_restart_is_refused(
    graph: FakeGraphApi, clock: ManualClock, tmp_path: Path
) -> None:
    """The lasting dedupe held the last 64 ids per person; the inbox holds 8 days of keys."""
    handled: list[str] = []

    async def records(inbound: Inbound) -> None:
        handled.append(inbound.message_id)

    async def run(bodies: list[bytes]) -> None:
        server = WebhookServer("127.0.0.1", 0)
        channel = whatsapp_channel(server, clock, MemoryMarks(), graph.base_url, inbox=TinyInbox(tmp_path))
        await channel.start(records)
        await server.start()
        try:
            async with httpx.AsyncClient() as client:
                for body in bodies:
                    headers = {"X-Hub-Signature-256": wa.sign(body, APP_SECRET)}
                    url = f"http://127.0.0.1:{server.port}{WEBHOOK_PATH}"
                    assert (await client.post(url, content=body, headers=headers)).status_code == 200
            await channel.wait_idle()
        finally:
            await channel.stop()
            await server.stop()

    first = wa.encode(wa.messages(wa.text(USER, "la question", at=clock.now())))
    newer = [wa.encode(wa.messages(wa.text(USER, f"suite {n}", at=clock.now()))) for n in range(70)]
    await run([first, *newer])
    assert len(handled) == 71
    clock.advance(timedelta(days=6, hours=23))  # Meta may still redeliver
    await run([first])
    assert len(handled) == 71, "replayed after 70 newer messages and a restart: refused"


async def test_a_send_that_timed_out_is_not_sent_twice_by_the_outbox(harness: Harness) -> None:
    """Graph takes the request and answers too late: one request, the entry kept uncertain."""
    await open_window(harness)
    requests_seen: list[bytes] = []
    hung: list[asyncio.StreamWriter] = []

    async def accepts_then_hangs(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        hung.append(writer)
        requests_seen.append(await reader.read(1 << 16))
        await reader.read(1 << 16)

    slow = await asyncio.start_server(accepts_then_hangs, "127.0.0.1", 0)
    channel = channel_to_hung(harness, slow)
    store = MemoryStore()
    outbox = Outbox(store, {"whatsapp": channel}, harness.clock)
    await outbox.deliver([Outbound(UserRef("whatsapp", USER), "votre réponse", "answer-1", is_durable=True)])
    harness.clock.advance(timedelta(hours=2))
    await outbox.flush()
    assert len(requests_seen) == 1, "not retried blindly"
    entry = await store.get_outbox("answer-1")
    assert entry is not None and entry.status is OutboxStatus.FAILED
    assert entry.last_error is not None and entry.last_error.startswith("uncertain")
    for writer in hung:
        writer.close()
    slow.close()
    await slow.wait_closed()


async def test_a_refused_connection_is_safe_to_retry(harness: Harness) -> None:
    await open_window(harness)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    channel = whatsapp_channel(
        WebhookServer("127.0.0.1", 0), harness.clock, harness.marks, f"http://127.0.0.1:{port}/v23.0"
    )
    with pytest.raises(RetryableSendError):
        await channel.send(out("réponse"))
