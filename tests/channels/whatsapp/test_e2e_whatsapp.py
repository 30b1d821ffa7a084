"""The whole loop on WhatsApp over real HTTP: signed webhooks in, a fake Graph API out.

A mentee enrols with the invitation code, writes a question with buttons and a list, and
gets the deferred notice. The mentor answers three days later, outside the 24-hour
customer-service window: the mentee first receives the approved template, and the stored
answer follows as soon as they tap it. Nothing is lost on the way.
"""

from __future__ import annotations

import errno
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app import load_setup
from bot.channels.whatsapp.channel import WhatsAppChannel
from bot.core.invitations import create_invitation
from bot.domain import ItemStatus, UserRef
from bot.ports import Person, Store
from bot.runtime.clock import ManualClock
from bot.runtime.environment import RunEnvironment
from bot.runtime.service import Service
from bot.storage import MemoryStore, TinyStore, atomic
from tests.conftest import paris
from tests.e2e import clock_sleep, mentor_on, wait_until
from tests.fakes import whatsapp_payloads as wa
from tests.fakes.graph_api import PHONE_NUMBER_ID, TOKEN, FakeGraphApi

APP_SECRET = "e2e-app-secret"
MENTEE, MENTOR = "33611111111", "33622222222"


def body_text(message: dict[str, Any]) -> str:
    if message.get("type") == "text":
        return str(message["text"]["body"])
    if message.get("type") == "interactive":
        return str(message["interactive"]["body"]["text"])
    if message.get("type") == "template":
        return f"<template {message['template']['name']}>"
    return ""


async def post_webhook(
    service: Service, *messages: dict[str, Any], secret: str = APP_SECRET
) -> httpx.Response:
    """The messages in one webhook to the service, signed with `secret`, as Meta posts it."""
    body = wa.encode(wa.messages(*messages))
    async with httpx.AsyncClient() as client:
        return await client.post(
            f"http://127.0.0.1:{service.server.port}/webhooks/whatsapp",
            content=body,
            headers={"Content-Type": "application/json", "X-Hub-Signature-256": wa.sign(body, secret)},
        )


def disk_full(path: Path, data: bytes) -> None:
    """In place of atomic.write_atomic: the disk is full."""
    raise OSError(errno.ENOSPC, "No space left on device")


def fill_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every write of a file refused for lack of space, one at a time or in a batch."""
    monkeypatch.setattr(atomic, "write_atomic", disk_full)
    monkeypatch.setattr(
        atomic, "write_atomic_many", lambda files: [OSError(errno.ENOSPC, "No space left") for _ in files]
    )


class Loop:
    def __init__(self, service: Service, graph: FakeGraphApi, clock: ManualClock) -> None:
        self.service, self.graph, self.clock = service, graph, clock

    def sent_to(self, wa_id: str) -> list[dict[str, Any]]:
        return [m for m in self.graph.messages if m.get("to") == wa_id]

    def texts_to(self, wa_id: str) -> list[str]:
        return [body_text(m) for m in self.sent_to(wa_id)]

    async def post(self, *messages: dict[str, Any]) -> None:
        response = await post_webhook(self.service, *messages)
        assert response.status_code == 200

    async def wait(self, predicate: Callable[[], bool], what: str) -> None:
        await wait_until(predicate, what)

    async def say(self, message: dict[str, Any], wa_id: str, expect: str) -> str:
        before = len(self.texts_to(wa_id))
        await self.post(message)
        await self.wait(
            lambda: any(expect in t for t in self.texts_to(wa_id)[before:]), f"{expect!r} to {wa_id}"
        )
        return "\n".join(self.texts_to(wa_id)[before:])

    def now(self) -> datetime:
        return self.clock.now()


def whatsapp_env(graph: FakeGraphApi, app_secret: str = APP_SECRET) -> RunEnvironment:
    """`cadre run` with only WhatsApp configured, pointed at the fake Graph API."""
    return RunEnvironment(
        http_port=0,
        whatsapp_token=TOKEN,
        whatsapp_phone_number_id=PHONE_NUMBER_ID,
        whatsapp_app_secret=app_secret,
        whatsapp_verify_token="verify",
        whatsapp_api_base_url=graph.base_url,
    )


@pytest.fixture
def config_dir(project: Path) -> Path:
    return mentor_on(project, "whatsapp", str(MENTOR))


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[TinyStore]:
    """A TinyStore in the test's folder, closed after the test."""
    store = TinyStore(tmp_path / "data")
    yield store
    await store.close()


async def invited(
    graph: FakeGraphApi, config_dir: Path, store: Store, clock: ManualClock, alias: str
) -> tuple[Loop, str]:
    """A started service on `store` and an invitation for `alias`: the loop and the code."""
    invitation = await create_invitation(
        store, alias=alias, mentor="mentor", now_at=clock.now(), ttl=timedelta(days=14)
    )
    service = Service(load_setup(config_dir), store, clock, whatsapp_env(graph), sleep=clock_sleep(clock))
    await service.start()
    return Loop(service, graph, clock), invitation.code


async def test_whole_loop_with_the_24_hour_rule(graph: FakeGraphApi, config_dir: Path) -> None:
    clock = ManualClock(paris("2026-11-21T10:00"))  # Saturday morning
    store = MemoryStore()
    loop, code = await invited(graph, config_dir, store, clock, "W-1")
    service = loop.service
    try:
        said = await loop.say(wa.text(MENTEE, code, at=clock.now()), MENTEE, "Acceptez-vous cette charte")
        # The charter is longer than a button message's body: the text goes first, the
        # buttons ride on its last part.
        assert "Confidentialité" in said
        buttons = loop.sent_to(MENTEE)[-1]["interactive"]
        assert buttons["type"] == "button"
        assert [b["reply"]["title"] for b in buttons["action"]["buttons"]] == ["J'accepte", "Je refuse"]
        await loop.say(
            wa.button_reply(MENTEE, "consent:accept", "J'accepte", at=clock.now()), MENTEE, "c'est noté"
        )
        await loop.say(wa.text(MENTEE, "/nouvelle", at=clock.now()), MENTEE, "1/4")
        for answer, expect in (
            ("Deux personnes de mon équipe ne se parlent plus depuis la réorganisation.", "2/4"),
            ("La confiance de l'équipe et les délais du projet.", "3/4"),
            ("Une réunion commune, sans effet.", "4/4"),
            ("Comment rétablir un dialogue minimal sans prendre parti ?", "thème"),
        ):
            await loop.say(wa.text(MENTEE, answer, at=clock.now()), MENTEE, expect)
        themes = loop.sent_to(MENTEE)[-1]
        assert themes["interactive"]["type"] == "list", "five themes come as a list message"
        await loop.say(
            wa.list_reply(MENTEE, "pick:team", "Mon équipe", at=clock.now()), MENTEE, "Voici votre question"
        )
        said = await loop.say(
            wa.button_reply(MENTEE, "review:send", "Envoyer", at=clock.now()), MENTEE, "envoyée"
        )
        assert "lue et traitée lundi 23 novembre à partir de 8 h" in said
        item = (await store.open_items("mentor"))[0]

        # Monday 08:00: the mentor, silent for more than 24 h, first gets the template.
        clock.set(paris("2026-11-23T08:00"))
        await service.digest.run_due(clock.now())
        await loop.wait(
            lambda: "<template cadre_answer_waiting>" in loop.texts_to(MENTOR), "the template to the mentor"
        )
        assert not any("Comment rétablir" in t for t in loop.texts_to(MENTOR))
        clock.set(paris("2026-11-23T08:20"))
        await loop.post(wa.template_button(MENTOR, "open", "Voir", at=clock.now()))
        await loop.wait(
            lambda: any("Comment rétablir" in t for t in loop.texts_to(MENTOR)),
            "the digest released when the mentor writes",
        )

        # Tuesday, three days after the question: the mentor answers by replying to the item.
        clock.set(paris("2026-11-24T10:00"))
        await loop.post(wa.text(MENTOR, "/aide", at=clock.now()))
        entry = next(
            e
            for e in (await store.list_outbox())
            if e.outbound.item_ref == item.ref and e.outbound.to == UserRef("whatsapp", MENTOR)
        )
        assert entry.platform_message_id
        answer = "Proposez-leur un entretien à trois, centré sur le travail commun."
        clock.set(paris("2026-11-24T10:15"))
        await loop.post(wa.text(MENTOR, answer, at=clock.now(), context_id=entry.platform_message_id))
        await loop.wait(
            lambda: "<template cadre_answer_waiting>" in loop.texts_to(MENTEE),
            "the template to the mentee, outside the 24 h window",
        )
        assert not any(answer in t for t in loop.texts_to(MENTEE))
        assert (await store.get_item(item.id)).status is ItemStatus.ANSWERED  # type: ignore[union-attr]

        clock.set(paris("2026-11-24T18:00"))
        await loop.post(wa.template_button(MENTEE, "open", "Lire", at=clock.now()))
        await loop.wait(
            lambda: any(answer in t for t in loop.texts_to(MENTEE)), "the stored answer after the tap"
        )
        whatsapp = next(c for c in service.channels if c.name == "whatsapp")
        await whatsapp.wait_idle()  # type: ignore[attr-defined]  # every tap fully handled
        assert sum(answer in t for t in loop.texts_to(MENTEE)) == 1, "delivered exactly once"
        stale = "Ce choix ne correspond plus"
        assert not any(stale in t for t in loop.texts_to(MENTEE) + loop.texts_to(MENTOR)), (
            "the tap that released a parked answer is consumed by it"
        )
        assert not [c for c in graph.calls if c.method == "GET"], "no media was ever fetched"
    finally:
        await service.stop()


async def test_forged_webhook_is_refused_and_nothing_happens(graph: FakeGraphApi, config_dir: Path) -> None:
    clock = ManualClock(paris("2026-11-23T10:00"))
    store = MemoryStore()
    env = whatsapp_env(graph)
    service = Service(load_setup(config_dir), store, clock, env)
    await service.start()
    try:
        forged = await post_webhook(
            service, wa.text(MENTEE, "Bonjour", at=clock.now()), secret="not-the-secret"
        )
        async with httpx.AsyncClient() as client:
            health = await client.get(f"http://127.0.0.1:{service.server.port}/healthz")
        assert forged.status_code == 403
        assert health.status_code == 200
        [whatsapp] = [c for c in service.channels if isinstance(c, WhatsAppChannel)]
        await whatsapp.wait_idle()
        assert graph.messages == []
    finally:
        await service.stop()


async def test_erasure_through_the_service_forgets_the_window_mark(
    graph: FakeGraphApi, config_dir: Path
) -> None:
    """Channel.forget is called on every channel when a person erases themselves: the
    WhatsApp window mark (keyed by a pseudonym only the channel can derive) goes too."""
    clock = ManualClock(paris("2026-11-23T10:00"))
    store = MemoryStore()
    loop, code = await invited(graph, config_dir, store, clock, "W-2")
    service = loop.service
    user = UserRef("whatsapp", MENTEE)
    [channel] = service.channels
    try:
        await loop.say(wa.text(MENTEE, code, at=clock.now()), MENTEE, "Acceptez-vous cette charte")
        await loop.say(
            wa.button_reply(MENTEE, "consent:accept", "J'accepte", at=clock.now()), MENTEE, "c'est noté"
        )
        assert isinstance(channel, WhatsAppChannel) and await channel.is_window_open(user)
        await loop.say(wa.text(MENTEE, "/effacer", at=clock.now()), MENTEE, "C'est définitif")
        await loop.say(
            wa.button_reply(MENTEE, "rights:yes", "Oui, tout effacer", at=clock.now()), MENTEE, "C'est fait"
        )
        await channel.wait_idle()  # the webhook's handling is over, forget included
        assert await store.get_person(user) == Person(user, None, None)
        assert not await channel.is_window_open(user), "the mark went with the person"
    finally:
        await service.stop()


async def test_a_full_disk_tells_the_mentee_nothing_was_kept(
    graph: FakeGraphApi,
    config_dir: Path,
    clock: ManualClock,
    store: TinyStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loop, code = await invited(graph, config_dir, store, clock, "W-2")
    service = loop.service
    try:
        await loop.say(wa.text(MENTEE, code, at=clock.now()), MENTEE, "Acceptez-vous cette charte")
        fill_disk(monkeypatch)
        clock.advance(timedelta(minutes=1))
        said = await loop.say(
            wa.button_reply(MENTEE, "consent:accept", "J'accepte", at=clock.now()),
            MENTEE,
            "pas pu être enregistré",
        )
        assert "Réessayez" in said
        monkeypatch.undo()
        mentee = await store.get_mentee(UserRef("whatsapp", MENTEE))
        assert mentee is not None and mentee.consent is None, "what the mentee was told: not kept"
    finally:
        await service.stop()


async def test_readiness_tells_the_truth_liveness_stays_alive(
    graph: FakeGraphApi,
    config_dir: Path,
    clock: ManualClock,
    store: TinyStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    env = whatsapp_env(graph)
    service = Service(load_setup(config_dir), store, clock, env, sleep=clock_sleep(clock))

    async def probe(path: str) -> httpx.Response:
        async with httpx.AsyncClient() as client:
            return await client.get(f"http://127.0.0.1:{service.server.port}{path}")

    await service.server.start()
    early = await probe("/readyz")
    assert early.status_code == 503, "the channel has not started yet"
    assert early.json()["components"]["whatsapp"] != "ok"
    await service.server.stop()
    service.server.port = 0
    await service.start()
    try:
        ready = await probe("/readyz")
        assert ready.status_code == 200, ready.json()
        assert set(ready.json()["components"]) == {"whatsapp", "screening", "store", "outbox", "messages"}
        fill_disk(monkeypatch)
        clock.advance(timedelta(seconds=10))
        full_disk = await probe("/readyz")
        assert full_disk.status_code == 503
        assert full_disk.json()["components"]["store"] == "disk full"
        assert (await probe("/healthz")).status_code == 200, "alive, only not ready"
        monkeypatch.undo()
        clock.advance(timedelta(minutes=2))
        stale = await probe("/readyz")
        assert stale.json()["components"]["outbox"].startswith("no flush for"), "flush stopped"
    finally:
        await service.stop()
